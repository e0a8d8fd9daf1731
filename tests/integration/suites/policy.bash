# shellcheck shell=bash
# Blocked calls never reach docker; bad rules fail closed; warn, bypass and rewrite.

TEST "a forced rm is blocked with exit 200 and docker is not run"
export SAFEDOCKER_REAL_DOCKER="$FAKE_DOCKER"
expect_exit 200 "$SHIMS/docker" rm -fv web db
expect_equal "$(fake_calls)" 0
expect_contains "$ERR" "safedocker: blocked: docker rm -fv web db"
expect_contains "$ERR" "instead: docker stop web db && docker rm -v web db"

TEST "a forced prune: at a terminal the advice is the prune that asks; without one, the cleanup that needs no answer"
export SAFEDOCKER_REAL_DOCKER="$FAKE_DOCKER"
# No terminal on stdin (CI, a script): docker's confirmation would read end-of-file.
expect_exit 200 "$SHIMS/docker" image prune -af </dev/null
expect_contains "$ERR" "instead: safedocker guard cleanup (removes exited containers and dangling images older than 24 h"
expect_exit 200 "$SAFEDOCKER" guard check -- system prune -f </dev/null
expect_contains "$OUT" "instead:   safedocker guard cleanup (removes"
expect_exit 200 "$SAFEDOCKER" guard check --json -- system prune -f </dev/null
expect_equal "$(jq -r '[.attendance, .alternative_steps[0][2]] | join(" ")' <<<"$OUT")" "unattended cleanup"
# At a terminal: the prune that shows what it will delete and asks.
expect_exit 0 script -qefc "$SHIMS/docker image prune -af; echo status=\$?" "$SUITE_DIR/typescript"
expect_contains "$OUT" "instead: docker image prune -a"
expect_contains "$OUT" "status=200"
expect_exit 200 script -qefc "$SAFEDOCKER guard check -- system prune -f" "$SUITE_DIR/typescript"
expect_contains "$OUT" "instead:   docker system prune"
expect_exit 200 "$SAFEDOCKER" guard check --unattended -- system prune -f
expect_contains "$OUT" "instead:   safedocker guard cleanup"
expect_equal "$(fake_calls)" 0

TEST "follow, filter, format, file and the container's own -f run"
export SAFEDOCKER_REAL_DOCKER="$FAKE_DOCKER"
expect_exit 0 "$SHIMS/docker" logs -f web
expect_exit 0 "$SHIMS/docker" ps -af status=exited
expect_exit 0 "$SHIMS/docker" exec web rm -f /tmp/x
expect_exit 0 "$SHIMS/docker" build -f Dockerfile .
expect_equal "$(fake_calls)" 4

TEST "kill warns and runs"
export SAFEDOCKER_REAL_DOCKER="$FAKE_DOCKER"
expect_exit 0 "$SHIMS/docker" kill web
expect_contains "$ERR" "safedocker: warning: docker kill web"
expect_equal "$(fake_calls)" 1

TEST "a broken rules file stops every call (fail closed)"
export SAFEDOCKER_REAL_DOCKER="$FAKE_DOCKER"
printf '[[rule]]\nid = "x"\ncommands = ["*"]\nactoin = "block"\n' >"$SUITE_DIR/bad.toml"
SAFEDOCKER_RULES="$SUITE_DIR/bad.toml" expect_exit 201 "$SHIMS/docker" ps
expect_contains "$ERR" "bad.toml:4:10: unknown key 'actoin'"
SAFEDOCKER_RULES="$SUITE_DIR/missing.toml" expect_exit 201 "$SHIMS/docker" ps
expect_contains "$ERR" "missing.toml: cannot read rules file"
expect_equal "$(fake_calls)" 0

TEST "the user rules file is found in the config dir"
export SAFEDOCKER_REAL_DOCKER="$FAKE_DOCKER"
mkdir -p "$XDG_CONFIG_HOME/safedocker"
printf '[[rule]]\nid = "no-ps"\ncommands = ["container ls"]\n' >"$XDG_CONFIG_HOME/safedocker/rules.toml"
expect_exit 200 "$SHIMS/docker" ps
expect_contains "$ERR" "no-ps ($XDG_CONFIG_HOME/safedocker/rules.toml:1)"

TEST "bypass works only where the rules allow it"
export SAFEDOCKER_REAL_DOCKER="$FAKE_DOCKER"
SAFEDOCKER_BYPASS=1 expect_exit 200 "$SHIMS/docker" rm -f web
expect_contains "$ERR" "bypass:  refused"
sed 's/^allow_bypass = false/allow_bypass = true/' "$HERE/../../rules/default.toml" >"$SUITE_DIR/bypass.toml"
SAFEDOCKER_RULES="$SUITE_DIR/bypass.toml" SAFEDOCKER_BYPASS=1 expect_exit 0 "$SHIMS/docker" rm -f web
expect_contains "$ERR" "SAFEDOCKER_BYPASS=1: running a call rule 'force-rm' blocks"
expect_equal "$(fake_argv)" "$(printf '%s\n' rm -f web)"

TEST "rewrite runs stop then rm through the real docker"
export SAFEDOCKER_REAL_DOCKER="$FAKE_DOCKER"
rewrite_rules "$SUITE_DIR/rewrite.toml" 5
SAFEDOCKER_RULES="$SUITE_DIR/rewrite.toml" expect_exit 0 "$SHIMS/docker" rm -fv web
expect_contains "$ERR" "rewrites this call as: docker stop -t 5 web && docker rm -v web"
expect_equal "$(fake_calls)" 2
expect_equal "$(cat "$FAKE_LOG_DIR"/call.* | grep -c '^arg stop')" 1
expect_equal "$(fake_argv)" "$(printf '%s\n' rm -v web)"
