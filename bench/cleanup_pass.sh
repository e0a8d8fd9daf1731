#!/usr/bin/env bash
# One `guard cleanup` pass over N (default 200) exited containers on a private engine.
# Usage: bench/cleanup_pass.sh path/to/safedocker [N]     (as root; needs docker.io, busybox-static)
set -euo pipefail
safedocker=$(realpath "${1:?usage: bench/cleanup_pass.sh path/to/safedocker [N]}")
count=${2:-200}
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/e2e/engine.bash
. "$here/../tests/e2e/engine.bash"
engine_available || exit 77
work=$(mktemp -d /tmp/sdbench-cleanup.XXXXXX)
trap 'engine_cleanup; rm -rf "$work"' EXIT
engine_start "$work/e"
engine_image sdtest:latest

echo "creating $count exited containers…"
seq "$count" | xargs -P 4 -I{} "$ENGINE_DOCKER" create --network none --name "bench-{}" sdtest:latest true >/dev/null
mapfile -t ids < <(engine_docker ps -a -q --filter status=created)
for ((i = 0; i < ${#ids[@]}; i += 50)); do engine_docker start "${ids[@]:i:50}" >/dev/null; done
echo "exited: $(engine_docker ps -a -q --filter status=exited | wc -l)"

cat >"$work/rules.toml" <<'TOML'
version = 1
[cleanup]
min_age = "1s"
TOML
export SAFEDOCKER_RULES="$work/rules.toml" SAFEDOCKER_REAL_DOCKER="$ENGINE_DOCKER" \
  SAFEDOCKER_LOCK_DIR="$work/locks" SAFEDOCKER_AUDIT_PATH="$work/audit.jsonl"
sleep 2
start=$(date +%s.%N)
"$safedocker" guard cleanup --dry-run --json >"$work/dry.json"
mid=$(date +%s.%N)
"$safedocker" guard cleanup --json >"$work/real.json"
end=$(date +%s.%N)
removed=$(jq '.removed | length' "$work/real.json")
left=$(engine_docker ps -a -q | wc -l)
calls=$(grep -c '"event":"invocation"' "$work/audit.jsonl")
echo "time per docker command over both passes (ms):"
jq -r 'select(.event == "invocation") | [.command, .duration_ms] | @tsv' "$work/audit.jsonl" |
  awk -F'\t' '{ t[$1] += $2; n[$1]++ } END { for (c in t) printf "  %-18s %3d call(s) %8.0f\n", c, n[c], t[c] }' | sort
awk -v d="$start" -v m="$mid" -v e="$end" -v n="$removed" -v left="$left" -v calls="$calls" 'BEGIN {
  printf "dry run (look and decide): %.2f s\n", m - d
  printf "cleanup pass: %d containers removed in %.2f s (%.1f ms each), %d left; %d docker calls in both passes\n",
         n, e - m, (e - m) * 1000 / (n > 0 ? n : 1), left, calls
}'
