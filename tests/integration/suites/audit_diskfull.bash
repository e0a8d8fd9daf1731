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

TEST "a record cut short by a full disk is taken back: no torn line, the next record on its own line"
export SAFEDOCKER_REAL_DOCKER="$FAKE_DOCKER" SAFEDOCKER_AUDIT_PATH="$full/safedocker/audit.jsonl"
rm -f "$full/filler" "$full/safedocker/"audit.jsonl*
# A log ending 100 bytes short of a page (tmpfs allocates pages), then the rest of the disk filled:
# the next record fits only in part.
pad=$(head -c 3965 /dev/zero | tr '\0' x)
printf '{"v":1,"event":"pad","pad":"%s"}\n' "$pad" >"$SAFEDOCKER_AUDIT_PATH"
expect_equal "$(stat -c %s "$SAFEDOCKER_AUDIT_PATH")" 3996
head -c 1M /dev/zero >"$full/filler" 2>/dev/null || true
expect_exit 0 "$SHIMS/docker" ps
expect_contains "$ERR" "short write to audit log"
expect_equal "$(stat -c %s "$SAFEDOCKER_AUDIT_PATH")" 3996
rm -f "$full/filler"
expect_exit 0 "$SHIMS/docker" ps
jq -e -R 'fromjson' "$SAFEDOCKER_AUDIT_PATH" >/dev/null 2>&1 || fail "a torn line: $(tail -c 300 "$SAFEDOCKER_AUDIT_PATH")"
expect_equal "$(wc -l <"$SAFEDOCKER_AUDIT_PATH")" 2

umount "$full" && trap - EXIT
