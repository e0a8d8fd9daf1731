# shellcheck shell=bash
# guard check, guard rules check and guard rules show.

TEST "guard check --json explains without running"
export SAFEDOCKER_REAL_DOCKER="$FAKE_DOCKER"
expect_exit 200 "$SAFEDOCKER" guard check --json -- rm web -f
expect_contains "$OUT" '"decision":"block"'
expect_contains "$OUT" '"rule":"force-rm"'
expect_contains "$OUT" '"command":"container rm"'
expect_exit 0 "$SAFEDOCKER" guard check --json -- exec c rm -f /x
expect_contains "$OUT" '"decision":"allow"'
expect_contains "$OUT" '"container_command":["rm","-f","/x"]'
expect_equal "$(fake_calls)" 0

TEST "guard rules check: OK, or file:line:col and the fix"
expect_exit 0 "$SAFEDOCKER" guard rules check "$HERE/../../rules/default.toml"
expect_contains "$OUT" "OK"
printf 'version = 1\n[[rule]]\nid = "a"\ncommands = ["container rm"]\nflags = ["forse"]\n' >"$SUITE_DIR/bad.toml"
expect_exit 201 "$SAFEDOCKER" guard rules check "$SUITE_DIR/bad.toml"
expect_contains "$ERR" "bad.toml:5:9: \"container rm\" has no flag --forse"

TEST "guard rules check refuses advice the rules deny"
cat >"$SUITE_DIR/deny.toml" <<'TOML'
[[rule]]
id = "no-stop"
commands = ["container stop"]
[[rule]]
id = "force-rm"
commands = ["container rm"]
flags = ["force"]
alternative = "{docker} stop {targets} && {docker} rm {targets}"
TOML
expect_exit 201 "$SAFEDOCKER" guard rules check "$SUITE_DIR/deny.toml"
expect_contains "$ERR" "blocked by rule no-stop"

TEST "guard rules show names where rules and settings come from"
expect_exit 0 "$SAFEDOCKER" guard rules show --json
expect_contains "$OUT" '"source": "built-in default"'
SAFEDOCKER_REAL_DOCKER=/usr/bin/true expect_exit 0 "$SAFEDOCKER" guard rules show
expect_contains "$OUT" 'docker.path = "/usr/bin/true"  (environment (SAFEDOCKER_REAL_DOCKER))'

TEST "guard version and usage errors"
expect_exit 0 "$SAFEDOCKER" guard version
expect_contains "$OUT" "safedocker "
expect_exit 2 "$SAFEDOCKER" guard frobnicate
