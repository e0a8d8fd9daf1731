# shellcheck shell=bash
# shellcheck disable=SC2154  # engine_dir and ENGINE_HOST are set by tests/e2e/run, which sources this file
# Admission against the real engine: the breaker opens when dockerd stops, fails fast while
# open, and a probe closes it once dockerd is back.

# The breaker's state and the audit log outlive one TEST here: they are the story.
mkdir -p "$SUITE_DIR/state"
chmod 700 "$SUITE_DIR/state"
enable_breaker() {
  export SAFEDOCKER_BREAKER=1 SAFEDOCKER_BREAKER_OPEN_SECONDS=2 SAFEDOCKER_RETRY_MAX_ATTEMPTS=1 \
    SAFEDOCKER_LOCK_DIR="$SUITE_DIR/state/locks" SAFEDOCKER_AUDIT_PATH="$SUITE_DIR/state/audit.jsonl"
}

TEST "with the engine up, calls run and the breaker stays closed"
enable_breaker
expect_exit 0 docker ps
expect_exit 0 docker guard health --json
expect_contains "$OUT" '"state":"closed"'
expect_contains "$OUT" '"ping":"ok"'

TEST "a user error is not a daemon failure"
enable_breaker
for _ in 1 2 3 4; do expect_exit 1 docker inspect no-such-container; done
expect_exit 0 docker guard health --json
expect_contains "$OUT" '"state":"closed"'

TEST "engine stopped: calls fail, the breaker opens after 3, then calls fail fast"
enable_breaker
engine_stop
for _ in 1 2 3; do docker ps >/dev/null 2>&1 && fail "docker ps worked without an engine"; done
start=$(date +%s%N)
expect_exit 205 docker ps
elapsed_ms=$(( ($(date +%s%N) - start) / 1000000 ))
expect_contains "$ERR" "circuit breaker open since"
expect_contains "$ERR" "safedocker guard reset"
echo "    fail-fast took ${elapsed_ms} ms"
expect_exit 0 docker context ls
expect_contains "$OUT" "default"
expect_exit 0 docker guard stats --json
expect_contains "$OUT" '"breaker_trips":1'

TEST "engine back: after the open period one probe closes the breaker and calls work"
enable_breaker
engine_start "$engine_dir/e" || fail "engine did not restart"
export DOCKER_HOST=$ENGINE_HOST
sleep 2.5
expect_exit 0 docker ps
expect_exit 0 docker guard health --json
expect_contains "$OUT" '"state":"closed"'
expect_exit 0 docker guard log --event breaker_close --json
expect_contains "$OUT" '"event":"breaker_close"'

TEST "guard reset closes an open breaker by hand"
enable_breaker
engine_stop
for _ in 1 2 3; do docker ps >/dev/null 2>&1; done
expect_exit 205 docker ps
expect_exit 0 docker guard reset
expect_contains "$OUT" "closed"
engine_start "$engine_dir/e" || fail "engine did not restart"
export DOCKER_HOST=$ENGINE_HOST
expect_exit 0 docker ps
