# shellcheck shell=bash
# soak_call, shared by the jobs and the test sessions they start: one docker call through the
# shim, logged so the final checks can match it with its audit record.
#
# Needs SOAK_LOG (the caller's call log) and SOAK_ERR (where stderr goes).

# soak_call KIND ARGS… — runs `docker ARGS…` (a PATH lookup: the shim) in the background, so that
# its pid is known, waits for it and appends one line to $SOAK_LOG:
#   KIND <tab> PID <tab> STATUS <tab> START_US <tab> END_US <tab> docker\x1fARG\x1f…
# KIND is call (an ordinary call), block (must be blocked), guard (a guard verb). Returns STATUS.
# A call refused or failed for want of a daemon is followed by a short pause, as a CI job's retry
# loop would: the jobs must not burn through their calls while the engine is down.
soak_call() {
  local kind=$1 start pid status
  shift
  start=${EPOCHREALTIME/./}
  docker "$@" >/dev/null 2>>"$SOAK_ERR" &
  pid=$!
  wait "$pid"
  status=$?
  local IFS=$'\x1f'
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$kind" "$pid" "$status" "$start" "${EPOCHREALTIME/./}" "docker${IFS}$*" >>"$SOAK_LOG"
  case $status in
    0 | 200) ;;
    205) sleep 1 ;; # the breaker is open: a CI job would back off
    *) sleep 0.3 ;;
  esac
  return "$status"
}
