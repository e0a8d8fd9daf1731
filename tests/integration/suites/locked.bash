# shellcheck shell=bash
# policy.locked in the system rules file: the environment and user rules files cannot weaken the guard.
# Needs its own /etc/safedocker: runs as root in a private mount namespace over a temp dir.

if [[ -z "${LOCKED_SUITE_IN_NAMESPACE:-}" ]]; then
  if [[ $(id -u) -ne 0 ]]; then
    echo "SKIP: locked needs root to bind-mount a private /etc/safedocker"
    exit 77
  fi
  if ! unshare -m --propagation private true 2>/dev/null; then
    echo "SKIP: locked needs unshare -m (mount namespaces) to bind-mount a private /etc/safedocker"
    exit 77
  fi
  LOCKED_SUITE_IN_NAMESPACE=1 exec unshare -m --propagation private bash "$HERE/run" locked
fi

# An overlay keeps every write (even creating /etc/safedocker) inside this namespace and SUITE_DIR.
mkdir -p "$SUITE_DIR/etc-upper" "$SUITE_DIR/etc-work"
mount -t overlay overlay -o "lowerdir=/etc,upperdir=$SUITE_DIR/etc-upper,workdir=$SUITE_DIR/etc-work" /etc \
  || { echo "SKIP: locked cannot mount a private overlay over /etc"; exit 77; }
system_dir=/etc/safedocker
mkdir -p "$system_dir"

write_system_rules() { # LOCKED(true|false)
  { printf 'version = 1\n\n[policy]\nlocked = %s\nallow_bypass = true\n\n' "$1"
    sed -n '/^\[\[rule\]\]/,$p' "$HERE/../../rules/default.toml"; } >"$system_dir/rules.toml"
}
write_user_rules() {
  mkdir -p "$XDG_CONFIG_HOME/safedocker"
  printf 'version = 1\n' >"$XDG_CONFIG_HOME/safedocker/rules.toml"
}

for locked in true false; do
  TEST "policy.locked = $locked: SAFEDOCKER_REAL_DOCKER"
  write_system_rules "$locked"
  export SAFEDOCKER_REAL_DOCKER="$FAKE_DOCKER"
  "$SAFEDOCKER" ps >/dev/null 2>"$SUITE_DIR/err" || true
  if [[ $locked == true ]]; then expect_equal "$(fake_calls)" 0; expect_contains "$(cat "$SUITE_DIR/err")" "ignoring"
  else expect_equal "$(fake_calls)" 1; fi

  TEST "policy.locked = $locked: SAFEDOCKER_BYPASS"
  write_system_rules "$locked"
  export SAFEDOCKER_REAL_DOCKER="$FAKE_DOCKER" SAFEDOCKER_BYPASS=1
  if [[ $locked == true ]]; then expect_exit 200 "$SAFEDOCKER" rm -f web; expect_equal "$(fake_calls)" 0
  else expect_exit 0 "$SAFEDOCKER" rm -f web; expect_equal "$(fake_calls)" 1; fi

  TEST "policy.locked = $locked: a user rules file"
  write_system_rules "$locked"
  write_user_rules
  export SAFEDOCKER_REAL_DOCKER="$FAKE_DOCKER"
  if [[ $locked == true ]]; then expect_exit 200 "$SAFEDOCKER" guard check -- rm -f web
  else expect_exit 0 "$SAFEDOCKER" guard check -- rm -f web; fi

  TEST "policy.locked = $locked: SAFEDOCKER_AUDIT=0"
  write_system_rules "$locked"
  export SAFEDOCKER_AUDIT=0 SAFEDOCKER_AUDIT_PATH="$SUITE_DIR/audit.$locked.jsonl"
  "$SAFEDOCKER" guard check -- rm -f web >/dev/null 2>&1 || true
  "$SAFEDOCKER" rm -f web >/dev/null 2>&1 || true
  audit_file="$XDG_STATE_HOME/safedocker/audit.jsonl"
  if [[ $locked == true ]]; then
    [[ -s "$audit_file" ]] || fail "locked: no audit record at $audit_file"
  else
    [[ ! -s "$audit_file" && ! -s "$SUITE_DIR/audit.$locked.jsonl" ]] || fail "unlocked: SAFEDOCKER_AUDIT=0 still wrote a record"
  fi

  TEST "policy.locked = $locked: XDG_RUNTIME_DIR does not move the default lock directory"
  { printf 'version = 1\n\n[docker]\npath = "%s"\n\n[breaker]\nenabled = false\n\n[policy]\nlocked = %s\n\n' "$FAKE_DOCKER" "$locked"
    sed -n '/^\[\[rule\]\]/,$p' "$HERE/../../rules/default.toml"; } >"$system_dir/rules.toml"
  export XDG_RUNTIME_DIR="$SUITE_DIR/private-run.$locked"
  mkdir -p "$XDG_RUNTIME_DIR"
  expect_exit 0 "$SAFEDOCKER" ps
  expect_equal "$(fake_calls)" 1
  if [[ $locked == true ]]; then [[ ! -e "$XDG_RUNTIME_DIR/safedocker" ]] || fail "locked: lock directory moved by XDG_RUNTIME_DIR"
  else compgen -G "$XDG_RUNTIME_DIR/safedocker/daemon.*/slot.0" >/dev/null || fail "unlocked: no slot file under XDG_RUNTIME_DIR"; fi
done
umount /etc
