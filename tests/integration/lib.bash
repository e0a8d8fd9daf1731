# Harness for integration and e2e suites: TEST, expect_*, a private test dir per suite.
# shellcheck disable=SC2034  # variables for the suites sourced after this file
# shellcheck shell=bash

: "${SAFEDOCKER:?SAFEDOCKER must name the safedocker binary}"
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
FAKE_DOCKER="$HERE/fake-docker"
failures=0
current_test=""

reset_environment() {
  while IFS= read -r name; do unset "$name"; done < <(compgen -e | grep -E '^SAFEDOCKER_' | grep -v '^SAFEDOCKER$')
  unset DOCKER_HOST DOCKER_CONTEXT DOCKER_CONFIG
  # A fake docker has no daemon behind it: the breaker would rightly open. Suites that test
  # admission turn it on with a fake daemon.
  export SAFEDOCKER_BREAKER=0 SAFEDOCKER_RETRY_MAX_ATTEMPTS=1
  export HOME="$SUITE_DIR/home" XDG_CONFIG_HOME="$SUITE_DIR/home/.config" \
    XDG_STATE_HOME="$SUITE_DIR/home/.local/state" XDG_RUNTIME_DIR="$SUITE_DIR/run"
  rm -rf "${SUITE_DIR:?}/home" "${SUITE_DIR:?}/run"
  mkdir -p "$HOME" "$XDG_CONFIG_HOME" "$XDG_RUNTIME_DIR"
  export FAKE_LOG_DIR="$SUITE_DIR/calls"
  rm -rf "$FAKE_LOG_DIR"
  mkdir -p "$FAKE_LOG_DIR"
}

suite_start() {
  SUITE=$1
  SUITE_DIR="${TESTDIR:-/tmp/safedocker-tests}/$SUITE.$$"
  rm -rf "$SUITE_DIR"
  mkdir -p "$SUITE_DIR"
  SHIMS="$SUITE_DIR/shims"
  mkdir -p "$SHIMS"
  ln -s "$SAFEDOCKER" "$SHIMS/docker"
  ln -s "$SAFEDOCKER" "$SHIMS/docker-compose"
  reset_environment
}

TEST() {
  current_test=$1
  reset_environment
  echo "  test: $current_test"
}

fail() {
  echo "FAIL [$SUITE] $current_test: $*" >&2
  failures=$((failures + 1))
}

# expect_exit CODE CMD…: runs CMD, keeps its stdout/stderr in $OUT/$ERR.
expect_exit() {
  local want=$1
  shift
  "$@" >"$SUITE_DIR/out" 2>"$SUITE_DIR/err"
  local got=$?
  OUT=$(<"$SUITE_DIR/out")
  ERR=$(<"$SUITE_DIR/err")
  if [ "$got" != "$want" ]; then
    fail "exit $got, expected $want: $*"$'\n'"  stdout: $OUT"$'\n'"  stderr: $ERR"
  fi
}

expect_contains() { # TEXT NEEDLE
  case "$1" in
    *"$2"*) ;;
    *) fail "expected to find '$2' in: $1" ;;
  esac
}

expect_not_contains() {
  case "$1" in
    *"$2"*) fail "did not expect '$2' in: $1" ;;
    *) ;;
  esac
}

expect_equal() { # GOT WANT
  [ "$1" == "$2" ] || fail "got '$1', expected '$2'"
}

# The number of calls the fake docker recorded.
# daemon_dir KEY: the name of a daemon's state directory in the lock directory.
daemon_dir() { printf 'daemon.%s' "$(printf '%s' "$1" | sha256sum | cut -c1-16)"; }
fake_calls() { find "$FAKE_LOG_DIR" -name 'call.*' ! -name '*.tmp' | wc -l; }
# The argv of the only (or last) recorded call, one argument per line.
fake_argv() {
  local last
  last=$(find "$FAKE_LOG_DIR" -name 'call.*' ! -name '*.tmp' -printf '%T@ %p\n' | sort -n | tail -n 1 | cut -d' ' -f2)
  [ -n "$last" ] && sed -n 's/^arg //p' "$last"
}

# rewrite_rules FILE GRACE: the default rules with `rm -f` rewritten instead of blocked, made
# the way rules/default.toml tells users to (the block rule out, the commented rewrite rule in),
# with GRACE seconds for the stop.
rewrite_rules() {
  awk -v grace="$2" '
    held != "" { if ($0 != "id = \"force-rm\"") print held; else dropping = 1; held = "" }
    dropping { if ($0 == "") dropping = 0; next }
    /^\[\[rule\]\]$/ { held = $0; next }
    /^# The graceful rewrite/ { rewrite_next = 1 }
    rewrite_next && /^# \[\[rule\]\]$/ { uncommenting = 1 }
    uncommenting && /^$/ { uncommenting = rewrite_next = 0 }
    uncommenting { sub(/^# /, ""); sub(/^grace_seconds = [0-9]+$/, "grace_seconds = " grace) }
    { print }
  ' "$HERE/../../rules/default.toml" >"$1"
  grep -q '^action = "rewrite"$' "$1" || fail "rules/default.toml has no commented rewrite rule to enable"
}

suite_end() {
  if [ "$failures" -gt 0 ]; then
    echo "suite $SUITE: $failures failure(s); test dir kept: $SUITE_DIR" >&2
    return 1
  fi
  rm -rf "$SUITE_DIR"
  echo "suite $SUITE: all passed"
}
