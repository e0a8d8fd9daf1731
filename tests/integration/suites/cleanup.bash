# shellcheck shell=bash
# shellcheck disable=SC2016  # literal $VARS are expanded by the inner sh, not here
# guard session and guard cleanup with a fake docker: the session id reaches the command,
# creating calls are labelled in the right place, the status passes through, signals reach the
# command, the session's file comes and goes; cleanup's report, record and setting errors.

TEST "the command gets SAFEDOCKER_SESSION; its status passes through"
export SAFEDOCKER_REAL_DOCKER="$FAKE_DOCKER"
expect_exit 0 "$SAFEDOCKER" guard session --name s-env -- sh -c 'echo "id=$SAFEDOCKER_SESSION"'
expect_equal "$OUT" "id=s-env"
expect_exit 7 "$SAFEDOCKER" guard session -- sh -c 'exit 7'
expect_exit 127 "$SAFEDOCKER" guard session -- no-such-command-here
expect_exit 2 "$SAFEDOCKER" guard session --name 'bad/name' -- true
expect_exit 2 "$SAFEDOCKER" guard session --name only-options

TEST "inside a session, run/create/network create/volume create are labelled after the command words"
export SAFEDOCKER_REAL_DOCKER="$FAKE_DOCKER"
expect_exit 0 "$SAFEDOCKER" guard session --name s-lab -- "$SHIMS/docker" --context default run --rm img echo --label x
# The run is the first call (the teardown's listings come after it).
first=$(find "$FAKE_LOG_DIR" -name 'call.*' ! -name '*.tmp' -printf '%T@ %p\n' | sort -n | head -n 1 | cut -d' ' -f2)
got=$(sed -n 's/^arg //p' "$first" | tr '\n' ' ')
case "$got" in
  "--context default run --label safedocker.session=s-lab --label safedocker.created="[0-9]*" --rm img echo --label x ") ;;
  *) fail "labelled argv: $got" ;;
esac
SAFEDOCKER_SESSION=s1 expect_exit 0 "$SAFEDOCKER" network create n1
expect_equal "$(fake_argv | head -n 4 | tr '\n' ' ')" "network create --label safedocker.session=s1 "
SAFEDOCKER_SESSION=s1 expect_exit 0 "$SAFEDOCKER" ps -a
expect_equal "$(fake_argv | tr '\n' ' ')" "ps -a "

TEST "guard check shows the argv a session would run"
SAFEDOCKER_SESSION=s2 expect_exit 0 "$SAFEDOCKER" guard check --json -- create --name c img
expect_contains "$OUT" '"session_argv":["create","--label","safedocker.session=s2","--label","safedocker.created='
SAFEDOCKER_SESSION=s2 expect_exit 0 "$SAFEDOCKER" guard check -- create --name c img
expect_contains "$OUT" "session:   runs as: docker create --label safedocker.session=s2"
expect_exit 0 "$SAFEDOCKER" guard check --json -- create --name c img
expect_contains "$OUT" '"session_argv":null'

TEST "the session file is held while the command runs and removed at the end"
export SAFEDOCKER_REAL_DOCKER="$FAKE_DOCKER"
expect_exit 0 "$SAFEDOCKER" guard session --name s-file -- sh -c 'ls "$XDG_RUNTIME_DIR/safedocker"'
expect_contains "$OUT" "session.s-file"
[ -e "$XDG_RUNTIME_DIR/safedocker/session.s-file" ] && fail "session file left after a normal end"

TEST "a live session's name cannot be taken twice"
export SAFEDOCKER_REAL_DOCKER="$FAKE_DOCKER"
"$SAFEDOCKER" guard session --name s-twice -- sh -c 'touch "$1"; sleep 5' sh "$SUITE_DIR/started" &
first=$!
for _ in $(seq 100); do [ -e "$SUITE_DIR/started" ] && break; sleep 0.05; done
expect_exit 209 "$SAFEDOCKER" guard session --name s-twice -- true
expect_contains "$ERR" "session s-twice is live"
kill -TERM "$first"
wait "$first"
status=$?
expect_equal "$status" 143

TEST "SIGTERM reaches the command; the session then ends normally"
export SAFEDOCKER_REAL_DOCKER="$FAKE_DOCKER"
"$SAFEDOCKER" guard session --name s-term -- sh -c 'trap "echo got-term; exit 5" TERM; touch "$1"; while :; do sleep 0.1; done' sh "$SUITE_DIR/ready" >"$SUITE_DIR/term.out" 2>&1 &
wrapper=$!
for _ in $(seq 100); do [ -e "$SUITE_DIR/ready" ] && break; sleep 0.05; done
kill -TERM "$wrapper"
wait "$wrapper"
expect_equal "$?" 5
expect_contains "$(cat "$SUITE_DIR/term.out")" "got-term"
[ -e "$XDG_RUNTIME_DIR/safedocker/session.s-term" ] && fail "session file left after the command ended"

TEST "the session and its teardown are in the audit log"
export SAFEDOCKER_REAL_DOCKER="$FAKE_DOCKER"
expect_exit 0 "$SAFEDOCKER" guard session --name s-audit -- true
log=$(cat "$XDG_STATE_HOME/safedocker/audit.jsonl")
expect_contains "$log" '"event":"session_start"'
expect_contains "$log" '"event":"session_end"'
expect_contains "$log" '"session":"s-audit"'
expect_contains "$log" '"argv":["docker","ps","-a","-q","--no-trunc","--filter","label=safedocker.session=s-audit"]'

TEST "guard cleanup with nothing to do: an empty report, exit 0, one cleanup record"
export SAFEDOCKER_REAL_DOCKER="$FAKE_DOCKER"
expect_exit 0 "$SAFEDOCKER" guard cleanup --json
expect_contains "$OUT" '"removed":[]'
expect_contains "$OUT" '"exit":0'
expect_contains "$(cat "$XDG_STATE_HOME/safedocker/audit.jsonl")" '"event":"cleanup"'
expect_exit 0 "$SAFEDOCKER" guard cleanup --dry-run
expect_contains "$OUT" "dry run: 0 would go, 0 kept, 0 failed"

TEST "a bad cleanup setting names where it was set and the fix; nothing runs"
export SAFEDOCKER_REAL_DOCKER="$FAKE_DOCKER"
SAFEDOCKER_CLEANUP_MIN_AGE=5x expect_exit 201 "$SAFEDOCKER" guard cleanup
expect_contains "$ERR" 'SAFEDOCKER_CLEANUP_MIN_AGE=5x: cleanup.min_age: not a duration; write a whole number and a unit'
printf 'version = 1\n[cleanup]\nremove_volumes = "always"\n' >"$SUITE_DIR/bad.toml"
SAFEDOCKER_RULES="$SUITE_DIR/bad.toml" expect_exit 201 "$SAFEDOCKER" guard cleanup
expect_contains "$ERR" "bad.toml:3:18: cleanup.remove_volumes = \"always\": unknown value 'always'; write never or sessions"
expect_equal "$(fake_calls)" 0

TEST "without a real docker the command still runs and its status comes back; the session is left dead"
export SAFEDOCKER_REAL_DOCKER="$SUITE_DIR/no-docker-here"
expect_exit 3 "$SAFEDOCKER" guard session --name s-nodocker -- sh -c 'exit 3'
expect_contains "$ERR" "session s-nodocker: no teardown"
[ -e "$XDG_RUNTIME_DIR/safedocker/session.s-nodocker" ] || fail "the session file should stay for a later pass"

# The fake docker's answers for a pass that sees one container: $1 its id, $2 its session, $3 its
# state. stop and rm answer with the id, as docker does when it acted on it (the fake's answer
# file for `rm ID` is named rm-ID: the words before the first flag).
fake_container() {
  export FAKE_STDOUT_DIR="$SUITE_DIR/answers"
  rm -rf "$FAKE_STDOUT_DIR"
  mkdir -p "$FAKE_STDOUT_DIR"
  echo "$1" >"$FAKE_STDOUT_DIR/ps"
  printf '[{"Id":"%s","Name":"/%s","Image":"sha256:img","Created":"2020-01-01T00:00:00Z","State":{"Status":"%s","FinishedAt":"0001-01-01T00:00:00Z"},"Config":{"Image":"img","Labels":{"safedocker.session":"%s"}}}]\n' \
    "$1" "$1" "$3" "$2" >"$FAKE_STDOUT_DIR/inspect"
  echo "$1" >"$FAKE_STDOUT_DIR/stop"
  echo "$1" >"$FAKE_STDOUT_DIR/rm-$1"
}

TEST "a killed session owner: the session stays live while its command runs, and is reaped once it ends"
export SAFEDOCKER_REAL_DOCKER="$FAKE_DOCKER"
fake_container c-kill s-kill running
"$SAFEDOCKER" guard session --name s-kill -- sh -c 'touch "$1/cmd-ready"; while [ ! -e "$1/cmd-done" ]; do sleep 0.05; done' sh "$SUITE_DIR" >/dev/null 2>&1 &
wrapper=$!
for _ in $(seq 200); do [ -e "$SUITE_DIR/cmd-ready" ] && break; sleep 0.05; done
{ kill -KILL "$wrapper"; wait "$wrapper"; } 2>/dev/null
expect_exit 0 "$SAFEDOCKER" guard cleanup --dry-run --json
expect_equal "$(jq -c '[.removed, .kept]' <<<"$OUT")" '[[],[{"id":"c-kill","kind":"container","name":"c-kill","reason":"in live session s-kill"}]]'
# The command ends: the last holder of the lock is gone, the session is dead.
touch "$SUITE_DIR/cmd-done"
flock -w 10 "$XDG_RUNTIME_DIR/safedocker/session.s-kill" true || fail "the session's lock is still held after its command ended"
expect_exit 0 "$SAFEDOCKER" guard cleanup --json
expect_equal "$(jq -c '[.removed[] | [.id, .reason, .stopped]]' <<<"$OUT")" '[["c-kill","dead session s-kill ended",true]]'
expect_equal "$(jq -c .sessions_reaped <<<"$OUT")" '["s-kill"]'
expect_equal "$(fake_argv | tr '\n' ' ')" "rm c-kill "

TEST "many starts of one session name at once: exactly one runs, the others exit 209 with one line"
export SAFEDOCKER_REAL_DOCKER="$FAKE_DOCKER"
race="$SUITE_DIR/race"
mkdir -p "$race"
# The winner's command holds the session until the seven others have each said why (one line).
pids=()
for i in 1 2 3 4 5 6 7 8; do
  "$SAFEDOCKER" guard session --name s-race -- sh -c '
    touch "$1/ran.$2"
    for _ in $(seq 400); do [ "$(cat "$1"/err.* | wc -l)" -ge 7 ] && break; sleep 0.05; done' sh "$race" "$i" \
    >"$race/out.$i" 2>"$race/err.$i" &
  pids+=($!)
done
statuses=()
for pid in "${pids[@]}"; do
  wait "$pid"
  statuses+=($?)
done
expect_equal "$(printf '%s\n' "${statuses[@]}" | sort | uniq -c | tr -s ' ' | tr '\n' ';')" " 1 0; 7 209;"
expect_equal "$(find "$race" -name 'ran.*' | wc -l)" 1
for i in 1 2 3 4 5 6 7 8; do
  [ "${statuses[$((i - 1))]}" = 209 ] || continue
  expect_equal "$(wc -l <"$race/err.$i")" 1
  expect_contains "$(cat "$race/err.$i")" "safedocker: error: session s-race is live ("
done

TEST "dangling images are looked at again right before removal: one tagged or used since is kept"
export SAFEDOCKER_REAL_DOCKER="$FAKE_DOCKER" FAKE_STDOUT_DIR="$SUITE_DIR/answers"
rm -rf "$FAKE_STDOUT_DIR"
mkdir -p "$FAKE_STDOUT_DIR"
image() { # ID TAGS_JSON
  printf '{"Id":"%s","RepoTags":%s,"Created":"2020-01-01T00:00:00Z","Size":7}' "$1" "$2"
}
printf 'sha256:aaa\nsha256:bbb\nsha256:ccc\n' >"$FAKE_STDOUT_DIR/image-ls"
inspect_file="$FAKE_STDOUT_DIR/image-inspect-sha256:aaa-sha256:bbb-sha256:ccc"
# The inventory's look: all three dangling. The second look: aaa has been tagged meanwhile.
echo "[$(image sha256:aaa '[]'),$(image sha256:bbb '[]'),$(image sha256:ccc '[]')]" >"$inspect_file.1"
echo "[$(image sha256:aaa '["mine:1"]'),$(image sha256:bbb '[]'),$(image sha256:ccc '[]')]" >"$inspect_file.2"
# No container at first; then one made from bbb.
: >"$FAKE_STDOUT_DIR/ps.1"
echo c-new >"$FAKE_STDOUT_DIR/ps.2"
echo '[{"Id":"c-new","Name":"/c-new","Image":"sha256:bbb","Created":"2099-01-01T00:00:00Z","State":{"Status":"created"},"Config":{}}]' \
  >"$FAKE_STDOUT_DIR/inspect"
echo "Deleted: sha256:ccc" >"$FAKE_STDOUT_DIR/image-rm-sha256:ccc"
expect_exit 0 "$SAFEDOCKER" guard cleanup --json
expect_equal "$(jq -c '[.removed[] | .id]' <<<"$OUT")" '["sha256:ccc"]'
expect_equal "$(jq -c '[.kept[] | [.id, .reason]]' <<<"$OUT")" \
  '[["sha256:aaa","tagged mine:1 since the pass looked"],["sha256:bbb","used by container c-new since the pass looked"]]'
expect_equal "$(fake_argv | tr '\n' ' ')" "image rm sha256:ccc "
grep -l -e '^arg -f$' -e '^arg --force' "$FAKE_LOG_DIR"/call.* && fail "a call carried a force flag"
calls=$(grep -h -A1 '^argc' "$FAKE_LOG_DIR"/call.* | grep -c '^arg ps')
expect_equal "$calls" 2

TEST "a teardown that keeps something the session made leaves the session dead, not forgotten"
export SAFEDOCKER_REAL_DOCKER="$FAKE_DOCKER"
fake_container c-held s-held exited
sed -i 's/"safedocker.session":"s-held"/&,"safedocker.keep":"1"/' "$FAKE_STDOUT_DIR/inspect"
expect_exit 0 "$SAFEDOCKER" guard session --name s-held -- true
expect_contains "$ERR" "session s-held ended: 0 container(s), 0 network(s), 0 volume(s) removed; what was kept"
[ -e "$XDG_RUNTIME_DIR/safedocker/session.s-held" ] || fail "the session was forgotten although its container was kept"
expect_exit 0 "$SAFEDOCKER" guard cleanup --json
expect_equal "$(jq -c '[.kept[] | [.id, .reason]], .sessions_held, .sessions_reaped' <<<"$OUT" | tr '\n' ' ')" \
  '[["c-held","labelled safedocker.keep"]] ["s-held"] [] '
