# shellcheck shell=bash
# shellcheck disable=SC2016  # literal $(…) and backticks are the point: they must reach docker unexpanded
# Security: lock and state directories planted in /tmp by another user are refused and never
# followed; audit files stay private whatever the umask; no argument ever reaches a shell.
# Needs root (two unused uids play the victim and the attacker) and a private /tmp: runs in its
# own mount namespace with a fresh tmpfs on /tmp for every test.

if [[ -z "${SECURITY_SUITE_IN_NAMESPACE:-}" ]]; then
  if [[ $(id -u) -ne 0 ]]; then
    echo "SKIP: security needs root to act as two other users and to mount a private /tmp"
    exit 77
  fi
  if ! command -v setpriv >/dev/null || ! unshare -m --propagation private true 2>/dev/null; then
    echo "SKIP: security needs setpriv and unshare -m (mount namespaces)"
    exit 77
  fi
  # The private /tmp hides whatever lives under the real one (a checkout in mktemp -d, say):
  # the binary and this harness then run from a copy in /var/tmp, readable by the test users.
  case "$SUITE_DIR/:$HERE/:$SAFEDOCKER" in
    /tmp/* | *:/tmp/*)
      stage=$(mktemp -d /var/tmp/safedocker-security.XXXXXX)
      chmod 0755 "$stage"
      mkdir "$stage/tests" "$stage/rules"
      cp -r "$HERE" "$stage/tests/integration"
      cp "$HERE/../../rules/default.toml" "$stage/rules/"
      cp "$SAFEDOCKER" "$stage/safedocker"
      rm -rf "$SUITE_DIR"
      status=0
      SAFEDOCKER="$stage/safedocker" TESTDIR="$stage/testdir" SECURITY_SUITE_IN_NAMESPACE=1 \
        unshare -m --propagation private bash "$stage/tests/integration/run" security || status=$?
      if [[ $status -eq 0 ]]; then rm -rf "$stage"; else echo "security: test dir kept: $stage"; fi
      exit "$status"
      ;;
  esac
  SECURITY_SUITE_IN_NAMESPACE=1 exec unshare -m --propagation private bash "$HERE/run" security
fi

VICTIM=64101
ATTACKER=64102
VICTIM_HOME="$SUITE_DIR/victim"
PRECIOUS="$VICTIM_HOME/precious"

# A fresh private /tmp, a victim home (0700) holding a file an attacker would like to clobber.
fresh_world() {
  umount /tmp 2>/dev/null
  mount -t tmpfs -o mode=1777 tmpfs /tmp || { echo "SKIP: security cannot mount a tmpfs on /tmp"; exit 77; }
  rm -rf "$VICTIM_HOME"
  mkdir -p "$VICTIM_HOME/home" "$VICTIM_HOME/calls"
  echo "the victim's own data" >"$PRECIOUS"
  chown -R "$VICTIM:$VICTIM" "$VICTIM_HOME"
  chmod 0700 "$VICTIM_HOME"
  export FAKE_LOG_DIR="$VICTIM_HOME/calls"
  precious_before=$(stat -c '%s %Y %i' "$PRECIOUS")
}

as_uid() { # UID CMD…
  local uid=$1
  shift
  setpriv --reuid="$uid" --regid="$uid" --clear-groups "$@"
}
attacker() { as_uid "$ATTACKER" "$@"; }
# The victim runs CMD with XDG_RUNTIME_DIR unset, so the lock directory is /tmp/safedocker-UID.
victim() {
  as_uid "$VICTIM" env -u XDG_RUNTIME_DIR HOME="$VICTIM_HOME/home" XDG_CONFIG_HOME="$VICTIM_HOME/home/.config" \
    XDG_STATE_HOME="$VICTIM_HOME/home/.local/state" SAFEDOCKER_REAL_DOCKER="$FAKE_DOCKER" FAKE_LOG_DIR="$FAKE_LOG_DIR" "$@"
}

expect_precious_intact() {
  expect_equal "$(cat "$PRECIOUS")" "the victim's own data"
  expect_equal "$(stat -c '%s %Y %i' "$PRECIOUS")" "$precious_before"
}
expect_empty_dir() { # DIR
  local found
  found=$(find "$1" -mindepth 1 -printf '%f ')
  [[ -z "$found" ]] || fail "something was written into $1: $found"
}
mode_of() { stat -c '%a' "$1"; }

lock_dir="/tmp/safedocker-$VICTIM"

TEST "lock dir: another user's directory at /tmp/safedocker-UID is refused; the call runs"
fresh_world
attacker mkdir -m 0777 "$lock_dir"
expect_exit 0 victim "$SAFEDOCKER" ps
expect_contains "$ERR" "refusing state directory $lock_dir: owned by uid $ATTACKER"
expect_contains "$ERR" "without admission control"
expect_equal "$(fake_calls)" 1
expect_exit 209 victim "$SAFEDOCKER" guard session -- true
expect_contains "$ERR" "refusing state directory $lock_dir"
expect_exit 1 victim "$SAFEDOCKER" guard reset
expect_contains "$ERR" "refusing state directory $lock_dir"
expect_empty_dir "$lock_dir"

TEST "lock dir: a symlink to another user's directory is never followed"
fresh_world
attacker mkdir -m 0777 /tmp/attacker
attacker ln -s /tmp/attacker "$lock_dir"
expect_exit 0 victim "$SAFEDOCKER" ps
expect_contains "$ERR" "refusing state directory $lock_dir: it is a symbolic link"
expect_empty_dir /tmp/attacker

TEST "lock dir: a symlink to the victim's own directory is never followed either"
fresh_world
attacker ln -s "$VICTIM_HOME/home" "$lock_dir"
expect_exit 0 victim "$SAFEDOCKER" ps
expect_contains "$ERR" "it is a symbolic link"
expect_equal "$(find "$VICTIM_HOME/home" -name 'slot.*' | wc -l)" 0

TEST "lock dir: a regular file in its place is refused and left alone"
fresh_world
attacker sh -c "echo planted >'$lock_dir'"
expect_exit 0 victim "$SAFEDOCKER" ps
expect_contains "$ERR" "refusing state directory $lock_dir: it is not a directory"
expect_equal "$(cat "$lock_dir")" planted

TEST "lock dir: the victim's own directory with mode 0777 is refused, naming the fix"
fresh_world
victim mkdir -m 0777 "$lock_dir"
victim chmod 0777 "$lock_dir"
expect_exit 0 victim "$SAFEDOCKER" ps
expect_contains "$ERR" "refusing state directory $lock_dir: mode 0777 lets group or others write to it; chmod go-w $lock_dir"
expect_empty_dir "$lock_dir"

TEST "lock dir: with umask 000 the directory is made 0700 and its files 0600"
fresh_world
expect_exit 0 victim sh -c 'umask 000; exec "$@"' sh "$SAFEDOCKER" ps
expect_not_contains "$ERR" "warning"
expect_equal "$(mode_of "$lock_dir")" 700
expect_equal "$(stat -c '%u' "$lock_dir")" "$VICTIM"
while IFS= read -r file; do
  want=600
  [[ -d $file ]] && want=700
  expect_equal "${file#"$lock_dir"/} $(mode_of "$file")" "${file#"$lock_dir"/} $want"
done < <(find "$lock_dir" -mindepth 1)
compgen -G "$lock_dir/daemon.*/slot.0" >/dev/null || fail "no daemon state directory with a slot under $lock_dir"

TEST "shared lock dir: state files planted as symlinks to the victim's file are never written through"
fresh_world
mkdir -m 1777 /tmp/shared
mkdir -p "$VICTIM_HOME/home/.config/safedocker"
printf 'version = 1\n[limits]\nshared = true\nlock_dir = "/tmp/shared"\nmin_interval_ms = 1\n' \
  >"$VICTIM_HOME/home/.config/safedocker/rules.toml"
chown -R "$VICTIM:$VICTIM" "$VICTIM_HOME/home/.config"
# The daemon's state directory is made by the victim's first call (01777 like the lock
# directory); the attacker then plants links for the files not yet made, in both directories.
expect_exit 0 victim env SAFEDOCKER_BREAKER=1 SAFEDOCKER_MIN_INTERVAL_MS=0 SAFEDOCKER_MAX_CONCURRENT=1 "$SAFEDOCKER" ps
daemon="/tmp/shared/$(daemon_dir "unix:$(realpath -m /var/run/docker.sock)")"
[[ -d $daemon ]] || fail "no daemon state directory $daemon"
expect_equal "$(mode_of "$daemon")" 1777
rm -f "$daemon"/slot.* "$daemon"/queue "$daemon"/rate "$daemon"/breaker
for name in slot.0 slot.1 slot.2 queue rate breaker; do
  attacker ln -s "$PRECIOUS" "$daemon/$name"
done
for name in cleanup.lock session.s1; do
  attacker ln -s "$PRECIOUS" "/tmp/shared/$name"
done
expect_exit 0 victim env SAFEDOCKER_BREAKER=1 "$SAFEDOCKER" ps
expect_contains "$ERR" "it is a symbolic link"
expect_equal "$(fake_calls)" 2
expect_exit 1 victim env SAFEDOCKER_BREAKER=1 FAKE_EXIT=1 "$SAFEDOCKER" ps
expect_exit 209 victim "$SAFEDOCKER" guard session --name s1 -- true
expect_contains "$ERR" "symbolic link"
expect_exit 210 victim "$SAFEDOCKER" guard cleanup --dry-run
expect_contains "$ERR" "refusing /tmp/shared/cleanup.lock: it is a symbolic link"
expect_precious_intact
for name in slot.0 slot.1 slot.2 queue rate breaker; do
  [[ -L "$daemon/$name" ]] || fail "$daemon/$name was replaced"
done
for name in cleanup.lock session.s1; do
  [[ -L "/tmp/shared/$name" ]] || fail "/tmp/shared/$name was replaced"
done

TEST "shared lock dir: a daemon state directory planted by another user is refused, never used"
fresh_world
mkdir -m 1777 /tmp/shared
mkdir -p "$VICTIM_HOME/home/.config/safedocker"
printf 'version = 1\n[limits]\nshared = true\nlock_dir = "/tmp/shared"\n' >"$VICTIM_HOME/home/.config/safedocker/rules.toml"
chown -R "$VICTIM:$VICTIM" "$VICTIM_HOME/home/.config"
daemon="/tmp/shared/$(daemon_dir "unix:$(realpath -m /var/run/docker.sock)")"
attacker mkdir -m 1777 "$daemon"
attacker ln -s "$PRECIOUS" "$daemon/slot.0"
expect_exit 0 victim env SAFEDOCKER_BREAKER=1 "$SAFEDOCKER" ps
expect_contains "$ERR" "refusing shared state directory $daemon: owned by uid"
expect_precious_intact
rm -rf "$daemon"
attacker ln -s "$PRECIOUS" "$daemon"
expect_exit 0 victim env SAFEDOCKER_BREAKER=1 "$SAFEDOCKER" ps
expect_contains "$ERR" "it is a symbolic link"
expect_precious_intact

TEST "shared lock dir: a hard link planted by another user is refused"
fresh_world
mkdir -m 1777 /tmp/shared
attacker sh -c 'echo attacker >/tmp/attacker-file && ln /tmp/attacker-file /tmp/shared/slot.0'
expect_exit 0 victim env SAFEDOCKER_LOCK_DIR=/tmp/shared "$SAFEDOCKER" ps
expect_contains "$ERR" "refusing state directory /tmp/shared"

TEST "root: an attacker's symlink or directory at /tmp/safedocker-0 is never used"
for kind in symlink directory; do
  fresh_world
  rm -rf "$SUITE_DIR/root-only"
  mkdir -m 0700 "$SUITE_DIR/root-only"
  if [[ $kind == symlink ]]; then attacker ln -s "$SUITE_DIR/root-only" /tmp/safedocker-0
  else attacker mkdir -m 0777 /tmp/safedocker-0; fi
  # No HOME or XDG_STATE_HOME either: the audit log and scheduler state fall back to /tmp/safedocker-0.
  expect_exit 0 env -u XDG_RUNTIME_DIR -u HOME -u XDG_STATE_HOME -u XDG_CONFIG_HOME \
    SAFEDOCKER_REAL_DOCKER="$FAKE_DOCKER" "$SAFEDOCKER" ps
  expect_contains "$ERR" "refusing state directory /tmp/safedocker-0"
  env -u XDG_RUNTIME_DIR -u HOME -u XDG_STATE_HOME -u XDG_CONFIG_HOME SAFEDOCKER_CLEANUP_COMMAND=true \
    "$SAFEDOCKER" guard scheduler --once >/dev/null 2>&1
  expect_empty_dir "$SUITE_DIR/root-only"
  if [[ $kind == directory ]]; then expect_empty_dir /tmp/safedocker-0; fi
done
rm -rf "$SUITE_DIR/root-only"

audit_dir="$VICTIM_HOME/home/.local/state/safedocker"

TEST "audit: with umask 000 the log, its directory, lock and rotated files are private"
fresh_world
for _ in $(seq 16); do # the smallest audit.max_bytes (4096) holds about 12 records
  victim env SAFEDOCKER_AUDIT_MAX_BYTES=4096 sh -c 'umask 000; exec "$@"' sh "$SAFEDOCKER" ps >/dev/null 2>&1
done
expect_equal "$(mode_of "$audit_dir")" 700
expect_equal "$(mode_of "$VICTIM_HOME/home/.local/state")" 700
[[ -e "$audit_dir/audit.jsonl.1" ]] || fail "no rotation happened"
for file in "$audit_dir"/audit.jsonl*; do
  expect_equal "$(basename "$file") $(mode_of "$file")" "$(basename "$file") 600"
done

TEST "audit: a log left readable by others (0644) is made 0600 by the next record"
fresh_world
mkdir -p "$audit_dir"
echo '{"v":1,"event":"zero","time":"2026-11-28T00:00:00.000Z"}' >"$audit_dir/audit.jsonl"
chown -R "$VICTIM:$VICTIM" "$VICTIM_HOME/home"
chmod 0700 "$audit_dir" "$VICTIM_HOME/home/.local/state"
chmod 0644 "$audit_dir/audit.jsonl"
expect_exit 0 victim "$SAFEDOCKER" ps
expect_equal "$(mode_of "$audit_dir/audit.jsonl")" 600
expect_equal "$(wc -l <"$audit_dir/audit.jsonl")" 2

TEST "audit: a log path that is a symlink is refused, never followed"
fresh_world
mkdir -p "$audit_dir"
ln -s "$PRECIOUS" "$audit_dir/audit.jsonl"
chown -R "$VICTIM:$VICTIM" "$VICTIM_HOME/home"
chmod 0700 "$audit_dir" "$VICTIM_HOME/home/.local/state"
expect_exit 0 victim "$SAFEDOCKER" ps
expect_contains "$ERR" "refusing audit log $audit_dir/audit.jsonl: it is a symbolic link"
expect_precious_intact
victim mkdir -p "$VICTIM_HOME/home/.config/safedocker"
victim sh -c "printf 'version = 1\n[audit]\nrequired = true\n' >'$VICTIM_HOME/home/.config/safedocker/rules.toml'"
expect_exit 206 victim "$SAFEDOCKER" ps
expect_precious_intact

TEST "audit: another user's directory or file at the fallback /tmp/safedocker-UID is refused"
for kind in directory file symlink; do
  fresh_world
  case $kind in
    directory) attacker mkdir -m 0777 "$lock_dir" ;;
    file) attacker mkdir -m 0777 "$lock_dir"; attacker sh -c "umask 000; : >'$lock_dir/audit.jsonl'" ;;
    symlink) attacker mkdir -m 0777 /tmp/attacker; attacker ln -s /tmp/attacker "$lock_dir" ;;
  esac
  # HOME and XDG_STATE_HOME unset: the state directory falls back to /tmp/safedocker-UID.
  expect_exit 0 victim env -u HOME -u XDG_STATE_HOME "$SAFEDOCKER" ps
  expect_contains "$ERR" "audit log"
  case $kind in
    directory) expect_empty_dir "$lock_dir" ;;
    file) expect_equal "$(stat -c '%s' "$lock_dir/audit.jsonl")" 0 ;;
    symlink) expect_empty_dir /tmp/attacker ;;
  esac
done

TEST "audit: the victim's own fallback directory is created 0700 with umask 000"
fresh_world
expect_exit 0 victim env -u HOME -u XDG_STATE_HOME sh -c 'umask 000; exec "$@"' sh "$SAFEDOCKER" ps
expect_not_contains "$ERR" "warning"
expect_equal "$(mode_of "$lock_dir")" 700
expect_equal "$(mode_of "$lock_dir/audit.jsonl")" 600

# Arguments a shell would expand, split or run. None of them may do anything but arrive.
nasty=('$(touch PWNED)' '`touch PWNED`' '; touch PWNED' '| touch PWNED' '&& touch PWNED' $'a\ntouch PWNED'
  '*' '?' '[a]*' '"' "'" "it's \"quoted\"" \\ '-' '--' '-rf' '' ' ' $'\t' $'\xff\xfe invalid UTF-8' '~' '$HOME' '{a,b}' '&&')
argv_file() { printf '%q\n' "$@"; }
in_cwd() { (cd "$SUITE_DIR/cwd" && "$@"); }
expect_no_pwned() {
  [[ -z "$(find "$SUITE_DIR" -name PWNED)" && ! -e /PWNED ]] || fail "a PWNED file was created: an argument reached a shell"
}
fresh_argv_test() {
  rm -rf "$SUITE_DIR/cwd"
  mkdir -p "$SUITE_DIR/cwd"
  touch "$SUITE_DIR/cwd/a-file" "$SUITE_DIR/cwd/b"
  export SAFEDOCKER_REAL_DOCKER="$FAKE_DOCKER"
}

TEST "argv: shell metacharacters, newlines, globs, quotes, dashes, empty and invalid UTF-8 arrive byte for byte"
fresh_argv_test
expect_exit 0 in_cwd "$SHIMS/docker" run --rm img "${nasty[@]}"
expect_equal "$(fake_argv)" "$(argv_file run --rm img "${nasty[@]}")"
expect_exit 0 in_cwd "$SHIMS/docker" "${nasty[@]}"
expect_equal "$(fake_argv)" "$(argv_file "${nasty[@]}")"
expect_exit 0 in_cwd "$SAFEDOCKER" exec c sh -c "${nasty[0]}" "${nasty[@]}"
expect_equal "$(fake_argv)" "$(argv_file exec c sh -c "${nasty[0]}" "${nasty[@]}")"
expect_no_pwned

TEST "argv: a rewrite rule passes the targets through as words"
fresh_argv_test
rewrite_rules "$SUITE_DIR/rewrite.toml" 5
SAFEDOCKER_RULES="$SUITE_DIR/rewrite.toml" expect_exit 0 in_cwd "$SHIMS/docker" rm -f -- "${nasty[@]}"
expect_equal "$(fake_calls)" 2
expect_equal "$(fake_argv)" "$(argv_file rm -- "${nasty[@]}")"
stop_call=$(grep -l '^arg stop$' "$FAKE_LOG_DIR"/call.*)
expect_equal "$(sed -n 's/^arg //p' "$stop_call")" "$(argv_file stop -t 5 -- "${nasty[@]}")"
expect_no_pwned

TEST "argv: guard session -- CMD… runs CMD as a vector"
fresh_argv_test
expect_exit 0 in_cwd "$SAFEDOCKER" guard session --name s-argv -- "$FAKE_DOCKER" "${nasty[@]}"
# The session's teardown calls docker too: the command's own call is the one with all the words.
command_call=$(grep -l "^argc ${#nasty[@]}\$" "$FAKE_LOG_DIR"/call.*)
expect_equal "$(sed -n 's/^arg //p' "$command_call")" "$(argv_file "${nasty[@]}")"
expect_no_pwned

TEST "argv: cleanup.command is split into words with no expansion"
fresh_argv_test
command_words=$(printf "%q '%s' '%s' '%s' '%s' '%s' \"%s\" \"\" '' a\\\\ b" "$FAKE_DOCKER" \
  '$(touch PWNED)' '`touch PWNED`' '; touch PWNED' '*' '| touch PWNED' "it's")
(cd "$SUITE_DIR/cwd" && SAFEDOCKER_CLEANUP_COMMAND="$command_words" "$SAFEDOCKER" guard scheduler --once >/dev/null 2>&1)
expect_equal "$(fake_argv)" "$(argv_file '$(touch PWNED)' '`touch PWNED`' '; touch PWNED' '*' '| touch PWNED' "it's" '' '' 'a b')"
expect_no_pwned
