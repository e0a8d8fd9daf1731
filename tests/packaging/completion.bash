#!/usr/bin/env bash
# The shell completions (packaging/completions) complete what the CLI has: every guard verb is
# known to the bash, zsh and fish files, and bash and zsh complete verbs, options and option
# values when typed. zsh is driven for real under a pseudo-terminal (zsh_complete.py).
set -uo pipefail
: "${SOURCE_DIR:?set SOURCE_DIR to the source tree}"
completions=$SOURCE_DIR/packaging/completions
failures=0
check() { # DESCRIPTION COMMAND…
  local what=$1
  shift
  if "$@"; then echo "ok: $what"; else echo "FAIL: $what" >&2; failures=$((failures + 1)); fi
}

mapfile -t verbs < <(grep -ohE 'guard\.add_subcommand\("[a-z-]+"' "$SOURCE_DIR"/src/cli/*.cpp | grep -oE '"[a-z-]+"' | tr -d '"')
check "the CLI has guard verbs (${#verbs[@]})" test "${#verbs[@]}" -ge 10
for verb in "${verbs[@]}"; do
  check "bash completion knows guard $verb" grep -qE "verbs=\"[^\"]*\\b$verb\\b" "$completions/safedocker.bash"
  check "zsh completion knows guard $verb" grep -qE "^ *'$verb:" "$completions/_safedocker"
  check "fish completion knows guard $verb" grep -qE "^set -l verbs .*\\b$verb\\b" "$completions/safedocker.fish"
done

# bash: the completion function over a typed line (COMP_WORDS as bash sets them).
bash_complete() { # WORDS… → the candidates, one a line
  bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _safedocker; printf "%s\n" "${COMPREPLY[@]}"' \
    _ "$completions/safedocker.bash" "$@"
}
check "bash: safedocker gu → guard" test "$(bash_complete safedocker gu)" = guard
check "bash: guard sca → scan" test "$(bash_complete safedocker guard sca)" = scan
check "bash: scan --format → text json sarif" \
  test "$(bash_complete safedocker guard scan --format '' | sort | tr '\n' ' ')" = "json sarif text "
check "bash: stats --format → text json prometheus openmetrics" \
  test "$(bash_complete safedocker guard stats --format '' | sort | tr '\n' ' ')" = "json openmetrics prometheus text "
check "bash: scan --w → --warnings" test "$(bash_complete safedocker guard scan --w)" = --warnings
check "bash: cleanup --d → --dry-run" test "$(bash_complete safedocker guard cleanup --d)" = --dry-run
check "bash: log --decision b → block bypass" \
  test "$(bash_complete safedocker guard log --decision b | sort | tr '\n' ' ')" = "block bypass "

# zsh: typed into a real interactive zsh.
if ! command -v zsh >/dev/null; then
  echo "SKIP: zsh is not installed (packaging/install-deps installs it)" >&2
  (( failures == 0 )) || exit 1
  exit 77
fi
lines=('safedocker gu\t' 'safedocker guard sca\t' 'safedocker guard scan --format \t'
       'safedocker guard log --decision bl\t' 'safedocker guard rules sh\t' 'safedocker guard cleanup --dr\t'
       'safedocker guard scheduler --st\t' 'safedocker guard \t')
answers=$(TMPDIR=$(mktemp -d) python3 "$SOURCE_DIR/tests/packaging/zsh_complete.py" "$completions" "${lines[@]}") || {
  echo "FAIL: zsh did not answer" >&2
  exit 1
}
buffer() { jq -r --arg line "$1" 'select(.line == ($line | gsub("\\\\t"; "\t"))) | .buffer' <<<"$answers"; }
listed() { jq -r --arg line "$1" 'select(.line == ($line | gsub("\\\\t"; "\t"))) | .listed' <<<"$answers"; }
check "zsh: safedocker gu → guard" test "$(buffer 'safedocker gu\t')" = "safedocker guard "
check "zsh: guard sca → scan" test "$(buffer 'safedocker guard sca\t')" = "safedocker guard scan "
formats=$(listed 'safedocker guard scan --format \t')
check "zsh: scan --format lists text json sarif" test -n "$(grep -E 'json +sarif +text' <<<"$formats")"
check "zsh: log --decision bl → block" test "$(buffer 'safedocker guard log --decision bl\t')" = "safedocker guard log --decision block "
check "zsh: rules sh → show" test "$(buffer 'safedocker guard rules sh\t')" = "safedocker guard rules show "
check "zsh: cleanup --dr → --dry-run" test "$(buffer 'safedocker guard cleanup --dr\t')" = "safedocker guard cleanup --dry-run "
check "zsh: scheduler --st → --status" test "$(buffer 'safedocker guard scheduler --st\t')" = "safedocker guard scheduler --status "
all=$(listed 'safedocker guard \t')
for verb in "${verbs[@]}"; do
  check "zsh: guard ⇥ lists $verb" grep -qE "(^|[[:space:]])$verb +-- " <<<"$all"
done

if (( failures > 0 )); then echo "$failures check(s) failed" >&2; exit 1; fi
echo "packaging.completion: all checks passed"
