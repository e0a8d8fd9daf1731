#!/usr/bin/env bash
# bench/wrapper_overhead.sh SAFEDOCKER_BINARY [OUT_DIR]
#
# Measures what safedocker adds to one docker call, against a fake docker that exits at once:
#   a) fake ps                               the baseline
#   b) safedocker ps (SAFEDOCKER_REAL_DOCKER=fake, exported; no `env` hop)
#   c) floor_wrapper fake ps                 one posix_spawn + waitpid: the floor of any wrapper
#   d) flock OUT_DIR/lockfile fake ps        a familiar small wrapper, for scale
# One hyperfine run (-N: no shell), exported to OUT_DIR/overhead.json, then a table of medians and
# means, the median each of b, c, d adds over a, and added(b)/added(c).
#
# The environment is inherited, so settings for safedocker (SAFEDOCKER_RULES, audit settings, ...)
# can be given by the caller. BENCH_RUNS (default 1000) and BENCH_WARMUP (default 50) change counts.
set -euo pipefail

usage() { echo "usage: ${0##*/} SAFEDOCKER_BINARY [OUT_DIR]" >&2; exit 2; }
die() { echo "${0##*/}: $*" >&2; exit 1; }

[[ $# -ge 1 && $# -le 2 ]] || usage
bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)

safedocker=$1
if [[ "$safedocker" != */* ]]; then
    safedocker=$(command -v "$safedocker") || die "$1: not found"
fi
[[ -f "$safedocker" && -x "$safedocker" ]] || die "$safedocker: not an executable file"
safedocker=$(cd "$(dirname "$safedocker")" && pwd -P)/$(basename "$safedocker")

if [[ $# -ge 2 ]]; then
    out_dir=$2
    mkdir -p "$out_dir"
else
    out_dir=$(mktemp -d /tmp/sdbench.XXXXXX)
fi
out_dir=$(cd "$out_dir" && pwd -P)

runs=${BENCH_RUNS:-1000}
warmup=${BENCH_WARMUP:-50}
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || die "BENCH_RUNS must be a positive integer, not '$runs'"
[[ "$warmup" =~ ^[0-9]+$ ]] || die "BENCH_WARMUP must be a non-negative integer, not '$warmup'"

command -v hyperfine >/dev/null || die "hyperfine not installed (apt-get install -y hyperfine)"
command -v flock >/dev/null || die "flock not installed (util-linux)"
cc=${CC:-cc}
command -v "$cc" >/dev/null || die "no C compiler ($cc)"

fake=$out_dir/fake_exit0
floor=$out_dir/floor_wrapper
lockfile=$out_dir/lockfile
"$cc" -O2 -o "$fake" "$bench_dir/fake_exit0.c"
"$cc" -O2 -o "$floor" "$bench_dir/floor_wrapper.c"
: >"$lockfile"
flock_bin=$(command -v flock)

# hyperfine -N splits each command into words shell-style: quote every word.
q() { printf '%q' "$1"; }
cmd_a="$(q "$fake") ps"
cmd_b="$(q "$safedocker") ps"
cmd_c="$(q "$floor") $(q "$fake") ps"
cmd_d="$(q "$flock_bin") $(q "$lockfile") $(q "$fake") ps"

# Only safedocker reads it; the fake, floor_wrapper and flock ignore it.
export SAFEDOCKER_REAL_DOCKER="$fake"

json=$out_dir/overhead.json
echo "wrapper_overhead: $(hyperfine --version), runs=$runs warmup=$warmup, out=$out_dir"
echo "wrapper_overhead: safedocker=$safedocker"
hyperfine -N --warmup "$warmup" --runs "$runs" --export-json "$json" --style basic \
    -n "a) fake" "$cmd_a" \
    -n "b) safedocker" "$cmd_b" \
    -n "c) floor_wrapper" "$cmd_c" \
    -n "d) flock" "$cmd_d"

echo
if command -v python3 >/dev/null 2>&1; then
    python3 - "$json" <<'PY'
import json, sys
res = json.load(open(sys.argv[1]))["results"]
us = lambda s: s * 1e6
base = res[0]["median"]
print(f"{'command':<18} {'median µs':>10} {'mean µs':>10} {'± σ µs':>9} {'added median µs':>16}")
added = {}
for r in res:
    name = r.get("command", "?")
    add = r["median"] - base
    added[name[:1]] = add
    extra = "" if name.startswith("a)") else f"{us(add):16.1f}"
    print(f"{name:<18} {us(r['median']):10.1f} {us(r['mean']):10.1f} {us(r['stddev'] or 0):9.1f} {extra}")
if added.get("c", 0) > 0:
    print(f"added(b)/added(c) = {added['b'] / added['c']:.2f}")
else:
    print("added(b)/added(c) = n/a (floor added nothing measurable)")
PY
elif command -v jq >/dev/null 2>&1; then
    jq -r '.results as $r | ($r[0].median) as $base
        | ($r[] | "\(.command)\tmedian \(.median * 1e6 | floor) µs\tmean \(.mean * 1e6 | floor) µs\tadded \((.median - $base) * 1e6 | floor) µs"),
          "added(b)/added(c) = \(if ($r[2].median - $base) > 0 then ((($r[1].median - $base) / ($r[2].median - $base)) * 100 | floor) / 100 else "n/a" end)"' "$json"
else
    echo "wrapper_overhead: neither python3 nor jq: see $json"
fi
echo "wrapper_overhead: results in $json"
exit 0
