# shellcheck shell=bash
# The cleanup scheduler with a fake cleanup command and the fake docker: --once, thresholds out
# of schedule, the breaker, SIGTERM during a pass, --status, a corrupt state file, bad settings.

# A cleanup command that records its argv and, on request, waits for TERM.
make_fake_cleanup() {
  cat >"$SUITE_DIR/fake-cleanup" <<'SH'
#!/usr/bin/env bash
log=${FAKE_CLEAN_LOG:?}
echo "run $*" >>"$log"
if [ -n "${FAKE_CLEAN_WAIT:-}" ]; then
  trap 'echo "got TERM" >>"$log"; echo "{\"removed\":[\"c1\"],\"reclaimed_bytes\":5}"; exit 0' TERM
  echo ready >"$log.ready"
  sleep 30 &
  wait $!
fi
echo '{"removed":["c1","c2","img3"],"reclaimed_bytes":4096}'
SH
  chmod +x "$SUITE_DIR/fake-cleanup"
}

# rules.toml with a [cleanup] section made of the given lines.
write_rules() {
  mkdir -p "$XDG_CONFIG_HOME/safedocker"
  { echo "version = 1"; echo "[cleanup]"; printf '%s\n' "$@"; } >"$XDG_CONFIG_HOME/safedocker/rules.toml"
}

setup_common() {
  make_fake_cleanup
  export SAFEDOCKER_CLEANUP_COMMAND="$SUITE_DIR/fake-cleanup --json" FAKE_CLEAN_LOG="$SUITE_DIR/clean.log"
  export SAFEDOCKER_REAL_DOCKER="$FAKE_DOCKER" FAKE_STDOUT_DIR="$SUITE_DIR/canned"
  rm -f "$FAKE_CLEAN_LOG" "$FAKE_CLEAN_LOG.ready"
  mkdir -p "$FAKE_STDOUT_DIR"
}

audit_events() { sed -n 's/.*"event":"\([a-z_]*\)".*/\1/p' "$XDG_STATE_HOME/safedocker/audit.jsonl" 2>/dev/null; }

wait_for() { # FILE [TRIES]
  for _ in $(seq "${2:-100}"); do [ -s "$1" ] && return 0; sleep 0.05; done
  fail "timed out waiting for $1"
}

TEST "--once runs the cleanup command once, records it, and --status shows it"
setup_common
write_rules 'max_stopped_containers = 0' 'max_disk_percent = 0'
expect_exit 0 "$SAFEDOCKER" guard scheduler --once
expect_equal "$(cat "$FAKE_CLEAN_LOG")" "run --json"
expect_equal "$(fake_calls)" 0
expect_contains "$(audit_events)" "cleanup_run"
expect_exit 0 "$SAFEDOCKER" guard scheduler --status --json
expect_contains "$OUT" '"last_reason":"once"'
expect_contains "$OUT" '"last_result":"ok"'
expect_contains "$OUT" '"last_removed":3'
expect_contains "$OUT" '"total_reclaimed_bytes":4096'
expect_contains "$OUT" '"runs":1'
expect_contains "$OUT" '"running":false'
expect_exit 0 "$SAFEDOCKER" guard scheduler --once
expect_exit 0 "$SAFEDOCKER" guard scheduler --status --json
expect_contains "$OUT" '"total_reclaimed_bytes":8192'
expect_exit 0 "$SAFEDOCKER" guard scheduler --status
expect_contains "$OUT" "2 run(s)"
expect_exit 0 "$SAFEDOCKER" guard stats --json
expect_contains "$OUT" '"cleanup":{"reclaimed_bytes":8192,"removed":6,"runs":2'

TEST "a threshold above its limit runs cleanup out of business hours"
setup_common
# Business hours two hours from now, in UTC: the schedule alone would not run now.
start=$(( ($(date -u +%-H) + 2) % 24 ))
end=$(( (start + 1) % 24 ))
write_rules 'timezone = "UTC"' 'days = "Mon-Sun"' "$(printf 'hours = "%02d:00-%02d:00"' "$start" "$end")" \
  'max_disk_percent = 0' 'max_stopped_containers = 5' 'check_interval = "1h"'
echo '{"ContainersStopped":12,"DockerRootDir":"/var/lib/docker"}' >"$FAKE_STDOUT_DIR/info"
"$SAFEDOCKER" guard scheduler 2>"$SUITE_DIR/sched.err" &
sched=$!
wait_for "$FAKE_CLEAN_LOG"
kill -TERM "$sched"
wait "$sched"
expect_equal "$?" 0
expect_equal "$(wc -l <"$FAKE_CLEAN_LOG")" 1
expect_contains "$(fake_argv | tr '\n' ' ')" "info --format"
expect_exit 0 "$SAFEDOCKER" guard scheduler --status --json
expect_contains "$OUT" '"last_reason":"threshold"'
expect_contains "$OUT" '"last_detail":"stopped containers 12 > 5"'
expect_contains "$OUT" '"in_business_hours":false'
expect_contains "$(audit_events)" "scheduler_stop"

TEST "Docker Desktop: the disk threshold says it cannot be measured, and no pass runs for it"
setup_common
start=$(( ($(date -u +%-H) + 2) % 24 ))
end=$(( (start + 1) % 24 ))
# A data root of / is more than 1% full here: measured, it would start a pass.
write_rules 'timezone = "UTC"' "$(printf 'hours = "%02d:00-%02d:00"' "$start" "$end")" \
  'max_disk_percent = 1' 'max_stopped_containers = 50' 'check_interval = "1h"'
echo '{"ContainersStopped":3,"DockerRootDir":"/","OperatingSystem":"Docker Desktop"}' >"$FAKE_STDOUT_DIR/info"
"$SAFEDOCKER" guard scheduler 2>"$SUITE_DIR/sched.err" &
sched=$!
# The warning comes with the measurement; a pass would start right after it.
for _ in $(seq 200); do grep -q "cannot be measured" "$SUITE_DIR/sched.err" && break; sleep 0.05; done
sleep 0.3
kill -TERM "$sched"
wait "$sched"
expect_equal "$?" 0
[ -e "$FAKE_CLEAN_LOG" ] && fail "a pass ran for a disk that cannot be measured"
expect_contains "$(cat "$SUITE_DIR/sched.err")" "cleanup.max_disk_percent cannot be measured on Docker Desktop"

TEST "below every threshold and out of hours: nothing runs"
setup_common
start=$(( ($(date -u +%-H) + 2) % 24 ))
end=$(( (start + 1) % 24 ))
write_rules 'timezone = "UTC"' "$(printf 'hours = "%02d:00-%02d:00"' "$start" "$end")" \
  'max_disk_percent = 0' 'max_stopped_containers = 50' 'max_image_bytes = 1000000000' 'check_interval = "1h"'
echo '{"ContainersStopped":3,"DockerRootDir":"/var/lib/docker"}' >"$FAKE_STDOUT_DIR/info"
echo '{"Size":"2.5MB","Type":"Images"}' >"$FAKE_STDOUT_DIR/system-df"
"$SAFEDOCKER" guard scheduler 2>"$SUITE_DIR/sched.err" &
sched=$!
for _ in $(seq 100); do [ "$(fake_calls)" -ge 2 ] && break; sleep 0.05; done
sleep 0.2
kill -TERM "$sched"
wait "$sched"
expect_equal "$?" 0
expect_equal "$(fake_calls)" 2
[ -e "$FAKE_CLEAN_LOG" ] && fail "cleanup ran below the thresholds"

TEST "the breaker open: the pass is skipped and recorded, exit 205"
setup_common
write_rules 'max_stopped_containers = 0' 'max_disk_percent = 0'
export SAFEDOCKER_BREAKER=1 DOCKER_HOST="unix://$SUITE_DIR/none.sock" SAFEDOCKER_LOCK_DIR="$SUITE_DIR/locks"
for _ in 1 2 3; do FAKE_EXIT=1 "$SHIMS/docker" ps >/dev/null 2>&1; done
expect_exit 205 "$SAFEDOCKER" guard scheduler --once
[ -e "$FAKE_CLEAN_LOG" ] && fail "cleanup ran with the breaker open"
expect_contains "$(audit_events)" "cleanup_skipped"
expect_contains "$(grep cleanup_skipped "$XDG_STATE_HOME/safedocker/audit.jsonl")" "circuit breaker open"
expect_exit 0 "$SAFEDOCKER" guard scheduler --status --json
expect_contains "$OUT" '"skips":1'
expect_contains "$OUT" '"runs":0'

TEST "SIGTERM during a pass: the child gets TERM, is waited for, recorded; exit 0"
setup_common
write_rules 'days = "Mon-Sun"' 'hours = "00:00-24:00"' 'max_stopped_containers = 0' 'max_disk_percent = 0'
FAKE_CLEAN_WAIT=1 "$SAFEDOCKER" guard scheduler 2>"$SUITE_DIR/sched.err" &
sched=$!
wait_for "$FAKE_CLEAN_LOG.ready"
expect_exit 1 "$SAFEDOCKER" guard scheduler --once
expect_contains "$ERR" "already runs (pid $sched"
expect_exit 0 "$SAFEDOCKER" guard scheduler --status --json
expect_contains "$OUT" "\"pid\":$sched"
kill -TERM "$sched"
wait "$sched"
expect_equal "$?" 0
expect_contains "$(cat "$FAKE_CLEAN_LOG")" "got TERM"
expect_exit 0 "$SAFEDOCKER" guard scheduler --status --json
expect_contains "$OUT" '"last_result":"interrupted"'
expect_contains "$OUT" '"runs":1'
expect_contains "$OUT" '"total_removed":1'
expect_contains "$OUT" '"running":false'
expect_contains "$(audit_events)" "cleanup_interrupted"
pgrep -f "$SUITE_DIR/fake-cleanup" >/dev/null && fail "the cleanup child outlived the scheduler"

TEST "a corrupt state file: one-line warning, a fresh start, the audit log kept"
setup_common
write_rules 'max_stopped_containers = 0' 'max_disk_percent = 0'
expect_exit 0 "$SAFEDOCKER" guard scheduler --once
printf 'garbage\n' >"$XDG_STATE_HOME/safedocker/scheduler.state"
expect_exit 0 "$SAFEDOCKER" guard scheduler --status --json
expect_contains "$ERR" "corrupt scheduler state"
expect_exit 0 "$SAFEDOCKER" guard scheduler --once
expect_contains "$ERR" "starting fresh"
expect_exit 0 "$SAFEDOCKER" guard scheduler --status --json
expect_contains "$OUT" '"runs":1'
expect_equal "$(audit_events | grep -c cleanup_run)" 2

TEST "bad settings name the file and line and the fix (exit 201)"
setup_common
write_rules 'days = "Mon-Fry"'
expect_exit 201 "$SAFEDOCKER" guard scheduler --status
expect_contains "$ERR" "rules.toml:3:8: cleanup.days = \"Mon-Fry\": unknown day 'Fry'"
write_rules 'timezone = "Mars/Olympus"'
expect_exit 201 "$SAFEDOCKER" guard scheduler --once
expect_contains "$ERR" "rules.toml:3:12: cleanup.timezone = \"Mars/Olympus\": not a zone of the time zone database"
write_rules 'interval = "soon"'
expect_exit 201 "$SAFEDOCKER" guard scheduler
expect_contains "$ERR" "cleanup.interval"
