#!/usr/bin/env bash
# The Windows suite: safedocker.exe under wine, as docker.exe, in front of a Go stand-in for
# docker.exe (fake_docker.go, so arguments are split by Go's rules as docker.exe's are). What
# it shows holds under wine; a Windows runner (.github/workflows/windows.yml) is the proof for
# Windows itself. Run by ctest in the Windows build (windows.suite).
#   SAFEDOCKER_EXE  build-win/src/safedocker.exe      FAKE_DOCKER_EXE  build-win/tests/fake-docker.exe
set -uo pipefail
: "${SAFEDOCKER_EXE:?set SAFEDOCKER_EXE to safedocker.exe}" "${FAKE_DOCKER_EXE:?set FAKE_DOCKER_EXE to fake-docker.exe}"
# Under wine on Linux; natively in Git Bash on Windows (WINDOWS_NATIVE=1, the workflow).
if [ "${WINDOWS_NATIVE:-}" = 1 ]; then
  runner=()
  win() { cygpath -w "$1"; }
  with_path() { PATH="$(cygpath -u -p "$1"):$PATH" "${@:2}"; }
else
  if ! command -v wine >/dev/null 2>&1; then
    [ "${CI:-}" = true ] && { echo "FAIL: wine is not installed (CI must run this suite)" >&2; exit 1; }
    echo "SKIP: wine is not installed (apt install wine wine64)"
    exit 77
  fi
  export WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
  export WINEPREFIX=${WINEPREFIX:-$(dirname "$SAFEDOCKER_EXE")/../wine-prefix}
  runner=(wine)
  # A path of this machine as wine's programs see it (drive Z: is /).
  win() { local p=$1; echo "Z:${p//\//\\}"; }
  # PATH for the Windows program: wine takes WINEPATH's entries first.
  with_path() { WINEPATH="$1" "${@:2}"; }
fi
work=$(mktemp -d /tmp/sd-windows-XXXXXX)
trap '[ "${#runner[@]}" -gt 0 ] && wineserver -k >/dev/null 2>&1; rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
pass() { echo "ok: $*"; }
# check CONDITION-STATUS PASS-TEXT FAIL-TEXT: CONDITION-STATUS is $? of a test just made.
check() { if [ "$1" = 0 ]; then pass "$2"; else fail "$3"; fi; }
hex() { printf '%s' "$1" | od -An -tx1 -v | tr -d ' \n'; }

mkdir -p "$work/bin" "$work/real" "$work/state"
cp "$SAFEDOCKER_EXE" "$work/bin/docker.exe"
cp "$FAKE_DOCKER_EXE" "$work/real/docker.exe"
# Every call: its own lock and audit places, the stand-in as the real docker, a daemon nobody
# serves (so no test waits on one), no retries, and the breaker off but in its own test.
export SAFEDOCKER_REAL_DOCKER SAFEDOCKER_LOCK_DIR SAFEDOCKER_AUDIT_PATH DOCKER_HOST SAFEDOCKER_RETRY_MAX_ATTEMPTS SAFEDOCKER_BREAKER
SAFEDOCKER_REAL_DOCKER=$(win "$work/real/docker.exe")
SAFEDOCKER_LOCK_DIR=$(win "$work/state/locks")
SAFEDOCKER_AUDIT_PATH=$(win "$work/state/audit.jsonl")
DOCKER_HOST='npipe:////./pipe/safedocker_suite_nobody'
SAFEDOCKER_RETRY_MAX_ATTEMPTS=1
SAFEDOCKER_BREAKER=false # but in the breaker's own test
docker() { "${runner[@]}" "$work/bin/docker.exe" "$@"; }
[ "${#runner[@]}" -gt 0 ] && { wineboot --init >/dev/null 2>&1 || true; }

# --- the arguments reach docker.exe byte for byte
args=("a b" "quote\"inside" "trail\\" "\\\\server\\share\\" "back\\\\\"slash" "tab	here" "\$(rm -f x); |& %PATH% ^& !x!"
  "café ☃ 日本" "--label=a=b c" "X=\"y\"")
expected=$(for a in run --rm busybox echo "${args[@]}"; do hex "$a"; echo; done)
got=$(docker run --rm busybox echo "${args[@]}" 2>"$work/err" | tr -d '\r')
if [ "$got" = "$expected" ]; then pass "argv round trip of ${#args[@]} tricky arguments"; else
  fail "argv round trip: expected
$expected
got
$got
$(cat "$work/err")"; fi
# An empty argument too (bash cannot pass it through wine's own command line intact: wine
# itself drops nothing, so it is checked on its own).
got=$(docker run --rm busybox echo "" x 2>/dev/null | tr -d '\r' | sed -n 5,6p)
[ "$got" = "$(printf '\n%s' "$(hex x)")" ]
check $? "an empty argument stays" "empty argument: got '$got'"

# --- exit codes pass through
# A start of the stand-in that wine fails (exit 203, seen rarely under wine) is tried again, at
# most three times in all, and counted: a start that always fails still fails the check.
for code in 0 1 125 199; do
  for try in 1 2 3; do
    FAKE_DOCKER_EXIT=$code docker version >/dev/null 2>"$work/err"
    status=$?
    [ "$status" != 203 ] && break
  done
  [ "$status" = "$code" ]
  check $? "exit code $code (tries: $try)" "exit code $code: got $status, $(cat "$work/err")"
done

# --- a blocked call: exit 200, the message, docker never started
mkdir -p "$work/marks-blocked"
FAKE_DOCKER_MARKS=$(win "$work/marks-blocked") docker rm -f web >"$work/out" 2>"$work/err"
status=$?
if [ "$status" = 200 ] && grep -q "safedocker: blocked: docker rm -f web" "$work/err" && grep -q "instead: docker stop web && docker rm web" "$work/err" \
  && [ ! -e "$work/marks-blocked/seen" ]; then pass "docker rm -f web blocked (exit 200, the alternative given)"; else
  fail "rm -f: status $status, stderr: $(cat "$work/err")"; fi

# --- the recursion guard: copies of docker.exe on PATH
mkdir -p "$work/p1" "$work/p2" "$work/p3"
cp "$SAFEDOCKER_EXE" "$work/p1/docker.exe"
cp "$SAFEDOCKER_EXE" "$work/p2/docker.exe" # a copy: another file, same program
cp "$FAKE_DOCKER_EXE" "$work/p3/docker.exe"
SAFEDOCKER_REAL_DOCKER='' with_path "$(win "$work/p1");$(win "$work/p2");$(win "$work/p3")" \
  "${runner[@]}" "$work/p1/docker.exe" version >"$work/out" 2>"$work/err"
status=$?
if [ "$status" = 202 ] && grep -q "is safedocker again" "$work/err"; then pass "a copy of safedocker.exe on PATH: exit 202, said"; else
  fail "copy on PATH: status $status, $(cat "$work/err")"; fi
# The shim itself earlier on PATH is skipped by its file identity: the real one after it runs.
SAFEDOCKER_REAL_DOCKER='' with_path "$(win "$work/p1");$(win "$work/p3")" \
  "${runner[@]}" "$work/p1/docker.exe" version >"$work/out" 2>"$work/err"
status=$?
if [ "$status" = 0 ] && grep -q "$(hex version)" "$work/out"; then pass "the shim skips itself on PATH"; else
  fail "self on PATH: status $status, $(cat "$work/err")"; fi

# --- 30 callers through 3 slots, never more than 3 at once, a killed holder's slot back
mkdir -p "$work/marks"
# exec: $! is then the wine process itself, the one to kill.
FAKE_DOCKER_SLEEP_MS=600000 SAFEDOCKER_MAX_CONCURRENT=3 \
  bash -c 'exec "${@:2}" "$1" run --rm busybox sleep' _ "$work/bin/docker.exe" "${runner[@]}" >/dev/null 2>&1 &
holder=$!
for _ in $(seq 1 100); do
  [ -n "$(ls "$work/state/locks" 2>/dev/null)" ] && break
  sleep 0.1
done
sleep 2
pids=()
for i in $(seq 1 30); do
  FAKE_DOCKER_SLEEP_MS=300 FAKE_DOCKER_MARKS=$(win "$work/marks") SAFEDOCKER_MAX_CONCURRENT=3 \
    SAFEDOCKER_ACQUIRE_TIMEOUT=300 docker run --rm busybox "call$i" >/dev/null 2>"$work/caller.$i" &
  pids+=($!)
done
sleep 3
kill -9 "$holder" 2>/dev/null
bad=0
for pid in "${pids[@]}"; do wait "$pid" || bad=$((bad + 1)); done
runs=$(wc -l <"$work/marks/seen" 2>/dev/null || echo 0)
most=$(sort -n "$work/marks/seen" 2>/dev/null | tail -1)
if [ "$bad" = 0 ] && [ "$runs" -ge 29 ] && [ "${most:-9}" -le 3 ]; then
  pass "30 callers through 3 slots: all done, at most $most at once"
else
  fail "slots: $bad callers failed, $runs runs seen, at most ${most:-?} at once; $(cat "$work"/caller.* | head -5)"
fi
# The killed holder's slot is free again (its docker still runs, as after SIGKILL on POSIX):
# three callers at once all get a slot.
mkdir -p "$work/marks-after"
pids=()
for i in 1 2 3; do
  FAKE_DOCKER_SLEEP_MS=4000 FAKE_DOCKER_MARKS=$(win "$work/marks-after") SAFEDOCKER_MAX_CONCURRENT=3 \
    docker run --rm busybox "after$i" >/dev/null 2>&1 &
  pids+=($!)
done
for pid in "${pids[@]}"; do wait "$pid"; done
most=$(sort -n "$work/marks-after/seen" 2>/dev/null | tail -1)
[ "${most:-0}" = 3 ]
check $? "the killed holder's slot came back (3 ran at once)" "after the kill only ${most:-0} ran at once"

# --- the breaker opens against a dead pipe and then fails fast without starting docker
export SAFEDOCKER_LOCK_DIR
SAFEDOCKER_LOCK_DIR=$(win "$work/state/locks-breaker")
mkdir -p "$work/marks-breaker"
for _ in 1 2 3; do FAKE_DOCKER_EXIT=1 SAFEDOCKER_BREAKER=true docker ps >/dev/null 2>&1; done
start=$(date +%s%N)
FAKE_DOCKER_MARKS=$(win "$work/marks-breaker") SAFEDOCKER_BREAKER=true docker ps >/dev/null 2>"$work/err"
status=$?
took=$((($(date +%s%N) - start) / 1000000))
if [ "$status" = 205 ] && [ ! -e "$work/marks-breaker/seen" ] && grep -q "circuit breaker" "$work/err"; then
  pass "breaker open against a dead pipe: exit 205 in ${took} ms, docker not started"
else
  fail "breaker: status $status after ${took} ms, $(cat "$work/err")"
fi

# --- 1,000 audit records from 10 writers at once, every one whole
: >"$work/state/audit-many.jsonl"
export SAFEDOCKER_AUDIT_PATH
SAFEDOCKER_AUDIT_PATH=$(win "$work/state/audit-many.jsonl")
# Each writer keeps every call's exit status: a call that wine failed to start (seen, rarely,
# under load) is tried again, so that 1,000 calls are blocked and each must have its record.
writer() {
  for _ in $(seq 1 100); do
    for _ in 1 2 3; do
      docker rm -f "web$1" >/dev/null 2>>"$work/writer.$1.err"
      status=$?
      echo "$status" >>"$work/writer.$1.status"
      [ "$status" = 200 ] && break
    done
  done
}
for w in $(seq 1 10); do writer "$w" & done
wait
blocked=$(cat "$work"/writer.*.status | grep -c '^200$')
others=$(cat "$work"/writer.*.status | grep -vc '^200$')
records=$(python3 - "$work/state/audit-many.jsonl" <<'PY'
import json, sys
whole = 0
for line in open(sys.argv[1], encoding="utf-8"):
    record = json.loads(line)  # a torn line fails here
    if record.get("decision") == "block":
        whole += 1
print(whole)
PY
)
[ "$records" = 1000 ] && [ "$blocked" = 1000 ]
check $? "1,000 audit records from 10 writers, all whole ($others start(s) wine failed, tried again)" \
  "audit: $records whole block records for $blocked blocked calls, not 1000 ($others other exits: $(sort "$work"/writer.*.status | uniq -c | tr '\n' ' '); failed appends: $(wc -c <"$work/state/locks/audit-failures" 2>/dev/null || echo 0); $(cat "$work"/writer.*.err | grep -v 'blocked\|rule:\|token:\|why:\|instead:' | head -3))"

if [ "$failures" -gt 0 ]; then
  echo "windows suite: $failures failure(s)" >&2
  exit 1
fi
echo "windows suite: all passed (under wine)"
