# shellcheck shell=bash
# The soak run's fault injector, sourced by tests/soak/run (after tests/e2e/engine.bash) and run in
# its shell, so that the engine it restarts stays the one the run stops at the end.
#
# Needs: SOAK_STATE (state dir), SOAK_RUN (the mark in the environment of the run's processes),
# SOAK_TARGET (calls expected to work), SOAK_KILLS, SAFEDOCKER_BREAKER_OPEN_SECONDS,
# AUDIT_DIR (the tmpfs holding the audit log), SAFEDOCKER.
# Writes in SOAK_STATE: killed (pids it sent SIGKILL), recovered (µs times the breaker closed
# after a restart), diskfull (µs start and end of the full disk), faults (one line per event, for
# the report), inject.calls (its own calls, in soak_call's format).

soak_note() { printf '%s %s\n' "$(date -u +%T)" "$*" | tee -a "$SOAK_STATE/faults" >&2; }

# The run's safedocker processes: the binary's own, marked with this run's SOAK_RUN.
soak_wrapper_pids() {
  local exe p
  exe=$(readlink -f "$SAFEDOCKER")
  for p in /proc/[0-9]*; do
    [[ "$(readlink "$p/exe" 2>/dev/null)" == "$exe" ]] || continue
    tr '\0' '\n' 2>/dev/null <"$p/environ" | grep -qx "SOAK_RUN=$SOAK_RUN" && echo "${p#/proc/}"
  done
}

soak_no_wrappers() { [[ -z "$(soak_wrapper_pids)" ]]; }
soak_calls_done() { cat "$SOAK_STATE"/calls.* 2>/dev/null | wc -l; }
# Calls that worked: the yardstick of progress (calls failing fast while dockerd is down do not count).
soak_calls_ok() { cat "$SOAK_STATE"/calls.* 2>/dev/null | awk -F'\t' '$3 == 0' | wc -l; }

# The audit files, oldest first, as safedocker names them.
soak_audit_files() {
  local f
  while read -r f; do echo "$AUDIT_DIR/$f"; done < <(
    find "$AUDIT_DIR" -maxdepth 1 -name 'audit.jsonl.[0-9]*' -printf '%f\n' | sort -t. -k3,3nr)
  [[ -e "$AUDIT_DIR/audit.jsonl" ]] && echo "$AUDIT_DIR/audit.jsonl"
}

soak_audit_events() { # EVENT — how many records of that event the log holds
  local files
  mapfile -t files < <(soak_audit_files)
  ((${#files[@]})) || { echo 0; return; }
  cat "${files[@]}" | grep -c "\"event\":\"$1\""
}

# soak_wait_until SECONDS CMD… — 0 as soon as CMD succeeds, 1 after SECONDS.
soak_wait_until() {
  local deadline=$((SECONDS + $1))
  shift
  until "$@"; do
    ((SECONDS < deadline)) || return 1
    sleep 0.2
  done
}

soak_progress_at() { (($(soak_calls_ok) * 100 >= SOAK_TARGET * $1)); }
soak_more_than() { (($(soak_audit_events "$1") > $2)); }

# The killer: a background loop, SIGKILL to a random wrapper every couple of seconds.
soak_killer() {
  local n=0 pids
  while ((n < SOAK_KILLS)) && [[ ! -e "$SOAK_STATE/injector.done" ]]; do
    sleep "1.$((RANDOM % 10))"
    mapfile -t pids < <(soak_wrapper_pids)
    ((${#pids[@]})) || continue
    local pid=${pids[RANDOM % ${#pids[@]}]}
    if kill -KILL "$pid" 2>/dev/null; then
      echo "$pid" >>"$SOAK_STATE/killed"
      n=$((n + 1))
    fi
  done
}

# Stops dockerd, waits until the calls failing against it open the breaker, keeps it down for
# an open period (calls fail fast), starts it again on the same data root and socket and waits
# until a probe or a call closes the breaker.
soak_restart_engine() {
  local opens closes
  opens=$(soak_audit_events breaker_open)
  closes=$(soak_audit_events breaker_close)
  soak_note "restart $1: stopping dockerd"
  engine_stop
  if soak_wait_until 90 soak_more_than breaker_open "$opens"; then
    soak_note "restart $1: breaker open"
  else
    soak_note "restart $1: FAULT NOT SEEN: the breaker did not open within 90 s"
  fi
  sleep "$((SAFEDOCKER_BREAKER_OPEN_SECONDS + 1))"
  engine_start "$ENGINE_DIR" || { soak_note "restart $1: dockerd did not start again"; return 1; }
  soak_note "restart $1: dockerd up again"
  if soak_wait_until 90 soak_more_than breaker_close "$closes"; then
    echo "${EPOCHREALTIME/./}" >>"$SOAK_STATE/recovered"
    soak_note "restart $1: breaker closed"
  else
    soak_note "restart $1: FAULT NOT RECOVERED: the breaker did not close within 90 s"
  fi
}

# Fills the audit log's file system until calls have gone on for a while, then frees it.
soak_fill_disk() {
  local start end calls
  start=${EPOCHREALTIME/./}
  head -c 1G /dev/zero >"$AUDIT_DIR/filler" 2>/dev/null
  soak_note "audit disk full ($(df --output=avail -h "$AUDIT_DIR" | tail -n 1 | tr -d ' ') left)"
  calls=$(soak_calls_ok)
  soak_wait_until 30 soak_progress_over "$((calls + SOAK_JOBS * 3))"
  rm -f "$AUDIT_DIR/filler"
  end=${EPOCHREALTIME/./}
  echo "$start $end" >>"$SOAK_STATE/diskfull"
  soak_note "audit disk freed after $(((end - start) / 1000)) ms, $(($(soak_calls_ok) - calls)) calls worked meanwhile"
}
soak_progress_over() { (($(soak_calls_ok) >= $1)); }

# A rotation at an arbitrary moment: one call with the smallest audit.max_bytes (4096). Repeated
# until the live file is a new one: a log just rotated by a job (or kept small while the disk was
# full) may be nearly empty, and one record is about 400 bytes, so up to 20 calls, which fill
# 4 KB on their own even when no job writes meanwhile.
soak_force_rotation() {
  local before after n
  before=$(stat -c %i "$AUDIT_DIR/audit.jsonl" 2>/dev/null)
  for n in $(seq 20); do
    SOAK_LOG="$SOAK_STATE/calls.inject" SOAK_ERR="$SOAK_STATE/err.inject" SAFEDOCKER_AUDIT_MAX_BYTES=4096 \
      soak_call call version --format "forced-rotation-$n"
    after=$(stat -c %i "$AUDIT_DIR/audit.jsonl" 2>/dev/null)
    [[ "$after" != "$before" ]] && break
  done
  if [[ "$after" != "$before" ]]; then
    echo forced >>"$SOAK_STATE/rotated"
    soak_note "audit log rotated by force"
  else
    soak_note "FAULT NOT SEEN: the forced rotation did not rotate"
  fi
}

# The whole schedule, paced by the jobs' progress so each fault lands while they run.
soak_inject() {
  soak_killer &
  local killer=$!
  soak_wait_until 600 soak_progress_at 15 && soak_restart_engine 1
  soak_wait_until 600 soak_progress_at 40 && soak_fill_disk
  soak_wait_until 600 soak_progress_at 55 && soak_force_rotation
  soak_wait_until 600 soak_progress_at 65 && soak_restart_engine 2
  touch "$SOAK_STATE/injector.done"
  wait "$killer"
  soak_note "injector done: $(wc -l <"$SOAK_STATE/killed" 2>/dev/null || echo 0) wrappers killed"
}
