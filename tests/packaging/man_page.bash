#!/usr/bin/env bash
# The man page cannot drift: every setting of the key table, every guard verb and every exit
# code safedocker produces, and every refusal of the outcome table, must appear in docs/safedocker.1.
set -uo pipefail
: "${SOURCE_DIR:?set SOURCE_DIR to the source tree}"
page=$(mktemp)
trap 'rm -f "$page"' EXIT
sed 's/\\-/-/g' "$SOURCE_DIR/docs/safedocker.1" >"$page" # roff's \- is a plain hyphen here
missing=0
while read -r key; do
  grep -q "^\.B $key\$" "$page" || { echo "missing setting: $key" >&2; missing=$((missing + 1)); }
done < <(grep -oE '^  \{"[a-z_]+\.[a-z_]+"' "$SOURCE_DIR/src/config/settings.cpp" | tr -d ' {"')
while read -r verb; do
  grep -q "^\.B guard $verb\b" "$page" || { echo "missing verb: guard $verb" >&2; missing=$((missing + 1)); }
done < <(grep -ohE 'guard\.add_subcommand\("[a-z-]+"' "$SOURCE_DIR"/src/cli/*.cpp | grep -oE '"[a-z-]+"' | tr -d '"')
while read -r code; do
  grep -q "^\.B $code\$" "$page" || { echo "missing exit code: $code" >&2; missing=$((missing + 1)); }
done < <(grep -oE '= [0-9]+;' "$SOURCE_DIR/src/util/exit_codes.hpp" | grep -oE '[0-9]+' | grep -vx 0)
while read -r refusal; do
  grep -qF "\\fB$refusal\\fR" "$SOURCE_DIR/docs/safedocker.1" || { echo "missing outcome: $refusal" >&2; missing=$((missing + 1)); }
done < <(grep -oE '"refused", "[a-z_]+"' "$SOURCE_DIR/src/record/outcome.cpp" | grep -oE '"[a-z_]+"$' | tr -d '"')
if (( missing > 0 )); then echo "docs/safedocker.1 lacks $missing item(s)" >&2; exit 1; fi
echo "man page lists every setting, verb and exit code"
