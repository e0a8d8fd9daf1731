# shellcheck shell=bash
# A full file system under the audit log: warn and run by default, refuse with audit.required.

if [ "$(id -u)" != 0 ]; then
  if [ "${CI:-}" = "true" ]; then echo "audit_diskfull needs root (mount tmpfs)" >&2; exit 1; fi
  echo "audit_diskfull: SKIPPED: needs root to mount a small tmpfs" >&2
  exit 77
fi
full="$SUITE_DIR/full"
mkdir -p "$full"
mount -t tmpfs -o size=64k tmpfs "$full" || { echo "cannot mount tmpfs" >&2; exit 1; }
trap 'umount "$full"' EXIT
mkdir -p "$full/safedocker"
head -c 1M /dev/zero >"$full/filler" 2>/dev/null || true

TEST "disk full, default mode: one warning, docker runs"
export SAFEDOCKER_REAL_DOCKER="$FAKE_DOCKER" SAFEDOCKER_AUDIT_PATH="$full/safedocker/audit.jsonl"
expect_exit 0 "$SHIMS/docker" ps
expect_contains "$ERR" "audit log"
expect_contains "$ERR" "the call runs unrecorded"
expect_equal "$(grep -c 'audit log' <<<"$ERR")" 1
expect_equal "$(fake_calls)" 1

TEST "disk full, audit.required: refused with 206, docker not run"
export SAFEDOCKER_REAL_DOCKER="$FAKE_DOCKER" SAFEDOCKER_AUDIT_PATH="$full/safedocker/audit.jsonl"
mkdir -p "$XDG_CONFIG_HOME/safedocker"
printf '[audit]\nrequired = true\n' >"$XDG_CONFIG_HOME/safedocker/rules.toml"
expect_exit 206 "$SHIMS/docker" ps
expect_contains "$ERR" "audit.required is set"
expect_equal "$(fake_calls)" 0

TEST "space again: records resume, nothing earlier corrupted"
rm -f "$full/filler"
export SAFEDOCKER_REAL_DOCKER="$FAKE_DOCKER" SAFEDOCKER_AUDIT_PATH="$full/safedocker/audit.jsonl"
expect_exit 0 "$SHIMS/docker" ps
expect_exit 0 "$SAFEDOCKER" guard stats --json
expect_contains "$OUT" '"calls":1'

umount "$full" && trap - EXIT
