# shellcheck shell=bash
# Many hosts, one daemon: slots and the rate limit shared through a real redis-server
# (coordination.backend = redis). Four hosts are simulated on this machine, each with its own
# rules file (its coordination.host_id), lock directory and state; their calls go to a fake
# docker that notes how many run at once.

if ! command -v redis-server >/dev/null 2>&1 || ! command -v redis-cli >/dev/null 2>&1; then
  if [ "${CI:-}" = "true" ]; then
    fail "redis-server and redis-cli are not installed (packaging/install-deps installs them)"
    suite_end
    exit 1
  fi
  echo "SKIP: coordination needs redis-server and redis-cli (packaging/install-deps installs them)"
  exit 77
fi

free_port() { /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
now_ms() { echo $(($(date +%s%N) / 1000000)); }
PORT=$(free_port)
redis_pid=""
# start_redis [ARGS…]: a redis-server on $PORT that keeps nothing on disk.
start_redis() {
  redis-server --port "$PORT" --bind 127.0.0.1 --save '' --appendonly no --dir "$SUITE_DIR" "$@" \
    >"$SUITE_DIR/redis.log" 2>&1 &
  redis_pid=$!
  for _ in $(seq 100); do
    [ "$(redis-cli -p "$PORT" ${REDIS_AUTH:+-a "$REDIS_AUTH" --no-auth-warning} ping 2>/dev/null)" = PONG ] && return 0
    sleep 0.05
  done
  fail "redis-server did not start: $(cat "$SUITE_DIR/redis.log")"
}
stop_redis() {
  [ -n "$redis_pid" ] && kill -9 "$redis_pid" 2>/dev/null && wait "$redis_pid" 2>/dev/null
  redis_pid=""
}
rcli() { redis-cli -p "$PORT" ${REDIS_AUTH:+-a "$REDIS_AUTH" --no-auth-warning} "$@"; }
# host N [SETTING…]: writes host N's rules file (coordination settings and what is given).
host() {
  local n=$1
  shift
  {
    echo "[coordination]"
    echo 'backend = "redis"'
    echo "redis = \"redis://127.0.0.1:$PORT/0\""
    echo "host_id = \"host$n\""
    echo 'daemon = "engine"'
    echo "lease_ms = ${LEASE_MS:-3000}"
    local line
    for line in "$@"; do echo "$line"; done
  } >"$SUITE_DIR/host$n.toml"
  # A fresh lock directory: no pause noted by an earlier test's unreachable server.
  rm -rf "${SUITE_DIR:?}/lock$n"
  mkdir -m 700 "$SUITE_DIR/lock$n"
}
# as_host N CMD…: runs CMD as host N.
as_host() {
  local n=$1
  shift
  SAFEDOCKER_RULES="$SUITE_DIR/host$n.toml" SAFEDOCKER_LOCK_DIR="$SUITE_DIR/lock$n" "$@"
}
# as_host_bg N CMD… &: the same in the background, where $! is CMD's own pid (kill -9 hits the
# wrapper itself, not a subshell around it).
as_host_bg() {
  local n=$1
  shift
  SAFEDOCKER_RULES="$SUITE_DIR/host$n.toml" SAFEDOCKER_LOCK_DIR="$SUITE_DIR/lock$n" exec "$@"
}
audit() { cat "$XDG_STATE_HOME/safedocker/audit.jsonl"; }
max_observed() { cat "$1"/observed.* 2>/dev/null | sort -n | tail -n 1; }
# The fake docker's start times (ms) of the calls whose argv has WORD, in start order.
starts() { for f in "$FAKE_LOG_DIR"/call.*; do grep -q "arg $1" "$f" && stat -c '%.3Y' "$f"; done | sort -n | tr -d . ; }
holders() { rcli zcard "safedocker:{$DAEMON_DIR}:holders"; }
queued() { rcli zcard "safedocker:{$DAEMON_DIR}:queue"; }
# The daemon "engine"'s hash tag, as its keys carry it.
DAEMON_DIR=$(daemon_dir engine)

start_redis

TEST "a bad coordination setting is refused naming the key and the fix (exit 201)"
export SAFEDOCKER_REAL_DOCKER="$FAKE_DOCKER"
host 1
sed -i "s|^redis = .*|redis = \"redis://:secret@127.0.0.1:$PORT\"|" "$SUITE_DIR/host1.toml"
expect_exit 201 as_host 1 "$SHIMS/docker" ps
expect_contains "$ERR" "coordination.redis"
expect_contains "$ERR" "coordination.password_file"
host 1 'host_id = "ci runner"'
sed -i '/^host_id = "host1"$/d' "$SUITE_DIR/host1.toml"
expect_exit 201 as_host 1 "$SHIMS/docker" ps
expect_contains "$ERR" "coordination.host_id"
host 1 'on_unavailable = "wait"'
expect_exit 201 as_host 1 "$SHIMS/docker" ps
expect_contains "$ERR" "write local or block"
expect_equal "$(fake_calls)" 0

TEST "4 hosts, 40 calls, 3 slots: never more than 3 at the daemon, all run, each recorded with the fleet"
export SAFEDOCKER_REAL_DOCKER="$FAKE_DOCKER" FAKE_COUNT_DIR="$SUITE_DIR/count" FAKE_SLEEP=0.2 SAFEDOCKER_MAX_CONCURRENT=3
mkdir -p "$FAKE_COUNT_DIR"
for n in 1 2 3 4; do host "$n"; done
pids=()
for i in $(seq 40); do
  as_host_bg $((i % 4 + 1)) "$SHIMS/docker" ps --filter "label=n$i" >/dev/null 2>&1 &
  pids+=($!)
done
failed=0
for pid in "${pids[@]}"; do wait "$pid" || failed=$((failed + 1)); done
expect_equal "$failed" 0
expect_equal "$(fake_calls)" 40
expect_equal "$(max_observed "$FAKE_COUNT_DIR")" 3
expect_equal "$(audit | grep -c '"coordination":{"backend":"redis","fleet_daemon":"engine","degraded":false')" 40
expect_equal "$(holders)" 0
expect_equal "$(queued)" 0

TEST "grants follow the tickets across hosts: one slot, six waiters queued in turn from four hosts"
export SAFEDOCKER_REAL_DOCKER="$FAKE_DOCKER" SAFEDOCKER_MAX_CONCURRENT=1
for n in 1 2 3 4; do host "$n"; done
FAKE_SLEEP=1 as_host_bg 1 "$SHIMS/docker" ps --filter label=first >/dev/null 2>&1 &
first=$!
for _ in $(seq 100); do [ "$(holders)" = 1 ] && break; sleep 0.02; done
pids=()
for i in 1 2 3 4 5 6; do
  FAKE_SLEEP=0.2 as_host_bg $((i % 4 + 1)) "$SHIMS/docker" ps --filter "label=w$i" >/dev/null 2>&1 &
  pids+=($!)
  for _ in $(seq 200); do [ "$(queued)" = "$i" ] && break; sleep 0.02; done
done
wait "$first" "${pids[@]}"
order=""
while read -r f; do order="$order $(grep -o 'label=[a-z0-9]*' "$f" | cut -d= -f2)"; done < <(
  find "$FAKE_LOG_DIR" -name 'call.*' ! -name '*.tmp' -printf '%T@ %p\n' | sort -n | cut -d' ' -f2)
expect_equal "$order" " first w1 w2 w3 w4 w5 w6"
tickets=$(audit | grep -o '"ticket":[0-9]*' | cut -d: -f2 | tr '\n' ' ')
expect_equal "$(wc -w <<<"$tickets")" 6

TEST "limits.min_interval_ms holds across hosts: starts at least 300 ms apart"
export SAFEDOCKER_REAL_DOCKER="$FAKE_DOCKER" SAFEDOCKER_MAX_CONCURRENT=3 SAFEDOCKER_MIN_INTERVAL_MS=300
for n in 1 2 3 4; do host "$n"; done
pids=()
for i in $(seq 8); do
  as_host_bg $((i % 4 + 1)) "$SHIMS/docker" ps --filter "label=r$i" >/dev/null 2>&1 &
  pids+=($!)
done
wait "${pids[@]}"
expect_equal "$(fake_calls)" 8
previous=""
closest=999999
for t in $(starts 'ps'); do
  [ -n "$previous" ] && [ $((t - previous)) -lt "$closest" ] && closest=$((t - previous))
  previous=$t
done
echo "    closest starts: ${closest} ms apart"
# The reservation is exact on the server; a start may lag its turn by the exec of the fake.
[ "$closest" -ge 250 ] || fail "two starts were only ${closest} ms apart with limits.min_interval_ms = 300"

TEST "guard health shows the fleet: the server, every host's holders and waiters of the daemon"
rcli flushall >/dev/null
export SAFEDOCKER_REAL_DOCKER="$FAKE_DOCKER" SAFEDOCKER_MAX_CONCURRENT=1
for n in 1 2 3; do host "$n"; done
FAKE_SLEEP=3 as_host_bg 1 "$SHIMS/docker" image ls >/dev/null 2>&1 &
holder=$!
for _ in $(seq 100); do [ "$(holders)" = 1 ] && break; sleep 0.02; done
as_host_bg 2 "$SHIMS/docker" ps >/dev/null 2>&1 &
waiter=$!
for _ in $(seq 100); do [ "$(queued)" = 1 ] && break; sleep 0.02; done
expect_exit 1 as_host 3 "$SAFEDOCKER" guard health --json # no daemon behind the fake: unhealthy
expect_equal "$(jq -c '.daemons[0].coordination | [.server, .fleet_daemon, [.holders[] | [.host, .pid, .command]], [.waiters[] | [.host, .pid]]]' <<<"$OUT")" \
  "[\"redis://127.0.0.1:$PORT/0\",\"engine\",[[\"host1\",$holder,\"docker image ls\"]],[[\"host2\",$waiter]]]"
expect_exit 1 as_host 3 "$SAFEDOCKER" guard health
expect_contains "$OUT" "fleet:    redis://127.0.0.1:$PORT/0 as host3, engine in"
expect_contains "$OUT" "holder host1 pid $holder docker image ls since"
expect_contains "$OUT" "waiter host2 pid $waiter docker container ls since"
wait "$holder" "$waiter"

TEST "kill -9 of a holding wrapper: its docker lives on, its slot is reused within the lease plus 1 s"
export SAFEDOCKER_REAL_DOCKER="$FAKE_DOCKER" SAFEDOCKER_MAX_CONCURRENT=1
host 1
host 2
FAKE_SLEEP=30 as_host_bg 1 "$SHIMS/docker" image ls >/dev/null 2>&1 &
holder=$!
for _ in $(seq 100); do [ "$(holders)" = 1 ] && break; sleep 0.02; done
docker_pid=""
for _ in $(seq 100); do
  docker_pid=$(grep -l 'arg image' "$FAKE_LOG_DIR"/call.* 2>/dev/null | head -n 1)
  [ -n "$docker_pid" ] && break
  sleep 0.02
done
docker_pid=${docker_pid##*.}
kill -9 "$holder"
killed=$(now_ms)
expect_exit 0 as_host 2 "$SHIMS/docker" ps
took=$(($(now_ms) - killed))
echo "    the next call ran ${took} ms after the holder was killed (lease 3000 ms)"
[ "$took" -le 4500 ] || fail "the killed holder's slot was free only after ${took} ms"
[ "$took" -ge 1000 ] || fail "the killed holder's slot was free after ${took} ms: before its lease ended"
kill -0 "$docker_pid" 2>/dev/null || fail "the killed wrapper's docker (pid $docker_pid) died with it"
kill "$docker_pid" 2>/dev/null

TEST "kill -9 of the queue's head: the next waiter is served within the waiter's lease plus 1 s"
export SAFEDOCKER_REAL_DOCKER="$FAKE_DOCKER" SAFEDOCKER_MAX_CONCURRENT=1
for n in 1 2 3; do host "$n"; done
FAKE_SLEEP=0.5 as_host_bg 1 "$SHIMS/docker" ps --filter label=holder >/dev/null 2>&1 &
holder=$!
for _ in $(seq 100); do [ "$(holders)" = 1 ] && break; sleep 0.02; done
as_host_bg 2 "$SHIMS/docker" ps --filter label=head >/dev/null 2>&1 &
head=$!
for _ in $(seq 100); do [ "$(queued)" = 1 ] && break; sleep 0.02; done
as_host_bg 3 "$SHIMS/docker" ps --filter label=next >/dev/null 2>&1 &
next=$!
for _ in $(seq 100); do [ "$(queued)" = 2 ] && break; sleep 0.02; done
kill -9 "$head"
killed=$(now_ms)
wait "$next"
took=$(($(now_ms) - killed))
echo "    the next waiter ran ${took} ms after the head was killed (lease 3000 ms)"
[ "$took" -le 4500 ] || fail "the waiter behind a killed head ran only after ${took} ms"
wait "$holder"
expect_equal "$(grep -l 'label=next' "$FAKE_LOG_DIR"/call.* | wc -l)" 1
expect_equal "$(grep -l 'label=head' "$FAKE_LOG_DIR"/call.* 2>/dev/null | wc -l)" 0

TEST "a nested call runs under its ancestor's fleet slot: no deadlock with one slot"
nested="$SUITE_DIR/nested-docker"
# shellcheck disable=SC2016  # expanded when the nested docker runs
printf '%s\n' '#!/usr/bin/env bash' \
  '# The outer call (run) calls docker again, as a CLI plugin or a wrapper script would.' \
  'if [ "$1" = run ]; then SAFEDOCKER_REAL_DOCKER="$INNER" docker ps; echo "$?" >"$NEST_OUT"; fi' \
  'exec "$INNER" "$@"' >"$nested"
chmod +x "$nested"
export SAFEDOCKER_REAL_DOCKER="$nested" INNER="$FAKE_DOCKER" NEST_OUT="$SUITE_DIR/nested.out" \
  SAFEDOCKER_MAX_CONCURRENT=1 SAFEDOCKER_ACQUIRE_TIMEOUT=5
host 1
PATH="$SHIMS:$PATH" expect_exit 0 as_host 1 "$SHIMS/docker" run --rm img true
expect_equal "$(cat "$SUITE_DIR/nested.out" 2>/dev/null)" 0
expect_not_contains "$ERR" "no docker slot"

# The breaker's tests: a fake daemon on a unix socket, named "engine" by every host.
: "${FAKE_DAEMON:?FAKE_DAEMON must name the fake-daemon binary}"
daemon_pid=""
start_daemon() { # MODE [REQUEST_LOG]
  stop_daemon
  rm -f "$SUITE_DIR/d.sock"
  FAKE_DAEMON_LOG="${2:-}" "$FAKE_DAEMON" "$SUITE_DIR/d.sock" "$1" >"$SUITE_DIR/daemon.out" 2>&1 &
  daemon_pid=$!
  for _ in $(seq 100); do grep -q ready "$SUITE_DIR/daemon.out" 2>/dev/null && return 0; sleep 0.05; done
  fail "fake daemon did not start"
}
stop_daemon() { [ -n "$daemon_pid" ] && kill "$daemon_pid" 2>/dev/null && wait "$daemon_pid" 2>/dev/null; daemon_pid=""; }
trap 'stop_daemon; stop_redis' EXIT
# fail_as_host N: a call of host N that fails because its daemon cannot be reached.
fail_as_host() {
  FAKE_EXIT=1 FAKE_STDERR="Cannot connect to the Docker daemon at $DOCKER_HOST. Is the docker daemon running?" \
    as_host "$1" "$SHIMS/docker" ps >/dev/null 2>&1
}

TEST "breaker: failures from one host open its own breaker only; the others go on"
rcli flushall >/dev/null
start_daemon ok
export SAFEDOCKER_REAL_DOCKER="$FAKE_DOCKER" SAFEDOCKER_BREAKER=1 DOCKER_HOST="unix://$SUITE_DIR/d.sock"
for n in 1 2; do host "$n"; done
expect_exit 0 as_host 1 "$SHIMS/docker" ps
expect_exit 0 as_host 2 "$SHIMS/docker" ps
# Host 1's network is broken: its docker reaches nothing, and neither does its probe.
for _ in 1 2 3; do DOCKER_HOST="unix://$SUITE_DIR/gone.sock" fail_as_host 1; done
DOCKER_HOST="unix://$SUITE_DIR/gone.sock" expect_exit 205 as_host 1 "$SHIMS/docker" ps
expect_contains "$ERR" "circuit breaker open since"
expect_exit 0 as_host 2 "$SHIMS/docker" ps
expect_equal "$(rcli hget "safedocker:{$DAEMON_DIR}:breaker:open" '*')" ""
stop_daemon

TEST "breaker: failures from two hosts open it fleet-wide; every host fails fast without running docker"
rcli flushall >/dev/null
start_daemon ok
export SAFEDOCKER_REAL_DOCKER="$FAKE_DOCKER" SAFEDOCKER_BREAKER=1 DOCKER_HOST="unix://$SUITE_DIR/d.sock"
for n in 1 2 3 4; do host "$n"; done
for n in 1 2 3 4; do expect_exit 0 as_host "$n" "$SHIMS/docker" ps; done
stop_daemon
rm -f "$SUITE_DIR/d.sock"
fail_as_host 1
fail_as_host 2
FAKE_EXIT=1 FAKE_STDERR="Cannot connect to the Docker daemon at $DOCKER_HOST. Is the docker daemon running?" \
  expect_exit 1 as_host 1 "$SHIMS/docker" ps
expect_contains "$ERR" "circuit breaker of the fleet for engine opened"
calls=$(fake_calls)
for n in 3 4 2; do
  expect_exit 205 as_host "$n" "$SHIMS/docker" ps
  expect_contains "$ERR" "fleet-wide"
done
expect_equal "$(fake_calls)" "$calls"
expect_contains "$(audit | grep '"event":"breaker_open"')" "fleet-wide"
expect_exit 1 as_host 3 "$SAFEDOCKER" guard health --json
expect_equal "$(jq -c '.daemons[0].coordination | [.fleet_daemon, .host_id, .fleet_breaker.state, .host_breaker.state]' <<<"$OUT")" \
  '["engine","host3","open","closed"]'
expect_exit 0 as_host 3 "$SAFEDOCKER" guard reset
expect_contains "$OUT" "circuit breakers of the fleet for engine closed, every host's (one was open)"
expect_contains "$(audit | grep '"event":"breaker_reset"')" "fleet-wide: was open"
start_daemon ok
expect_exit 0 as_host 4 "$SHIMS/docker" ps
stop_daemon

TEST "breaker: one /_ping for the whole fleet per half-open period, then every host runs"
rcli flushall >/dev/null
export SAFEDOCKER_REAL_DOCKER="$FAKE_DOCKER" SAFEDOCKER_BREAKER=1 SAFEDOCKER_BREAKER_OPEN_SECONDS=1 \
  DOCKER_HOST="unix://$SUITE_DIR/d.sock"
for n in 1 2 3 4; do host "$n"; done
start_daemon ok
for n in 1 2 3 4; do expect_exit 0 as_host "$n" "$SHIMS/docker" ps; done
stop_daemon
rm -f "$SUITE_DIR/d.sock"
for n in 1 2 3; do fail_as_host "$n"; done
expect_exit 205 as_host 4 "$SHIMS/docker" ps
: >"$SUITE_DIR/requests.log"
start_daemon ok "$SUITE_DIR/requests.log"
sleep 1.2
pids=()
for i in $(seq 12); do
  as_host_bg $((i % 4 + 1)) "$SHIMS/docker" ps >/dev/null 2>&1 &
  pids+=($!)
done
wait "${pids[@]}"
expect_equal "$(grep -c '_ping' "$SUITE_DIR/requests.log")" 1
for n in 1 2 3 4; do expect_exit 0 as_host "$n" "$SHIMS/docker" ps; done
expect_equal "$(rcli exists "safedocker:{$DAEMON_DIR}:breaker:open")" 0
expect_contains "$(audit | grep '"event":"breaker_close"')" "fleet-wide"
stop_daemon

TEST "the API guard takes the fleet's slots: a program's request waits for a slot another host's shim call holds"
rcli flushall >/dev/null
export SAFEDOCKER_REAL_DOCKER="$FAKE_DOCKER" SAFEDOCKER_MAX_CONCURRENT=1
for n in 1 2; do host "$n"; done
start_daemon ok
as_host_bg 1 "$SAFEDOCKER" guard proxy --listen "unix://$SUITE_DIR/guard.sock" --upstream "unix://$SUITE_DIR/d.sock" \
  >"$SUITE_DIR/proxy.log" 2>&1 &
proxy_pid=$!
for _ in $(seq 100); do [ -S "$SUITE_DIR/guard.sock" ] && break; sleep 0.05; done
FAKE_SLEEP=2 as_host_bg 2 "$SHIMS/docker" image ls >/dev/null 2>&1 &
holder=$!
for _ in $(seq 100); do [ "$(holders)" = 1 ] && break; sleep 0.02; done
started=$(now_ms)
expect_exit 0 curl -s -o /dev/null -w '%{http_code}' --unix-socket "$SUITE_DIR/guard.sock" -X POST \
  http://d/v1.41/containers/web/start
took=$(($(now_ms) - started))
expect_equal "$OUT" 404 # the fake daemon's answer: the request went through
echo "    the API request waited ${took} ms for the slot held by host2's shim call"
[ "$took" -ge 1000 ] || fail "the API request did not wait for the fleet's slot (${took} ms)"
wait "$holder"
kill "$proxy_pid"
wait "$proxy_pid" 2>/dev/null
expect_equal "$(audit | grep '"channel":"api"' | grep '"method":"POST"' | jq -c '.coordination | [.fleet_daemon, .degraded, .ticket > 0]')" \
  '["engine",false,true]'
expect_equal "$(holders)" 0
stop_daemon

TEST "Redis unreachable: on_unavailable = local runs degraded under the host's own slots and says so"
export SAFEDOCKER_REAL_DOCKER="$FAKE_DOCKER"
host 1 "fallback_slots = 2" "connect_timeout_ms = 300"
sed -i "s|^redis = .*|redis = \"redis://127.0.0.1:$(free_port)/0\"|" "$SUITE_DIR/host1.toml"
expect_exit 0 as_host 1 "$SHIMS/docker" ps
expect_contains "$ERR" "cannot connect to Redis at redis://127.0.0.1:"
expect_contains "$ERR" "this host's own 2 slots (coordination.on_unavailable = local)"
expect_contains "$(audit)" '"degraded":true'
# Within the pause the server is not tried again: the call says why it runs degraded.
expect_exit 0 as_host 1 "$SHIMS/docker" ps
expect_contains "$ERR" "cannot connect to Redis"
expect_equal "$(fake_calls)" 2

TEST "Redis unreachable: on_unavailable = block refuses with exit 204 and the reason"
export SAFEDOCKER_REAL_DOCKER="$FAKE_DOCKER"
host 1 'on_unavailable = "block"'
sed -i "s|^redis = .*|redis = \"redis://127.0.0.1:$(free_port)/0\"|" "$SUITE_DIR/host1.toml"
expect_exit 204 as_host 1 "$SHIMS/docker" ps
expect_contains "$ERR" "no docker slot for engine: cannot connect to Redis at"
expect_contains "$ERR" "(coordination.on_unavailable = block)"
expect_equal "$(fake_calls)" 0
# A call that takes no slot (a stream) still runs.
expect_exit 0 as_host 1 "$SHIMS/docker" logs -f web
expect_equal "$(fake_calls)" 1

TEST "redis-server killed and restarted mid-run: no call fails, the gap's calls run degraded, the holder registers again"
export SAFEDOCKER_REAL_DOCKER="$FAKE_DOCKER" SAFEDOCKER_MAX_CONCURRENT=3
host 1 "connect_timeout_ms = 300"
host 2 "connect_timeout_ms = 300"
FAKE_SLEEP=4 as_host_bg 1 "$SHIMS/docker" image ls >/dev/null 2>"$SUITE_DIR/holder.err" &
holder=$!
for _ in $(seq 100); do [ "$(holders)" = 1 ] && break; sleep 0.02; done
stop_redis
expect_exit 0 as_host 2 "$SHIMS/docker" ps
expect_contains "$ERR" "this host's own 1 slot"
start_redis
restarted=$(now_ms)
for _ in $(seq 150); do [ "$(holders)" = 1 ] && break; sleep 0.02; done
took=$(($(now_ms) - restarted))
echo "    the holder registered again ${took} ms after the restart (lease 3000 ms)"
[ "$(holders)" = 1 ] || fail "no holder registered again; the server has: $(rcli keys '*' | tr '\n' ' ')"
[ "$took" -le 1500 ] || fail "the live holder registered again only after ${took} ms"
wait "$holder" || fail "the holder's call failed across the restart: $(cat "$SUITE_DIR/holder.err")"
expect_equal "$(audit | grep '"degraded":true' | grep -c '"ps"')" 1
expect_equal "$(holders)" 0

TEST "a host cut off from Redis (network namespace, packets dropped) degrades within the connect timeout and rejoins"
if [ "$(id -u)" != 0 ] || ! command -v ip >/dev/null || ! command -v iptables >/dev/null; then
  [ "${CI:-}" = "true" ] && fail "needs root, ip and iptables (CI runs as root)"
  echo "    SKIPPED: needs root, ip (iproute2) and iptables for a network namespace joined by veth"
else
  net=$((RANDOM % 200 + 20))
  ns="sdc$$"
  outer="sdc${$}a" inner="sdc${$}b"
  cut() { ip netns exec "$ns" iptables -A OUTPUT -d "10.231.$net.1" -j DROP; }
  mend() { ip netns exec "$ns" iptables -D OUTPUT -d "10.231.$net.1" -j DROP; }
  if ip netns add "$ns" && ip link add "$outer" type veth peer name "$inner" && ip link set "$inner" netns "$ns" \
    && ip addr add "10.231.$net.1/24" dev "$outer" && ip link set "$outer" up \
    && ip netns exec "$ns" ip addr add "10.231.$net.2/24" dev "$inner" && ip netns exec "$ns" ip link set "$inner" up \
    && ip netns exec "$ns" ip link set lo up; then
    stop_redis
    start_redis --bind 127.0.0.1 "10.231.$net.1" --protected-mode no
    export SAFEDOCKER_REAL_DOCKER="$FAKE_DOCKER"
    host 5 "connect_timeout_ms = 300"
    sed -i "s|^redis = .*|redis = \"redis://10.231.$net.1:$PORT/0\"|" "$SUITE_DIR/host5.toml"
    in_ns() { ip netns exec "$ns" env SAFEDOCKER_RULES="$SUITE_DIR/host5.toml" SAFEDOCKER_LOCK_DIR="$SUITE_DIR/lock5" "$@"; }
    expect_exit 0 in_ns "$SHIMS/docker" ps
    expect_not_contains "$ERR" "warning"
    cut
    started=$(now_ms)
    expect_exit 0 in_ns "$SHIMS/docker" ps
    took=$(($(now_ms) - started))
    echo "    cut off: the call ran degraded after ${took} ms (connect timeout 300 ms)"
    expect_contains "$ERR" "this host's own 1 slot"
    [ "$took" -le 1500 ] || fail "a host cut off from Redis took ${took} ms to degrade (connect timeout 300 ms)"
    expect_equal "$(audit | tail -n 1 | jq -c '.coordination.degraded')" true
    mend
    mended=$(now_ms)
    rejoined=""
    for _ in $(seq 40); do
      in_ns "$SHIMS/docker" ps >/dev/null 2>&1
      [ "$(audit | tail -n 1 | jq -c '.coordination.degraded')" = false ] && rejoined=$(($(now_ms) - mended)) && break
      sleep 0.25
    done
    echo "    link back: rejoined after ${rejoined:-never} ms (the pause is 5 s)"
    if [ -z "$rejoined" ] || [ "$rejoined" -gt 6500 ]; then
      fail "the host did not rejoin within the pause and 1.5 s"
    fi
  else
    fail "could not make a network namespace joined by veth"
  fi
  ip netns del "$ns" 2>/dev/null
  ip link del "$outer" 2>/dev/null
  stop_redis
  start_redis
fi

TEST "a password file: used when 0600, refused (degraded, with the fix) when others may read it"
stop_redis
REDIS_AUTH=s3cret start_redis --requirepass s3cret
export REDIS_AUTH=s3cret SAFEDOCKER_REAL_DOCKER="$FAKE_DOCKER"
printf 's3cret\n' >"$SUITE_DIR/redis.pass"
chmod 600 "$SUITE_DIR/redis.pass"
host 1 "password_file = \"$SUITE_DIR/redis.pass\""
expect_exit 0 as_host 1 "$SHIMS/docker" ps
expect_not_contains "$ERR" "warning"
expect_contains "$(audit)" '"degraded":false'
chmod 644 "$SUITE_DIR/redis.pass"
rm -f "$SUITE_DIR/lock1"/daemon.*/coordination
expect_exit 0 as_host 1 "$SHIMS/docker" ps
expect_contains "$ERR" "must be a regular file of mode 0600 or stricter"
expect_contains "$ERR" "chmod 600 $SUITE_DIR/redis.pass"
unset REDIS_AUTH
stop_redis
