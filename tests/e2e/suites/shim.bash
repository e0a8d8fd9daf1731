# shellcheck shell=bash
# The shim first on PATH in front of the real docker and a real engine.

TEST "docker resolves to the shim, and the shim to the real docker"
expect_equal "$(command -v docker)" "$SHIMS/docker"
expect_exit 0 docker guard which --json
expect_contains "$OUT" "\"path\":\"$ENGINE_DOCKER\""
expect_exit 0 docker ps
expect_contains "$OUT" "CONTAINER ID"

TEST "docker run prints the container's output"
expect_exit 0 docker run --rm --network none "$IMAGE" echo hi
expect_equal "$OUT" "hi"

TEST "the container's exit status comes back"
expect_exit 7 docker run --rm --network none "$IMAGE" sh -c 'exit 7'

TEST "docker run -it works under a pseudo-terminal"
expect_exit 0 script -qec "docker run -it --rm --network none $IMAGE sh -c 'tty; echo interactive-ok'" /dev/null
expect_contains "$OUT" "/dev/pts/"
expect_contains "$OUT" "interactive-ok"

TEST "stdin reaches the container"
got=$(echo piped-in | docker run -i --rm --network none "$IMAGE" cat)
expect_equal "$got" "piped-in"

TEST "SIGTERM to the wrapper ends the container; the wrapper exits with its status"
docker run --rm --network none --name sdterm "$IMAGE" sh -c 'trap "exit 3" TERM; while :; do sleep 1; done' \
  >"$SUITE_DIR/term.out" 2>&1 &
wrapper=$!
for _ in $(seq 100); do
  [ "$(engine_docker inspect -f '{{.State.Running}}' sdterm 2>/dev/null)" = "true" ] && break
  sleep 0.1
done
kill -TERM "$wrapper"
wait "$wrapper"
expect_equal "$?" 3
for _ in $(seq 50); do engine_docker inspect sdterm >/dev/null 2>&1 || break; sleep 0.1; done
engine_docker inspect sdterm >/dev/null 2>&1 && fail "container sdterm still exists"

TEST "a docker error passes through with docker's own status"
expect_exit 1 docker inspect no-such-container
expect_contains "$ERR" "No such"
