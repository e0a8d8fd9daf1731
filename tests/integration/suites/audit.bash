# shellcheck shell=bash
# The audit log: one record per call, concurrent writers, rotation, views.

audit_path() { echo "$XDG_STATE_HOME/safedocker/audit.jsonl"; }

TEST "each call is recorded: allowed with docker's exit, blocked with its rule"
export SAFEDOCKER_REAL_DOCKER="$FAKE_DOCKER"
FAKE_EXIT=3 expect_exit 3 "$SHIMS/docker" ps -a
expect_exit 200 "$SHIMS/docker" rm -f web
expect_equal "$(wc -l <"$(audit_path)")" 2
expect_equal "$(stat -c %a "$(audit_path)")" 600
expect_exit 0 "$SAFEDOCKER" guard log --json
expect_contains "$OUT" '"argv":["docker","ps","-a"]'
expect_contains "$OUT" '"decision":"allow"'
expect_contains "$OUT" '"exit":3'
expect_contains "$OUT" '"argv":["docker","rm","-f","web"],"command":"container rm","decision":"block","rule":"force-rm"'
expect_exit 0 "$SAFEDOCKER" guard log --decision block
expect_contains "$OUT" "docker rm -f web  [force-rm]"
expect_not_contains "$OUT" "docker ps"

TEST "secrets never reach the log"
export SAFEDOCKER_REAL_DOCKER="$FAKE_DOCKER"
expect_exit 0 "$SHIMS/docker" run -e DB_PASSWORD=hunter2 img
expect_not_contains "$(cat "$(audit_path)")" "hunter2"
expect_contains "$(cat "$(audit_path)")" "DB_PASSWORD=***"

TEST "guard stats counts, and --zero starts a new baseline"
export SAFEDOCKER_REAL_DOCKER="$FAKE_DOCKER"
for _ in 1 2 3; do "$SHIMS/docker" ps >/dev/null; done
"$SHIMS/docker" rm -f a 2>/dev/null
"$SHIMS/docker" system prune -af 2>/dev/null
expect_exit 0 "$SAFEDOCKER" guard stats --json
expect_contains "$OUT" '"calls":5'
expect_contains "$OUT" '"blocks_by_rule":{"force-prune":1,"force-rm":1}'
expect_contains "$OUT" '"by_decision":{"allow":3,"block":2}'
expect_exit 0 "$SAFEDOCKER" guard stats --zero
"$SHIMS/docker" ps >/dev/null
expect_exit 0 "$SAFEDOCKER" guard stats --json
expect_contains "$OUT" '"calls":1'
expect_equal "$(grep -c '"event":"invocation"' "$(audit_path)")" 6
expect_exit 0 "$SAFEDOCKER" guard stats --since 1h
expect_contains "$OUT" "calls:           1"
expect_exit 2 "$SAFEDOCKER" guard stats --since soon

TEST "audit can be switched off"
export SAFEDOCKER_REAL_DOCKER="$FAKE_DOCKER"
SAFEDOCKER_AUDIT=0 expect_exit 0 "$SHIMS/docker" ps
[ -e "$(audit_path)" ] && fail "audit log written although off"

TEST "40 processes x 250 calls with small rotation: exactly 10,000 records, none torn"
export SAFEDOCKER_REAL_DOCKER=/bin/true SAFEDOCKER_AUDIT_MAX_BYTES=65536
mkdir -p "$XDG_CONFIG_HOME/safedocker"
printf '[audit]\nkeep = 1000\n' >"$XDG_CONFIG_HOME/safedocker/rules.toml"
for p in $(seq 40); do
  (for i in $(seq 250); do "$SHIMS/docker" ps "--filter=label=p$p-$i" >/dev/null || exit 1; done) &
done
wait
expect_exit 0 "$SAFEDOCKER" guard stats --json
expect_contains "$OUT" '"calls":10000'
expect_contains "$OUT" '"torn_lines":0'
files=$(find "$XDG_STATE_HOME/safedocker" -name 'audit.jsonl*' ! -name '*.lock' | wc -l)
[ "$files" -gt 10 ] || fail "expected rotation into many files, got $files"
total=$(cat "$XDG_STATE_HOME"/safedocker/audit.jsonl* | wc -l)
expect_equal "$total" 10000
distinct=$(cat "$XDG_STATE_HOME"/safedocker/audit.jsonl* | grep -o 'label=p[0-9]*-[0-9]*' | sort -u | wc -l)
expect_equal "$distinct" 10000
if command -v python3 >/dev/null; then
  bad=$(cat "$XDG_STATE_HOME"/safedocker/audit.jsonl* | python3 -c '
import json, sys
bad = 0
for line in sys.stdin:
    try:
        json.loads(line)
    except ValueError:
        bad += 1
print(bad)')
  expect_equal "$bad" 0
fi

TEST "SAFEDOCKER_LOG controls diagnostics; they go to stderr"
export SAFEDOCKER_REAL_DOCKER="$FAKE_DOCKER" SAFEDOCKER_AUDIT_PATH=/proc/nonexistent/audit.jsonl
expect_exit 0 "$SHIMS/docker" ps
expect_contains "$ERR" "safedocker: warning: cannot open audit log /proc/nonexistent/audit.jsonl"
expect_equal "$OUT" ""
SAFEDOCKER_LOG=error expect_exit 0 "$SHIMS/docker" ps
expect_equal "$ERR" ""

TEST "guard log --follow prints new records as they come, across rotation"
export SAFEDOCKER_REAL_DOCKER="$FAKE_DOCKER" SAFEDOCKER_AUDIT_MAX_BYTES=4096 # the smallest: ~12 records
"$SHIMS/docker" ps >/dev/null
"$SAFEDOCKER" guard log -f -n 1 >"$SUITE_DIR/follow.out" 2>&1 &
follower=$!
sleep 0.5
for i in $(seq 16); do "$SHIMS/docker" ps --filter "label=followed$i" >/dev/null; done
for _ in $(seq 50); do grep -q followed16 "$SUITE_DIR/follow.out" && break; sleep 0.1; done
kill "$follower"
wait "$follower" 2>/dev/null
[[ -e "$(audit_path).1" ]] || fail "no rotation happened"
for i in $(seq 16); do expect_contains "$(cat "$SUITE_DIR/follow.out")" "label=followed$i"; done

TEST "shared mode: the audit log is group-readable (0640), never world-readable"
export SAFEDOCKER_REAL_DOCKER="$FAKE_DOCKER"
mkdir -p "$XDG_CONFIG_HOME/safedocker"
printf '[limits]\nshared = true\nlock_dir = "%s"\n' "$SUITE_DIR/shared-locks" >"$XDG_CONFIG_HOME/safedocker/rules.toml"
mkdir -p "$SUITE_DIR/shared-locks"
chmod 1770 "$SUITE_DIR/shared-locks"
(umask 000 && "$SHIMS/docker" ps >/dev/null)
expect_equal "$(stat -c %a "$(audit_path)")" 640
