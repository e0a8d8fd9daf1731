# shellcheck shell=bash
# A call that waits says what it waits for: the slot wait's notice (a file, a pseudo-terminal,
# off), the rate limit's line, the slow half-open probe's line; stdout is never touched.

: "${FAKE_DAEMON:?FAKE_DAEMON must name the fake-daemon binary}"
daemon_pid=""
stop_daemon() { [ -n "$daemon_pid" ] && kill "$daemon_pid" 2>/dev/null; wait "$daemon_pid" 2>/dev/null; daemon_pid=""; }
trap stop_daemon EXIT

holders=()
# Three calls that hold the three slots for SECONDS; their pids are in holders[].
hold_slots() {
  holders=()
  local before
  before=$(fake_calls)
  for _ in 1 2 3; do FAKE_SLEEP=$1 "$SHIMS/docker" image ls >/dev/null 2>&1 & holders+=($!); done
  for _ in $(seq 200); do [ "$(fake_calls)" -ge $((before + 3)) ] && return 0; sleep 0.05; done
  fail "the holders did not start"
}
release_slots() { kill "${holders[@]}" 2>/dev/null; wait "${holders[@]}" 2>/dev/null; }
count_lines() { grep -c -- "$2" <<<"$1"; }

TEST "a call that does not wait prints nothing new"
export SAFEDOCKER_REAL_DOCKER="$FAKE_DOCKER" SAFEDOCKER_NOTICE_AFTER=0 SAFEDOCKER_MIN_INTERVAL_MS=0
expect_exit 0 "$SHIMS/docker" ps
expect_equal "$ERR" ""

TEST "three holders: a fourth call's stderr (a file) shows the notice once after the delay, naming the holders"
export SAFEDOCKER_REAL_DOCKER="$FAKE_DOCKER" SAFEDOCKER_NOTICE_AFTER=1s FAKE_STDOUT_DIR="$SUITE_DIR/answers"
mkdir -p "$FAKE_STDOUT_DIR"
printf 'CONTAINER ID   IMAGE\nc1             busybox\n' >"$FAKE_STDOUT_DIR/ps"
hold_slots 3
expect_exit 0 "$SHIMS/docker" ps
waited_out=$OUT
expect_equal "$(count_lines "$ERR" 'safedocker: waiting')" 1 # 3 s of waiting: one line, not one per check
expect_contains "$ERR" "for a slot of unix:/"
expect_contains "$ERR" "next in line; 3 of 3 in use by pid "
for pid in "${holders[@]}"; do expect_contains "$ERR" "pid $pid (docker image ls, for "; done
expect_contains "$ERR" "gives up after 600s (limits.acquire_timeout)"
[[ "$ERR" =~ safedocker:\ waiting\ 1\.[0-9]s ]] || fail "the notice did not come after the 1 s delay: $ERR"
expect_contains "$ERR" "safedocker: waited "
[[ "$(tail -n 1 <<<"$ERR")" =~ ^safedocker:\ waited\ [0-9.]+s\ for\ slot\ [0-2]\ of\ unix:.*\;\ docker\ runs$ ]] ||
  fail "the last line does not say the call starts: $ERR"
release_slots

TEST "stdout is byte-identical with and without a wait"
export SAFEDOCKER_REAL_DOCKER="$FAKE_DOCKER" SAFEDOCKER_NOTICE_AFTER=0 FAKE_STDOUT_DIR="$SUITE_DIR/answers"
expect_exit 0 "$SHIMS/docker" ps
expect_equal "$ERR" ""
cmp -s "$SUITE_DIR/out" <(printf '%s\n' "$waited_out") || fail "stdout differs after a wait: $waited_out / $OUT"
expect_equal "$OUT" "$waited_out"
expect_not_contains "$waited_out" "safedocker"

TEST "on a pseudo-terminal the line is redrawn in place and finished when the call starts"
export SAFEDOCKER_REAL_DOCKER="$FAKE_DOCKER" SAFEDOCKER_NOTICE_AFTER=0
hold_slots 2
# script runs its command line with the shell: the terminal is made wide enough for the holders.
expect_exit 0 script -qefc "stty cols 300 && exec $SHIMS/docker ps" "$SUITE_DIR/typescript"
typescript=$(tr -d '\n' <"$SUITE_DIR/typescript")
draws=$(grep -o $'\r\e\\[Ksafedocker: waiting' <<<"$typescript" | wc -l)
[ "$draws" -ge 3 ] || fail "the line was drawn $draws times, not redrawn in place: $(cat -v "$SUITE_DIR/typescript")"
expect_equal "$(grep -c 'safedocker: waiting' "$SUITE_DIR/typescript")" 1 # all on one line
grep -q $'\r\e\\[Ksafedocker: waited [0-9.]*s for slot [0-2] of unix:.*; docker runs\r\\?$' "$SUITE_DIR/typescript" ||
  fail "the line was not finished with the time waited: $(cat -v "$SUITE_DIR/typescript")"
for pid in "${holders[@]}"; do expect_contains "$typescript" "pid $pid (docker image ls, for "; done
expect_contains "$typescript" "; Ctrl-C to give up"
release_slots

TEST "on a narrow terminal the line still fits one row: the holders' commands give way"
export SAFEDOCKER_REAL_DOCKER="$FAKE_DOCKER" SAFEDOCKER_NOTICE_AFTER=0
hold_slots 1
expect_exit 0 script -qefc "stty cols 120 && exec $SHIMS/docker ps" "$SUITE_DIR/typescript"
grep -Eq '3 of 3 in use by pids [0-9]+, [0-9]+' "$SUITE_DIR/typescript" || fail "no holders' pids: $(cat -v "$SUITE_DIR/typescript")"
longest=$(tr '\r' '\n' <"$SUITE_DIR/typescript" | grep 'safedocker: wait' | sed 's/^\x1b\[K//; s/\xe2\x80\xa6/./' | awk '{ print length($0) }' | sort -n | tail -n 1)
[ "$longest" -le 119 ] || fail "a drawn line is $longest characters wide on a 120-column terminal"
release_slots

TEST "limits.notice_after = \"off\" in the rules: a long wait prints nothing"
export SAFEDOCKER_REAL_DOCKER="$FAKE_DOCKER" SAFEDOCKER_RULES="$SUITE_DIR/off.toml"
printf 'version = 1\n[limits]\nnotice_after = "off"\n' >"$SAFEDOCKER_RULES"
hold_slots 2
expect_exit 0 "$SHIMS/docker" ps
expect_equal "$ERR" ""
release_slots

TEST "a bad limits.notice_after is refused with exit 201, naming the key and the fix"
export SAFEDOCKER_REAL_DOCKER="$FAKE_DOCKER" SAFEDOCKER_NOTICE_AFTER=2
expect_exit 201 "$SHIMS/docker" ps
expect_contains "$ERR" "SAFEDOCKER_NOTICE_AFTER=2: limits.notice_after: not a delay; write"
expect_equal "$(fake_calls)" 0

TEST "the rate limit's wait is announced when longer than the delay"
export SAFEDOCKER_REAL_DOCKER="$FAKE_DOCKER" SAFEDOCKER_MIN_INTERVAL_MS=2500 SAFEDOCKER_NOTICE_AFTER=1s
expect_exit 0 "$SHIMS/docker" ps
expect_equal "$ERR" ""
expect_exit 0 "$SHIMS/docker" ps
expect_contains "$ERR" "safedocker: waiting 2."
expect_contains "$ERR" "s for the rate limit of unix:/"
expect_contains "$ERR" "(limits.min_interval_ms = 2500)"
export SAFEDOCKER_NOTICE_AFTER=5s # longer than the wait: nothing
expect_exit 0 "$SHIMS/docker" ps
expect_equal "$ERR" ""

TEST "a slow half-open probe says what the call waits for"
sock="$SUITE_DIR/p.sock"
export SAFEDOCKER_REAL_DOCKER="$FAKE_DOCKER" SAFEDOCKER_BREAKER=1 SAFEDOCKER_BREAKER_OPEN_SECONDS=1 \
  DOCKER_HOST="unix://$sock" SAFEDOCKER_RULES="$SUITE_DIR/probe.toml" SAFEDOCKER_NOTICE_AFTER=1s
printf 'version = 1\n[probe]\ntimeout_ms = 2500\n' >"$SAFEDOCKER_RULES"
for _ in 1 2 3; do # no daemon: the breaker opens
  FAKE_EXIT=1 FAKE_STDERR="Cannot connect to the Docker daemon at unix://$sock. Is the docker daemon running?" \
    expect_exit 1 "$SHIMS/docker" ps
done
"$FAKE_DAEMON" "$sock" hang >"$SUITE_DIR/daemon.out" 2>&1 &
daemon_pid=$!
for _ in $(seq 100); do grep -q ready "$SUITE_DIR/daemon.out" 2>/dev/null && break; sleep 0.05; done
sleep 1.2 # the open period ends: the next call probes, and the daemon never answers
expect_exit 205 "$SHIMS/docker" ps
expect_contains "$ERR" "safedocker: probing unix:$sock (GET /_ping, up to 2.5s) before the call: its circuit breaker has been open since "
expect_equal "$(count_lines "$ERR" 'safedocker: probing')" 1
stop_daemon

# What the fake docker answers a cleanup pass: one container that exited long ago.
cleanup_answers() {
  export FAKE_STDOUT_DIR="$SUITE_DIR/cleanup-answers"
  rm -rf "$FAKE_STDOUT_DIR"
  mkdir -p "$FAKE_STDOUT_DIR"
  echo c-old >"$FAKE_STDOUT_DIR/ps"
  echo '[{"Id":"c-old","Name":"/c-old","Image":"sha256:img","Created":"2020-01-01T00:00:00Z","State":{"Status":"exited","FinishedAt":"2020-01-02T00:00:00Z"},"Config":{"Image":"img","Labels":{}},"SizeRw":2048}]' \
    >"$FAKE_STDOUT_DIR/inspect"
  echo c-old >"$FAKE_STDOUT_DIR/rm-c-old"
}

TEST "guard cleanup without a terminal: one progress line per batch on stderr; --json's stdout is one object"
export SAFEDOCKER_REAL_DOCKER="$FAKE_DOCKER"
cleanup_answers
expect_exit 0 "$SAFEDOCKER" guard cleanup --json
expect_equal "$ERR" "safedocker: cleanup: removing 1 of 1 (container); 0 B reclaimed so far"
expect_equal "$(wc -l <"$SUITE_DIR/out")" 1
expect_equal "$(jq -c '[.exit, [.removed[].id], .reclaimed_bytes]' "$SUITE_DIR/out")" '[0,["c-old"],2048]'

TEST "guard cleanup on a terminal: the progress line is redrawn in place and erased before the report"
export SAFEDOCKER_REAL_DOCKER="$FAKE_DOCKER"
cleanup_answers
expect_exit 0 script -qefc "$SAFEDOCKER guard cleanup" "$SUITE_DIR/typescript"
expect_contains "$(cat "$SUITE_DIR/typescript")" $'\r\e[Ksafedocker: cleanup: listing containers, images, networks and volumes\r\e[Ksafedocker: cleanup: removing 1 of 1 (container); 0 B reclaimed so far\r\e[K'
expect_contains "$(cat "$SUITE_DIR/typescript")" "c-old"
