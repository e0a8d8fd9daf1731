# shellcheck shell=bash
# safedocker never runs itself, whatever PATH says, and never forks without bound.

TEST "only the shim on PATH (twice): not found, exit 127"
PATH="$SHIMS:$SHIMS" expect_exit 127 "$SHIMS/docker" ps
expect_contains "$ERR" "no real docker found on PATH (only safedocker itself, 2 time(s))"

TEST "a symlink chain to safedocker is skipped"
mkdir -p "$SUITE_DIR/chain"
ln -s "$SHIMS/docker" "$SUITE_DIR/chain/docker"
PATH="$SUITE_DIR/chain:$SHIMS" expect_exit 127 "$SHIMS/docker" ps

TEST "a copy of safedocker posing as docker: clear error, no fork storm"
mkdir -p "$SUITE_DIR/copy"
cp "$SAFEDOCKER" "$SUITE_DIR/copy/docker"
start=$(date +%s)
PATH="$SHIMS:$SUITE_DIR/copy" expect_exit 202 /usr/bin/timeout 20 "$SHIMS/docker" ps
expect_contains "$ERR" "is safedocker again"
[ $(( $(date +%s) - start )) -lt 10 ] || fail "recursion took too long"

TEST "two copies pointing at each other: the second hop sees it is safedocker again (202)"
mkdir -p "$SUITE_DIR/a" "$SUITE_DIR/b"
cp "$SAFEDOCKER" "$SUITE_DIR/a/docker"
cp "$SAFEDOCKER" "$SUITE_DIR/b/docker"
SAFEDOCKER_SPAWNED='' PATH="$SUITE_DIR/a:$SUITE_DIR/b" expect_exit 202 /usr/bin/timeout 20 "$SUITE_DIR/a/docker" ps
expect_contains "$ERR" "the program safedocker chose as the real docker is safedocker again"

TEST "SAFEDOCKER_REAL_DOCKER naming safedocker itself is refused"
SAFEDOCKER_REAL_DOCKER="$SHIMS/docker" expect_exit 202 "$SHIMS/docker" ps
expect_contains "$ERR" "is safedocker itself"

TEST "SAFEDOCKER_REAL_DOCKER naming nothing is a clear error"
SAFEDOCKER_REAL_DOCKER="$SUITE_DIR/nope" expect_exit 127 "$SHIMS/docker" ps
expect_contains "$ERR" "is not an executable file"

TEST "a relative PATH entry is never searched"
mkdir -p "$SUITE_DIR/cwd"
cp "$FAKE_DOCKER" "$SUITE_DIR/cwd/docker"
# Not in a subshell: a failure there would be lost with the subshell's count.
cd "$SUITE_DIR/cwd" || fail "cannot enter $SUITE_DIR/cwd"
PATH=".:$SHIMS" expect_exit 127 "$SHIMS/docker" ps
cd - >/dev/null || fail "cannot go back"
