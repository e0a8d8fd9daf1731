# shellcheck shell=bash
# shellcheck disable=SC2016  # literal $VARS in the inline fake dockers are expanded when they run
# Admission per daemon, with a fake docker and fake daemons on unix sockets: slots, the breaker and
# the audit record belong to the daemon a call talks to (-H, DOCKER_HOST, --context, DOCKER_CONTEXT,
# the current context), a symlink to a socket is the same daemon, a docker that calls docker again
# runs under its ancestor's slot, and a cleanup pass with a half-open breaker probes exactly once.

: "${FAKE_DAEMON:?FAKE_DAEMON must name the fake-daemon binary}"

# Each TEST starts without the fake dockers' settings a test before it exported.
eval "lib_$(declare -f TEST)"
TEST() {
  unset FAKE_SLEEP FAKE_EXIT FAKE_STDERR FAKE_COUNT_DIR FAKE_STDOUT_DIR COUNT_ROOT NEST_DIR NEST_HOST INNER_SLEEP RUN_SLEEP
  lib_TEST "$@"
}

# Sockets live in a short directory of their own (a unix socket path holds at most 107 bytes).
SOCK_DIR=$(mktemp -d /tmp/sdd.XXXXXX)
SOCK_DIR=$(cd "$SOCK_DIR" && pwd -P)
declare -A daemon_pids=()

# start_daemon NAME MODE [REQUEST_LOG]: a fake daemon on $SOCK_DIR/NAME.sock (modes: see fake-daemon.c).
start_daemon() {
  local name=$1 mode=$2 log=${3:-}
  stop_daemon "$name"
  rm -f "$SOCK_DIR/$name.sock" "$SOCK_DIR/$name.out"
  FAKE_DAEMON_LOG="$log" "$FAKE_DAEMON" "$SOCK_DIR/$name.sock" "$mode" >"$SOCK_DIR/$name.out" 2>&1 &
  daemon_pids[$name]=$!
  for _ in $(seq 100); do grep -q ready "$SOCK_DIR/$name.out" 2>/dev/null && return 0; sleep 0.05; done
  fail "fake daemon $name did not start: $(cat "$SOCK_DIR/$name.out")"
}
stop_daemon() {
  local pid=${daemon_pids[$1]:-}
  [ -n "$pid" ] || return 0
  kill "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  unset 'daemon_pids[$1]'
}
stop_all_daemons() {
  local name
  for name in "${!daemon_pids[@]}"; do stop_daemon "$name"; done
  rm -rf "$SOCK_DIR"
}
trap stop_all_daemons EXIT

sock() { echo "$SOCK_DIR/$1.sock"; }
# The daemon key safedocker gives a unix socket: unix: and its canonical path.
key_of() { echo "unix:$(realpath -m "$1")"; }
max_observed() { cat "$1"/observed.* 2>/dev/null | sort -n | tail -n 1; }
elapsed_ms() { echo $((($(date +%s%N) - $1) / 1000000)); }
# daemon_field KEY FILTER: FILTER applied to the entry of daemon KEY in $OUT (guard health --json),
# as a JSON array: [] when health does not list that daemon, jq's error when $OUT is not what it should be.
daemon_field() { jq -c --arg k "$1" "[.daemons[] | select(.key == \$k) | $2]" <<<"$OUT" 2>&1; }
json() { jq -c "$1" <<<"$OUT" 2>&1; }
# audit_daemons FILE EVENT [ARG]: the daemon field of each EVENT record in FILE (of those whose argv
# holds ARG, when given), one per line; "null" for a record without one.
audit_daemons() {
  jq -r --arg e "$2" --arg a "${3:-}" \
    'select(.event == $e and ($a == "" or any(.argv[]?; . == $a))) | .daemon // "null"' "$1" 2>&1
}
daemon_dirs() { find "$1" -mindepth 1 -maxdepth 1 -type d -name 'daemon.*' | sort; }
# The per-daemon state directory of KEY in lock directory DIR (its record file `daemon` names KEY).
daemon_dir_of() {
  local d
  for d in $(daemon_dirs "$1"); do
    grep -qF "$2" "$d/daemon" 2>/dev/null && echo "$d"
  done
}

# A docker that answers only when its daemon does: when the socket of -H/--host (else DOCKER_HOST)
# does not answer GET /_ping it fails as docker does ("Cannot connect to the Docker daemon at …",
# exit 1), else it is the plain fake docker. With COUNT_ROOT=DIR it measures concurrency per
# daemon in DIR/<socket file name> (the fake's FAKE_COUNT_DIR) and across all daemons in DIR/all.
DOCKER_AT="$SUITE_DIR/bin/docker-at"
mkdir -p "$SUITE_DIR/bin"
{
  echo '#!/usr/bin/env bash'
  printf 'fake=%q\n' "$FAKE_DOCKER"
  cat <<'EOF'
host=${DOCKER_HOST:-unix:///var/run/docker.sock}
args=("$@")
i=0
while [ "$i" -lt "${#args[@]}" ]; do
  case "${args[$i]}" in
    -H | --host) host=${args[$((i + 1))]:-}; i=$((i + 2)) ;;
    --host=*) host=${args[$i]#--host=}; i=$((i + 1)) ;;
    -*) i=$((i + 1)) ;;
    *) break ;;
  esac
done
socket=${host#unix://}
if [ "$(curl -s --max-time 2 --unix-socket "$socket" http://localhost/_ping 2>/dev/null)" != OK ]; then
  export FAKE_EXIT=1 FAKE_STDERR="Cannot connect to the Docker daemon at $host. Is the docker daemon running?"
fi
[ -n "${COUNT_ROOT:-}" ] || exec "$fake" "$@"
export FAKE_COUNT_DIR="$COUNT_ROOT/${socket##*/}"
mkdir -p "$FAKE_COUNT_DIR" "$COUNT_ROOT/all"
: >"$COUNT_ROOT/all/run.$$"
find "$COUNT_ROOT/all" -name 'run.*' | wc -l >>"$COUNT_ROOT/all/observed.$$"
"$fake" "$@"
status=$?
rm -f "$COUNT_ROOT/all/run.$$"
exit "$status"
EOF
} >"$DOCKER_AT"
chmod +x "$DOCKER_AT"

# A docker whose `run` calls docker again through the shim on PATH, as a real docker plugin or a
# test script started by docker would: `docker ps` (or `docker -H $NEST_HOST ps`) with FAKE_SLEEP
# set to INNER_SLEEP, then it is the fake docker sleeping RUN_SLEEP. It notes SAFEDOCKER_SLOT as
# it got it in $NEST_DIR/slot.PID, and the nested call's status and stderr in $NEST_DIR/inner.PID
# and inner-err.PID. Other commands are the plain fake docker.
DOCKER_NESTED="$SUITE_DIR/bin/docker-nested"
{
  echo '#!/usr/bin/env bash'
  printf 'fake=%q\n' "$FAKE_DOCKER"
  cat <<'EOF'
for arg in "$@"; do
  [ "$arg" = run ] || continue
  printf '%s\n' "${SAFEDOCKER_SLOT:-}" >"$NEST_DIR/slot.$$"
  if [ -n "${NEST_HOST:-}" ]; then
    FAKE_SLEEP=${INNER_SLEEP:-} docker -H "$NEST_HOST" ps --filter "label=nested-$$" >/dev/null 2>"$NEST_DIR/inner-err.$$"
  else
    FAKE_SLEEP=${INNER_SLEEP:-} docker ps --filter "label=nested-$$" >/dev/null 2>"$NEST_DIR/inner-err.$$"
  fi
  echo "$?" >"$NEST_DIR/inner.$$"
  FAKE_SLEEP=${RUN_SLEEP:-} exec "$fake" "$@"
done
exec "$fake" "$@"
EOF
} >"$DOCKER_NESTED"
chmod +x "$DOCKER_NESTED"

# State that outlives one TEST: the two-daemon breaker story of the first tests.
STORY_LOCKS="$SUITE_DIR/locks-story"
STORY_AUDIT="$SUITE_DIR/audit-story.jsonl"
story_env() {
  export SAFEDOCKER_REAL_DOCKER="$DOCKER_AT" SAFEDOCKER_BREAKER=1 SAFEDOCKER_BREAKER_OPEN_SECONDS=60 \
    SAFEDOCKER_LOCK_DIR="$STORY_LOCKS" SAFEDOCKER_AUDIT_PATH="$STORY_AUDIT"
}
DEAD=$(sock dead) # nothing ever listens here
OK=$(sock ok)
SA=$(sock a)
SB=$(sock b)
SLINK=$(sock link) # a symlink to $SA
DEAD_KEY=$(key_of "$DEAD")
OK_KEY=$(key_of "$OK")

TEST "the harness: docker-at fails as docker does when its daemon is down, and runs when it answers"
export SAFEDOCKER_REAL_DOCKER="$DOCKER_AT"
start_daemon ok ok
expect_exit 1 "$DOCKER_AT" -H "unix://$DEAD" ps
expect_contains "$ERR" "Cannot connect to the Docker daemon at unix://$DEAD. Is the docker daemon running?"
expect_exit 0 "$DOCKER_AT" -H "unix://$OK" ps
DOCKER_HOST="unix://$OK" expect_exit 0 "$DOCKER_AT" ps
DOCKER_HOST="unix://$DEAD" expect_exit 1 "$DOCKER_AT" ps
expect_equal "$(fake_calls)" 4
expect_equal "$(curl -s --unix-socket "$OK" http://localhost/_ping)" OK
# The fake daemon's request log: one line per request.
: >"$SUITE_DIR/harness-requests.log"
start_daemon logged ok "$SUITE_DIR/harness-requests.log"
curl -s --unix-socket "$(sock logged)" http://localhost/_ping >/dev/null
curl -s -I --unix-socket "$(sock logged)" http://localhost/v1.41/_ping >/dev/null
curl -s --unix-socket "$(sock logged)" http://localhost/info >/dev/null
expect_equal "$(tr '\n' ';' <"$SUITE_DIR/harness-requests.log")" "GET /_ping;HEAD /v1.41/_ping;GET /info;"
stop_daemon logged

TEST "one daemon dead, one healthy: 3 failures open the dead one's breaker; the healthy one runs throughout"
story_env
for i in 1 2 3; do
  expect_exit 1 "$SHIMS/docker" -H "unix://$DEAD" ps
  expect_contains "$ERR" "Cannot connect to the Docker daemon"
  # Each success to the healthy daemon would reset one machine-wide breaker's count.
  expect_exit 0 "$SHIMS/docker" -H "unix://$OK" ps --filter "label=ok$i"
done
calls=$(fake_calls)
started=$(date +%s%N)
expect_exit 205 "$SHIMS/docker" -H "unix://$DEAD" ps
took=$(elapsed_ms "$started")
echo "    fail-fast took ${took} ms"
[ "$took" -lt 1000 ] || fail "failing fast took ${took} ms"
expect_contains "$ERR" "circuit breaker open"
expect_contains "$ERR" "$DEAD_KEY"
expect_equal "$(fake_calls)" "$calls"
expect_exit 205 "$SHIMS/docker" -H "unix://$DEAD" image ls
for i in 1 2 3; do expect_exit 0 "$SHIMS/docker" -H "unix://$OK" ps --filter "label=after$i"; done
expect_exit 0 "$SHIMS/docker" -H "unix://$OK" image ls
expect_equal "$(fake_calls)" $((calls + 4))

TEST "guard health --json lists both daemons, the current one first, with their own breakers"
story_env
DOCKER_HOST="unix://$OK" expect_exit 0 "$SAFEDOCKER" guard health --json
expect_equal "$(json '[.lock_dir, .healthy, (.daemons | length)]')" "[\"$STORY_LOCKS\",true,2]"
expect_equal "$(json '.daemons[0] | [.key, .current, .ping]')" "[\"$OK_KEY\",true,\"ok\"]"
expect_equal "$(daemon_field "$OK_KEY" '[.breaker.enabled, .breaker.state, .breaker.consecutive_failures]')" '[[true,"closed",0]]'
expect_equal "$(daemon_field "$DEAD_KEY" '[.current, .ping, .breaker.state, .breaker.consecutive_failures]')" '[[false,"unreachable","open",3]]'
expect_equal "$(daemon_field "$DEAD_KEY" '[(.breaker.opened_at | type), (.breaker.next_probe_at | type), (.breaker.last_reason | length > 0)]')" '[["string","string",true]]'
expect_equal "$(daemon_field "$OK_KEY" '[.slots.max, .slots.in_use, .slots.waiters, (.slots.holders | length)]')" '[[3,0,0,0]]'
expect_contains "$(daemon_field "$OK_KEY" '.host')" "$OK"
DOCKER_HOST="unix://$DEAD" expect_exit 1 "$SAFEDOCKER" guard health --json
expect_equal "$(json '[.healthy, (.daemons | length), .daemons[0].key, .daemons[0].current, .daemons[0].breaker.state]')" \
  "[false,2,\"$DEAD_KEY\",true,\"open\"]"
expect_equal "$(daemon_field "$OK_KEY" '.current')" '[false]'

TEST "each daemon has its own state directory daemon.<16 hex> with a record naming its key"
story_env
dirs=$(daemon_dirs "$STORY_LOCKS")
expect_equal "$(grep -c . <<<"$dirs")" 2
for d in $dirs; do
  [[ "${d##*/}" =~ ^daemon\.[0-9a-f]{16}$ ]] || fail "state directory name: ${d##*/}"
  [ -f "$d/daemon" ] || fail "no record file $d/daemon"
done
dead_dir=$(daemon_dir_of "$STORY_LOCKS" "$DEAD_KEY")
ok_dir=$(daemon_dir_of "$STORY_LOCKS" "$OK_KEY")
if [ -z "$dead_dir" ] || [ -z "$ok_dir" ] || [ "$dead_dir" = "$ok_dir" ]; then
  fail "no state directory of its own for each daemon: dead '$dead_dir', ok '$ok_dir'; the lock directory holds: $(find "$STORY_LOCKS" -mindepth 1 -maxdepth 1 -printf '%f ')"
fi
[ -f "$dead_dir/breaker" ] || fail "no breaker in the dead daemon's directory $dead_dir"
[ -f "$ok_dir/slot.0" ] || fail "no slot.0 in the healthy daemon's directory $ok_dir"

TEST "guard reset closes the current daemon's breaker only; --all closes every one"
story_env
stop_daemon ok # the healthy daemon goes down too: two open breakers
for _ in 1 2 3; do expect_exit 1 "$SHIMS/docker" -H "unix://$OK" ps; done
expect_exit 205 "$SHIMS/docker" -H "unix://$OK" ps
expect_contains "$ERR" "$OK_KEY"
DOCKER_HOST="unix://$DEAD" expect_exit 0 "$SAFEDOCKER" guard reset
DOCKER_HOST="unix://$OK" expect_exit 1 "$SAFEDOCKER" guard health --json
expect_equal "$(daemon_field "$DEAD_KEY" '.breaker.state')" '["closed"]'
expect_equal "$(daemon_field "$OK_KEY" '.breaker.state')" '["open"]'
expect_exit 205 "$SHIMS/docker" -H "unix://$OK" ps
expect_exit 1 "$SHIMS/docker" -H "unix://$DEAD" ps # runs again: docker's own error
expect_contains "$ERR" "Cannot connect to the Docker daemon"
expect_exit 0 "$SAFEDOCKER" guard reset --all
DOCKER_HOST="unix://$OK" expect_exit 1 "$SAFEDOCKER" guard health --json
expect_equal "$(json '[.daemons[].breaker.state] | sort')" '["closed","closed"]'
start_daemon ok ok
expect_exit 0 "$SHIMS/docker" -H "unix://$OK" ps
resets=$(jq -c 'select(.event == "breaker_reset")' "$STORY_AUDIT" | wc -l)
[ "$resets" -ge 2 ] || fail "expected breaker_reset records for guard reset and guard reset --all, got $resets"

TEST "30 parallel callers over two daemons, 3 slots each: at most 3 per daemon at once, 6 in all"
export SAFEDOCKER_REAL_DOCKER="$DOCKER_AT" SAFEDOCKER_MAX_CONCURRENT=3 FAKE_SLEEP=0.3 \
  COUNT_ROOT="$SUITE_DIR/count" SAFEDOCKER_LOCK_DIR="$SUITE_DIR/locks-parallel"
start_daemon a ok
start_daemon b ok
pids=()
for i in $(seq 15); do
  "$SHIMS/docker" -H "unix://$SA" ps --filter "label=a$i" >/dev/null 2>&1 &
  pids+=($!)
  "$SHIMS/docker" -H "unix://$SB" ps --filter "label=b$i" >/dev/null 2>&1 &
  pids+=($!)
done
failed=0
for pid in "${pids[@]}"; do wait "$pid" || failed=$((failed + 1)); done
expect_equal "$failed" 0
expect_equal "$(fake_calls)" 30
expect_equal "$(max_observed "$COUNT_ROOT/a.sock")" 3
expect_equal "$(max_observed "$COUNT_ROOT/b.sock")" 3
expect_equal "$(max_observed "$COUNT_ROOT/all")" 6
DOCKER_HOST="unix://$SA" expect_exit 0 "$SAFEDOCKER" guard health --json
expect_equal "$(json '[.daemons[] | [.slots.max, .slots.in_use]]')" '[[3,0],[3,0]]'

TEST "a symlink to a socket and the socket are one daemon: one state directory, shared slots"
export SAFEDOCKER_REAL_DOCKER="$DOCKER_AT" SAFEDOCKER_MAX_CONCURRENT=1 \
  COUNT_ROOT="$SUITE_DIR/count-link" SAFEDOCKER_LOCK_DIR="$SUITE_DIR/locks-link"
start_daemon a ok
ln -sfn "$SA" "$SLINK"
FAKE_SLEEP=2 "$SHIMS/docker" -H "unix://$SA" ps >/dev/null 2>&1 &
holder=$!
for _ in $(seq 100); do [ "$(fake_calls)" -ge 1 ] && break; sleep 0.05; done
SAFEDOCKER_ACQUIRE_TIMEOUT=0 expect_exit 204 "$SHIMS/docker" -H "unix://$SLINK" ps
expect_contains "$ERR" "pid $holder docker container ls since"
started=$(date +%s%N)
SAFEDOCKER_ACQUIRE_TIMEOUT=30 expect_exit 0 "$SHIMS/docker" -H "unix://$SLINK" ps
waited=$(elapsed_ms "$started")
[ "$waited" -ge 1000 ] || fail "the call through the link took only ${waited} ms: it did not wait for the holder"
wait "$holder"
expect_equal "$(max_observed "$COUNT_ROOT/all")" 1
# The same socket spelt another way.
expect_exit 0 "$SHIMS/docker" -H "unix://$SOCK_DIR/../${SOCK_DIR##*/}//a.sock" ps
dirs=$(daemon_dirs "$SAFEDOCKER_LOCK_DIR")
expect_equal "$(grep -c . <<<"$dirs")" 1
expect_contains "$(cat "$dirs/daemon" 2>&1)" "$(key_of "$SA")"
DOCKER_HOST="unix://$SLINK" expect_exit 0 "$SAFEDOCKER" guard health --json
expect_equal "$(json '[.daemons[] | [.key, .current]]')" "[[\"$(key_of "$SA")\",true]]"

TEST "nested calls run under their ancestor's slot: 6 nested runs through 3 slots finish in two rounds"
export SAFEDOCKER_REAL_DOCKER="$DOCKER_NESTED" SAFEDOCKER_MAX_CONCURRENT=3 SAFEDOCKER_ACQUIRE_TIMEOUT=30 \
  SAFEDOCKER_LOCK_DIR="$SUITE_DIR/locks-nested" DOCKER_HOST="unix://$SA" \
  NEST_DIR="$SUITE_DIR/nested" RUN_SLEEP=1
mkdir -p "$NEST_DIR"
start_daemon a ok
started=$(date +%s%N)
# One session and process group for the six (its id noted by its leader), so that the old
# failure mode (nested calls queued behind their own parents until the acquire timeout) can be
# ended at the deadline, nested safedockers included.
PATH="$SHIMS:$PATH" setsid bash -c 'echo "$$" >"$NEST_DIR/group"
  for i in 1 2 3 4 5 6; do
    ( docker run --rm img echo "$i" >/dev/null 2>"$NEST_DIR/outer-err.$i"; echo "$?" >"$NEST_DIR/outer.$i" ) &
  done
  wait' &
nested=$!
for _ in $(seq 200); do
  [ "$(find "$NEST_DIR" -name 'outer.*' | wc -l)" -ge 6 ] && break
  sleep 0.05
done
took=$(elapsed_ms "$started")
group=$(cat "$NEST_DIR/group" 2>/dev/null)
if [ "$(find "$NEST_DIR" -name 'outer.*' | wc -l)" -lt 6 ]; then
  fail "6 nested runs through 3 slots had not finished after ${took} ms (nested calls waiting for slots their parents hold)"
  if [ -n "$group" ]; then
    kill -TERM -- "-$group" 2>/dev/null
    sleep 0.5
    kill -KILL -- "-$group" 2>/dev/null
  fi
fi
wait "$nested" 2>/dev/null
echo "    6 nested runs took ${took} ms"
[ "$took" -ge 1900 ] || fail "6 runs of 1 s through 3 slots took only ${took} ms"
expect_equal "$(cat "$NEST_DIR"/outer.* 2>/dev/null | sort | uniq -c | tr -s ' ')" " 6 0"
expect_equal "$(cat "$NEST_DIR"/inner.* 2>/dev/null | sort | uniq -c | tr -s ' ')" " 6 0"
while read -r f; do
  fail "stderr in ${f##*/}: $(cat "$f")"
done < <(grep -l . "$NEST_DIR"/outer-err.* "$NEST_DIR"/inner-err.* 2>/dev/null)
expect_equal "$(grep -c . "$NEST_DIR"/slot.* 2>/dev/null | grep -c ':1$')" 6 # each run got SAFEDOCKER_SLOT
expect_equal "$(fake_calls)" 12

TEST "a nested call to another daemon takes that daemon's slot, not its ancestor's"
export SAFEDOCKER_REAL_DOCKER="$DOCKER_NESTED" SAFEDOCKER_MAX_CONCURRENT=1 SAFEDOCKER_ACQUIRE_TIMEOUT=5 \
  SAFEDOCKER_LOCK_DIR="$SUITE_DIR/locks-nested2" DOCKER_HOST="unix://$SA" \
  NEST_DIR="$SUITE_DIR/nested2" NEST_HOST="unix://$SB" INNER_SLEEP=2
mkdir -p "$NEST_DIR"
start_daemon a ok
start_daemon b ok
PATH="$SHIMS:$PATH" "$SHIMS/docker" run --rm img >/dev/null 2>&1 &
outer=$!
seen=""
for _ in $(seq 60); do
  "$SAFEDOCKER" guard health --json >"$SUITE_DIR/health" 2>/dev/null
  OUT=$(<"$SUITE_DIR/health")
  seen=$(daemon_field "$(key_of "$SB")" '.slots.in_use')
  [ "$seen" = "[1]" ] && break
  sleep 0.05
done
expect_equal "$seen" "[1]"
expect_equal "$(daemon_field "$(key_of "$SA")" '.slots.in_use')" "[1]"
expect_contains "$(daemon_field "$(key_of "$SB")" '.slots.holders[].command')" "container ls"
wait "$outer"
expect_equal "$?" 0
expect_equal "$(cat "$NEST_DIR"/inner.* 2>/dev/null)" 0
# B's only slot is busy: the nested call to B waits for it (and times out), while A's run goes on.
rm -f "$NEST_DIR"/*
calls=$(fake_calls)
FAKE_SLEEP=4 "$SHIMS/docker" -H "unix://$SB" image ls >/dev/null 2>&1 &
holder=$!
for _ in $(seq 100); do [ "$(fake_calls)" -gt "$calls" ] && break; sleep 0.05; done
PATH="$SHIMS:$PATH" INNER_SLEEP="" SAFEDOCKER_ACQUIRE_TIMEOUT=1 expect_exit 0 "$SHIMS/docker" run --rm img
expect_equal "$(cat "$NEST_DIR"/inner.* 2>/dev/null)" 204
expect_contains "$(cat "$NEST_DIR"/inner-err.* 2>/dev/null)" "no docker slot free for"
expect_contains "$(cat "$NEST_DIR"/inner-err.* 2>/dev/null)" "docker image ls"
wait "$holder"

TEST "a half-open breaker and a cleanup pass: exactly one /_ping probe, then the pass's calls run"
E=$(sock e)
export SAFEDOCKER_REAL_DOCKER="$FAKE_DOCKER" SAFEDOCKER_BREAKER=1 SAFEDOCKER_BREAKER_OPEN_SECONDS=1 \
  DOCKER_HOST="unix://$E" SAFEDOCKER_LOCK_DIR="$SUITE_DIR/locks-cleanup" SAFEDOCKER_AUDIT_PATH="$SUITE_DIR/audit-cleanup.jsonl"
# No daemon at first: three calls fail as docker does and open the breaker.
for _ in 1 2 3; do
  FAKE_EXIT=1 FAKE_STDERR="Cannot connect to the Docker daemon at unix://$E. Is the docker daemon running?" \
    expect_exit 1 "$SHIMS/docker" ps
done
expect_exit 205 "$SHIMS/docker" ps
expect_contains "$ERR" "$(key_of "$E")"
# The daemon comes back; the open period ends.
: >"$SUITE_DIR/e-requests.log"
start_daemon e ok "$SUITE_DIR/e-requests.log"
sleep 1.3
# What the pass sees: one container that exited long ago, which it removes.
export FAKE_STDOUT_DIR="$SUITE_DIR/answers"
mkdir -p "$FAKE_STDOUT_DIR"
echo c-old >"$FAKE_STDOUT_DIR/ps"
echo '[{"Id":"c-old","Name":"/c-old","Image":"sha256:img","Created":"2020-01-01T00:00:00Z","State":{"Status":"exited","FinishedAt":"2020-01-02T00:00:00Z"},"Config":{"Image":"img","Labels":{}}}]' \
  >"$FAKE_STDOUT_DIR/inspect"
echo c-old >"$FAKE_STDOUT_DIR/rm-c-old"
calls=$(fake_calls)
expect_exit 0 "$SAFEDOCKER" guard cleanup --json
expect_equal "$(json '[.exit, .refused, [.removed[].id]]')" '[0,null,["c-old"]]'
expect_equal "$(grep -c '_ping' "$SUITE_DIR/e-requests.log")" 1
# The first two words of each call the fake docker ran, one call a line.
pass_calls=$(for f in "$FAKE_LOG_DIR"/call.*; do sed -n 's/^arg //p' "$f" | head -n 2 | tr '\n' ' '; echo; done)
for words in "ps -a " "image ls " "network ls " "rm c-old "; do expect_contains "$pass_calls" "$words"; done
[ "$(fake_calls)" -gt "$calls" ] || fail "the pass ran no docker call"
expect_exit 0 "$SAFEDOCKER" guard health --json
expect_equal "$(json '.daemons[0] | [.key, .breaker.state, .breaker.consecutive_failures]')" "[\"$(key_of "$E")\",\"closed\",0]"
expect_equal "$(audit_daemons "$SAFEDOCKER_AUDIT_PATH" breaker_close)" "$(key_of "$E")"
expect_equal "$(audit_daemons "$SAFEDOCKER_AUDIT_PATH" breaker_open)" "$(key_of "$E")"

TEST "audit records carry the daemon key of each call, however it was named"
export SAFEDOCKER_REAL_DOCKER="$FAKE_DOCKER" SAFEDOCKER_AUDIT_PATH="$SUITE_DIR/audit-keys.jsonl" \
  SAFEDOCKER_LOCK_DIR="$SUITE_DIR/locks-keys"
start_daemon a ok
start_daemon b ok
ln -sfn "$SA" "$SLINK"
"$FAKE_DAEMON" tcp:0 ok >"$SUITE_DIR/tcp.out" 2>&1 &
tcp_pid=$!
for _ in $(seq 100); do grep -q ready "$SUITE_DIR/tcp.out" 2>/dev/null && break; sleep 0.05; done
port=$(sed -n 's|^ready tcp://127.0.0.1:||p' "$SUITE_DIR/tcp.out")
[ -n "$port" ] || fail "the tcp fake daemon did not start: $(cat "$SUITE_DIR/tcp.out")"
# Contexts, in the docker config directory as docker keeps them.
context() { # NAME HOST
  local dir
  dir="$HOME/.docker/contexts/meta/$(printf %s "$1" | sha256sum | cut -c1-64)"
  mkdir -p "$dir"
  printf '{"Name":"%s","Metadata":{},"Endpoints":{"docker":{"Host":"%s","SkipTLSVerify":false}}}\n' "$1" "$2" >"$dir/meta.json"
}
context ctx-a "unix://$SA"
context ctx-b "unix://$SB"
expect_exit 0 "$SHIMS/docker" -H "unix://$SA" ps --filter label=k1
expect_exit 0 "$SHIMS/docker" --host="unix://$SLINK" ps --filter label=k2
DOCKER_HOST="unix://$SB" expect_exit 0 "$SHIMS/docker" ps --filter label=k3
expect_exit 0 "$SHIMS/docker" -H "tcp://127.0.0.1:$port" ps --filter label=k4
expect_exit 0 "$SHIMS/docker" -H "ssh://ci@build.example:2222" ps --filter label=k5
expect_exit 0 "$SHIMS/docker" --context ctx-b ps --filter label=k6
DOCKER_CONTEXT=ctx-a expect_exit 0 "$SHIMS/docker" ps --filter label=k7
echo '{"currentContext":"ctx-b"}' >"$HOME/.docker/config.json"
expect_exit 0 "$SHIMS/docker" ps --filter label=k8
DOCKER_HOST="unix://$SA" expect_exit 0 "$SHIMS/docker" ps --filter label=k9 # DOCKER_HOST before the current context
rm -f "$HOME/.docker/config.json"
log=$SAFEDOCKER_AUDIT_PATH
expect_equal "$(audit_daemons "$log" invocation label=k1)" "$(key_of "$SA")"
expect_equal "$(audit_daemons "$log" invocation label=k2)" "$(key_of "$SA")"
expect_equal "$(audit_daemons "$log" invocation label=k3)" "$(key_of "$SB")"
expect_equal "$(audit_daemons "$log" invocation label=k4)" "tcp:127.0.0.1:$port"
expect_equal "$(audit_daemons "$log" invocation label=k5)" "ssh:ci@build.example:2222"
expect_equal "$(audit_daemons "$log" invocation label=k6)" "$(key_of "$SB")"
expect_equal "$(audit_daemons "$log" invocation label=k7)" "$(key_of "$SA")"
expect_equal "$(audit_daemons "$log" invocation label=k8)" "$(key_of "$SB")"
expect_equal "$(audit_daemons "$log" invocation label=k9)" "$(key_of "$SA")"
expect_exit 0 "$SAFEDOCKER" guard log --json
expect_contains "$OUT" "\"daemon\":\"tcp:127.0.0.1:$port\""
# A retry names its daemon.
mkdir -p "$XDG_CONFIG_HOME/safedocker"
printf '[retry]\nbase_ms = 20\ncap_ms = 40\n' >"$XDG_CONFIG_HOME/safedocker/rules.toml"
SAFEDOCKER_RETRY_MAX_ATTEMPTS=2 FAKE_EXIT=1 FAKE_STDERR="toomanyrequests: rate limit" \
  expect_exit 1 "$SHIMS/docker" -H "unix://$SB" pull busybox
expect_contains "$ERR" "safedocker: retry 2/2 in"
expect_equal "$(audit_daemons "$log" retry)" "$(key_of "$SB")"
expect_equal "$(audit_daemons "$log" invocation busybox)" "$(key_of "$SB")"
# So does the opening of a breaker, and the calls it refuses.
D=$(sock dead2)
for _ in 1 2 3; do
  SAFEDOCKER_BREAKER=1 FAKE_EXIT=1 FAKE_STDERR="Cannot connect to the Docker daemon at unix://$D. Is the docker daemon running?" \
    expect_exit 1 "$SHIMS/docker" -H "unix://$D" ps --filter label=dead
done
SAFEDOCKER_BREAKER=1 expect_exit 205 "$SHIMS/docker" -H "unix://$D" ps --filter label=dead
expect_equal "$(audit_daemons "$log" breaker_open)" "$(key_of "$D")"
expect_equal "$(audit_daemons "$log" invocation label=dead | sort -u)" "$(key_of "$D")"
expect_equal "$(jq -r 'select(.event == "invocation" and .daemon == null) | .argv | join(" ")' "$log")" ""
kill "$tcp_pid" 2>/dev/null
wait "$tcp_pid" 2>/dev/null
