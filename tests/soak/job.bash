#!/usr/bin/env bash
# One CI-like job of the soak run, or the command of a test session it starts.
#   job.bash job J           the job: SOAK_ITERATIONS rounds of mixed calls, then more rounds
#                            until the fault injector is done (SOAK_STATE/injector.done)
#   job.bash session NAME    a session's command: creates, lists, and leaves the rest to teardown
#   job.bash doomed NAME R   a session's command that starts a container, touches R and waits to
#                            be killed with SIGKILL
# Environment (from tests/soak/run): SOAK_LOG, SOAK_ERR, SOAK_STATE, SOAK_ITERATIONS, IMAGE, and
# PATH with the shims first.
set -u
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/soak/call.bash
. "$here/call.bash"

# A container that leaves at once on SIGTERM (busybox sh as PID 1 has no default handler).
loop='trap "exit 0" TERM; while :; do sleep 1; done'

session_body() {
  local c=$1
  soak_call call run -d --network none --name "$c-s1" "$IMAGE" sh -c "$loop"
  soak_call call run --network none --name "$c-s2" "$IMAGE" true
  soak_call call ps -a --filter "name=$c-s"
  return 0
}

doomed_body() {
  local c=$1 ready=$2
  soak_call call run -d --network none --name "$c-k" "$IMAGE" sh -c "$loop"
  echo "$$" >"$ready.tmp" && mv "$ready.tmp" "$ready"
  exec sleep 600
}

# A session whose owner is killed with SIGKILL: its container stays until `guard cleanup`.
doomed_session() {
  local c=$1 ready="$SOAK_STATE/ready.$1" spid body=""
  docker guard session --name "sk-k-$c" -- bash "$here/job.bash" doomed "$c" "$ready" \
    >/dev/null 2>>"$SOAK_ERR" &
  spid=$!
  # The body names itself (its pid is the sleep's): killed even when the injector got the session first.
  for _ in $(seq 600); do [[ -e "$ready" ]] && break; sleep 0.1; done
  body=$(cat "$ready" 2>/dev/null)
  kill -KILL "$spid" 2>/dev/null
  wait "$spid" 2>/dev/null
  [[ "$body" =~ ^[0-9]+$ ]] && kill -KILL "$body" 2>/dev/null
  return 0
}

# One round: the life of a container, a throw-away run, one blocked call, a test session, and
# in some rounds (and the last) a test session killed with SIGKILL.
round() {
  local j=$1 i=$2 last=${3:-} c="sk-j$1-i$2"
  soak_call call run -d --network none --name "$c" --label "soak.job=$j" "$IMAGE" sh -c "$loop"
  soak_call call ps -a --filter "name=$c"
  soak_call call inspect --format '{{.State.Status}}' "$c"
  soak_call call exec "$c" echo "$c"
  soak_call call logs --tail 5 "$c"
  soak_call call stop -t 1 "$c"
  soak_call call rm "$c"
  soak_call call run --rm --network none --name "$c-rm" "$IMAGE" echo "$c"
  # The victims exist from the start; the engine must never see these calls.
  case $((i % 3)) in
    0) soak_call block rm -f "sk-j$j-victim" "$c-ghost" ;;
    1) soak_call block system prune -af --filter "label=soak.call=$c" ;;
    2) soak_call block rmi --force "soak-victim:j$j" "$c-ghost" ;;
  esac
  if ((i % 2 == 0)); then
    soak_call guard guard session --name "sk-s-$c" -- bash "$here/job.bash" session "$c"
  fi
  if ((i % 3 == 1)) || [[ -n "$last" ]]; then
    doomed_session "$c"
  fi
  return 0
}

job() {
  local j=$1 i=0
  while ((i < SOAK_ITERATIONS)) || [[ ! -e "$SOAK_STATE/injector.done" ]]; do
    round "$j" "$i"
    i=$((i + 1))
    ((i < 4 * SOAK_ITERATIONS)) || break # the injector is stuck: its own checks say so
  done
  # One more round with every fault over: calls must work again.
  round "$j" "$i" last
}

case ${1:-} in
  job) job "$2" ;;
  session) session_body "$2" ;;
  doomed) doomed_body "$2" "$3" ;;
  *) echo "usage: job.bash job J | session NAME | doomed NAME READY" >&2; exit 2 ;;
esac
