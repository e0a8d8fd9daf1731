# shellcheck shell=bash
# Metrics for dashboards: guard stats --format prometheus|openmetrics, checked by promtool and an
# OpenMetrics parser; counters that never go back; and a real Prometheus scraping node_exporter's
# textfile collector and the API guard's /metrics.

audit_path() { echo "$XDG_STATE_HOME/safedocker/audit.jsonl"; }

# needs PROGRAM WHAT: whether PROGRAM is installed; CI must have it (packaging/install-deps).
needs() {
  command -v "$1" >/dev/null 2>&1 && return 0
  [ "${CI:-}" = "true" ] && fail "$1 is not installed ($2; packaging/install-deps installs it)"
  echo "    SKIPPED: $1 is not installed ($2)"
  return 1
}

# metric TEXT SAMPLE: the value of the sample line SAMPLE (name and labels as written) in TEXT.
metric() { awk -v s="$2" 'index($0, s " ") == 1 { print $NF }' <<<"$1"; }

# free_port: a tcp port on loopback that nothing listens on now.
free_port() { /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

make_calls() { # a b: a allowed calls, b blocked by force-rm; and one blocked by force-prune
  local i
  for ((i = 0; i < $1; i++)); do "$SHIMS/docker" ps >/dev/null; done
  for ((i = 0; i < $2; i++)); do "$SHIMS/docker" rm -f "web$i" 2>/dev/null; done
  "$SHIMS/docker" system prune -af 2>/dev/null
}

TEST "guard stats --format prometheus: promtool check metrics passes; blocked calls by rule as made"
export SAFEDOCKER_REAL_DOCKER="$FAKE_DOCKER"
make_calls 3 2
expect_exit 0 "$SAFEDOCKER" guard stats --format prometheus
prom=$OUT
expect_equal "$(metric "$prom" 'safedocker_blocked_calls_total{rule="force-rm"}')" 2
expect_equal "$(metric "$prom" 'safedocker_blocked_calls_total{rule="force-prune"}')" 1
expect_equal "$(metric "$prom" 'safedocker_calls_total{channel="cli",decision="allow",rule=""}')" 3
expect_equal "$(metric "$prom" 'safedocker_call_duration_seconds_count')" 6
expect_contains "$prom" "# TYPE safedocker_slot_wait_seconds histogram"
expect_equal "$(grep -c '^# HELP ' <<<"$prom")" "$(grep -c '^# TYPE ' <<<"$prom")"
if needs promtool "promtool check metrics"; then
  expect_exit 0 promtool check metrics <<<"$prom"
  # The check can fail: a counter without _total is what it reports.
  expect_exit 3 promtool check metrics <<<"${prom//safedocker_retries_total/safedocker_retries}"
  expect_contains "$ERR" 'safedocker_retries counter metrics should have "_total" suffix'
fi

TEST "guard stats --format openmetrics: a strict OpenMetrics parser reads it; _created and # EOF"
export SAFEDOCKER_REAL_DOCKER="$FAKE_DOCKER"
make_calls 1 1
expect_exit 0 "$SAFEDOCKER" guard stats --format openmetrics
expect_contains "$OUT" "# TYPE safedocker_calls counter"
expect_contains "$OUT" "safedocker_calls_created{channel=\"cli\",decision=\"block\",rule=\"force-rm\"} "
expect_equal "$(tail -n 1 <<<"$OUT")" "# EOF"
if /usr/bin/python3 -c 'import prometheus_client' 2>/dev/null; then
  check_openmetrics() {
    /usr/bin/python3 -c '
import sys
from prometheus_client.openmetrics.parser import text_string_to_metric_families
families = {f.name: f for f in text_string_to_metric_families(sys.stdin.read())}
blocked = families["safedocker_blocked_calls"]
print(blocked.type, sum(s.value for s in blocked.samples if s.name.endswith("_total")))'
  }
  expect_exit 0 check_openmetrics <<<"$OUT"
  expect_equal "$OUT" "counter 2"
  expect_exit 1 check_openmetrics <<<"$("$SAFEDOCKER" guard stats --format openmetrics | sed '$d')" # no # EOF
else
  [ "${CI:-}" = "true" ] && fail "python3-prometheus-client is not installed (packaging/install-deps installs it)"
  echo "    SKIPPED: python3-prometheus-client is not installed"
fi

TEST "counters never go back: across rotation, guard stats --zero, runs with nothing new, files rotated away"
export SAFEDOCKER_REAL_DOCKER="$FAKE_DOCKER" SAFEDOCKER_AUDIT_MAX_BYTES=4096 # about 10 records a file
mkdir -p "$XDG_CONFIG_HOME/safedocker"
# The default rules with audit.keep = 1: a rules file of one's own replaces the built-in one.
{ cat "$HERE/../../rules/default.toml"; printf '\n[audit]\nkeep = 1\n'; } >"$XDG_CONFIG_HOME/safedocker/rules.toml"
make_calls 2 2
expect_exit 0 "$SAFEDOCKER" guard stats --format prometheus
expect_equal "$(metric "$OUT" 'safedocker_blocked_calls_total{rule="force-rm"}')" 2
expect_exit 0 "$SAFEDOCKER" guard stats --zero
make_calls 4 2 # the file read last rotates once: it is audit.jsonl.1 now
[ -e "$(audit_path).1" ] || fail "no rotation happened"
expect_exit 0 "$SAFEDOCKER" guard stats --format prometheus
expect_equal "$(metric "$OUT" 'safedocker_blocked_calls_total{rule="force-rm"}')" 4
expect_equal "$(metric "$OUT" 'safedocker_blocked_calls_total{rule="force-prune"}')" 2
expect_equal "$(metric "$OUT" 'safedocker_calls_total{channel="cli",decision="allow",rule=""}')" 6
# guard stats itself counts from the baseline.
expect_exit 0 "$SAFEDOCKER" guard stats --json
expect_equal "$(jq '.blocks_by_rule["force-rm"]' <<<"$OUT")" 2
expect_exit 0 "$SAFEDOCKER" guard stats --format prometheus
expect_equal "$(metric "$OUT" 'safedocker_blocked_calls_total{rule="force-rm"}')" 4
# Several rotations between two runs: what went beyond audit.keep is not counted, and nothing
# already counted is taken back.
make_calls 20 10
expect_exit 0 "$SAFEDOCKER" guard stats --format prometheus
allowed=$(metric "$OUT" 'safedocker_calls_total{channel="cli",decision="allow",rule=""}')
if [ "$allowed" -lt 6 ] || [ "$allowed" -ge 26 ]; then
  fail "allowed calls after files rotated away: $allowed, expected 6 to 25"
fi

TEST "--output replaces the file whole (0644) for node_exporter; what does not apply to counters is refused"
export SAFEDOCKER_REAL_DOCKER="$FAKE_DOCKER"
make_calls 1 1
mkdir -p "$SUITE_DIR/textfile"
expect_exit 0 "$SAFEDOCKER" guard stats --format prometheus --output "$SUITE_DIR/textfile/safedocker.prom"
expect_equal "$(stat -c %a "$SUITE_DIR/textfile/safedocker.prom")" 644
expect_equal "$(ls -A "$SUITE_DIR/textfile")" "safedocker.prom"
expect_contains "$(cat "$SUITE_DIR/textfile/safedocker.prom")" 'safedocker_blocked_calls_total{rule="force-rm"} 1'
expect_exit 2 "$SAFEDOCKER" guard stats --format prometheus --zero
expect_contains "$ERR" "counters only grow"
expect_exit 2 "$SAFEDOCKER" guard stats --format openmetrics --since 1h
expect_exit 2 "$SAFEDOCKER" guard stats --output "$SUITE_DIR/x.prom"
expect_contains "$ERR" "--output and --cursor go with --format prometheus or openmetrics"
expect_exit 1 "$SAFEDOCKER" guard stats --format prometheus --output "$SUITE_DIR/missing/safedocker.prom"
expect_contains "$ERR" "cannot write $SUITE_DIR/missing/safedocker.prom"
printf 'not a cursor' >"$XDG_STATE_HOME/safedocker/metrics-cursor.json"
expect_exit 0 "$SAFEDOCKER" guard stats --format prometheus
expect_contains "$ERR" "metrics-cursor.json is not a metrics cursor"
expect_equal "$(metric "$OUT" 'safedocker_blocked_calls_total{rule="force-rm"}')" 1

TEST "audit records that cannot be written are counted where the full disk is not: the lock directory"
export SAFEDOCKER_REAL_DOCKER="$FAKE_DOCKER"
: >"$SUITE_DIR/not-a-directory"
SAFEDOCKER_AUDIT_PATH="$SUITE_DIR/not-a-directory/audit.jsonl" expect_exit 0 "$SHIMS/docker" ps
SAFEDOCKER_AUDIT_PATH="$SUITE_DIR/not-a-directory/audit.jsonl" expect_exit 0 "$SHIMS/docker" ps
expect_exit 0 "$SAFEDOCKER" guard stats --format prometheus
expect_equal "$(metric "$OUT" 'safedocker_audit_write_failures_total')" 2
"$SHIMS/docker" ps >/dev/null # a record that is written counts nothing
expect_exit 0 "$SAFEDOCKER" guard stats --format prometheus
expect_equal "$(metric "$OUT" 'safedocker_audit_write_failures_total')" 2

TEST "the Grafana dashboard asks only for families safedocker writes, and each panel says what it shows"
export SAFEDOCKER_REAL_DOCKER="$FAKE_DOCKER"
dashboard="$HERE/../../packaging/grafana/safedocker.json"
expect_exit 0 "$SAFEDOCKER" guard stats --format prometheus
written=$(sed -n 's/^# TYPE \([a-z_]*\) .*/\1/p' <<<"$OUT")
asked=$(jq -r '.panels[].targets[].expr' "$dashboard" | grep -o 'safedocker_[a-z_]*' | sort -u)
[ -n "$asked" ] || fail "the dashboard asks for nothing"
for name in $asked; do
  base=${name%_bucket}
  grep -qx "$base" <<<"$written" || fail "the dashboard asks for $name, which safedocker does not write"
done
expect_equal "$(jq '[.panels[] | select((.description // "") == "")] | length' "$dashboard")" 0

TEST "the breaker's state, slots in use and waiters per daemon come from the lock directory"
export SAFEDOCKER_REAL_DOCKER="$FAKE_DOCKER" DOCKER_HOST="unix://$SUITE_DIR/nothing.sock"
export SAFEDOCKER_BREAKER=1
for _ in 1 2 3; do FAKE_EXIT=1 "$SHIMS/docker" ps >/dev/null 2>&1; done
expect_exit 0 "$SAFEDOCKER" guard stats --format prometheus
key="unix:$SUITE_DIR/nothing.sock"
expect_equal "$(metric "$OUT" "safedocker_breaker_state{daemon=\"$key\",state=\"open\"}")" 1
expect_equal "$(metric "$OUT" "safedocker_breaker_state{daemon=\"$key\",state=\"closed\"}")" 0
expect_equal "$(metric "$OUT" "safedocker_breaker_opens_total{daemon=\"$key\"}")" 1
expect_equal "$(metric "$OUT" "safedocker_slots_in_use{daemon=\"$key\"}")" 0
expect_equal "$(metric "$OUT" "safedocker_slots_limit{daemon=\"$key\"}")" 3

TEST "a real Prometheus scrapes node_exporter's textfile collector and the API guard's /metrics"
if needs prometheus "a real Prometheus" && needs prometheus-node-exporter "node_exporter's textfile collector"; then
  export SAFEDOCKER_REAL_DOCKER="$FAKE_DOCKER"
  make_calls 2 4
  mkdir -p "$SUITE_DIR/textfile"
  "$SAFEDOCKER" guard stats --format prometheus --output "$SUITE_DIR/textfile/safedocker.prom" || fail "guard stats --output"
  node_port=$(free_port)
  prometheus-node-exporter --web.listen-address="127.0.0.1:$node_port" --collector.disable-defaults \
    --collector.textfile --collector.textfile.directory="$SUITE_DIR/textfile" >"$SUITE_DIR/node.log" 2>&1 &
  node_pid=$!
  # The API guard, with a request its rules block: a program's prune (channel api).
  metrics_port=$(free_port)
  "$SAFEDOCKER" guard proxy --listen "unix://$SUITE_DIR/guard.sock" --upstream "unix://$SUITE_DIR/nothing.sock" \
    --metrics-listen "127.0.0.1:$metrics_port" >"$SUITE_DIR/proxy.log" 2>&1 &
  proxy_pid=$!
  for _ in $(seq 100); do [ -S "$SUITE_DIR/guard.sock" ] && break; sleep 0.05; done
  expect_exit 0 curl -s --unix-socket "$SUITE_DIR/guard.sock" -X POST http://d/v1.41/containers/prune
  expect_contains "$OUT" "blocked by rule force-prune"
  expect_exit 0 curl -s -H 'Accept: application/openmetrics-text; version=1.0.0' "http://127.0.0.1:$metrics_port/metrics"
  expect_equal "$(tail -n 1 <<<"$OUT")" "# EOF"
  expect_exit 0 curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$metrics_port/other"
  expect_equal "$OUT" 404
  prom_port=$(free_port)
  cat >"$SUITE_DIR/prometheus.yml" <<EOF
global:
  scrape_interval: 1s
scrape_configs:
  - job_name: textfile
    static_configs: [{targets: ['127.0.0.1:$node_port']}]
  - job_name: proxy
    static_configs: [{targets: ['127.0.0.1:$metrics_port']}]
EOF
  prometheus --config.file="$SUITE_DIR/prometheus.yml" --storage.tsdb.path="$SUITE_DIR/tsdb" \
    --web.listen-address="127.0.0.1:$prom_port" >"$SUITE_DIR/prometheus.log" 2>&1 &
  prom_pid=$!
  # query PROMQL: the value of the first series, or nothing.
  query() {
    curl -s -G "http://127.0.0.1:$prom_port/api/v1/query" --data-urlencode "query=$1" |
      jq -r '.data.result[0].value[1] // empty'
  }
  textfile=""
  api=""
  for _ in $(seq 150); do
    textfile=$(query 'sum(safedocker_blocked_calls_total{job="textfile",rule="force-rm"})')
    api=$(query 'sum(safedocker_blocked_calls_total{job="proxy",rule="force-prune"})')
    [ "$textfile" = 4 ] && [ "$api" = 2 ] && break
    sleep 0.2
  done
  expect_equal "$textfile" 4
  expect_equal "$api" 2 # the shim's prune and the program's, one log
  expect_equal "$(query 'count(up{job=~"textfile|proxy"} == 1)')" 2
  # The proxy was scraped as OpenMetrics (Prometheus asks for it first): _created made it through.
  created=$(query 'count(safedocker_calls_created{job="proxy"})')
  [ -n "$created" ] || fail "no _created series from the proxy: not scraped as OpenMetrics"
  expect_equal "$created" "$(query 'count(safedocker_calls_total{job="proxy"})')"
  kill "$prom_pid" "$proxy_pid" "$node_pid" 2>/dev/null
  wait "$prom_pid" "$proxy_pid" "$node_pid" 2>/dev/null
fi
