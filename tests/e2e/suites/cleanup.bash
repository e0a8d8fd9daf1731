# shellcheck shell=bash
# shellcheck disable=SC2016  # literal $VARS are expanded by the inner sh, not here
# Test sessions and guard cleanup against the real engine.

# Sessions live in the lock directory and the image history in the audit log: both outlive a TEST.
mkdir -p "$SUITE_DIR/state" && chmod 700 "$SUITE_DIR/state"
rules="$SUITE_DIR/state/rules.toml"
cp "$HERE/../../rules/default.toml" "$rules"
cat >>"$rules" <<'TOML'

[cleanup]
min_age = "8s"
image_min_age = "2s"
stop_grace = 10
TOML
sd_env() {
  export SAFEDOCKER_LOCK_DIR="$SUITE_DIR/state/locks" SAFEDOCKER_AUDIT_PATH="$SUITE_DIR/state/audit.jsonl" \
    SAFEDOCKER_RULES="$rules"
}
exists() { engine_docker inspect --type "${2:-container}" "$1" >/dev/null 2>&1; }
state_of() { engine_docker inspect -f '{{.State.Status}}' "$1" 2>/dev/null; }
# The JSON report's ids of one list, sorted, one a line.
ids_of() { jq -r ".$2[] | .id" <<<"$1" | sort; }
wait_for() { for _ in $(seq 300); do [ -e "$1" ] && return 0; sleep 0.1; done; fail "timed out waiting for $1"; return 1; }
# A container that writes "bye" to /shared/x when it is stopped gracefully (its TERM trap).
trap_command='trap "echo bye >/shared/x; exit 0" TERM; while :; do sleep 1; done'

TEST "a session's containers are labelled, and removed gracefully when it ends"
sd_env
mkdir -p "$SUITE_DIR/s1"
expect_exit 0 docker guard session --name s-end -- sh -c '
  docker run -d --network none --name s-end-run -v "$1:/shared" "$IMAGE" sh -c "$2" >/dev/null &&
  docker create --network none --name s-end-created "$IMAGE" true >/dev/null &&
  docker inspect -f "{{index .Config.Labels \"safedocker.session\"}}" s-end-run' sh "$SUITE_DIR/s1" "$trap_command"
expect_equal "$OUT" "s-end"
expect_contains "$ERR" "session s-end ended: 2 container(s)"
exists s-end-run && fail "s-end-run still exists"
exists s-end-created && fail "s-end-created still exists"
expect_equal "$(cat "$SUITE_DIR/s1/x" 2>/dev/null)" "bye"

TEST "a session's network goes with it; --volumes takes its named volumes too"
sd_env
expect_exit 0 docker guard session --name s-net --volumes -- sh -c '
  docker network create --internal s-net-1 >/dev/null &&
  docker volume create s-vol-1 >/dev/null &&
  docker run --network s-net-1 -v s-vol-1:/v --name s-net-c "$1" sh -c "echo hi >/v/f"' sh "$IMAGE"
expect_contains "$ERR" "1 container(s), 1 network(s), 1 volume(s) removed"
exists s-net-1 network && fail "the session's network still exists"
exists s-vol-1 volume && fail "the session's volume still exists (--volumes)"
expect_exit 0 docker guard session --name s-vol -- docker volume create s-vol-2
exists s-vol-2 volume || fail "a session's volume was removed without --volumes"
engine_docker volume rm s-vol-2 >/dev/null

TEST "--keep leaves what the session made"
sd_env
expect_exit 0 docker guard session --name s-keep --keep -- docker create --network none --name s-keep-c "$IMAGE" true
exists s-keep-c || fail "s-keep-c was removed despite --keep"
engine_docker rm s-keep-c >/dev/null

TEST "cleanup: live session kept, dead session reaped gracefully, old stopped go, young and kept stay, volumes untouched"
sd_env
mkdir -p "$SUITE_DIR/dead"
# Outside any session: old stopped containers, a kept one, a named volume with data.
engine_docker create --network none --name old-created "$IMAGE" true >/dev/null
engine_docker run --network none --name old-exited "$IMAGE" true
engine_docker run --network none --name old-kept --label safedocker.keep=1 "$IMAGE" true
engine_docker volume create data >/dev/null
engine_docker run --rm --network none -v data:/data "$IMAGE" sh -c 'echo precious >/data/f'
# A live session: one running and one exited container, held until we say.
docker guard session --name live -- sh -c '
  docker run -d --network none --name live-run "$1" sleep 600 >/dev/null &&
  docker run --network none --name live-exited "$1" true &&
  touch "$2/live-ready" && while [ ! -e "$2/live-done" ]; do sleep 0.2; done' sh "$IMAGE" "$SUITE_DIR" &
live=$!
# A session whose owner dies: its running container must still be stopped gracefully.
docker guard session --name dead -- sh -c '
  docker run -d --network none --name dead-run -v "$2:/shared" "$1" sh -c "$3" >/dev/null &&
  docker volume create dead-vol >/dev/null &&
  touch "$2/dead-ready" && exec sleep 600' sh "$IMAGE" "$SUITE_DIR/dead" "$trap_command" &
dead=$!
wait_for "$SUITE_DIR/live-ready"
wait_for "$SUITE_DIR/dead/dead-ready"
dead_child=$(pgrep -P "$dead")
{ kill -KILL "$dead"; wait "$dead"; } 2>/dev/null
# Its owner is killed but its command still runs (holding the inherited lock): still live.
expect_exit 0 docker guard cleanup --dry-run --json
expect_equal "$(jq -r '.kept[] | select(.name == "dead-run") | .reason' <<<"$OUT")" "in live session dead"
[ -n "$dead_child" ] && kill -KILL "$dead_child" 2>/dev/null
expect_equal "$(state_of dead-run)" "running"
sleep 9 # older than min_age = 8s
engine_docker create --network none --name young "$IMAGE" true >/dev/null

expect_exit 0 docker guard cleanup --dry-run --json
dry=$OUT
expect_equal "$(jq -r .dry_run <<<"$dry")" "true"
exists dead-run || fail "the dry run removed dead-run"
exists old-exited || fail "the dry run removed old-exited"

expect_exit 0 docker guard cleanup --json
real=$OUT
expect_equal "$(ids_of "$real" removed)" "$(ids_of "$dry" removed)"
expect_equal "$(jq -r '[.removed[] | .name] | sort | join(" ")' <<<"$real")" "dead-run old-created old-exited"
expect_equal "$(jq -r '.removed[] | select(.name == "dead-run") | .stopped' <<<"$real")" "true"
expect_equal "$(cat "$SUITE_DIR/dead/x" 2>/dev/null)" "bye"
expect_equal "$(jq -c .sessions_reaped <<<"$real")" '["dead"]'
expect_equal "$(state_of live-run)" "running"
expect_equal "$(state_of live-exited)" "exited"
exists young || fail "young was removed"
exists old-kept || fail "old-kept (safedocker.keep) was removed"
exists data volume || fail "the named volume data was removed"
exists dead-vol volume || fail "the dead session's volume was removed (cleanup.remove_volumes = never)"
expect_equal "$(engine_docker run --rm --network none -v data:/data "$IMAGE" cat /data/f)" "precious"
expect_equal "$(jq -r '.kept[] | select(.name == "live-exited") | .reason' <<<"$real")" "in live session live"
expect_contains "$(cat "$SAFEDOCKER_AUDIT_PATH")" '"event":"cleanup"'
expect_contains "$(cat "$SAFEDOCKER_AUDIT_PATH")" '"argv":["docker","stop","-t","10",'
# The pass's totals are in its record, and in the metrics (the dry runs are not passes that removed).
expect_equal "$(grep '"event":"cleanup"' "$SAFEDOCKER_AUDIT_PATH" | tail -n 1 | jq -c '[.removed, .failed, .dry_run]')" "[3,0,false]"
expect_exit 0 docker guard stats --format prometheus --cursor "$SUITE_DIR/metrics-cursor.json"
expect_contains "$OUT" "safedocker_cleanup_passes_total 1"
expect_contains "$OUT" "safedocker_cleanup_removed_objects_total 3"

# The live session ends: its own teardown takes its containers.
touch "$SUITE_DIR/live-done"
wait "$live"
expect_equal "$?" 0
exists live-run && fail "live-run still exists after its session ended"
exists live-exited && fail "live-exited still exists after its session ended"
engine_docker rm young old-kept >/dev/null
engine_docker volume rm data dead-vol >/dev/null

TEST "a dangling image goes; the image in use stays"
sd_env
tar -C "$SUITE_DIR" -cf "$SUITE_DIR/empty.tar" --files-from /dev/null
engine_docker import "$SUITE_DIR/empty.tar" sdempty:1 >/dev/null
sleep 1
engine_docker import --change 'LABEL again=1' "$SUITE_DIR/empty.tar" sdempty:1 >/dev/null # the first is now dangling
dangling=$(engine_docker images -q --no-trunc --filter dangling=true)
[ -n "$dangling" ] || fail "no dangling image to clean"
sleep 3
expect_exit 0 docker guard cleanup --json
expect_equal "$(jq -r '[.removed[] | select(.kind == "image") | .id] | join(" ")' <<<"$OUT")" "$dangling"
exists "$IMAGE" image || fail "the test image in use was removed"
exists sdempty:1 image || fail "the tagged image was removed"
engine_docker image rm sdempty:1 >/dev/null

TEST "SIGTERM stops a pass after the call in progress: the container being stopped is removed, the rest untouched"
sd_env
mkdir -p "$SUITE_DIR/slow"
# A dead session's running container, slow to stop (its TERM trap marks the moment, then takes 2s),
# and two old stopped containers, removed by a later call of the same pass.
docker guard session --name slow -- sh -c '
  docker run -d --network none --name slow-1 -v "$2:/shared" "$1" \
    sh -c "trap \"touch /shared/stopping; sleep 2; exit 0\" TERM; while :; do sleep 1; done" >/dev/null &&
  touch "$2/ready" && exec sleep 600' sh "$IMAGE" "$SUITE_DIR/slow" &
slow=$!
wait_for "$SUITE_DIR/slow/ready"
slow_child=$(pgrep -P "$slow")
{ kill -KILL "$slow"; wait "$slow"; } 2>/dev/null
[ -n "$slow_child" ] && kill -KILL "$slow_child" 2>/dev/null
engine_docker create --network none --name old-a "$IMAGE" true >/dev/null
engine_docker create --network none --name old-b "$IMAGE" true >/dev/null
sleep 9 # older than min_age = 8s
docker guard cleanup --json >"$SUITE_DIR/term.json" 2>"$SUITE_DIR/term.err" &
pass=$!
wait_for "$SUITE_DIR/slow/stopping" # the pass is inside `docker stop`
kill -TERM "$pass"
wait "$pass"
expect_equal "$?" 143
report=$(cat "$SUITE_DIR/term.json")
expect_equal "$(jq -r .interrupted <<<"$report")" "SIGTERM"
expect_equal "$(jq -r .exit <<<"$report")" 143
expect_equal "$(jq -r '[.removed[] | "\(.name):\(.stopped)"] | join(" ")' <<<"$report")" "slow-1:true"
expect_equal "$(jq -r '[.skipped[] | .name] | sort | join(" ")' <<<"$report")" "old-a old-b"
exists slow-1 && fail "slow-1 was stopped but not removed"
exists old-a || fail "old-a was removed after the stop request"
exists old-b || fail "old-b was removed after the stop request"
expect_equal "$(jq -c .sessions_reaped <<<"$report")" '[]'
expect_contains "$(tail -n 1 "$SAFEDOCKER_AUDIT_PATH")" '"event":"cleanup"'
# A second pass finishes the job and forgets the dead session.
expect_exit 0 docker guard cleanup --json
exists old-a && fail "old-a still exists"
exists old-b && fail "old-b still exists"
expect_equal "$(jq -c .sessions_reaped <<<"$OUT")" '["slow"]'

TEST "a second pass while one runs is refused at once (exit 210)"
sd_env
mkdir -p "$SAFEDOCKER_LOCK_DIR"
exec {lock}>"$SAFEDOCKER_LOCK_DIR/cleanup.lock"
flock -n "$lock"
expect_exit 210 docker guard cleanup
expect_contains "$ERR" "another cleanup pass is running"
exec {lock}>&-

TEST "the scheduler runs the real cleanup pass (--once) and records what it removed"
sd_env
engine_docker run --network none --name sched-old "$IMAGE" true >/dev/null
sleep 9 # past cleanup.min_age
expect_exit 0 docker guard scheduler --once
exists sched-old && fail "sched-old was not removed by the scheduler's pass"
expect_exit 0 docker guard scheduler --status --json
expect_equal "$(jq -r .last_result <<<"$OUT")" "ok"
[ "$(jq -r .last_removed <<<"$OUT")" -ge 1 ] || fail "the state records no removal: $OUT"
expect_contains "$(cat "$SAFEDOCKER_AUDIT_PATH")" '"event":"cleanup_run"'
