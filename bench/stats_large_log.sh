#!/usr/bin/env bash
# bench/stats_large_log.sh SAFEDOCKER_BINARY [MEGABYTES]
# Builds an audit log of about MEGABYTES (default 100) MB from real records, rotated into
# 10 files, and times `safedocker guard stats --json` over it (hyperfine, 5 runs). Then the
# metrics for node_exporter (`guard stats --format prometheus --output FILE`): the first run,
# which reads the whole log, and runs that each find 1 MB appended since the one before (what a
# timer every minute meets), or nothing: they must cost the 1 MB, not the 100 MB.
set -euo pipefail
binary=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
megabytes=${2:-100}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export HOME="$work/home" XDG_STATE_HOME="$work/state" XDG_CONFIG_HOME="$work/config"
export SAFEDOCKER_REAL_DOCKER=/bin/true XDG_RUNTIME_DIR="$work/run"
# No daemon behind /bin/true: the breaker would rightly open and refuse the seed calls.
export SAFEDOCKER_BREAKER=0
mkdir -p "$HOME" "$XDG_RUNTIME_DIR"
# A few hundred real records as the seed: allowed, warned and blocked calls.
for i in $(seq 100); do
  "$binary" ps --filter "label=run$i" >/dev/null
  "$binary" run --rm -e "DB_PASSWORD=s$i" busybox echo "$i" >/dev/null
  "$binary" rm -f "web$i" 2>/dev/null || true
  "$binary" kill "web$i" 2>/dev/null || true
done
log="$XDG_STATE_HOME/safedocker/audit.jsonl"
seed="$work/seed.jsonl"
mv "$log" "$seed"
per_file=$((megabytes * 1024 * 1024 / 10))
for k in $(seq 9 -1 1) ""; do
  out="$log${k:+.$k}"
  : >"$out"
  while [ "$(stat -c %s "$out")" -lt "$per_file" ]; do cat "$seed" "$seed" "$seed" "$seed" >>"$out"; done
done
mkdir -p "$XDG_CONFIG_HOME/safedocker"
printf '[audit]\nkeep = 10\n' >"$XDG_CONFIG_HOME/safedocker/rules.toml"
total=$(cat "$log"* | wc -c)
records=$(cat "$log"* | wc -l)
echo "audit log: $((total / 1024 / 1024)) MB, $records records in 10 files"
"$binary" guard stats --json | head -c 300; echo
hyperfine -N --warmup 1 --runs 5 "$binary guard stats --json" --export-json "$work/stats.json" | grep -E "Time|Range"
python3 -c "
import json; r = json.load(open('$work/stats.json'))['results'][0]
print(f'guard stats: median {r[\"median\"]:.2f} s, {$total / 1e6 / r[\"median\"]:.0f} MB/s')"

prom="$work/textfile/safedocker.prom"
mkdir -p "$work/textfile"
metrics=("$binary" guard stats --format prometheus --output "$prom")
first_start=$(date +%s.%N)
"${metrics[@]}"
first=$(python3 -c "import time; print(f'{time.time() - $first_start:.2f}')")
echo "metrics, first run (reads all $((total / 1024 / 1024)) MB): ${first} s"
# 1 MB of records appended before each timed run.
head -c 1048576 "$log.1" | sed '$d' >"$work/one-mb.jsonl"
echo "appended before each run: $(wc -c <"$work/one-mb.jsonl") bytes"
hyperfine -N --warmup 1 --runs 10 --prepare "sh -c 'cat $work/one-mb.jsonl >>$log'" "${metrics[*]}" \
  --export-json "$work/append.json" | grep -E "Time|Range"
hyperfine -N --warmup 1 --runs 10 "${metrics[*]}" --export-json "$work/nothing.json" | grep -E "Time|Range"
python3 -c "
import json
one = json.load(open('$work/append.json'))['results'][0]['median']
none = json.load(open('$work/nothing.json'))['results'][0]['median']
print(f'metrics: 1 MB appended {one * 1000:.1f} ms, nothing appended {none * 1000:.1f} ms, first run $first s')"
