# shellcheck shell=bash
# The API guard (guard proxy) in front of a real engine, used by real clients: the docker CLI
# (run, run -i with piped stdin, exec, logs -f, cp both ways, build, rm -f) and docker-py; raw
# requests that the daemon could read differently; the rules deciding API calls as CLI calls.

PROXY_SOCK="$SUITE_DIR/proxy.sock"
PROXY_AUDIT="$SUITE_DIR/proxy-audit/audit.jsonl"
proxy_pid=""
proxy_start() { # SOCKET UPSTREAM_URL [MORE_FLAGS…]
  local sock=$1 upstream=$2
  shift 2
  SAFEDOCKER_AUDIT_PATH="$PROXY_AUDIT" "$SAFEDOCKER" guard proxy --listen "unix://$sock" --upstream "$upstream" "$@" \
    >>"$SUITE_DIR/proxy.err" 2>&1 &
  proxy_pid=$!
  for _ in $(seq 100); do [ -S "$sock" ] && return 0; sleep 0.05; done
  fail "the proxy did not listen on $sock: $(cat "$SUITE_DIR/proxy.err")"
}
proxy_stop() { [ -n "$proxy_pid" ] && kill "$proxy_pid" 2>/dev/null; wait "$proxy_pid" 2>/dev/null; proxy_pid=""; }
# shellcheck disable=SC2154 # engine_dir: set by tests/e2e/run, whose exit trap this one extends
trap 'proxy_stop; engine_cleanup_all; rmdir "$engine_dir" 2>/dev/null' EXIT
# The docker CLI itself (not the shim) talks to the proxy: what an SDK or an IDE would do.
api_docker() { DOCKER_HOST="unix://$PROXY_SOCK" "$ENGINE_DOCKER" "$@"; }
# One raw HTTP/1.1 exchange with the proxy; prints the status line and the body.
raw() { # REQUEST_TEXT (with \r\n)
  /usr/bin/python3 - "$PROXY_SOCK" "$1" <<'EOF'
import socket, sys
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
s.sendall(sys.argv[2].encode().decode("unicode_escape").encode("latin-1"))
s.settimeout(20)
data = b""
try:
    while True:
        chunk = s.recv(65536)
        if not chunk:
            break
        data += chunk
except socket.timeout:
    pass
head, _, body = data.partition(b"\r\n\r\n")
print(head.split(b"\r\n")[0].decode())
print(body.decode(errors="replace"))
EOF
}
running_container() { # NAME: a container that runs until SIGTERM, which it records in $SUITE_DIR/out-NAME
  mkdir -p "$SUITE_DIR/out-$1"
  engine_docker run -d --name "$1" --network none -v "$SUITE_DIR/out-$1:/out" "$IMAGE" \
    sh -c 'trap "echo TERM > /out/term; exit 0" TERM; while :; do sleep 0.1; done' >/dev/null
}
gone() { ! engine_docker inspect "$1" >/dev/null 2>&1; }
# The guard writes its records from a thread of its own, within 20 ms of each response.
await_record() { # PATTERN (grep -E) in the proxy's audit log, up to 5 s
  for _ in $(seq 100); do grep -Eq "$1" "$PROXY_AUDIT" 2>/dev/null && return 0; sleep 0.05; done
  fail "no record matching $1 in $PROXY_AUDIT"
}

proxy_start "$PROXY_SOCK" "$ENGINE_HOST"

TEST "the socket is private (0600) and the proxy says where it forwards"
expect_equal "$(stat -c %a "$PROXY_SOCK")" 600
expect_contains "$(cat "$SUITE_DIR/proxy.err")" "listening on $PROXY_SOCK, forwarding to ${ENGINE_HOST#unix://}"

TEST "an upstream that is the proxy's own socket, or a listen path that is not a socket, is refused (exit 2)"
expect_exit 2 "$SAFEDOCKER" guard proxy --listen "unix://$PROXY_SOCK" --upstream "$ENGINE_HOST"
expect_contains "$ERR" "is in use" # a live proxy's socket is never taken over
ln -sf "$SUITE_DIR/loop.sock" "$SUITE_DIR/loop-link"
expect_exit 2 "$SAFEDOCKER" guard proxy --listen "unix://$SUITE_DIR/loop.sock" --upstream "unix://$SUITE_DIR/loop-link"
expect_contains "$ERR" "leads to the guard's own socket"
[ -e "$SUITE_DIR/loop.sock" ] && fail "the refused socket was left behind"
: >"$SUITE_DIR/plain-file"
expect_exit 2 "$SAFEDOCKER" guard proxy --listen "unix://$SUITE_DIR/plain-file"
expect_contains "$ERR" "exists and is not a socket"

TEST "docker run --rm through the proxy: output and exit status"
expect_exit 0 api_docker run --rm --network none "$IMAGE" echo through-the-proxy
expect_equal "$OUT" "through-the-proxy"
expect_exit 7 api_docker run --rm --network none "$IMAGE" sh -c 'exit 7'

TEST "piped stdin ends: the tunnel passes the half-close on (echo ok | docker run -i … cat)"
got=$(echo ok | timeout 60 "$ENGINE_DOCKER" -H "unix://$PROXY_SOCK" run -i --rm --network none "$IMAGE" cat)
expect_equal "$?" 0
expect_equal "$got" "ok"

TEST "exec with and without -i, logs -f streaming, cp both ways"
# shellcheck disable=SC2016 # the container's shell expands it
engine_docker run -d --name pxlogs --network none "$IMAGE" sh -c 'i=0; while :; do echo line$i; i=$((i+1)); sleep 0.2; done' >/dev/null
expect_exit 0 api_docker exec pxlogs echo exec-ok
expect_equal "$OUT" "exec-ok"
got=$(echo stdin-ok | api_docker exec -i pxlogs cat)
expect_equal "$got" "stdin-ok"
got=$(timeout 20 "$ENGINE_DOCKER" -H "unix://$PROXY_SOCK" logs -f pxlogs | head -n 3 | tr '\n' ' ')
expect_equal "$got" "line0 line1 line2 "
echo copied-in >"$SUITE_DIR/cp-in"
expect_exit 0 api_docker cp "$SUITE_DIR/cp-in" pxlogs:/cp-in
expect_exit 0 api_docker cp pxlogs:/cp-in "$SUITE_DIR/cp-out"
expect_equal "$(cat "$SUITE_DIR/cp-out")" "copied-in"
engine_docker stop -t 1 pxlogs >/dev/null
engine_docker rm pxlogs >/dev/null

TEST "docker build streams its context and its output"
mkdir -p "$SUITE_DIR/ctx"
printf 'FROM %s\nRUN echo built > /built\n' "$IMAGE" >"$SUITE_DIR/ctx/Dockerfile"
DOCKER_BUILDKIT=0 expect_exit 0 api_docker build -q -t pxbuilt "$SUITE_DIR/ctx"
expect_exit 0 api_docker run --rm --network none pxbuilt cat /built
expect_equal "$OUT" "built"

TEST "docker rm -f of a running container: stopped with its grace (the TERM trap ran), then removed"
running_container pxrun
expect_exit 0 api_docker rm -f pxrun
expect_equal "$(cat "$SUITE_DIR/out-pxrun/term" 2>/dev/null)" "TERM"
gone pxrun || fail "pxrun is still there"
expect_contains "$(cat "$SUITE_DIR/proxy.err")" "graceful: docker container rm --force pxrun: stopped with a grace of 10s"

TEST "each request is one audit record: channel api, the command line it stands for, the caller, the status"
await_record '"method":"DELETE".*/containers/pxrun[?]'
last_delete=$(grep '"method":"DELETE"' "$PROXY_AUDIT" | grep '/containers/pxrun?' | tail -n 1)
expect_equal "$(jq -c '[.event, .channel, .decision, .rule, .argv, .command, .status, .rewritten[0][0:3]]' <<<"$last_delete")" \
  '["invocation","api","rewrite","force-rm",["docker","container","rm","--force","pxrun"],"container rm",204,["docker","container","stop"]]'
expect_equal "$(jq -r '.caller.exe' <<<"$last_delete")" "$(readlink -f "$ENGINE_DOCKER")"
expect_contains "$(jq -r '.caller.user_agent' <<<"$last_delete")" "Docker-Client/"
expect_equal "$(jq -r '.daemon' <<<"$last_delete")" "unix:$(readlink -f "${ENGINE_HOST#unix://}")"
SAFEDOCKER_AUDIT_PATH="$PROXY_AUDIT" expect_exit 0 "$SAFEDOCKER" guard stats --json
[ "$(jq '.by_channel.api' <<<"$OUT")" -gt 10 ] || fail "guard stats counts no api calls: $OUT"
SAFEDOCKER_AUDIT_PATH="$PROXY_AUDIT" expect_exit 0 "$SAFEDOCKER" guard log -n 50
expect_contains "$OUT" "api DELETE /v1.41/containers/pxrun?force=1 -> 204  (docker container rm --force pxrun)  [force-rm]"

TEST "docker rm -f of a stopped container: force changes nothing, it is removed"
engine_docker create --name pxstopped --network none "$IMAGE" true >/dev/null
expect_exit 0 api_docker rm -f pxstopped
gone pxstopped || fail "pxstopped is still there"

TEST "what the rules block is denied readably: Error response from daemon: safedocker: …"
expect_exit 1 api_docker container prune -f
expect_contains "$ERR" "Error response from daemon: safedocker: blocked by rule force-prune: docker container prune --force"
# A program sent it: nobody could answer the prune's prompt, so the advice is the cleanup that needs none.
expect_contains "$ERR" "instead: safedocker guard cleanup (removes exited containers"
engine_docker create --name pxheld --network none "$IMAGE" true >/dev/null
expect_exit 1 api_docker image rm -f "$IMAGE"
expect_contains "$ERR" "safedocker: blocked by rule force-rmi"
engine_docker rm pxheld >/dev/null

TEST "raw requests are read as the daemon reads them, or refused"
running_container pxraw
# force=0&force=1: the first value counts, so this is no force: the daemon itself refuses (409).
expect_equal "$(raw 'DELETE /v1.41/containers/pxraw?force=0&force=1 HTTP/1.1\r\nHost: d\r\nConnection: close\r\n\r\n' | head -n 1)" "HTTP/1.1 409 Conflict"
[ -e "$SUITE_DIR/out-pxraw/term" ] && fail "a request without force stopped pxraw"
# %74rue decodes to true: forced, so graceful.
expect_equal "$(raw 'DELETE /v1.41/containers/pxraw?force=%74rue HTTP/1.1\r\nHost: d\r\nConnection: close\r\n\r\n' | head -n 1)" "HTTP/1.1 204 No Content"
expect_equal "$(cat "$SUITE_DIR/out-pxraw/term" 2>/dev/null)" "TERM"
running_container pxraw2
expect_equal "$(raw 'DELETE /containers/pxraw2?force=yes HTTP/1.1\r\nHost: d\r\nConnection: close\r\n\r\n' | head -n 1)" "HTTP/1.1 204 No Content"
expect_equal "$(cat "$SUITE_DIR/out-pxraw2/term" 2>/dev/null)" "TERM"
for target in '/v1.41/containers/../containers/x/json' '//containers/x/json' '/v1.41/containers/a%2Fb/json' '/containers/x/json#frag'; do
  got=$(raw "GET $target HTTP/1.1\r\nHost: d\r\nConnection: close\r\n\r\n")
  expect_equal "$(head -n 1 <<<"$got")" "HTTP/1.1 400 Bad Request"
  expect_contains "$got" '"message":"safedocker: refused an ambiguous request target'
done
got=$(raw 'POST /v1.41/containers/prune HTTP/1.1\r\nHost: d\r\nConnection: close\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n')
expect_equal "$(head -n 1 <<<"$got")" "HTTP/1.1 400 Bad Request"
got=$(raw 'GET /_ping HTTP/1.1\r\nHost: d\r\nConnection: close\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\n\r\n')
expect_equal "$(head -n 1 <<<"$got")" "HTTP/1.1 400 Bad Request"
expect_contains "$got" "h2c"
await_record '"refusal":"ambiguous_request"'
expect_equal "$(raw 'GET /_ping HTTP/1.1\r\nHost: d\r\nConnection: close\r\n\r\n' | tr -d '\r' | head -n 2 | tr '\n' ' ')" "HTTP/1.1 200 OK OK "

TEST "docker-py: create, start, logs(stream=True), an exec socket, remove(force=True) of a running container"
if ! /usr/bin/python3 -c 'import docker' 2>/dev/null; then
  [ "${CI:-}" = "true" ] && fail "python3-docker is not installed (packaging/install-deps installs it)"
  echo "    SKIPPED: python3-docker is not installed"
else
  mkdir -p "$SUITE_DIR/out-pypx"
  expect_exit 0 /usr/bin/python3 - "unix://$PROXY_SOCK" "$IMAGE" "$SUITE_DIR/out-pypx" <<'EOF'
import docker, sys
client = docker.DockerClient(base_url=sys.argv[1])
c = client.containers.run(sys.argv[2], ["sh", "-c", 'trap "echo TERM > /out/term; exit 0" TERM; echo one; while :; do sleep 0.1; done'],
                          detach=True, network_mode="none", volumes={sys.argv[3]: {"bind": "/out", "mode": "rw"}}, name="pypx")
print("logs", next(c.logs(stream=True, follow=True)).decode().strip())
exec_id = client.api.exec_create(c.id, ["sh", "-c", "echo exec-out"])["Id"]
print("exec", client.api.exec_start(exec_id).decode().strip())
sock = client.api.exec_start(client.api.exec_create(c.id, ["cat"], stdin=True)["Id"], socket=True)
sock._sock.sendall(b"via-socket\n")
sock._sock.shutdown(1)
print("socket", sock._sock.recv(4096)[8:].decode().strip())
c.remove(force=True)
print("removed")
EOF
  expect_equal "$(tr '\n' ' ' <<<"$OUT")" "logs one exec exec-out socket via-socket removed "
  expect_equal "$(cat "$SUITE_DIR/out-pypx/term" 2>/dev/null)" "TERM"
  gone pypx || fail "pypx is still there"
fi

TEST "a replay of Ryuk's cleanup: labelled running containers removed with force=1&v=1 go gracefully"
if ! /usr/bin/python3 -c 'import docker' 2>/dev/null; then
  [ "${CI:-}" = "true" ] && fail "python3-docker is not installed (packaging/install-deps installs it)"
  echo "    SKIPPED: python3-docker is not installed"
else
  for n in 1 2 3; do
    mkdir -p "$SUITE_DIR/out-ryuk$n"
    engine_docker run -d --name "ryuk$n" --network none --label org.testcontainers.sessionId=sess-42 \
      -v "$SUITE_DIR/out-ryuk$n:/out" "$IMAGE" sh -c 'trap "echo TERM > /out/term; exit 0" TERM; while :; do sleep 0.1; done' >/dev/null
  done
  engine_docker run -d --name ryuk-other --network none --label org.testcontainers.sessionId=sess-7 "$IMAGE" sleep 300 >/dev/null
  # What Ryuk does when its test run ends: list by the session label, then remove each with
  # force and volumes (testcontainers-go's reaper, moby's client.ContainerRemove).
  expect_exit 0 /usr/bin/python3 - "unix://$PROXY_SOCK" <<'EOF'
import docker, sys
api = docker.APIClient(base_url=sys.argv[1], user_agent="testcontainers-ryuk")
for c in api.containers(all=True, filters={"label": "org.testcontainers.sessionId=sess-42"}):
    api.remove_container(c["Id"], v=True, force=True)
print("removed")
EOF
  for n in 1 2 3; do
    expect_equal "$(cat "$SUITE_DIR/out-ryuk$n/term" 2>/dev/null)" "TERM"
    gone "ryuk$n" || fail "ryuk$n is still there"
  done
  expect_equal "$(engine_docker inspect -f '{{.State.Running}}' ryuk-other)" "true" # another session's: untouched
  engine_docker stop -t 1 ryuk-other >/dev/null
  engine_docker rm ryuk-other >/dev/null
fi

TEST "socket activation: started by systemd with the socket unit's listening socket (systemd-socket-activate)"
if ! command -v systemd-socket-activate >/dev/null 2>&1; then
  [ "${CI:-}" = "true" ] && fail "systemd-socket-activate is not installed (package systemd, from packaging/install-deps)"
  echo "    SKIPPED: systemd-socket-activate is not installed"
else
  activated="$SUITE_DIR/activated.sock"
  systemd-socket-activate -l "$activated" "$SAFEDOCKER" guard proxy --upstream "$ENGINE_HOST" \
    >"$SUITE_DIR/activated.err" 2>&1 &
  activator=$!
  for _ in $(seq 100); do [ -S "$activated" ] && break; sleep 0.05; done
  expect_exit 0 env DOCKER_HOST="unix://$activated" "$ENGINE_DOCKER" run --rm --network none "$IMAGE" echo activated
  expect_equal "$OUT" "activated"
  expect_contains "$(cat "$SUITE_DIR/activated.err")" "listening on $activated, forwarding to ${ENGINE_HOST#unix://}"
  expect_exit 2 "$SAFEDOCKER" guard proxy --upstream "$ENGINE_HOST" # neither --listen nor a passed socket
  expect_contains "$ERR" "give --listen unix:///PATH, or start it from a systemd socket unit"
  kill "$activator" 2>/dev/null
  wait "$activator" 2>/dev/null
fi

TEST "Compose v1 (docker-compose): up -d, then down -v stops the service gracefully and removes its volume"
if ! command -v docker-compose >/dev/null 2>&1; then
  [ "${CI:-}" = "true" ] && fail "docker-compose is not installed (packaging/install-deps installs it)"
  echo "    SKIPPED: docker-compose is not installed"
else
  mkdir -p "$SUITE_DIR/compose" "$SUITE_DIR/out-compose"
  cat >"$SUITE_DIR/compose/docker-compose.yml" <<EOF
version: "3"
services:
  web:
    image: $IMAGE
    command: ["sh", "-c", "trap 'echo TERM > /out/term; exit 0' TERM; while :; do sleep 0.1; done"]
    network_mode: none
    volumes: ["$SUITE_DIR/out-compose:/out", "data:/data"]
volumes:
  data: {}
EOF
  expect_exit 0 env DOCKER_HOST="unix://$PROXY_SOCK" docker-compose -p pxcompose -f "$SUITE_DIR/compose/docker-compose.yml" up -d
  expect_equal "$(engine_docker inspect -f '{{.State.Running}}' pxcompose_web_1 2>&1)" "true"
  expect_exit 0 env DOCKER_HOST="unix://$PROXY_SOCK" docker-compose -p pxcompose -f "$SUITE_DIR/compose/docker-compose.yml" down -v
  expect_equal "$(cat "$SUITE_DIR/out-compose/term" 2>/dev/null)" "TERM"
  gone pxcompose_web_1 || fail "pxcompose_web_1 is still there"
  engine_docker volume inspect pxcompose_data >/dev/null 2>&1 && fail "the volume pxcompose_data is still there"
fi

TEST "Testcontainers for Node (npm), Ryuk disabled: start, exec, stop, remove; a forced removal goes gracefully"
# shellcheck disable=SC2154 # here: the directory of tests/e2e/run, which sources this suite
node_dir="$here/node"
if [ ! -d "$node_dir/node_modules/testcontainers" ]; then
  [ "${CI:-}" = "true" ] && fail "testcontainers is not installed in $node_dir (packaging/install-deps installs it with npm)"
  echo "    SKIPPED: testcontainers is not installed in $node_dir (packaging/install-deps, Node.js 20 or later)"
else
  mkdir -p "$SUITE_DIR/out-tcnode/first" "$SUITE_DIR/out-tcnode/second"
  # The test engine has no bridge network, where Testcontainers looks for the host's address.
  expect_exit 0 env DOCKER_HOST="unix://$PROXY_SOCK" TESTCONTAINERS_RYUK_DISABLED=true \
    TESTCONTAINERS_HOST_OVERRIDE=localhost timeout 120 node "$node_dir/testcontainers.mjs" "$IMAGE" "$SUITE_DIR/out-tcnode"
  expect_equal "$OUT" "started /tcnode-first
exec 3 exec-ok
stopped and removed
started /tcnode-second
force-removed"
  for n in first second; do
    expect_equal "$(cat "$SUITE_DIR/out-tcnode/$n/term" 2>/dev/null)" "TERM"
    gone "tcnode-$n" || fail "tcnode-$n is still there"
  done
  # The suite's own cleanup (force=true on a running container) was stopped first, and says so.
  await_record 'force=true&v=true'
  expect_contains "$(grep '"DELETE"' "$PROXY_AUDIT" | grep 'force=true&v=true')" '"decision":"rewrite"'
fi

TEST "API requests and shim calls share the daemon's slots: a create waits for the shim's run"
proxy_stop
export SAFEDOCKER_LOCK_DIR="$SUITE_DIR/shared-locks" SAFEDOCKER_MAX_CONCURRENT=1
proxy_start "$PROXY_SOCK" "$ENGINE_HOST"
docker run --rm --network none "$IMAGE" sleep 3 >/dev/null 2>&1 & # the shim, first on PATH, holds the one slot
shim_call=$!
for _ in $(seq 100); do
  "$SAFEDOCKER" guard health --json 2>/dev/null | jq -e '.daemons[0].slots.in_use == 1' >/dev/null && break
  sleep 0.1
done
expect_exit 0 api_docker create --name pxwaited --network none "$IMAGE" true
kill -0 "$shim_call" 2>/dev/null && fail "the create ran while the shim's call held the only slot"
wait "$shim_call"
# The record is written as the exchange ends, a moment after the client has its answer.
for _ in $(seq 50); do grep -q 'containers/create?name=pxwaited' "$PROXY_AUDIT" && break; sleep 0.1; done
waited=$(grep 'containers/create?name=pxwaited' "$PROXY_AUDIT" | tail -n 1 | jq '.slot_wait_ms')
[ "${waited%.*}" -ge 500 ] || fail "the create did not wait for the slot (slot_wait_ms $waited)"
engine_docker rm pxwaited >/dev/null

TEST "shim and proxy together: 6 parallel docker run --rm through both all finish, each admitted once"
proxy_stop
export SAFEDOCKER_LOCK_DIR="$SUITE_DIR/shared-locks" SAFEDOCKER_MAX_CONCURRENT=3 SAFEDOCKER_AUDIT_PATH="$SUITE_DIR/both-audit.jsonl"
proxy_start "$PROXY_SOCK" "$ENGINE_HOST"
start_line=$(wc -l <"$PROXY_AUDIT")
runs=()
for n in 1 2 3 4 5 6; do
  DOCKER_HOST="unix://$PROXY_SOCK" timeout 120 docker run --rm --network none "$IMAGE" sh -c "sleep 1; echo run$n" \
    >"$SUITE_DIR/both.$n" 2>"$SUITE_DIR/both-err.$n" &
  runs+=($!)
done
failed=0
for pid in "${runs[@]}"; do wait "$pid" || failed=$((failed + 1)); done
expect_equal "$failed" 0
expect_equal "$(cat "$SUITE_DIR"/both.* | sort | tr '\n' ' ')" "run1 run2 run3 run4 run5 run6 "
# The shim's calls took the daemon's slots (the proxy's socket is registered as in front of it)...
expect_equal "$(jq -r 'select(.event == "invocation") | .daemon' "$SAFEDOCKER_AUDIT_PATH" | sort -u)" \
  "unix:$(readlink -f "${ENGINE_HOST#unix://}")"
# ...and the proxy let their docker's requests through under those slots, judged once.
for _ in $(seq 50); do [ "$(tail -n +"$((start_line + 1))" "$PROXY_AUDIT" | grep -c 'containers/create')" -ge 6 ] && break; sleep 0.1; done
creates=$(tail -n +"$((start_line + 1))" "$PROXY_AUDIT" | grep 'containers/create')
expect_equal "$(wc -l <<<"$creates")" 6
expect_equal "$(jq -r '.message' <<<"$creates" | sort -u)" "under the shim's call, which was judged and admitted"
expect_equal "$(jq -r '.slot_wait_ms' <<<"$creates" | sort -u)" "0"

TEST "20 parallel docker-py clients creating containers: never more than limits.max_concurrent creates at the daemon"
proxy_stop
export SAFEDOCKER_LOCK_DIR="$SUITE_DIR/shared-locks" SAFEDOCKER_MAX_CONCURRENT=3
proxy_start "$PROXY_SOCK" "$ENGINE_HOST"
expect_exit 0 /usr/bin/python3 - "unix://$PROXY_SOCK" "$IMAGE" <<'EOF'
import docker, sys, threading
errors = []
def create(n):
    try:
        client = docker.APIClient(base_url=sys.argv[1], timeout=120)
        client.create_container(sys.argv[2], ["true"], name="burst%d" % n, network_disabled=True)
    except Exception as e:  # the test reports any failure
        errors.append(repr(e))
threads = [threading.Thread(target=create, args=(n,)) for n in range(20)]
for t in threads: t.start()
for t in threads: t.join()
print("errors", errors)
sys.exit(1 if errors else 0)
EOF
expect_equal "$OUT" "errors []"
for _ in $(seq 50); do [ "$(grep -c 'containers/create?name=burst' "$PROXY_AUDIT")" -ge 20 ] && break; sleep 0.1; done
expect_equal "$(grep -c 'containers/create?name=burst' "$PROXY_AUDIT")" 20
# Each create held its slot for (duration - slot wait) up to when it was recorded: the most of
# those intervals that overlap at one moment is what the daemon had in flight. A record is
# written a moment after its slot is released, and its time has ms resolution: 10 ms of slack
# (a create sent without a slot would overlap by its whole run, 100 ms and more).
in_flight=$(grep 'containers/create?name=burst' "$PROXY_AUDIT" | /usr/bin/python3 -c '
import json, sys, datetime
spans = []
for line in sys.stdin:
    r = json.loads(line)
    end = datetime.datetime.strptime(r["time"], "%Y-%m-%dT%H:%M:%S.%fZ").timestamp()
    spans.append((end - (r["duration_ms"] - r["slot_wait_ms"]) / 1000, end))
print(max(sum(1 for s, e in spans if s < t - 0.010 and e >= t) for _, t in spans))')
[ "$in_flight" -le 3 ] || fail "$in_flight creates were in flight at once (limits.max_concurrent = 3)"
[ "$in_flight" -ge 2 ] || fail "the burst never ran in parallel ($in_flight at once): the test proves nothing"
for n in $(seq 0 19); do engine_docker rm "burst$n" >/dev/null 2>&1; done

TEST "a request that never reached the daemon is sent again after the shim's backoff (retry.max_attempts)"
proxy_stop
export SAFEDOCKER_RETRY_MAX_ATTEMPTS=4 SAFEDOCKER_LOCK_DIR="$SUITE_DIR/retry-locks"
late="$SUITE_DIR/late-daemon.sock"
proxy_start "$SUITE_DIR/retry.sock" "unix://$late"
# A daemon that comes up 300 ms after the request: the first connect fails, a retry gets through.
/usr/bin/python3 - "$late" >"$SUITE_DIR/late-daemon.out" 2>&1 <<'EOF' &
import socket, sys, time
time.sleep(0.3)
server = socket.socket(socket.AF_UNIX)
server.bind(sys.argv[1])
server.listen(1)
conn, _ = server.accept()
conn.recv(65536)
conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\nConnection: close\r\n\r\nOK")
conn.close()
EOF
late_daemon=$!
got=$(curl -s --max-time 30 --unix-socket "$SUITE_DIR/retry.sock" http://docker/_ping)
expect_equal "$got" "OK"
expect_contains "$(cat "$SUITE_DIR/proxy.err")" "retry 2/4 in "
wait "$late_daemon"
proxy_stop

TEST "a plain tcp daemon (tcp://HOST:PORT): relayed, graceful removal, keyed as tcp; ssh, TLS and unknown hosts refused (2)"
if ! command -v socat >/dev/null 2>&1; then
  [ "${CI:-}" = "true" ] && fail "socat is not installed (packaging/install-deps installs it)"
  echo "    SKIPPED: socat is not installed"
else
  proxy_stop
  # The engine on loopback tcp, as GitLab's docker:dind without TLS serves it. (dockerd itself
  # would wait 15 s before listening on tcp without TLS: a relay to its socket stands in.)
  port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  socat "TCP-LISTEN:$port,bind=127.0.0.1,reuseaddr,fork" "UNIX-CONNECT:${ENGINE_HOST#unix://}" 2>/dev/null &
  relay=$!
  for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.05; done
  PROXY_SOCK="$SUITE_DIR/tcp.sock"
  proxy_start "$PROXY_SOCK" "tcp://127.0.0.1:$port"
  expect_contains "$(cat "$SUITE_DIR/proxy.err")" "listening on $PROXY_SOCK, forwarding to tcp://127.0.0.1:$port"
  got=$(echo ok | timeout 60 "$ENGINE_DOCKER" -H "unix://$PROXY_SOCK" run -i --rm --network none "$IMAGE" cat)
  expect_equal "$got" "ok"
  running_container tcpterm
  expect_exit 0 api_docker rm -f tcpterm
  expect_equal "$(cat "$SUITE_DIR/out-tcpterm/term" 2>/dev/null)" "TERM"
  gone tcpterm || fail "tcpterm is still there"
  proxy_stop # its records are written when it stops
  expect_contains "$(grep '"DELETE"' "$PROXY_AUDIT" | grep tcpterm)" "\"daemon\":\"tcp:127.0.0.1:$port\""
  kill "$relay" 2>/dev/null
  wait "$relay" 2>/dev/null
  expect_exit 2 "$SAFEDOCKER" guard proxy --listen "unix://$SUITE_DIR/x.sock" --upstream ssh://me@build-host
  expect_contains "$ERR" "--upstream ssh://me@build-host: an ssh daemon is not served"
  expect_exit 2 env DOCKER_HOST="tcp://127.0.0.1:$port" DOCKER_TLS_VERIFY=1 "$SAFEDOCKER" guard proxy --listen "unix://$SUITE_DIR/x.sock"
  expect_contains "$ERR" "this daemon is reached with TLS, which the guard does not speak yet"
  expect_exit 2 "$SAFEDOCKER" guard proxy --listen "unix://$SUITE_DIR/x.sock" --upstream tcp://no-such-host.invalid:2375
  expect_contains "$ERR" "cannot resolve no-such-host.invalid"
  [ -e "$SUITE_DIR/x.sock" ] && fail "a refused guard left its socket behind"
fi

TEST "a daemon that cannot be reached: JSON 502s, then the shared breaker opens for API and CLI alike (503, 205)"
proxy_stop
export SAFEDOCKER_LOCK_DIR="$SUITE_DIR/dead-locks" SAFEDOCKER_BREAKER=1 SAFEDOCKER_BREAKER_OPEN_SECONDS=60
proxy_start "$SUITE_DIR/dead.sock" "unix://$SUITE_DIR/no-daemon.sock"
# A docker call pings more than once when the ping fails: three failed requests open it.
expect_exit 1 env DOCKER_HOST="unix://$SUITE_DIR/dead.sock" "$ENGINE_DOCKER" ps
expect_contains "$ERR" "Error response from daemon: safedocker: "
expect_contains "$(cat "$SUITE_DIR/proxy.err")" "denied 502: /_ping: safedocker: cannot reach the docker daemon at $SUITE_DIR/no-daemon.sock"
expect_exit 1 env DOCKER_HOST="unix://$SUITE_DIR/dead.sock" "$ENGINE_DOCKER" ps
expect_contains "$ERR" "Error response from daemon: safedocker: the docker daemon unix:$SUITE_DIR/no-daemon.sock is failing: circuit breaker open since"
PROXY_SOCK="$SUITE_DIR/dead.sock"
got=$(raw 'GET /containers/json HTTP/1.1\r\nHost: d\r\nConnection: close\r\n\r\n')
expect_equal "$(head -n 1 <<<"$got")" "HTTP/1.1 503 Service Unavailable"
expect_contains "$got" "circuit breaker open since"
expect_contains "$(curl -s -i --unix-socket "$SUITE_DIR/dead.sock" http://docker/_ping)" "Retry-After: "
expect_contains "$got" "safedocker guard reset --daemon unix:$SUITE_DIR/no-daemon.sock"
# The shim, calling the same daemon, fails fast too: one breaker per daemon.
expect_exit 205 env DOCKER_HOST="unix://$SUITE_DIR/no-daemon.sock" "$SHIMS/docker" ps
expect_contains "$(cat "$SUITE_DIR/proxy.err")" "circuit breaker for unix:$SUITE_DIR/no-daemon.sock opened"
# Recorded as what became of them: refused, the daemon unreachable then the breaker open; and
# the breaker's opening is an event of its own, as the shim's is.
await_record '"refusal":"breaker_open"'
expect_contains "$(grep "no-daemon.sock" "$PROXY_AUDIT" | grep '"path":"/_ping"' | head -n 1)" \
  '"decision":"refused","refusal":"daemon_unreachable"'
expect_contains "$(grep '"event":"breaker_open"' "$PROXY_AUDIT")" "\"daemon\":\"unix:$SUITE_DIR/no-daemon.sock\""
proxy_stop
[ -e "$SUITE_DIR/dead.sock" ] && fail "the proxy left its socket behind when stopped"

TEST "the engine stopped mid-stream: the stream ends, JSON 502 then 503 for API and 205 for CLI; both recover when it is back"
export SAFEDOCKER_LOCK_DIR="$SUITE_DIR/restart-locks" SAFEDOCKER_BREAKER=1 SAFEDOCKER_BREAKER_OPEN_SECONDS=2
PROXY_SOCK="$SUITE_DIR/restart.sock"
proxy_start "$PROXY_SOCK" "$ENGINE_HOST"
# The TERM trap lets dockerd's shutdown stop it at once (a shell as pid 1 ignores an untrapped TERM).
expect_exit 0 api_docker run -d --name streamer --network none "$IMAGE" \
  sh -c 'trap "exit 0" TERM; while :; do echo tick; sleep 0.2; done'
api_docker logs -f streamer >"$SUITE_DIR/stream.out" 2>"$SUITE_DIR/stream.err" &
streaming=$!
for _ in $(seq 100); do grep -q tick "$SUITE_DIR/stream.out" && break; sleep 0.05; done
expect_contains "$(cat "$SUITE_DIR/stream.out")" "tick"
engine_stop
for _ in $(seq 200); do kill -0 "$streaming" 2>/dev/null || break; sleep 0.05; done
kill -0 "$streaming" 2>/dev/null && fail "logs -f through the proxy still hangs after the engine stopped"
wait "$streaming" 2>/dev/null
# docker pings more than once when a ping fails: its first call already opens the breaker.
expect_exit 1 api_docker ps
expect_contains "$ERR" "Error response from daemon: safedocker: "
expect_contains "$(cat "$SUITE_DIR/proxy.err")" "denied 502: /_ping: safedocker: cannot reach the docker daemon at ${ENGINE_HOST#unix://}"
expect_exit 1 api_docker ps
expect_contains "$ERR" "Error response from daemon: safedocker: the docker daemon unix:${ENGINE_HOST#unix://} is failing: circuit breaker open since"
expect_exit 205 env DOCKER_HOST="$ENGINE_HOST" "$SHIMS/docker" ps
engine_restart >/dev/null || fail "the engine did not start again"
# Once open_seconds have passed, one probe finds the engine back and closes the breaker for all.
for _ in $(seq 100); do api_docker ps >/dev/null 2>&1 && break; sleep 0.1; done
expect_exit 0 api_docker ps
expect_exit 0 env DOCKER_HOST="$ENGINE_HOST" "$SHIMS/docker" ps
expect_contains "$(cat "$SUITE_DIR/proxy.err")" "circuit breaker for unix:${ENGINE_HOST#unix://} opened"
engine_docker rm streamer >/dev/null
proxy_stop
