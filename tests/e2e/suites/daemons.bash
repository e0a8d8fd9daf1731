# shellcheck shell=bash
# shellcheck disable=SC2154,SC2153  # engine_dir, ENGINE_HOST and ENGINE_* are set by tests/e2e/run and engine.bash
# Two real engines on two sockets: the breaker belongs to each daemon. Engine 2 stops: its calls
# fail, its breaker opens after 3 and its calls then fail fast, while calls to engine 1 keep
# working the whole time; engine 2 back: after the open period the probe closes its breaker.

# The breakers' state and the audit log outlive one TEST here: they are the story.
mkdir -p "$SUITE_DIR/state"
chmod 700 "$SUITE_DIR/state"
enable_breaker() {
  export SAFEDOCKER_BREAKER=1 SAFEDOCKER_BREAKER_OPEN_SECONDS=2 SAFEDOCKER_RETRY_MAX_ATTEMPTS=1 \
    SAFEDOCKER_LOCK_DIR="$SUITE_DIR/state/locks" SAFEDOCKER_AUDIT_PATH="$SUITE_DIR/state/audit.jsonl"
}
elapsed_ms() { echo $((($(date +%s%N) - $1) / 1000000)); }
json() { jq -c "$1" <<<"$OUT" 2>&1; }
# daemon_field KEY FILTER: FILTER applied to daemon KEY's entry in $OUT (guard health --json), as an array.
daemon_field() { jq -c --arg k "$1" "[.daemons[] | select(.key == \$k) | $2]" <<<"$OUT" 2>&1; }
audit_daemons() { # EVENT: the daemon field of each EVENT record, one a line
  jq -r --arg e "$1" 'select(.event == $e) | .daemon // "null"' "$SAFEDOCKER_AUDIT_PATH" 2>&1
}

# Engine 1 is the one tests/e2e/run started; engine 2 is this suite's, stopped by run's EXIT trap.
ENGINE1_DIR=$ENGINE_DIR
ENGINE1_SOCK=$ENGINE_SOCK
engine_switch 2
if ! engine_start "$engine_dir/e2"; then
  engine_switch 1
  fail "engine 2 did not start"
  suite_end
  exit 1
fi
ENGINE2_DIR=$ENGINE_DIR
ENGINE2_SOCK=$ENGINE_SOCK
engine_switch 1
export DOCKER_HOST=$ENGINE_HOST
H1="unix://$ENGINE1_SOCK"
H2="unix://$ENGINE2_SOCK"
KEY1="unix:$(realpath "$ENGINE1_SOCK")"
KEY2="unix:$(realpath "$ENGINE2_SOCK")"
engine2() { # stop | start: engine 2, whatever engine is current
  engine_switch 2
  if [ "$1" = stop ]; then engine_stop; else engine_start "$ENGINE2_DIR" || fail "engine 2 did not restart"; fi
  engine_switch 1
  export DOCKER_HOST=$ENGINE_HOST
}

TEST "two engines: the real docker client reaches each one through the shim"
enable_breaker
[ "$ENGINE1_SOCK" != "$ENGINE2_SOCK" ] || fail "both engines on one socket: $ENGINE1_SOCK"
expect_exit 0 docker -H "$H1" ps
expect_exit 0 docker -H "$H2" ps
expect_exit 0 docker -H "$H1" info --format '{{.DockerRootDir}}'
expect_equal "$OUT" "$ENGINE1_DIR/root"
expect_exit 0 docker -H "$H2" info --format '{{.DockerRootDir}}'
expect_equal "$OUT" "$ENGINE2_DIR/root"
expect_exit 0 docker guard health --json
expect_equal "$(json '[.healthy, (.daemons | length), .daemons[0].key, .daemons[0].current]')" "[true,2,\"$KEY1\",true]"
expect_equal "$(daemon_field "$KEY1" '[.ping, .breaker.state]')" '[["ok","closed"]]'
expect_equal "$(daemon_field "$KEY2" '[.current, .ping, .breaker.state]')" '[[false,"ok","closed"]]'

TEST "engine 2 stopped: its calls fail, its breaker opens after 3, then they fail fast; engine 1 keeps working"
enable_breaker
# Calls to engine 1 every 0.2 s from here until engine 2 is back (the next TEST), each status noted.
background="$SUITE_DIR/engine1-calls"
mkdir -p "$background"
(
  n=0
  while [ ! -e "$background/stop" ] && kill -0 $$ 2>/dev/null && [ "$n" -lt 600 ]; do
    n=$((n + 1))
    docker -H "$H1" ps >/dev/null 2>"$background/err.$n"
    echo "$?" >"$background/status.$n"
    sleep 0.2
  done
) &
background_pid=$!
engine2 stop
for i in 1 2 3; do
  docker -H "$H2" ps >"$SUITE_DIR/out" 2>"$SUITE_DIR/err"
  status=$?
  if [ "$status" = 0 ] || [ "$status" = 205 ]; then
    fail "call $i to the stopped engine 2 exited $status: $(cat "$SUITE_DIR/err")"
  fi
  expect_exit 0 docker -H "$H1" ps
done
started=$(date +%s%N)
expect_exit 205 docker -H "$H2" ps
took=$(elapsed_ms "$started")
echo "    fail-fast took ${took} ms"
[ "$took" -lt 1000 ] || fail "failing fast took ${took} ms"
expect_contains "$ERR" "circuit breaker open"
expect_contains "$ERR" "$KEY2"
expect_exit 0 docker -H "$H1" ps
expect_exit 0 docker -H "$H1" image ls
expect_exit 0 docker guard health --json
expect_equal "$(json '[.healthy, .daemons[0].key]')" "[true,\"$KEY1\"]"
expect_equal "$(daemon_field "$KEY1" '.breaker.state')" '["closed"]'
expect_equal "$(daemon_field "$KEY2" '[.ping, .breaker.state]')" '[["unreachable","open"]]'
DOCKER_HOST=$H2 expect_exit 1 docker guard health --json
expect_equal "$(json '[.healthy, .daemons[0].key, .daemons[0].current, .daemons[0].breaker.state]')" "[false,\"$KEY2\",true,\"open\"]"
expect_equal "$(audit_daemons breaker_open)" "$KEY2"

TEST "engine 2 back: after the open period the probe closes its breaker and its calls run"
enable_breaker
engine2 start
sleep 2.5
expect_exit 0 docker -H "$H2" ps
expect_exit 0 docker -H "$H2" info --format '{{.DockerRootDir}}'
expect_equal "$OUT" "$ENGINE2_DIR/root"
expect_exit 0 docker guard health --json
expect_equal "$(json '[.daemons[] | [.key, .ping, .breaker.state]] | sort')" \
  "$(jq -cn --arg a "$KEY1" --arg b "$KEY2" '[[$a, "ok", "closed"], [$b, "ok", "closed"]] | sort')"
expect_equal "$(audit_daemons breaker_close)" "$KEY2"
expect_equal "$(audit_daemons breaker_open)" "$KEY2"
# Engine 1 the whole time.
touch "$background/stop"
wait "$background_pid"
calls=$(find "$background" -name 'status.*' | wc -l)
echo "    $calls calls to engine 1 while engine 2 was down and restarting"
[ "$calls" -ge 3 ] || fail "only $calls calls to engine 1 in the background"
for f in "$background"/status.*; do
  [ "$(cat "$f")" = 0 ] || fail "a call to engine 1 exited $(cat "$f") while engine 2 was down: $(cat "$background/err.${f##*.}")"
done
expect_equal "$(jq -r --arg h "$H1" 'select(.event == "invocation" and any(.argv[]; . == $h) and .exit != 0) | .exit' "$SAFEDOCKER_AUDIT_PATH" | wc -l)" 0
