# shellcheck shell=bash
# guard scan over tests/scan/fixtures, its exit codes and output formats, .gitignore, and
# guard install-hook in a fresh repository.
#
# tests/scan/fixtures/EXPECTED holds every finding as `path:line:col rule`, sorted (LC_ALL=C).
# After changing a fixture, check each new line by hand against the file before updating it.

FIXTURES=$(cd "$HERE/../scan/fixtures" && pwd)
DEFAULT_RULES=$(cd "$HERE/../../rules" && pwd)/default.toml

# "FILE:LINE:COL RULE" for each finding of `guard scan --format json`, sorted. The JSON's keys
# come sorted (column, command, file, level, line, message, rule, …), so a grep keeps each
# finding's four fields together without a JSON tool.
json_findings() {
  grep -oE '"(column|file|line|rule)":("([^"\\]|\\.)*"|[0-9]+)' <<<"$1" | {
    local pair key value column="" file="" line=""
    while IFS= read -r pair; do
      key=${pair%%\":*}
      key=${key#\"}
      value=${pair#*\":}
      value=${value#\"}
      value=${value%\"}
      case $key in
        column) column=$value ;;
        file) file=$value ;;
        line) line=$value ;;
        rule) echo "$file:$line:$column $value" ;;
      esac
    done
  } | LC_ALL=C sort
}

have_git() { command -v git >/dev/null 2>&1; }

# A fresh repository in $SUITE_DIR/$1, with an identity for commits.
new_repo() {
  local repo="$SUITE_DIR/$1"
  rm -rf "$repo"
  git init -q "$repo"
  git -C "$repo" config user.name "scan test"
  git -C "$repo" config user.email "scan@test.invalid"
  git -C "$repo" config commit.gpgsign false
  echo "$repo"
}

TEST "guard scan --format json over the fixture tree finds exactly EXPECTED"
cd "$FIXTURES" || exit 1
expect_exit 1 "$SAFEDOCKER" guard scan --format json --rules "$DEFAULT_RULES"
expect_equal "$(json_findings "$OUT")" "$(<"$FIXTURES/EXPECTED")"
expect_contains "$OUT" '"files_scanned":'
expect_contains "$OUT" '"bytes_scanned":'
expect_contains "$OUT" '"argv":["docker","rm","-fv","aaa"]'
# The same through the docker shim, and with the rules in force (the built-in default here).
PATH="$SHIMS:$PATH" expect_exit 1 docker guard scan --format json
expect_equal "$(json_findings "$OUT")" "$(<"$FIXTURES/EXPECTED")"
cd - >/dev/null || exit 1

TEST "guard scan: a clean tree exits 0; the false-positive traps are not reported"
cd "$FIXTURES" || exit 1
expect_exit 0 "$SAFEDOCKER" guard scan clean
expect_equal "$OUT" ""
expect_contains "$ERR" "0 finding(s)"
expect_exit 0 "$SAFEDOCKER" guard scan --format json clean/shell/traps.sh
expect_contains "$OUT" '"findings":[]'
expect_contains "$OUT" '"files_scanned":1'
cd - >/dev/null || exit 1

TEST "guard scan: text output and explicit files"
cd "$FIXTURES" || exit 1
expect_exit 1 "$SAFEDOCKER" guard scan shell/docker-build.sh make/vars.mk clean/make/Makefile
expect_contains "$OUT" "shell/docker-build.sh:4:1: force-rm: \`docker rm -fv aaa\` uses -fv: --force kills"
expect_contains "$OUT" $'\n  instead: docker stop aaa && docker rm -v aaa'
expect_contains "$OUT" "make/vars.mk:11:4: force-prune: \`docker system prune -af\` uses -af"
expect_equal "$(grep -c '^[^ ]' <<<"$OUT")" 2
expect_contains "$ERR" "2 finding(s) in 3 file(s)"
cd - >/dev/null || exit 1

TEST "guard scan: usage errors exit 2"
expect_exit 2 "$SAFEDOCKER" guard scan "$SUITE_DIR/no-such-path"
expect_contains "$ERR" "no-such-path"
expect_exit 2 "$SAFEDOCKER" guard scan --format xml "$FIXTURES/clean"
expect_exit 2 "$SAFEDOCKER" guard scan --no-such-option
expect_exit 2 "$SAFEDOCKER" guard scan --rules "$SUITE_DIR/missing.toml" "$FIXTURES/clean"
expect_exit 2 "$SAFEDOCKER" guard scan --rules "$SUITE_DIR" "$FIXTURES/clean"
expect_contains "$ERR" "not a regular file"
expect_exit 2 "$SAFEDOCKER" guard scan --staged "$FIXTURES/clean"
mkdir -p "$SUITE_DIR/locked" && chmod 000 "$SUITE_DIR/locked"
if [ "$(id -u)" != 0 ]; then
  expect_exit 2 "$SAFEDOCKER" guard scan "$SUITE_DIR/locked"
fi
chmod 755 "$SUITE_DIR/locked"
printf 'version = 1\n[[rule]]\nid = "a"\ncommands = ["container rm"]\nflags = ["forse"]\n' >"$SUITE_DIR/bad.toml"
expect_exit 201 "$SAFEDOCKER" guard scan --rules "$SUITE_DIR/bad.toml" "$FIXTURES/clean"

TEST "guard scan --rules: another rules file decides"
cat >"$SUITE_DIR/strict.toml" <<'TOML'
version = 1
[[rule]]
id = "no-kill"
commands = ["container kill"]
action = "block"
why = "kill skips the grace period"
alternative = "{docker} {global} {parent} stop {targets}"
TOML
expect_exit 1 "$SAFEDOCKER" guard scan --rules "$SUITE_DIR/strict.toml" "$FIXTURES/python/smoke.py" "$FIXTURES/shell/entry.sh"
expect_contains "$OUT" "smoke.py:16:17: no-kill: \`docker kill mycontainer\`: kill skips the grace period"
expect_not_contains "$OUT" "entry.sh"

TEST "guard scan --warnings reports warnings without failing"
expect_exit 0 "$SAFEDOCKER" guard scan "$FIXTURES/python/smoke.py"
expect_equal "$OUT" ""
expect_exit 0 "$SAFEDOCKER" guard scan --warnings "$FIXTURES/python/smoke.py"
expect_contains "$OUT" "smoke.py:16:17: kill (warning): \`docker kill mycontainer\`"
expect_contains "$OUT" "instead: docker stop -t 10 mycontainer"

TEST "guard scan --format sarif: a SARIF 2.1.0 log"
cd "$FIXTURES" || exit 1
expect_exit 1 "$SAFEDOCKER" guard scan --format sarif shell/docker-build.sh shell/suppressed.sh
sarif=$OUT
cd - >/dev/null || exit 1
# shellcheck disable=SC2016  # a literal $schema
expect_contains "$sarif" '"$schema": "https://json.schemastore.org/sarif-2.1.0.json"'
expect_contains "$sarif" '"version": "2.1.0"'
expect_contains "$sarif" '"uri": "shell/docker-build.sh"'
if command -v jq >/dev/null 2>&1; then
  # The properties the 2.1.0 schema requires, and the values we promise.
  check() { [ "$(jq -r "$1" <<<"$sarif")" == "$2" ] || fail "SARIF: $1 is not $2"; }
  check '.version' "2.1.0"
  check '.runs | length' 1
  check '.runs[0].tool.driver.name' "safedocker"
  check '[.runs[0].tool.driver.rules[] | select((.id | type) == "string" and (.shortDescription.text | type) == "string")] | length' 2
  check '.runs[0].results | length' 3
  check '[.runs[0].results[] | select(.message.text | type == "string")] | length' 3
  check '[.runs[0].results[] | select(.level == "error")] | length' 3
  check '.runs[0].results[0].ruleId' "force-rm"
  check '.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri' "shell/docker-build.sh"
  check '.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uriBaseId' "SRCROOT"
  check '.runs[0].results[0].locations[0].physicalLocation.region.startLine' 4
  check '.runs[0].results[0].locations[0].physicalLocation.region.startColumn' 1
  check '.runs[0].originalUriBaseIds.SRCROOT.uri' "file://$FIXTURES/"
  # shellcheck disable=SC2016  # jq variables
  check '[.runs[0] as $run | $run.results[] | select($run.tool.driver.rules[.ruleIndex].id == .ruleId)] | length' 3
  check '.runs[0].results[1].ruleId' "suppression-without-reason"
else
  echo "    (jq not installed: SARIF checked by its text only)"
  expect_contains "$sarif" '"ruleId": "force-rm"'
  expect_contains "$sarif" '"startLine": 4'
fi

TEST "guard scan: inside a git work tree, what .gitignore ignores is skipped"
if have_git; then
  repo=$(new_repo ignore)
  mkdir -p "$repo/build" "$repo/scripts" "$repo/.git/hooks"
  printf 'build/\n*.generated.sh\n!keep.generated.sh\n' >"$repo/.gitignore"
  echo 'docker rm -f a' >"$repo/scripts/clean.sh"
  echo 'docker rm -f b' >"$repo/build/out.sh"
  echo 'docker rm -f c' >"$repo/x.generated.sh"
  echo 'docker rm -f d' >"$repo/keep.generated.sh"
  echo 'docker rm -f e' >"$repo/.git/hooks/hook.sh"
  cd "$repo" || exit 1
  expect_exit 1 "$SAFEDOCKER" guard scan --format json
  expect_equal "$(json_findings "$OUT")" $'keep.generated.sh:1:1 force-rm\nscripts/clean.sh:1:1 force-rm'
  # A file named on the command line is scanned even when ignored, as linters do.
  expect_exit 1 "$SAFEDOCKER" guard scan build/out.sh
  expect_contains "$OUT" "build/out.sh:1:1: force-rm"
  cd - >/dev/null || exit 1
  # Outside a work tree (and in a directory git ignores, as this one is in the build tree's
  # testdir) the walk is plain: only .git is skipped.
  rm -rf "$repo/.git"
  expect_exit 1 "$SAFEDOCKER" guard scan --format json "$repo"
  expect_equal "$(json_findings "$OUT" | wc -l)" 4
else
  echo "    (git not installed: skipped)"
fi

TEST "guard install-hook: a pre-commit hook that rejects a commit adding docker rm -f"
if have_git; then
  repo=$(new_repo hook)
  cd "$repo" || exit 1
  expect_exit 0 "$SAFEDOCKER" guard install-hook
  expect_contains "$OUT" "installed"
  [ -x .git/hooks/pre-commit ] || fail "no executable .git/hooks/pre-commit"
  expect_contains "$(<.git/hooks/pre-commit)" "guard scan --staged"
  expect_exit 0 "$SAFEDOCKER" guard install-hook
  expect_contains "$OUT" "already installed"

  printf '#!/bin/sh\ndocker ps\n' >ok.sh
  git add ok.sh
  expect_exit 0 git commit -q -m "clean"

  printf '#!/bin/sh\ndocker rm -f x\n' >bad.sh
  git add bad.sh
  expect_exit 1 git commit -q -m "forced"
  expect_contains "$OUT$ERR" "bad.sh:2:1: force-rm"
  [ "$(git rev-list --count HEAD)" == 1 ] || fail "the forced commit went in"

  # The index is what is committed: a clean staged version passes whatever the work tree holds.
  printf '#!/bin/sh\ndocker stop x && docker rm x\n' >bad.sh
  git add bad.sh
  printf '#!/bin/sh\ndocker rm -f x\n' >bad.sh
  expect_exit 0 git commit -q -m "graceful"
  [ "$(git rev-list --count HEAD)" == 2 ] || fail "the clean commit did not go in"

  # A suppression with a reason lets it through.
  printf 'clean:\n\tdocker system prune -af  # safedocker: allow force-prune -- CI runner, nothing else runs there\n' >Makefile
  git add Makefile
  expect_exit 0 git commit -q -m "suppressed"
  cd - >/dev/null || exit 1
else
  echo "    (git not installed: skipped)"
fi

TEST "guard install-hook leaves another hook alone unless --replace"
if have_git; then
  repo=$(new_repo other-hook)
  cd "$repo" || exit 1
  printf '#!/bin/sh\necho theirs\n' >.git/hooks/pre-commit
  chmod +x .git/hooks/pre-commit
  expect_exit 1 "$SAFEDOCKER" guard install-hook
  expect_contains "$ERR" "already exists"
  expect_contains "$(<.git/hooks/pre-commit)" "echo theirs"
  expect_exit 0 "$SAFEDOCKER" guard install-hook --replace
  expect_contains "$(<.git/hooks/pre-commit)" "guard scan --staged"
  expect_contains "$(<.git/hooks/pre-commit.safedocker-old)" "echo theirs"
  cd - >/dev/null || exit 1
  expect_exit 2 "$SAFEDOCKER" guard install-hook --no-such-option
  cd "$SUITE_DIR" || exit 1
  mkdir -p not-a-repo
  cd not-a-repo || exit 1
  GIT_CEILING_DIRECTORIES="$SUITE_DIR" expect_exit 2 "$SAFEDOCKER" guard install-hook
  cd - >/dev/null || exit 1
else
  echo "    (git not installed: skipped)"
fi

TEST "guard scan: files marked safedocker-scan=skip in .gitattributes are left out, unless named"
if have_git; then
  repo=$(new_repo attributes)
  mkdir -p "$repo/fixtures/deep" "$repo/scripts"
  printf '/fixtures/** safedocker-scan=skip\n' >"$repo/.gitattributes"
  echo 'docker rm -f a' >"$repo/scripts/clean.sh"
  echo 'docker rm -f b' >"$repo/fixtures/deep/bad.sh"
  cd "$repo" || exit 1
  expect_exit 1 "$SAFEDOCKER" guard scan --format json
  expect_equal "$(json_findings "$OUT")" 'scripts/clean.sh:1:1 force-rm'
  # A marked directory named on purpose is scanned, as is a marked file.
  expect_exit 1 "$SAFEDOCKER" guard scan --format json fixtures
  expect_equal "$(json_findings "$OUT")" 'fixtures/deep/bad.sh:1:1 force-rm'
  expect_exit 1 "$SAFEDOCKER" guard scan fixtures/deep/bad.sh
  cd - >/dev/null || exit 1
else
  echo "    (git not installed: skipped)"
fi

TEST "guard scan: a prune in a script, recipe or CI job is advised the cleanup that needs no answer; in Markdown, the prune that asks"
mkdir -p "$SUITE_DIR/advice"
printf '#!/bin/sh\ndocker system prune -af\n' >"$SUITE_DIR/advice/nightly.sh"
printf 'clean:\n\tdocker image prune -f\n' >"$SUITE_DIR/advice/Makefile"
printf 'jobs:\n  clean:\n    runs-on: ubuntu-latest\n    steps:\n      - run: docker container prune --force\n' \
  >"$SUITE_DIR/advice/ci.yml"
# shellcheck disable=SC2016 # backquotes of a Markdown fence, written literally
printf 'Free space by hand:\n\n```sh\ndocker system prune -af\n```\n' >"$SUITE_DIR/advice/README.md"
expect_exit 1 "$SAFEDOCKER" guard scan --format json "$SUITE_DIR/advice"
expect_equal "$(jq -r '.findings[] | "\(.file | sub(".*/advice/"; "")) \(.alternative | .[0:40])"' <<<"$OUT" | LC_ALL=C sort)" \
  "Makefile safedocker guard cleanup (removes exited
README.md docker system prune -a
ci.yml safedocker guard cleanup (removes exited
nightly.sh safedocker guard cleanup (removes exited"

TEST "guard scan of this repository itself exits 0 (its demonstrations carry suppressions)"
SOURCE_ROOT=$(cd "$HERE/../.." && pwd)
cd "$SOURCE_ROOT" || exit 1
expect_exit 0 "$SAFEDOCKER" guard scan .
expect_contains "$ERR$OUT" "0 finding(s)"
cd - >/dev/null || exit 1
