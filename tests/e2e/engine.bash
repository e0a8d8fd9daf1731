#!/usr/bin/env bash
# tests/e2e/engine.bash — a private, throw-away Docker engine for end-to-end tests.
#
# Source it from a suite (it never sets -e/-u/-o for its caller; it is safe under both):
#   . tests/e2e/engine.bash
#   engine_available || exit 77
#   trap engine_stop EXIT
#   engine_start "$testdir/engine" && engine_image sdtest:latest
# or run it to check this machine:  bash tests/e2e/engine.bash selftest   (as root)
#
# Contract:
#   engine_available        0 if we are root and dockerd + busybox-static are installed;
#                           otherwise prints one line (the reason) and returns 1.
#   engine_start DIR        starts dockerd with its state in DIR, logs to DIR/dockerd.log,
#                           exports DOCKER_HOST, waits (30 s deadline) until GET /_ping answers OK.
#                           On failure: prints the last 30 log lines, stops what it started, returns 1.
#   engine_stop             SIGTERM, up to 20 s, then SIGKILL; also ends the containerd that dockerd
#                           started. Idempotent; always returns 0 (fit for `trap engine_stop EXIT`).
#   engine_restart          engine_stop, then engine_start with the same DIR.
#   engine_image NAME       imports a tiny busybox image as NAME (skips if it exists).
#   engine_docker ARGS...   the real docker client (ENGINE_DOCKER), never a PATH lookup.
#
# Several engines at once: each has a name, and the functions above act on the current one. The
# first is named "1"; a suite that needs more switches:
#   engine_switch NAME      makes NAME the current engine (a new name has none started yet); the
#                           state of the one it leaves is kept. DOCKER_HOST is left as it is.
#   engine_cleanup_all      engine_cleanup of every engine this shell knows, then the first is
#                           current again (fit for `trap engine_cleanup_all EXIT`).
# Each engine needs a DIR of its own (its data root, exec root, socket and pidfile are in it).
#
# ENGINE_DOCKER (the real docker client) and ENGINE_DOCKERD are resolved once, when this file is
# sourced, and exported: source this file before any shim directory is put first on PATH.

# ---------------------------------------------------------------- resolution (at source time)

if [[ -z "${ENGINE_DOCKER:-}" ]]; then
    if [[ -x /usr/local/bin/docker ]]; then
        ENGINE_DOCKER=/usr/local/bin/docker
    else
        ENGINE_DOCKER=$(command -v docker 2>/dev/null || true)
    fi
fi
export ENGINE_DOCKER

if [[ -z "${ENGINE_DOCKERD:-}" ]]; then
    ENGINE_DOCKERD=$(PATH="/usr/sbin:/usr/bin:/sbin:/bin:${PATH:-}" command -v dockerd 2>/dev/null || true)
fi
export ENGINE_DOCKERD

ENGINE_BUSYBOX=${ENGINE_BUSYBOX:-/bin/busybox}
ENGINE_CURL=$(command -v curl 2>/dev/null || true)

# State of the engine this shell started (empty when none).
ENGINE_DIR=${ENGINE_DIR:-}
ENGINE_PID=${ENGINE_PID:-}
ENGINE_SOCK=${ENGINE_SOCK:-}
ENGINE_EXEC=${ENGINE_EXEC:-}
ENGINE_SHORT_DIR=${ENGINE_SHORT_DIR:-}

# Several engines: the current one's name, the others' state, every name used.
ENGINE_NAME=${ENGINE_NAME:-1}
_ENGINE_STATE_VARS=(ENGINE_DIR ENGINE_PID ENGINE_SOCK ENGINE_EXEC ENGINE_SHORT_DIR)
if ! declare -p _ENGINE_STATES >/dev/null 2>&1; then
    declare -gA _ENGINE_STATES=()
    _ENGINE_NAMES=("$ENGINE_NAME")
fi

# Unix socket paths hold at most 107 bytes. dockerd's managed containerd puts
# EXEC/containerd/containerd.sock.ttrpc and containerd-debug.sock under the exec-root, so that
# (the longest) path decides whether DIR can hold the sockets.
ENGINE_MAX_SOCK_PATH=100

_engine_log() { printf 'engine: %s\n' "$*" >&2; }

# engine_docker ARGS... — the real docker client, whatever PATH says.
engine_docker() {
    if [[ -z "${ENGINE_DOCKER:-}" ]]; then
        _engine_log "no docker client (set ENGINE_DOCKER)"
        return 127
    fi
    "$ENGINE_DOCKER" "$@"
}

# ---------------------------------------------------------------- availability

engine_available() {
    if [[ "$(id -u)" != 0 ]]; then
        echo "engine: not root (a private dockerd needs root)"
        return 1
    fi
    if [[ -z "${ENGINE_DOCKERD:-}" || ! -x "${ENGINE_DOCKERD:-}" ]]; then
        echo "engine: dockerd not installed (apt-get install -y --no-install-recommends docker.io)"
        return 1
    fi
    if ! dpkg-query -W -f='${Status}' busybox-static 2>/dev/null | grep -q 'ok installed' \
        || [[ ! -x "$ENGINE_BUSYBOX" ]]; then
        echo "engine: busybox-static not installed (apt-get install -y busybox-static)"
        return 1
    fi
    if [[ -z "${ENGINE_DOCKER:-}" || ! -x "${ENGINE_DOCKER:-}" ]]; then
        echo "engine: no docker client found (set ENGINE_DOCKER)"
        return 1
    fi
    return 0
}

# ---------------------------------------------------------------- readiness

# _engine_ping — 0 when the engine answers GET /_ping with OK.
_engine_ping() {
    if [[ -n "$ENGINE_CURL" ]]; then
        local body
        body=$("$ENGINE_CURL" -s --max-time 2 --unix-socket "$ENGINE_SOCK" http://localhost/_ping 2>/dev/null) \
            || return 1
        [[ "$body" == OK ]]
    else
        DOCKER_HOST="unix://$ENGINE_SOCK" "$ENGINE_DOCKER" version >/dev/null 2>&1
    fi
}

_engine_alive() {
    [[ -n "$ENGINE_PID" ]] && kill -0 "$ENGINE_PID" 2>/dev/null
}

# ---------------------------------------------------------------- start / stop

engine_start() {
    local dir=${1:-}
    if [[ -z "$dir" ]]; then
        _engine_log "usage: engine_start DIR"
        return 2
    fi
    if _engine_alive; then
        _engine_log "an engine is already running (pid $ENGINE_PID, dir $ENGINE_DIR)"
        return 1
    fi
    if [[ -z "${ENGINE_DOCKERD:-}" ]]; then
        _engine_log "dockerd not found"
        return 1
    fi
    mkdir -p "$dir" || return 1
    dir=$(cd "$dir" && pwd -P) || return 1

    ENGINE_DIR=$dir
    _engine_place_sockets || return 1
    local sock=$ENGINE_SOCK exec_root=$ENGINE_EXEC

    local log="$dir/dockerd.log" pidfile="$dir/docker.pid"
    rm -f "$pidfile" "$sock"
    _engine_clear_stale_containerd
    mkdir -p "$dir/root" "$exec_root" || return 1
    printf '\n==== engine_start %s ====\n' "$(date '+%F %T')" >>"$log"

    # setsid: Ctrl-C on the test's terminal must not reach the daemon before the EXIT trap does.
    # All descriptors closed or redirected (incl. bats' fd 3) so the daemon never holds a pipe open.
    setsid "$ENGINE_DOCKERD" \
        --storage-driver=vfs \
        --iptables=false \
        --ip6tables=false \
        --bridge=none \
        --data-root="$dir/root" \
        --exec-root="$exec_root" \
        -H "unix://$sock" \
        --pidfile "$pidfile" \
        </dev/null >>"$log" 2>&1 3>&- &
    ENGINE_PID=$!
    export DOCKER_HOST="unix://$sock"
    export ENGINE_DIR ENGINE_PID ENGINE_SOCK ENGINE_EXEC ENGINE_SHORT_DIR

    local deadline=$((SECONDS + 30))
    while ! _engine_ping; do
        if ! _engine_alive; then
            _engine_log "dockerd (pid $ENGINE_PID) exited during start-up; last 30 lines of $log:"
            tail -n 30 "$log" >&2
            engine_stop
            return 1
        fi
        if (( SECONDS >= deadline )); then
            _engine_log "dockerd not ready after 30 s; last 30 lines of $log:"
            tail -n 30 "$log" >&2
            engine_stop
            return 1
        fi
        sleep 0.1
    done
    return 0
}

# _engine_place_sockets — sets ENGINE_SOCK and ENGINE_EXEC for ENGINE_DIR: inside it when the
# paths fit in a unix socket address, else in a short mktemp dir (ENGINE_SHORT_DIR, reused on restart).
_engine_place_sockets() {
    local longest="$ENGINE_DIR/exec/containerd/containerd-debug.sock"
    if (( ${#longest} <= ENGINE_MAX_SOCK_PATH )); then
        ENGINE_SOCK="$ENGINE_DIR/docker.sock"
        ENGINE_EXEC="$ENGINE_DIR/exec"
        return 0
    fi
    if [[ -z "$ENGINE_SHORT_DIR" || ! -d "$ENGINE_SHORT_DIR" ]]; then
        ENGINE_SHORT_DIR=$(mktemp -d /tmp/sde.XXXXXX) || return 1
    fi
    ENGINE_SOCK="$ENGINE_SHORT_DIR/docker.sock"
    ENGINE_EXEC="$ENGINE_SHORT_DIR/exec"
    _engine_log "DIR is too long for unix socket paths (${#longest} > $ENGINE_MAX_SOCK_PATH bytes):" \
        "socket and exec-root are in $ENGINE_SHORT_DIR"
    printf '%s\n' "$ENGINE_SHORT_DIR" >"$ENGINE_DIR/short-dir" 2>/dev/null || true
    return 0
}

# _engine_pid_matches PID WORD — 0 if process PID exists and its command line contains WORD.
_engine_pid_matches() {
    local pid=$1 word=$2 cmdline
    [[ "$pid" =~ ^[0-9]+$ ]] || return 1
    [[ -r "/proc/$pid/cmdline" ]] || return 1
    cmdline=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) || return 1
    [[ "$cmdline" == *"$word"* ]]
}

# _engine_clear_stale_containerd — removes EXEC/containerd/containerd.pid unless it names a live
# containerd of ours. dockerd 20.10 "reuses" any containerd whose pidfile pid is alive (a zombie or
# a recycled pid counts), then times out waiting for its socket: seen here after a SIGKILL.
_engine_clear_stale_containerd() {
    local f="${ENGINE_EXEC:-/nonexistent}/containerd/containerd.pid" cpid
    [[ -e "$f" ]] || return 0
    cpid=$(cat "$f" 2>/dev/null || true)
    if ! _engine_pid_matches "$cpid" "$ENGINE_EXEC"; then
        rm -f "$f" 2>/dev/null || true
    fi
    return 0
}

# _engine_term PID SECONDS — SIGTERM, wait up to SECONDS, then SIGKILL. Returns 0.
_engine_term() {
    local pid=$1 secs=$2 deadline
    kill -TERM "$pid" 2>/dev/null || return 0
    deadline=$((SECONDS + secs))
    while kill -0 "$pid" 2>/dev/null; do
        # A zombie child of this shell counts as gone: reap it.
        if [[ "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" == Z ]]; then
            break
        fi
        if (( SECONDS >= deadline )); then
            _engine_log "pid $pid still alive after ${secs} s: SIGKILL"
            kill -KILL "$pid" 2>/dev/null || true
            break
        fi
        sleep 0.1
    done
    wait "$pid" 2>/dev/null || true
    return 0
}

engine_stop() {
    [[ -n "${ENGINE_DIR:-}" ]] || return 0
    local pid="" pidfile="$ENGINE_DIR/docker.pid"
    if [[ -r "$pidfile" ]]; then
        pid=$(cat "$pidfile" 2>/dev/null || true)
    fi
    if ! _engine_pid_matches "$pid" dockerd; then
        pid=${ENGINE_PID:-}
    fi
    if _engine_pid_matches "$pid" dockerd; then
        _engine_term "$pid" 20
    fi
    if [[ -n "${ENGINE_PID:-}" && "$ENGINE_PID" != "$pid" ]] && _engine_pid_matches "$ENGINE_PID" dockerd; then
        _engine_term "$ENGINE_PID" 20
    fi
    wait "${ENGINE_PID:-0}" 2>/dev/null || true

    # The containerd dockerd started (its state lives under our exec-root), if left over.
    local cpid
    cpid=$(cat "${ENGINE_EXEC:-/nonexistent}/containerd/containerd.pid" 2>/dev/null || true)
    if _engine_pid_matches "$cpid" "${ENGINE_EXEC:-/nonexistent}"; then
        _engine_log "containerd (pid $cpid) left over: stopping it"
        _engine_term "$cpid" 10
    fi

    _engine_clear_stale_containerd
    rm -f "${ENGINE_SOCK:-}" "$pidfile" 2>/dev/null || true
    ENGINE_PID=""
    return 0
}

engine_restart() {
    local dir=${ENGINE_DIR:-}
    if [[ -z "$dir" ]]; then
        _engine_log "engine_restart: no engine was started"
        return 1
    fi
    engine_stop
    engine_start "$dir"
}

# engine_cleanup — engine_stop, unmount anything left under DIR, then remove DIR (and the short dir).
engine_cleanup() {
    local dir=${ENGINE_DIR:-}
    engine_stop
    [[ -n "$dir" ]] || return 0
    local d mnt
    for d in "$dir" "${ENGINE_SHORT_DIR:-}"; do
        [[ -n "$d" ]] || continue
        # Deepest first; mountinfo escapes spaces as \040, fine for our own paths.
        while read -r mnt; do
            umount -l "$mnt" 2>/dev/null || true
        done < <(awk -v p="$d/" 'index($5, p) == 1 {print $5}' /proc/self/mountinfo | sort -r)
        rm -rf "$d" 2>/dev/null || true
    done
    ENGINE_DIR=""
    ENGINE_SHORT_DIR=""
    return 0
}

# ---------------------------------------------------------------- several engines

engine_switch() {
    local name=${1:-} var known
    if [[ -z "$name" ]]; then
        _engine_log "usage: engine_switch NAME"
        return 2
    fi
    [[ "$name" == "$ENGINE_NAME" ]] && return 0
    for var in "${_ENGINE_STATE_VARS[@]}"; do
        _ENGINE_STATES["$ENGINE_NAME.$var"]=${!var}
    done
    for var in "${_ENGINE_STATE_VARS[@]}"; do
        printf -v "$var" '%s' "${_ENGINE_STATES["$name.$var"]:-}"
        export "${var?}"
    done
    ENGINE_NAME=$name
    for known in "${_ENGINE_NAMES[@]}"; do
        [[ "$known" == "$name" ]] && return 0
    done
    _ENGINE_NAMES+=("$name")
    return 0
}

engine_cleanup_all() {
    local name
    for name in "${_ENGINE_NAMES[@]}"; do
        engine_switch "$name"
        engine_cleanup
    done
    engine_switch "${_ENGINE_NAMES[0]}"
    return 0
}

# ---------------------------------------------------------------- images

engine_image() {
    local name=${1:-}
    if [[ -z "$name" ]]; then
        _engine_log "usage: engine_image NAME[:TAG]"
        return 2
    fi
    if engine_docker image inspect "$name" >/dev/null 2>&1; then
        return 0
    fi
    if [[ ! -x "$ENGINE_BUSYBOX" ]]; then
        _engine_log "$ENGINE_BUSYBOX missing (apt-get install -y busybox-static)"
        return 1
    fi
    local rootfs applet rc=0
    rootfs=$(mktemp -d /tmp/sdrootfs.XXXXXX) || return 1
    mkdir -p "$rootfs/bin" "$rootfs/etc" "$rootfs/tmp" "$rootfs/root" \
        "$rootfs/proc" "$rootfs/sys" "$rootfs/dev"
    chmod 1777 "$rootfs/tmp"
    cp "$ENGINE_BUSYBOX" "$rootfs/bin/busybox"
    while read -r applet; do
        applet=${applet##*/}
        [[ -n "$applet" && "$applet" != busybox ]] || continue
        ln -sf busybox "$rootfs/bin/$applet"
    done < <("$ENGINE_BUSYBOX" --list)
    printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' \
        >"$rootfs/etc/passwd"
    printf 'root:x:0:\nnogroup:x:65534:\n' >"$rootfs/etc/group"
    tar -C "$rootfs" -c . | engine_docker import \
        --change 'ENV PATH=/bin' --change 'CMD ["/bin/sh"]' - "$name" >/dev/null || rc=1
    rm -rf "$rootfs"
    if (( rc != 0 )); then
        _engine_log "docker import of $name failed"
    fi
    return "$rc"
}

# ---------------------------------------------------------------- selftest

engine_selftest() {
    engine_available || return 77
    local tmp out rc=0 status
    tmp=$(mktemp -d /tmp/sdeng.XXXXXX) || return 1
    trap 'engine_cleanup; rm -rf "$tmp"' EXIT

    echo "selftest: dockerd: $("$ENGINE_DOCKERD" --version)"
    echo "selftest: client:  $ENGINE_DOCKER ($("$ENGINE_DOCKER" --version))"
    local t0=$SECONDS
    if ! engine_start "$tmp/e"; then
        echo "selftest: FAIL engine_start"
        return 1
    fi
    echo "selftest: engine ready in <= $((SECONDS - t0 + 1)) s, DOCKER_HOST=$DOCKER_HOST"
    echo "selftest: server $(engine_docker version --format '{{.Server.Version}} (API {{.Server.APIVersion}})')"

    if engine_image sdtest:latest && engine_image sdtest:latest; then
        echo "selftest: ok   engine_image sdtest:latest (twice, idempotent)"
    else
        echo "selftest: FAIL engine_image"; rc=1
    fi

    out=$(engine_docker run --rm --network none sdtest:latest echo hi 2>&1)
    if [[ "$out" == hi ]]; then
        echo "selftest: ok   docker run echo hi -> '$out'"
    else
        echo "selftest: FAIL docker run echo hi -> '$out'"; rc=1
    fi

    status=0
    engine_docker run --rm --network none sdtest:latest sh -c 'exit 7' || status=$?
    if (( status == 7 )); then
        echo "selftest: ok   sh -c 'exit 7' -> $status"
    else
        echo "selftest: FAIL sh -c 'exit 7' -> $status"; rc=1
    fi

    if engine_restart && [[ "$(engine_docker run --rm --network none sdtest:latest echo again 2>&1)" == again ]]; then
        echo "selftest: ok   engine_restart, image survives"
    else
        echo "selftest: FAIL engine_restart"; rc=1
    fi

    local pid=$ENGINE_PID
    engine_stop
    engine_stop
    if kill -0 "$pid" 2>/dev/null; then
        echo "selftest: FAIL dockerd $pid still alive after engine_stop"; rc=1
    else
        echo "selftest: ok   engine_stop (twice, idempotent)"
    fi

    engine_cleanup
    rm -rf "$tmp"
    trap - EXIT
    if (( rc == 0 )); then echo "selftest: PASS"; else echo "selftest: FAIL"; fi
    return "$rc"
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
    case "${1:-}" in
        selftest) engine_selftest; exit $? ;;
        *) echo "usage: bash ${0##*/} selftest" >&2; exit 2 ;;
    esac
fi
