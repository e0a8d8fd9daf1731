#!/usr/bin/env bash
# bench/api_guard.sh SAFEDOCKER_BINARY [OUT_DIR]
#
# What `safedocker guard proxy` adds to Engine API calls, beside other things one can put in front
# of the engine socket. A private dockerd (tests/e2e/engine.bash; needs root) with 5 created
# containers, and in front of its socket:
#   a) direct       the engine's own socket: the baseline
#   b) socat        socat UNIX-LISTEN:…,fork UNIX-CONNECT:ENGINE: a plain relay, a process per connection
#   c) haproxy      HAProxy in mode http with a Tecnativa-style path filter (docker-socket-proxy's
#                   ACLs: GET only, an allow-list of path prefixes), keep-alive to the engine
#   d) safedocker   safedocker guard proxy --listen unix://… --upstream unix://ENGINE
#   e) haproxy-sc   (only with BENCH_HAPROXY_SERVER_CLOSE=1) the same HAProxy with Tecnativa's own
#                   `option http-server-close`: a new engine connection per request
#   g) haproxy-log  (only with BENCH_HAPROXY_LOG=1) the HAProxy of c) with docker-socket-proxy's request
#                   log (a line per request, as the guard writes an audit record per request)
#   f) compare      (only with BENCH_COMPARE=OTHER_SAFEDOCKER) another build's guard proxy, run beside
#                   this one: before/after figures for a change, under the same noise
# For GET /_ping and GET /containers/json: latency (p50, p99) with 1 connection, and requests per
# second with BENCH_CONNECTIONS (64) connections, each by bench/api_client.c (keep-alive HTTP/1.1,
# one request in flight per connection, every response read whole). The peers are measured
# interleaved (each test runs on every peer in turn, the first peer rotating each round) for
# BENCH_ROUNDS rounds, so the machine's noise falls on all alike. Then a table of medians across
# rounds, the added latency of each peer over direct, and each proxy's CPU per request.
#
# Settings (environment): BENCH_ROUNDS (5), BENCH_SECONDS per measurement (3), BENCH_CONNECTIONS
# (64), BENCH_WARMUP responses not recorded per measurement (200), BENCH_HAPROXY_SERVER_CLOSE (0),
# BENCH_HAPROXY_LOG (0),
# BENCH_COMPARE (unset).
# The environment is inherited, so settings for safedocker (SAFEDOCKER_RULES, …) can be given.
# Raw results: OUT_DIR/results.tsv (one line per measurement), the summary in OUT_DIR/summary.txt.
# Needs root, dockerd and busybox-static (as the e2e tests), socat, haproxy, a C compiler, python3.
set -euo pipefail

usage() { echo "usage: ${0##*/} SAFEDOCKER_BINARY [OUT_DIR]" >&2; exit 2; }
die() { echo "${0##*/}: $*" >&2; exit 1; }
say() { echo "api_guard: $*"; }

[[ $# -ge 1 && $# -le 2 ]] || usage
bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
repo_dir=$(dirname "$bench_dir")

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

rounds=${BENCH_ROUNDS:-5}
seconds=${BENCH_SECONDS:-3}
connections=${BENCH_CONNECTIONS:-64}
warmup=${BENCH_WARMUP:-200}
server_close=${BENCH_HAPROXY_SERVER_CLOSE:-0}
haproxy_log=${BENCH_HAPROXY_LOG:-0}
[[ "$rounds" =~ ^[1-9][0-9]*$ ]] || die "BENCH_ROUNDS must be a positive integer, not '$rounds'"
[[ "$seconds" =~ ^[1-9][0-9]*$ ]] || die "BENCH_SECONDS must be a positive integer, not '$seconds'"
[[ "$connections" =~ ^[1-9][0-9]*$ ]] || die "BENCH_CONNECTIONS must be a positive integer, not '$connections'"
[[ "$warmup" =~ ^[0-9]+$ ]] || die "BENCH_WARMUP must be a non-negative integer, not '$warmup'"
[[ "$server_close" == 0 || "$server_close" == 1 ]] || die "BENCH_HAPROXY_SERVER_CLOSE must be 0 or 1"
compare=${BENCH_COMPARE:-}
if [[ -n "$compare" ]]; then
    [[ -f "$compare" && -x "$compare" ]] || die "BENCH_COMPARE: $compare: not an executable file"
    compare=$(cd "$(dirname "$compare")" && pwd -P)/$(basename "$compare")
fi

# shellcheck source=SCRIPTDIR/../tests/e2e/engine.bash
. "$repo_dir/tests/e2e/engine.bash"
if ! reason=$(engine_available); then
    die "$reason"
fi
command -v socat >/dev/null || die "socat not installed (apt-get install -y socat)"
command -v haproxy >/dev/null || die "haproxy not installed (apt-get install -y haproxy)"
command -v python3 >/dev/null || die "python3 not installed"
cc=${CC:-cc}
command -v "$cc" >/dev/null || die "no C compiler ($cc)"

client=$out_dir/api_client
"$cc" -O2 -Wall -Wextra -o "$client" "$bench_dir/api_client.c"

# Sockets and the engine live in a short private directory (unix socket paths hold 107 bytes).
run_dir=$(mktemp -d /tmp/sdapi.XXXXXX)
peer_pids=()

cleanup() {
    local pid
    for pid in "${peer_pids[@]}"; do
        kill -TERM "$pid" 2>/dev/null || true
    done
    for pid in "${peer_pids[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
    peer_pids=()
    engine_cleanup
    rm -rf "$run_dir"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

say "load before: $(uptime)"
say "out=$out_dir rounds=$rounds seconds=$seconds connections=$connections warmup=$warmup"
say "safedocker=$safedocker ($("$safedocker" guard version 2>/dev/null | head -n 1 || echo '?'))"
say "$("$ENGINE_DOCKERD" --version); $(haproxy -v | head -n 1); $(socat -V | grep 'socat version')"

engine_start "$run_dir/e" || die "the engine did not start"
engine_image sdtest:latest || die "engine_image failed"
# Running, so that GET /containers/json (docker ps) lists them; a short stop timeout, so that the
# engine's shutdown does not wait 10 s for each `sleep` (PID 1 ignores SIGTERM).
for i in 1 2 3 4 5; do
    engine_docker create --name "bench$i" --network none --stop-timeout 1 --label bench=api_guard \
        sdtest:latest sleep 3600 >/dev/null
    engine_docker start "bench$i" >/dev/null
done
engine_sock=$ENGINE_SOCK
engine_pid=$(cat "$ENGINE_DIR/docker.pid")

# wait_socket PATH PID — until something listens on PATH, while PID lives (10 s).
wait_socket() {
    local path=$1 pid=$2 deadline=$((SECONDS + 10))
    until [[ -S "$path" ]] && "$client" -s "$path" -p /_ping -n 1 -t 5 >/dev/null 2>&1; do
        kill -0 "$pid" 2>/dev/null || die "the peer for $path (pid $pid) exited; see $out_dir/*.log"
        (( SECONDS < deadline )) || die "nothing answers on $path after 10 s"
        sleep 0.05
    done
}

socat_sock=$run_dir/socat.sock
socat "UNIX-LISTEN:$socat_sock,fork" "UNIX-CONNECT:$engine_sock" 2>"$out_dir/socat.log" &
socat_pid=$!
peer_pids+=("$socat_pid")

# haproxy_config LISTEN [server-close|log]: docker-socket-proxy's frontend with PING, VERSION,
# CONTAINERS, IMAGES, INFO, NETWORKS, VOLUMES and EVENTS allowed, POST off. `log`: its request
# log too (log stdout, option httplog, at docker-socket-proxy's default level info).
haproxy_config() {
    local listen=$1 option="" global_log=""
    [[ "${2:-}" == server-close ]] && option="    option http-server-close"
    if [[ "${2:-}" == log ]]; then
        global_log="    log stdout format raw daemon info"
        option=$'    log global\n    option httplog\n    option dontlognull'
    fi
    local prefix='^(/v[\d\.]+)?(/\w+)?/'
    cat <<EOF
# written by bench/api_guard.sh: Tecnativa docker-socket-proxy's filter, on unix sockets
global
    maxconn 4000
$global_log

defaults
    mode http
$option
    timeout http-request 10s
    timeout queue 1m
    timeout connect 10s
    timeout client 10m
    timeout server 10m
    timeout http-keep-alive 10s
    maxconn 3000

backend dockerbackend
    server dockersocket $engine_sock

frontend dockerfrontend
    bind $listen mode 600
    http-request deny unless METH_GET
    http-request allow if { path,url_dec -m reg -i ${prefix}_ping }
    http-request allow if { path,url_dec -m reg -i ${prefix}version }
    http-request allow if { path,url_dec -m reg -i ${prefix}containers }
    http-request allow if { path,url_dec -m reg -i ${prefix}images }
    http-request allow if { path,url_dec -m reg -i ${prefix}info }
    http-request allow if { path,url_dec -m reg -i ${prefix}networks }
    http-request allow if { path,url_dec -m reg -i ${prefix}volumes }
    http-request allow if { path,url_dec -m reg -i ${prefix}events }
    http-request deny
    default_backend dockerbackend
EOF
}

haproxy_sock=$run_dir/haproxy.sock
haproxy_config "$haproxy_sock" >"$run_dir/haproxy.cfg"
cp "$run_dir/haproxy.cfg" "$out_dir/haproxy.cfg"
haproxy -c -q -f "$run_dir/haproxy.cfg" || die "haproxy rejects $out_dir/haproxy.cfg"
haproxy -db -f "$run_dir/haproxy.cfg" >"$out_dir/haproxy.log" 2>&1 &
haproxy_pid=$!
peer_pids+=("$haproxy_pid")

# The guard proxies keep their state (audit log, slots, breaker) in the run directory, not in the
# caller's: a run writes a record per request. SAFEDOCKER_AUDIT_PATH or SAFEDOCKER_LOCK_DIR, when
# the caller sets them, still win.
mkdir -p "$run_dir/state" "$run_dir/runtime"
chmod 0700 "$run_dir/runtime"
export XDG_STATE_HOME=$run_dir/state XDG_RUNTIME_DIR=$run_dir/runtime

guard_sock=$run_dir/guard.sock
"$safedocker" guard proxy --listen "unix://$guard_sock" --upstream "unix://$engine_sock" >"$out_dir/safedocker.log" 2>&1 &
guard_pid=$!
peer_pids+=("$guard_pid")

peers=(direct socat haproxy safedocker)
declare -A sock_of=([direct]=$engine_sock [socat]=$socat_sock [haproxy]=$haproxy_sock [safedocker]=$guard_sock)
declare -A pid_of=([direct]=$engine_pid [socat]=$socat_pid [haproxy]=$haproxy_pid [safedocker]=$guard_pid)

if [[ "$server_close" == 1 ]]; then
    haproxy_sc_sock=$run_dir/haproxy-sc.sock
    haproxy_config "$haproxy_sc_sock" server-close >"$run_dir/haproxy-sc.cfg"
    cp "$run_dir/haproxy-sc.cfg" "$out_dir/haproxy-sc.cfg"
    haproxy -db -f "$run_dir/haproxy-sc.cfg" >"$out_dir/haproxy-sc.log" 2>&1 &
    haproxy_sc_pid=$!
    peer_pids+=("$haproxy_sc_pid")
    peers+=(haproxy-sc)
    sock_of[haproxy-sc]=$haproxy_sc_sock
    pid_of[haproxy-sc]=$haproxy_sc_pid
fi

if [[ "$haproxy_log" == 1 ]]; then
    haproxy_log_sock=$run_dir/haproxy-log.sock
    haproxy_config "$haproxy_log_sock" log >"$run_dir/haproxy-log.cfg"
    cp "$run_dir/haproxy-log.cfg" "$out_dir/haproxy-log.cfg"
    haproxy -db -f "$run_dir/haproxy-log.cfg" >"$run_dir/haproxy-requests.log" 2>"$out_dir/haproxy-log.log" &
    haproxy_log_pid=$!
    peer_pids+=("$haproxy_log_pid")
    peers+=(haproxy-log)
    sock_of[haproxy-log]=$haproxy_log_sock
    pid_of[haproxy-log]=$haproxy_log_pid
fi

if [[ -n "$compare" ]]; then
    say "compare=$compare ($("$compare" guard version 2>/dev/null | head -n 1 || echo '?'))"
    compare_sock=$run_dir/compare.sock
    "$compare" guard proxy --listen "unix://$compare_sock" --upstream "unix://$engine_sock" \
        >"$out_dir/compare.log" 2>&1 &
    compare_pid=$!
    peer_pids+=("$compare_pid")
    peers+=(compare)
    sock_of[compare]=$compare_sock
    pid_of[compare]=$compare_pid
fi

for peer in "${peers[@]}"; do
    wait_socket "${sock_of[$peer]}" "${pid_of[$peer]}"
done

# Each peer gives the same answers: the filter lets both paths through, the list is not empty.
for peer in "${peers[@]}"; do
    "$client" -s "${sock_of[$peer]}" -p /containers/json -n 1 >/dev/null \
        || die "$peer: GET /containers/json failed"
done
listed=$(engine_docker ps -q | wc -l)
say "GET /containers/json lists $listed running containers"

# wait_children PID — until PID has no child left (socat's per-connection children), at most 5 s:
# their CPU reaches PID's cutime/cstime only once they are reaped.
wait_children() {
    local deadline=$((SECONDS + 5))
    while [[ -n "$(ps --ppid "$1" -o pid= 2>/dev/null)" ]] && (( SECONDS < deadline )); do
        sleep 0.02
    done
}

# cpu_ticks PID — user+system time of PID and its reaped children, in clock ticks.
cpu_ticks() {
    local stat f
    stat=$(cat "/proc/$1/stat" 2>/dev/null) || { echo 0; return; }
    stat=${stat##*) }
    # after "pid (comm) ": field 3 is state; utime, stime, cutime, cstime are fields 14-17 of the line
    read -r -a f <<<"$stat"
    echo $((f[11] + f[12] + f[13] + f[14]))
}

results=$out_dir/results.tsv
printf 'round\tpeer\tpath\tconnections\tproxy_ticks\tengine_ticks\tresult\n' >"$results"
tests=("/_ping 1" "/_ping $connections" "/containers/json 1" "/containers/json $connections")
npeers=${#peers[@]}
for ((round = 1; round <= rounds; round++)); do
    say "round $round/$rounds ($(cut -d' ' -f1-3 /proc/loadavg))"
    for t in "${tests[@]}"; do
        read -r path conns <<<"$t"
        for ((k = 0; k < npeers; k++)); do
            peer=${peers[$(((k + round - 1) % npeers))]}
            pid=${pid_of[$peer]}
            before=$(cpu_ticks "$pid")
            engine_before=$(cpu_ticks "$engine_pid")
            line=$("$client" -s "${sock_of[$peer]}" -p "$path" -c "$conns" -d "$seconds" -w "$warmup") \
                || die "$peer $path -c $conns: $line"
            [[ "$peer" == direct ]] || wait_children "$pid"
            after=$(cpu_ticks "$pid")
            engine_after=$(cpu_ticks "$engine_pid")
            printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$peer" "$path" "$conns" \
                "$((after - before))" "$((engine_after - engine_before))" "$line" >>"$results"
        done
    done
done
say "load after: $(uptime)"

python3 - "$results" "$(getconf CLK_TCK)" "$warmup" <<'PY' | tee "$out_dir/summary.txt"
import collections, statistics, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])][1:]
tick_us = 1e6 / int(sys.argv[2])
warmup = int(sys.argv[3])
data = collections.defaultdict(list)
peers = []
for rnd, peer, path, conns, proxy_ticks, engine_ticks, result in rows:
    kv = dict(item.split("=") for item in result.split())
    kv = {k: float(v) for k, v in kv.items()}
    kv["proxy_ticks"], kv["engine_ticks"] = float(proxy_ticks), float(engine_ticks)
    kv["round"] = int(rnd)
    data[(peer, path, int(conns))].append(kv)
    if peer not in peers:
        peers.append(peer)
paths = list(dict.fromkeys(r[2] for r in rows))
conns = sorted({int(r[3]) for r in rows})
one, many = conns[0], conns[-1]
med = lambda xs: statistics.median(xs)

print(f"medians of {len(data[(peers[0], paths[0], one)])} rounds; latency in µs with {one} connection, "
      f"requests/s with {many}; added = peer's median − direct's median")
print(f"{'path':<17} {'peer':<11} {'p50':>7} {'p99':>7} {'+p50':>7} {'+p99':>7}  {'p50 range':>13} "
      f"{'rps@' + str(many):>9} {'vs direct':>9} {'proxy CPU µs/req':>17} {'engine CPU µs/req':>18}")
for path in paths:
    base = data[("direct", path, one)]
    base_p50, base_p99 = med([r["p50_us"] for r in base]), med([r["p99_us"] for r in base])
    base_rps = med([r["rps"] for r in data[("direct", path, many)]])
    for peer in peers:
        lat, thr = data[(peer, path, one)], data[(peer, path, many)]
        p50s = [r["p50_us"] for r in lat]
        p50, p99 = med(p50s), med([r["p99_us"] for r in lat])
        rps = med([r["rps"] for r in thr])
        # CPU over the whole throughput run, so per request sent (warm-up included)
        per_req = lambda key: med([r[key] * tick_us / (r["requests"] + warmup) for r in thr])
        proxy_cpu = "" if peer == "direct" else f"{per_req('proxy_ticks'):17.1f}"
        engine_cpu = f"{per_req('engine_ticks'):18.1f}"
        added = "" if peer == "direct" else f"{p50 - base_p50:+7.1f} {p99 - base_p99:+7.1f}"
        print(f"{path:<17} {peer:<11} {p50:7.1f} {p99:7.1f} {added:>15}  {min(p50s):6.1f}–{max(p50s):6.1f} "
              f"{rps:9.0f} {rps / base_rps * 100:8.0f}% {proxy_cpu:>17} {engine_cpu:>18}")
# The target: added latency no more than HAProxy's. Paired by round, since both ran minutes apart
# at most: the median of (peer − haproxy) and the rounds in which the peer was not slower.
if "haproxy" in peers:
    print("against haproxy, paired by round (latency with 1 connection):")
    for path in paths:
        for peer in [p for p in peers if p not in ("direct", "haproxy")]:
            for key in ("p50_us", "p99_us"):
                a = {r["round"]: r[key] for r in data[(peer, path, one)]}
                b = {r["round"]: r[key] for r in data[("haproxy", path, one)]}
                diffs = [a[k] - b[k] for k in sorted(a) if k in b]
                print(f"  {path:<17} {peer:<11} {key[:3]}: median {med(diffs):+7.1f} µs, "
                      f"at or below haproxy in {sum(d <= 0 for d in diffs)}/{len(diffs)} rounds")
errors = sum(r["errors"] for v in data.values() for r in v)
print(f"non-2xx responses: {errors:.0f}")
PY
say "results in $results, summary in $out_dir/summary.txt"
