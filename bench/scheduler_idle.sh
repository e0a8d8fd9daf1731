#!/usr/bin/env bash
# The cleanup scheduler's own CPU while idle: utime+stime from /proc/PID/stat over DURATION
# seconds (default 180), thresholds checked every minute against the fake docker, business hours
# elsewhere so no pass runs. Target: under 0.1 % of one core.
# Usage: bench/scheduler_idle.sh path/to/safedocker [DURATION]
set -euo pipefail
safedocker=$(realpath "${1:?usage: scheduler_idle.sh SAFEDOCKER [SECONDS]}")
duration=${2:-180}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT
export HOME="$work" XDG_STATE_HOME="$work/state" XDG_CONFIG_HOME="$work/config" XDG_RUNTIME_DIR="$work/run"
export SAFEDOCKER_REAL_DOCKER="$here/../tests/integration/fake-docker" FAKE_LOG_DIR="$work/calls" FAKE_STDOUT_DIR="$work/canned"
export SAFEDOCKER_CLEANUP_COMMAND=/bin/false
mkdir -p "$FAKE_LOG_DIR" "$FAKE_STDOUT_DIR" "$XDG_CONFIG_HOME/safedocker" "$XDG_RUNTIME_DIR"
echo '{"ContainersStopped":1,"DockerRootDir":"/"}' >"$FAKE_STDOUT_DIR/info"
start=$(( ($(date -u +%-H) + 6) % 24 ))
printf 'version = 1\n[cleanup]\ntimezone = "UTC"\nhours = "%02d:00-%02d:30"\ncheck_interval = "1m"\nmax_disk_percent = 99\n' \
  "$start" "$start" >"$XDG_CONFIG_HOME/safedocker/rules.toml"
"$safedocker" guard scheduler &
pid=$!
sleep 1
ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
hz=$(getconf CLK_TCK)
before=$(ticks)
sleep "$duration"
after=$(ticks)
checks=$(find "$FAKE_LOG_DIR" -name 'call.*' | wc -l)
awk -v t=$((after - before)) -v hz="$hz" -v d="$duration" -v c="$checks" 'BEGIN {
  printf "scheduler CPU over %ds idle: %.3f s = %.4f %% of a core (%d docker calls for threshold checks; resolution %.3f s)\n", d, t / hz, 100 * t / hz / d, c, 1 / hz }'
