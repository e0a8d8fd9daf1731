#!/usr/bin/env bash
# bench/admission.sh SAFEDOCKER_BINARY
# 60 jobs of 50 ms from 20 callers (3 each) through 3 slots: makespan against the ideal (1.0 s)
# and handoff latency (a job's start after the slot it takes was freed), through safedocker,
# GNU parallel's `sem -j3` (if installed) and a flock(1)-based 3-slot script. Then the time a
# call takes to fail fast while the circuit breaker is open.
set -euo pipefail
binary=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cc -O2 -o "$work/job" "$here/job50ms.c"
export HOME="$work/home" XDG_RUNTIME_DIR="$work/run" XDG_STATE_HOME="$work/state" SAFEDOCKER_AUDIT=0
mkdir -p "$HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"

cat >"$work/flock-sem" <<'SCRIPT'
#!/usr/bin/env bash
# A 3-slot semaphore from flock(1): try each slot, sleep 10 ms between rounds.
while :; do
  for slot in 0 1 2; do
    exec {fd}>"$SEM_DIR/slot.$slot"
    if flock -n "$fd"; then "$@"; status=$?; exec {fd}>&-; exit "$status"; fi
    exec {fd}>&-
  done
  sleep 0.01
done
SCRIPT
chmod +x "$work/flock-sem"

run_workload() { # NAME COMMAND-PREFIX…
  local name=$1
  shift
  export JOB_LOG="$work/$name.log"
  : >"$JOB_LOG"
  local started
  started=$(date +%s%N)
  for _ in $(seq 20); do
    (for _ in 1 2 3; do "$@" "$work/job" ps >/dev/null 2>&1 || "$@" "$work/job" >/dev/null 2>&1; done) &
  done
  wait
  echo "$name $(( ($(date +%s%N) - started) / 1000 ))" >>"$work/makespans"
}

# safedocker: the job is the "real docker"; `ps` takes a slot.
SAFEDOCKER_REAL_DOCKER="$work/job" SAFEDOCKER_BREAKER=0 run_workload safedocker "$binary"
if command -v sem >/dev/null; then
  run_workload sem sem --id "bench$$" --fg -j3
fi
SEM_DIR="$work" run_workload flock "$work/flock-sem"

python3 "$here/workload_report.py" "$work"

# Fail fast while open: open the breaker against a missing socket, then time calls.
export SAFEDOCKER_REAL_DOCKER=/bin/false SAFEDOCKER_BREAKER=1 DOCKER_HOST="unix://$work/none.sock" SAFEDOCKER_RETRY_MAX_ATTEMPTS=1
for _ in 1 2 3; do "$binary" ps >/dev/null 2>&1 || true; done
hyperfine -N -i --warmup 20 --runs 300 "$binary ps" --export-json "$work/ff.json" >/dev/null 2>&1
python3 -c "
import json; r = json.load(open('$work/ff.json'))['results'][0]
print(f'fail fast while open: median {r[\"median\"]*1000:.2f} ms (exit {sorted(set(r[\"exit_codes\"]))})')"
