# shellcheck shell=bash
# The policy against a real engine: blocked calls change nothing; the rewrite stops gracefully.

start_web() { # NAME MARKDIR
  engine_docker run -d --network none --name "$1" -v "$2:/mark" "$IMAGE" \
    sh -c 'trap "echo trapped >/mark/term; exit 0" TERM; while :; do sleep 1; done' >/dev/null
}

TEST "docker rm -f of a running container is blocked and it keeps running"
start_web sdweb "$SUITE_DIR"
expect_exit 200 docker rm -f sdweb
expect_contains "$ERR" "instead: docker stop sdweb && docker rm sdweb"
expect_equal "$(engine_docker inspect -f '{{.State.Running}}' sdweb)" "true"
expect_exit 200 docker container rm sdweb --force
expect_equal "$(engine_docker inspect -f '{{.State.Running}}' sdweb)" "true"

TEST "the suggested alternative works"
expect_exit 0 docker stop sdweb
expect_exit 0 docker rm sdweb
engine_docker inspect sdweb >/dev/null 2>&1 && fail "sdweb still exists"

TEST "-f that is not force runs: logs -f, ps -f, exec … rm -f"
engine_docker run -d --network none --name sdlogs "$IMAGE" sh -c 'echo line1; sleep 1; echo line2' >/dev/null
expect_exit 0 docker logs -f sdlogs
expect_contains "$OUT" "line2"
expect_exit 0 docker ps -a -f name=sdlogs
expect_contains "$OUT" "sdlogs"
engine_docker rm sdlogs >/dev/null
engine_docker run -d --network none --name sdexec "$IMAGE" sleep 60 >/dev/null
expect_exit 0 docker exec sdexec sh -c 'touch /tmp/x && rm -f /tmp/x && echo removed-inside'
expect_contains "$OUT" "removed-inside"
engine_docker stop -t 1 sdexec >/dev/null; engine_docker rm sdexec >/dev/null

TEST "the rewrite action stops gracefully (TERM trap ran) and removes"
mkdir -p "$SUITE_DIR/rw"
start_web sdrw "$SUITE_DIR/rw"
rewrite_rules "$SUITE_DIR/rewrite.toml" 10
SAFEDOCKER_RULES="$SUITE_DIR/rewrite.toml" expect_exit 0 docker rm -f sdrw
expect_contains "$ERR" "rewrites this call as: docker stop -t 10 sdrw && docker rm sdrw"
engine_docker inspect sdrw >/dev/null 2>&1 && fail "sdrw still exists"
expect_equal "$(cat "$SUITE_DIR/rw/term" 2>/dev/null)" "trapped"

TEST "prune -f is blocked; nothing is removed"
engine_docker create --network none --name sdexited "$IMAGE" true >/dev/null
expect_exit 200 docker container prune -f
engine_docker inspect sdexited >/dev/null 2>&1 || fail "sdexited was removed"
engine_docker rm sdexited >/dev/null
