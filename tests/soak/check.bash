# shellcheck shell=bash
# The soak run's final checks, sourced by tests/soak/run once the jobs and the injector are done.
# soak_check prints the summary table and returns 1 when any check fails.
#
# Needs what inject.bash needs, plus SHIMS on PATH, SOAK_STARTED (SECONDS at the start), SOAK_JOBS,
# SOAK_MIN_CALLS, SOAK_MODE, and from the run SOAK_SESSION_LEFT, SOAK_REAPED, SOAK_CLEANUP_EXIT.

soak_rows=()
soak_failed=0
# soak_row NAME VALUE OK — one line of the table; OK is 1 or 0 (a failed check), or - (a figure).
soak_row() {
  local mark=ok
  case $3 in
    0) mark=FAIL; soak_failed=1 ;;
    -) mark="" ;;
  esac
  soak_rows+=("$(printf '%-44s %12s  %s' "$1" "$2" "$mark")")
}
soak_is() { [[ "$1" == "$2" ]] && echo 1 || echo 0; }
soak_at_least() { (($1 >= $2)) && echo 1 || echo 0; }

# Every audit line as TSV: event, pid, argv (session labels taken out, \x1f-joined), decision,
# exit; a line that is not a JSON object is "TORN".
soak_audit_table() {
  local files
  mapfile -t files < <(soak_audit_files)
  ((${#files[@]})) || return 0
  cat "${files[@]}" | jq -R -r '
    def unlabelled: . as $a | reduce range(0; $a | length) as $i ({out: [], skip: false};
      if .skip then .skip = false
      elif $a[$i] == "--label" and (($a[$i + 1] // "") | test("^safedocker\\.(session|created)="))
      then .skip = true
      else .out += [$a[$i]] end) | .out;
    try (fromjson | select(type == "object")
         | [.event, (.pid | tostring), ((.argv // []) | unlabelled | join("\u001f")),
            (.decision // ""), ((.exit // "") | tostring)] | @tsv)
    catch "TORN"' 2>/dev/null || echo "TORN"
}

# Matches the calls the jobs logged with the audit records. Prints "name value" lines.
soak_match_calls() {
  local window="0 0"
  [[ -s "$SOAK_STATE/diskfull" ]] && window=$(tail -n 1 "$SOAK_STATE/diskfull")
  local last_recovery=0
  [[ -s "$SOAK_STATE/recovered" ]] && last_recovery=$(tail -n 1 "$SOAK_STATE/recovered")
  awk -F'\t' -v window="$window" -v recovered="$last_recovery" '
    BEGIN { split(window, w, " "); full_from = w[1]; full_to = w[2]
            # documented in src/exit_codes.hpp, docker'"'"'s own, and containers stopped by a signal
            split("0 1 2 125 126 127 137 143 200 201 202 203 204 205 206 209 210", ok, " ")
            for (k in ok) allowed[ok[k]] = 1
            split("132 134 135 136 139", bad, " "); for (k in bad) crash_signal[bad[k]] = 1 }
    FILENAME ~ /killed$/ { killed[$1] = 1; next }
    FILENAME ~ /audit.tsv$/ {
      if ($0 == "TORN") { torn++; next }
      if ($1 == "invocation") { records++; rec[$3] = rec[$3] " " $2 "/" $4 "/" $5 }
      if ($1 == "breaker_open") opens++
      if ($1 == "breaker_close") closes++
      if ($1 == "breaker_open" || $1 == "breaker_close") last_breaker = $1
      next }
    {
      kind = $1; pid = $2; status = $3; start = $4; end = $5; argv = $6
      calls++
      if (status == 0) worked++
      if (status == 137 && (pid in killed)) { injected++; next }
      if (status in crash_signal) { crashes++; print "crash: status " status ": " argv > "/dev/stderr" }
      else if (!(status in allowed)) { odd++; print "unexpected status " status ": " argv > "/dev/stderr" }
      if (status == 0 && kind == "call" && start > recovered && recovered > 0) after_recovery++
      during_full = (full_from > 0 && start < full_to && end > full_from)
      if (during_full && status == 0 && kind == "call") ran_full++
      if (kind == "block") {
        blocks++
        if (status != 200 || (!during_full && index(rec[argv], " " pid "/block/200") == 0)) {
          unblocked++; print "not blocked and recorded: status " status ": " argv > "/dev/stderr" }
      }
      if (kind == "guard" || during_full) next
      checked++
      if (index(rec[argv] " ", " " pid "/") == 0) { lost++; print "no record: pid " pid " status " status ": " argv > "/dev/stderr" }
    }
    END {
      printf "worked %d\ncalls %d\nrecords %d\ntorn %d\nlost %d\nchecked %d\ninjected %d\ncrashes %d\nodd %d\n", \
        worked, calls, records, torn, lost, checked, injected, crashes, odd
      printf "blocks %d\nunblocked %d\nopens %d\ncloses %d\nlast_breaker %s\nafter_recovery %d\nran_full %d\n", \
        blocks, unblocked, opens, closes, last_breaker, after_recovery, ran_full
    }' "$SOAK_STATE/killed" "$SOAK_STATE/audit.tsv" "$SOAK_STATE"/calls.*
}

# 0 when every slot file of every daemon in the lock directory can be locked at once (nobody
# holds it).
soak_leaked_slots() {
  local f n=0
  for f in "$LOCK_DIR"/daemon.*/slot.*; do
    [[ -e "$f" ]] || continue
    flock -n "$f" true || n=$((n + 1))
  done
  echo "$n"
}

soak_check() {
  local -A fig
  local name value
  soak_audit_table >"$SOAK_STATE/audit.tsv"
  touch "$SOAK_STATE/killed"
  while read -r name value; do fig[$name]=$value; done < <(soak_match_calls 2>"$SOAK_STATE/mismatches")
  head -n 20 "$SOAK_STATE/mismatches" >&2

  local leaked health_in_use left victims=0 j rotations stray errors
  leaked=$(soak_leaked_slots)
  health_in_use=$(docker guard health --json 2>/dev/null | jq -r '[.daemons[].slots.in_use] | add // "?"')
  left=$(engine_docker ps -aq --filter label=safedocker.session | wc -l)
  for ((j = 0; j < SOAK_JOBS; j++)); do
    engine_docker inspect --type container "sk-j$j-victim" >/dev/null 2>&1 &&
      engine_docker inspect --type image "soak-victim:j$j" >/dev/null 2>&1 && victims=$((victims + 1))
  done
  rotations=$(find "$AUDIT_DIR" -maxdepth 1 -name 'audit.jsonl.[0-9]*' | wc -l)
  errors=$(cat "$SOAK_STATE"/err.* | grep -c -E 'AddressSanitizer|runtime error|terminate called|Segmentation fault')
  stray=$(soak_wrapper_pids | wc -l)

  soak_row "calls through the shim" "${fig[calls]}" "$(soak_at_least "${fig[calls]}" "$SOAK_MIN_CALLS")"
  soak_row "calls that exited 0" "${fig[worked]}" -
  soak_row "audit records (invocations)" "${fig[records]}" -
  soak_row "duration (s)" "$((SECONDS - SOAK_STARTED))" -
  soak_row "wrappers killed by the injector (SIGKILL)" "${fig[injected]}" "$(soak_at_least "${fig[injected]}" 1)"
  soak_row "slots leaked (flock -n on each slot file)" "$leaked" "$(soak_is "$leaked" 0)"
  soak_row "slots in use (guard health)" "$health_in_use" "$(soak_is "$health_in_use" 0)"
  soak_row "audit lines torn" "${fig[torn]}" "$(soak_is "${fig[torn]}" 0)"
  soak_row "audit records lost (of ${fig[checked]} checked)" "${fig[lost]}" "$(soak_is "${fig[lost]}" 0)"
  soak_row "audit rotations (files kept)" "$rotations" "$(soak_at_least "$rotations" 5)"
  soak_row "forced rotation" "$(wc -l <"$SOAK_STATE/rotated" 2>/dev/null || echo 0)" \
    "$(soak_is "$(wc -l <"$SOAK_STATE/rotated" 2>/dev/null || echo 0)" 1)"
  soak_row "calls run while the audit disk was full" "${fig[ran_full]}" "$(soak_at_least "${fig[ran_full]}" 1)"
  soak_row "session containers before cleanup" "$SOAK_SESSION_LEFT" "$(soak_at_least "$SOAK_SESSION_LEFT" 1)"
  soak_row "guard cleanup exit status" "$SOAK_CLEANUP_EXIT" "$(soak_is "$SOAK_CLEANUP_EXIT" 0)"
  soak_row "dead sessions reaped by guard cleanup" "$SOAK_REAPED" "$(soak_at_least "$SOAK_REAPED" 1)"
  soak_row "session containers left after cleanup" "$left" "$(soak_is "$left" 0)"
  soak_row "breaker opened" "${fig[opens]}" "$(soak_at_least "${fig[opens]}" 2)"
  soak_row "breaker closed" "${fig[closes]}" "$(soak_at_least "${fig[closes]}" 2)"
  soak_row "breaker recoveries seen by the injector" "$(wc -l <"$SOAK_STATE/recovered" 2>/dev/null || echo 0)" \
    "$(soak_is "$(wc -l <"$SOAK_STATE/recovered" 2>/dev/null || echo 0)" 2)"
  soak_row "breaker closed at the end" "${fig[last_breaker]:-none}" "$(soak_is "${fig[last_breaker]:-}" breaker_close)"
  soak_row "calls that worked after the last recovery" "${fig[after_recovery]}" "$(soak_at_least "${fig[after_recovery]}" "$SOAK_JOBS")"
  soak_row "blocked calls" "${fig[blocks]}" "$(soak_at_least "${fig[blocks]}" "$SOAK_JOBS")"
  soak_row "blocked calls not blocked or not recorded" "${fig[unblocked]}" "$(soak_is "${fig[unblocked]}" 0)"
  soak_row "victims of blocked calls still there" "$victims/$SOAK_JOBS" "$(soak_is "$victims" "$SOAK_JOBS")"
  soak_row "wrapper crashes (signal exits not injected)" "${fig[crashes]}" "$(soak_is "${fig[crashes]}" 0)"
  soak_row "exit codes outside the documented set" "${fig[odd]}" "$(soak_is "${fig[odd]}" 0)"
  soak_row "sanitizer or runtime errors on stderr" "$errors" "$(soak_is "$errors" 0)"
  soak_row "wrappers still running at the end" "$stray" "$(soak_is "$stray" 0)"

  printf '%s\n' "soak summary ($SOAK_MODE: $SOAK_JOBS jobs)" "${soak_rows[@]}"
  return "$soak_failed"
}
