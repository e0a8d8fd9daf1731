#!/usr/bin/env bash
# bench/fleet.sh SAFEDOCKER_BINARY
# Many hosts, one daemon (coordination.backend = redis), against a redis-server on loopback:
#   1. what Redis adds to one uncontended call: `safedocker ps` against a fake docker that exits
#      at once, backend local beside backend redis (hyperfine, interleaved rounds), p50 and p99;
#   2. the admission workload of bench/admission.sh (60 jobs of 50 ms, 20 callers, 3 slots)
#      split over four simulated hosts (own lock directory and host id each) through Redis,
#      beside the same workload on one host with the file locks: makespan against the ideal
#      (1.0 s), the handoff (a job's start after the slot it takes was freed), the most jobs
#      seen running at once.
# Needs redis-server, hyperfine, cc and python3. BENCH_RUNS (default 400) and BENCH_ROUNDS
# (default 3) change the counts of part 1.
set -euo pipefail
binary=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no >"$work/redis.log" 2>&1 &
redis_pid=$!
trap 'kill "$redis_pid" 2>/dev/null; rm -rf "$work"' EXIT
cc -O2 -o "$work/job" "$here/job50ms.c"
cc -O2 -o "$work/exit0" "$here/fake_exit0.c"
export HOME="$work/home" XDG_RUNTIME_DIR="$work/run" XDG_STATE_HOME="$work/state" SAFEDOCKER_AUDIT=0
mkdir -p "$HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
for _ in $(seq 100); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.05; done

# host N: a rules file naming host N of the fleet, and its own lock directory.
for n in 1 2 3 4; do
  printf '[coordination]\nbackend = "redis"\nredis = "redis://127.0.0.1:%s/0"\nhost_id = "host%s"\ndaemon = "engine"\n' \
    "$port" "$n" >"$work/host$n.toml"
  mkdir -m 700 "$work/lock$n"
done
printf '' >"$work/local.toml"
mkdir -m 700 "$work/lock0"

# 1. One uncontended call.
runs=${BENCH_RUNS:-400}
for round in $(seq "${BENCH_ROUNDS:-3}"); do
  for backend in local redis; do
    rules="$work/local.toml" lock="$work/lock0"
    [ "$backend" = redis ] && rules="$work/host1.toml" lock="$work/lock1"
    SAFEDOCKER_RULES="$rules" SAFEDOCKER_LOCK_DIR="$lock" SAFEDOCKER_REAL_DOCKER="$work/exit0" \
      hyperfine -N --warmup 30 --runs "$runs" "$binary ps" --export-json "$work/one.$backend.$round.json" >/dev/null 2>&1
  done
done
python3 - "$work" <<'PY'
import glob, json, os, statistics, sys
work = sys.argv[1]
def quantile(xs, q):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(q * (len(xs) - 1) + 0.5))]
times = {}
for backend in ("local", "redis"):
    times[backend] = [t * 1000 for f in sorted(glob.glob(os.path.join(work, f"one.{backend}.*.json")))
                      for t in json.load(open(f))["results"][0]["times"]]
print(f"{'one call':10} {'runs':>5} {'p50 ms':>8} {'p99 ms':>8}")
for backend, xs in times.items():
    print(f"{backend:10} {len(xs):>5} {quantile(xs, 0.5):>8.3f} {quantile(xs, 0.99):>8.3f}")
print(f"redis adds p50 {quantile(times['redis'], 0.5) - quantile(times['local'], 0.5):.3f} ms, "
      f"p99 {quantile(times['redis'], 0.99) - quantile(times['local'], 0.99):.3f} ms")
PY

# 2. The admission workload: 20 callers of 3 jobs each, on one host (file locks) or split
# round-robin over four hosts (Redis).
run_workload() { # NAME HOSTS
  local name=$1 hosts=$2
  export JOB_LOG="$work/$name.log"
  : >"$JOB_LOG"
  local started pids=()
  started=$(date +%s%N)
  for caller in $(seq 20); do
    local n=$(((caller - 1) % hosts + 1))
    [ "$hosts" = 1 ] && n=0
    local rules="$work/host$n.toml"
    [ "$n" = 0 ] && rules="$work/local.toml"
    (for _ in 1 2 3; do
      SAFEDOCKER_RULES="$rules" SAFEDOCKER_LOCK_DIR="$work/lock$n" SAFEDOCKER_REAL_DOCKER="$work/job" \
        SAFEDOCKER_BREAKER=0 "$binary" ps >/dev/null 2>&1
    done) &
    pids+=($!)
  done
  wait "${pids[@]}" # not the redis-server
  echo "$name $((($(date +%s%N) - started) / 1000))" >>"$work/makespans"
}
run_workload one-host-file-locks 1
run_workload four-hosts-redis 4
python3 "$here/workload_report.py" "$work"
