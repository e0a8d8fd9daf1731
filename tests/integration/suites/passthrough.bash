# shellcheck shell=bash
# shellcheck disable=SC2016  # literal $(id) is the point: it must reach docker unexpanded
# argv, exit codes, signals, stdin and environment pass through unchanged.

TEST "argv reaches the real docker unchanged, as a vector"
export SAFEDOCKER_REAL_DOCKER="$FAKE_DOCKER"
expect_exit 0 "$SAFEDOCKER" run --rm img sh -c 'echo "a b"; exit 3' '' 'x;y' '$(id)' $'line\nbreak'
expect_equal "$(fake_argv)" "$(printf '%q\n' run --rm img sh -c 'echo "a b"; exit 3' '' 'x;y' '$(id)' $'line\nbreak')"

TEST "the docker shim face behaves like safedocker"
export SAFEDOCKER_REAL_DOCKER="$FAKE_DOCKER"
expect_exit 0 "$SHIMS/docker" ps -a
expect_equal "$(fake_argv)" "$(printf '%s\n' ps -a)"

TEST "exit codes pass through"
export SAFEDOCKER_REAL_DOCKER="$FAKE_DOCKER"
for code in 1 7 125 126 127; do
  FAKE_EXIT=$code expect_exit "$code" "$SHIMS/docker" ps
done

TEST "a docker killed by signal N gives 128+N"
export SAFEDOCKER_REAL_DOCKER="$FAKE_DOCKER"
FAKE_SIGNAL=KILL expect_exit 137 "$SHIMS/docker" ps
FAKE_SIGNAL=TERM expect_exit 143 "$SHIMS/docker" ps

TEST "SIGTERM to the wrapper is forwarded; docker's status comes back"
export SAFEDOCKER_REAL_DOCKER="$FAKE_DOCKER"
FAKE_TRAP_TERM=3 FAKE_SLEEP=30 "$SHIMS/docker" ps >"$SUITE_DIR/out" 2>"$SUITE_DIR/err" &
wrapper=$!
for _ in $(seq 100); do compgen -G "$FAKE_LOG_DIR/ready.*" >/dev/null && break; sleep 0.05; done
kill -TERM "$wrapper"
wait "$wrapper"
expect_equal "$?" 3
expect_contains "$(cat "$SUITE_DIR/err")" "fake: got TERM"

TEST "SIGINT to the wrapper alone does not end it"
export SAFEDOCKER_REAL_DOCKER="$FAKE_DOCKER"
FAKE_SLEEP=1 "$SHIMS/docker" ps &
wrapper=$!
sleep 0.3
kill -INT "$wrapper"
wait "$wrapper"
expect_equal "$?" 0

TEST "stdin and the environment pass through"
export SAFEDOCKER_REAL_DOCKER="$FAKE_DOCKER"
got=$(echo "from stdin" | FAKE_CAT=1 FAKE_PROBE=kept "$SHIMS/docker" load)
expect_equal "$got" "from stdin"
expect_contains "$(cat "$FAKE_LOG_DIR"/call.*)" "env FAKE_PROBE=kept"

TEST "guard which names the real docker and why"
mkdir -p "$SUITE_DIR/bin"
cp "$FAKE_DOCKER" "$SUITE_DIR/bin/docker"
PATH="$SHIMS:$SUITE_DIR/bin:$PATH" expect_exit 0 "$SHIMS/docker" guard which --json
expect_contains "$OUT" "\"path\":\"$SUITE_DIR/bin/docker\""
expect_contains "$OUT" "PATH entry 2"
PATH="$SHIMS:$SUITE_DIR/bin:$PATH" expect_exit 0 "$SHIMS/docker" ps
expect_equal "$(fake_argv)" "ps"

TEST "docker-compose shim runs the real docker-compose"
cp "$FAKE_DOCKER" "$SUITE_DIR/bin/docker-compose"
PATH="$SHIMS:$SUITE_DIR/bin:/usr/bin:/bin" expect_exit 0 "$SHIMS/docker-compose" -f a.yml up -d
expect_equal "$(fake_argv)" "$(printf '%s\n' -f a.yml up -d)"
