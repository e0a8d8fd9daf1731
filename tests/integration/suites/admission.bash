# shellcheck shell=bash
# Admission with a fake docker and a fake daemon: slots, crash safety, timeouts, the breaker,
# retries.

: "${FAKE_DAEMON:?FAKE_DAEMON must name the fake-daemon binary}"
daemon_pid=""
start_daemon() { # MODE: ok | hang | refuse | fail500
  stop_daemon
  rm -f "$SUITE_DIR/d.sock"
  "$FAKE_DAEMON" "$SUITE_DIR/d.sock" "$1" >"$SUITE_DIR/daemon.out" 2>&1 &
  daemon_pid=$!
  for _ in $(seq 100); do grep -q ready "$SUITE_DIR/daemon.out" 2>/dev/null && return 0; sleep 0.05; done
  [ "$1" = refuse ] && return 0
  fail "fake daemon did not start"
}
stop_daemon() { [ -n "$daemon_pid" ] && kill "$daemon_pid" 2>/dev/null; wait "$daemon_pid" 2>/dev/null; daemon_pid=""; }
trap stop_daemon EXIT

max_observed() { cat "$1"/observed.* 2>/dev/null | sort -n | tail -n 1; }

TEST "30 parallel callers, 3 slots: never more than 3 at once, all 30 run"
export SAFEDOCKER_REAL_DOCKER="$FAKE_DOCKER" FAKE_COUNT_DIR="$SUITE_DIR/count" FAKE_SLEEP=0.3
mkdir -p "$FAKE_COUNT_DIR"
pids=()
for i in $(seq 30); do "$SHIMS/docker" ps --filter "label=n$i" >/dev/null 2>&1 & pids+=($!); done
failed=0
for pid in "${pids[@]}"; do wait "$pid" || failed=$((failed + 1)); done
expect_equal "$failed" 0
expect_equal "$(fake_calls)" 30
expect_equal "$(max_observed "$FAKE_COUNT_DIR")" 3
expect_exit 0 "$SAFEDOCKER" guard stats --json
expect_contains "$OUT" '"calls":30'

TEST "streaming and client calls take no slot"
export SAFEDOCKER_REAL_DOCKER="$FAKE_DOCKER" SAFEDOCKER_MAX_CONCURRENT=1 SAFEDOCKER_ACQUIRE_TIMEOUT=0
FAKE_SLEEP=2 "$SHIMS/docker" ps >/dev/null 2>&1 &
holder=$!
for _ in $(seq 100); do [ "$(fake_calls)" -ge 1 ] && break; sleep 0.05; done
expect_exit 0 "$SHIMS/docker" logs -f web
expect_exit 0 "$SHIMS/docker" version
expect_exit 204 "$SHIMS/docker" ps
wait "$holder"

TEST "a timeout names the holders (pid, command, since), exit 204"
export SAFEDOCKER_REAL_DOCKER="$FAKE_DOCKER" SAFEDOCKER_ACQUIRE_TIMEOUT=1
holders=()
for _ in 1 2 3; do FAKE_SLEEP=30 "$SHIMS/docker" image ls >/dev/null 2>&1 & holders+=($!); done
for _ in $(seq 100); do [ "$(fake_calls)" -ge 3 ] && break; sleep 0.05; done
# The holders' fake dockers, by the pids their call records carry (the next test kills the
# wrappers and checks these): this suite's own, never someone else's process that matches.
held=()
for record in "$FAKE_LOG_DIR"/call.*; do
  grep -qx 'arg image' "$record" 2>/dev/null && held+=("${record##*.}")
done
expect_exit 1 "$SAFEDOCKER" guard health --json # no daemon behind the fake: unhealthy
expect_contains "$OUT" '"in_use":3'
expect_exit 204 "$SHIMS/docker" ps
expect_contains "$ERR" "no docker slot free for unix:"
expect_contains "$ERR" "after 1s"
expect_contains "$ERR" "pid ${holders[0]} docker image ls since"
# Recorded as what became of it: refused for want of a slot, not the rules' allow.
expect_equal "$(grep '"argv":\["docker","ps"\]' "$XDG_STATE_HOME/safedocker/audit.jsonl" | tail -n 1 |
  jq -c '[.decision, .refusal, .exit]')" '["refused","slot_timeout",204]'

TEST "kill -9 of the holders frees their slots at once, docker still running"
export SAFEDOCKER_REAL_DOCKER="$FAKE_DOCKER" SAFEDOCKER_ACQUIRE_TIMEOUT=2
kill -9 "${holders[@]}"
wait "${holders[@]}" 2>/dev/null
expect_exit 1 "$SAFEDOCKER" guard health --json
expect_contains "$OUT" '"in_use":0'
expect_exit 0 "$SHIMS/docker" ps
alive=0
for pid in "${held[@]}"; do kill -0 "$pid" 2>/dev/null && alive=$((alive + 1)); done
expect_equal "$alive" 3 # the killed wrappers' docker processes still run
for pid in "${held[@]}"; do
  pkill -P "$pid" 2>/dev/null # its sleep
  kill "$pid" 2>/dev/null
done

TEST "the breaker opens after 3 daemon failures, then fails fast without running docker"
export SAFEDOCKER_REAL_DOCKER="$FAKE_DOCKER" SAFEDOCKER_BREAKER=1 DOCKER_HOST="unix://$SUITE_DIR/d.sock" \
  SAFEDOCKER_LOCK_DIR="$SUITE_DIR/locks" SAFEDOCKER_BREAKER_OPEN_SECONDS=1
stop_daemon
rm -f "$SUITE_DIR/d.sock"
for _ in 1 2 3; do FAKE_EXIT=1 expect_exit 1 "$SHIMS/docker" ps; done
expect_contains "$ERR" "opened after 3 daemon failures"
expect_exit 205 "$SHIMS/docker" ps
expect_contains "$ERR" "circuit breaker open since"
expect_equal "$(fake_calls)" 3
expect_equal "$(grep '"event":"invocation"' "$XDG_STATE_HOME/safedocker/audit.jsonl" | tail -n 1 |
  jq -c '[.decision, .refusal, .exit]')" '["refused","breaker_open",205]'
expect_exit 0 "$SAFEDOCKER" guard stats --json
expect_equal "$(jq -c '.by_refusal' <<<"$OUT")" '{"breaker_open":1}'
expect_exit 0 "$SHIMS/docker" context ls

TEST "after the open period one probe closes it when the daemon answers"
export SAFEDOCKER_REAL_DOCKER="$FAKE_DOCKER" SAFEDOCKER_BREAKER=1 DOCKER_HOST="unix://$SUITE_DIR/d.sock" \
  SAFEDOCKER_LOCK_DIR="$SUITE_DIR/locks" SAFEDOCKER_BREAKER_OPEN_SECONDS=1
start_daemon ok
sleep 1.2
expect_exit 0 "$SHIMS/docker" ps
expect_exit 0 "$SAFEDOCKER" guard health --json
expect_contains "$OUT" '"state":"closed"'

TEST "a failing probe re-opens it; a user's error never counts"
export SAFEDOCKER_REAL_DOCKER="$FAKE_DOCKER" SAFEDOCKER_BREAKER=1 DOCKER_HOST="unix://$SUITE_DIR/d.sock" \
  SAFEDOCKER_LOCK_DIR="$SUITE_DIR/locks" SAFEDOCKER_BREAKER_OPEN_SECONDS=1
for _ in 1 2 3 4 5; do FAKE_EXIT=1 FAKE_STDERR="Error: No such container: x" expect_exit 1 "$SHIMS/docker" rm x; done
expect_exit 0 "$SAFEDOCKER" guard health --json
expect_contains "$OUT" '"consecutive_failures":0'
start_daemon hang
for _ in 1 2 3; do FAKE_EXIT=1 "$SHIMS/docker" ps >/dev/null 2>&1; done
expect_exit 205 "$SHIMS/docker" ps
sleep 1.2
expect_exit 205 "$SHIMS/docker" ps
expect_contains "$ERR" "circuit breaker open"
expect_exit 0 "$SAFEDOCKER" guard reset
expect_exit 0 "$SHIMS/docker" ps
stop_daemon

TEST "retries follow the schedule for retryable calls with transient errors, and only those"
export SAFEDOCKER_REAL_DOCKER="$FAKE_DOCKER" SAFEDOCKER_RETRY_MAX_ATTEMPTS=3 DOCKER_HOST="unix://$SUITE_DIR/d.sock"
start_daemon ok
mkdir -p "$XDG_CONFIG_HOME/safedocker"
printf '[retry]\nbase_ms = 20\ncap_ms = 40\n' >"$XDG_CONFIG_HOME/safedocker/rules.toml"
FAKE_EXIT=1 FAKE_STDERR="toomanyrequests: rate limit" expect_exit 1 "$SHIMS/docker" pull busybox
expect_equal "$(fake_calls)" 3
expect_contains "$ERR" "safedocker: retry 2/3 in"
expect_contains "$ERR" "safedocker: retry 3/3 in"
expect_equal "$(grep -c toomanyrequests <<<"$ERR")" 3
expect_exit 0 "$SAFEDOCKER" guard stats --json
expect_contains "$OUT" '"retries":2'
FAKE_EXIT=1 FAKE_STDERR="toomanyrequests: rate limit" expect_exit 1 "$SHIMS/docker" run busybox
expect_equal "$(fake_calls)" 4
FAKE_EXIT=1 FAKE_STDERR="Error: No such image" expect_exit 1 "$SHIMS/docker" pull nope
expect_equal "$(fake_calls)" 5

TEST "an unsafe lock directory is refused, never followed; the call still runs"
export SAFEDOCKER_REAL_DOCKER="$FAKE_DOCKER"
mkdir -p "$SUITE_DIR/elsewhere"
ln -s "$SUITE_DIR/elsewhere" "$SUITE_DIR/link"
SAFEDOCKER_LOCK_DIR="$SUITE_DIR/link" expect_exit 0 "$SHIMS/docker" ps
expect_contains "$ERR" "without admission control"
[ -z "$(ls -A "$SUITE_DIR/elsewhere")" ] || fail "state written through a symlink"
