#!/usr/bin/env bash
# The Debian package: built by cpack from BUILD_DIR, installed with dpkg -i, used through the
# shims directory and the docker CLI plugin, then removed (dpkg -r keeps only the conffile) and
# purged (dpkg -P removes it too). Needs root and dpkg; skips (77) otherwise. Never leaves the
# package installed.
set -uo pipefail

: "${BUILD_DIR:?set BUILD_DIR to the build directory}"
if [[ $(id -u) != 0 ]]; then echo "SKIP: packaging.deb needs root (dpkg -i)"; exit 77; fi
if ! command -v dpkg >/dev/null || ! command -v cpack >/dev/null; then
  echo "SKIP: packaging.deb needs dpkg and cpack"; exit 77
fi
if dpkg-query -W -f='${Status}' safedocker 2>/dev/null | grep -q 'installed'; then
  echo "FAIL: a safedocker package is already installed on this machine; not touching it" >&2
  exit 1
fi

failures=0
check() { # DESCRIPTION COMMAND…
  local what=$1
  shift
  if "$@"; then echo "ok   $what"; else echo "FAIL $what" >&2; failures=$((failures + 1)); fi
}

work=$(mktemp -d)
cleanup() { dpkg -P safedocker >/dev/null 2>&1; rm -rf "$work"; }
trap cleanup EXIT

(cd "$BUILD_DIR" && cpack -G DEB -B "$work/out" >"$work/cpack.log" 2>&1) \
  || { cat "$work/cpack.log" >&2; echo "FAIL: cpack -G DEB" >&2; exit 1; }
deb=$(ls "$work"/out/safedocker_*.deb)
check "cpack staged /etc under DESTDIR, not the real /etc" test ! -e /etc/safedocker
dpkg -i "$deb" >"$work/dpkg.log" 2>&1 || { cat "$work/dpkg.log" >&2; echo "FAIL: dpkg -i" >&2; exit 1; }

check "the rules file is a registered conffile" \
  bash -c "dpkg-query -W -f='\${Conffiles}' safedocker | grep -q '^ /etc/safedocker/rules.toml '"
export HOME="$work/home" XDG_STATE_HOME="$work/state" XDG_CONFIG_HOME="$work/config" XDG_RUNTIME_DIR="$work/run"
mkdir -p "$HOME" "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
unset SAFEDOCKER_RULES SAFEDOCKER_REAL_DOCKER
shims=/usr/lib/safedocker/shims
check "the shim is docker when its directory is first on PATH" \
  test "$(PATH="$shims:$PATH" command -v docker)" = "$shims/docker"
check "docker guard version answers through the shim" \
  bash -c "PATH='$shims:$PATH' docker guard version | grep -q safedocker"
# safedocker: allow force-rm -- the test checks that the installed shim blocks this call
PATH="$shims:$PATH" docker rm -f x >/dev/null 2>"$work/blocked.err"
status=$?
check "docker rm -f is blocked through the shim (exit 200, got $status)" test "$status" = 200
check "the block names the system rules file" grep -q '/etc/safedocker/rules.toml' "$work/blocked.err"
real=$(PATH="$shims:$PATH" safedocker guard which 2>/dev/null | grep -oE '/[^ ]*docker' | head -1)
check "guard which finds a real docker, not itself (${real:-none})" \
  bash -c "[[ -n '$real' && \$(readlink -f '$real') != /usr/bin/safedocker ]] && '$real' --version | grep -q '^Docker version'"
check "docker --version runs the real docker through the shim" \
  bash -c "PATH='$shims:$PATH' docker --version | grep -q '^Docker version'"
check "the real docker client runs the docker-guard plugin" \
  bash -c "/usr/bin/docker guard version | grep -q safedocker"
check "the man page renders" bash -c "MANWIDTH=80 man -l /usr/share/man/man1/safedocker.1 2>/dev/null | grep -q 'GUARD VERBS'"
check "the HTML manual installed" grep -q 'guard proxy' /usr/share/doc/safedocker/manual.html
check "bash completion loads" \
  bash -c "source /usr/share/bash-completion/completions/safedocker && complete -p safedocker | grep -q _safedocker"
check "zsh completion installed where Debian's zsh looks" test -f /usr/share/zsh/vendor-completions/_safedocker
check "the Grafana dashboard installed" jq -e '.panels | length > 0' /usr/share/safedocker/grafana/safedocker.json
if command -v systemd-analyze >/dev/null; then
  check "systemd units verify" systemd-analyze verify /usr/lib/systemd/system/safedocker-scheduler.service \
    /usr/lib/systemd/system/safedocker-cleanup.service /usr/lib/systemd/system/safedocker-cleanup.timer \
    /usr/lib/systemd/system/safedocker-proxy.socket /usr/lib/systemd/system/safedocker-proxy.service \
    /usr/lib/systemd/system/safedocker-metrics.service /usr/lib/systemd/system/safedocker-metrics.timer
fi

echo "# local edit" >>/etc/safedocker/rules.toml
dpkg -r safedocker >"$work/dpkg.log" 2>&1 || { cat "$work/dpkg.log" >&2; echo "FAIL: dpkg -r" >&2; exit 1; }
for path in /usr/bin/safedocker "$shims/docker" "$shims/docker-compose" /usr/lib/docker/cli-plugins/docker-guard \
            /usr/share/man/man1/safedocker.1 /usr/share/doc/safedocker/manual.html /usr/share/bash-completion/completions/safedocker \
            /usr/share/zsh/vendor-completions/_safedocker \
            /usr/lib/systemd/system/safedocker-scheduler.service /usr/share/safedocker/default.toml \
            /usr/share/safedocker/grafana/safedocker.json /usr/lib/systemd/system/safedocker-metrics.timer; do
  check "dpkg -r removed $path" test ! -e "$path" -a ! -L "$path"
done
check "dpkg -r kept the edited conffile" grep -q '^# local edit' /etc/safedocker/rules.toml
dpkg -P safedocker >"$work/dpkg.log" 2>&1 || { cat "$work/dpkg.log" >&2; echo "FAIL: dpkg -P" >&2; exit 1; }
check "dpkg -P removed the conffile" test ! -e /etc/safedocker/rules.toml
check "the machine's docker still works" bash -c "/usr/bin/docker --version >/dev/null"

if (( failures > 0 )); then echo "$failures check(s) failed" >&2; exit 1; fi
echo "packaging.deb: all checks passed"
