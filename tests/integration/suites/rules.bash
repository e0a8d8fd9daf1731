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

TEST "a bad setting value refuses every docker call with exit 201 and its one-line error"
export SAFEDOCKER_REAL_DOCKER="$FAKE_DOCKER"
printf 'version = 1\n[limits]\nslot_classes = "deamon"\n' >"$SUITE_DIR/classes.toml"
SAFEDOCKER_RULES="$SUITE_DIR/classes.toml" expect_exit 201 "$SHIMS/docker" ps
expect_equal "$ERR" "safedocker: error: $SUITE_DIR/classes.toml:3:16: limits.slot_classes = \"deamon\": unknown class 'deamon'; write client, streaming, interactive or daemon"
printf 'version = 1\n[cleanup]\ndays = "Mon-Fry"\n' >"$SUITE_DIR/days.toml"
SAFEDOCKER_RULES="$SUITE_DIR/days.toml" expect_exit 201 "$SHIMS/docker" ps
expect_equal "$ERR" "safedocker: error: $SUITE_DIR/days.toml:3:8: cleanup.days = \"Mon-Fry\": unknown day 'Fry'; write days as Mon,Tue,… or ranges such as Mon-Fri"
SAFEDOCKER_MAX_CONCURRENT=-5 expect_exit 201 "$SHIMS/docker" ps
expect_equal "$ERR" "safedocker: error: SAFEDOCKER_MAX_CONCURRENT=-5: limits.max_concurrent must be from 1 to 1000; nothing was run"
expect_equal "$(fake_calls)" 0

TEST "guard rules check lists every bad value, one line each"
printf 'version = 1\n[limits]\nslot_classes = "deamon"\nmax_concurrent = 0\n[cleanup]\ndays = "Mon-Fry"\n' >"$SUITE_DIR/bad-values.toml"
expect_exit 201 "$SAFEDOCKER" guard rules check "$SUITE_DIR/bad-values.toml"
expect_equal "$ERR" "$SUITE_DIR/bad-values.toml:3:16: limits.slot_classes = \"deamon\": unknown class 'deamon'; write client, streaming, interactive or daemon
$SUITE_DIR/bad-values.toml:4:18: limits.max_concurrent = 0: must be from 1 to 1000
$SUITE_DIR/bad-values.toml:6:8: cleanup.days = \"Mon-Fry\": unknown day 'Fry'; write days as Mon,Tue,… or ranges such as Mon-Fri"
expect_not_contains "$OUT" "OK"
SAFEDOCKER_RULES="$SUITE_DIR/bad-values.toml" SAFEDOCKER_MAX_CONCURRENT=-5 expect_exit 201 "$SAFEDOCKER" guard rules check
expect_contains "$ERR" "bad-values.toml:6:8: cleanup.days"
expect_contains "$ERR" "SAFEDOCKER_MAX_CONCURRENT=-5: limits.max_concurrent must be from 1 to 1000; nothing was run"
SAFEDOCKER_RULES="$SUITE_DIR/bad-values.toml" expect_exit 201 "$SHIMS/docker" ps
expect_contains "$ERR" "(and 2 more: safedocker guard rules check lists them)"

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
