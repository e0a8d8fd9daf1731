#!/usr/bin/env bash
# The man page and the HTML manual are built from docs/manual.adoc (docs/CMakeLists.txt), their
# settings and outcomes sections from the program's own tables. This checks the pages as built:
# every setting of the key table, every guard verb, every exit code safedocker produces and every
# refusal of the outcome table appear in both, and man renders the page without an error.
set -uo pipefail
: "${SOURCE_DIR:?set SOURCE_DIR to the source tree}" "${BUILD_DIR:?set BUILD_DIR to the build tree}"
page="$BUILD_DIR/docs/safedocker.1"
html="$BUILD_DIR/docs/manual.html"
if ! grep -q '^SAFEDOCKER_MANUAL:BOOL=ON' "$BUILD_DIR/CMakeCache.txt"; then
  echo "SKIPPED: the manual is not built here (SAFEDOCKER_MANUAL=OFF)"
  exit 77
fi
for file in "$page" "$html"; do
  [ -s "$file" ] || { echo "FAIL: $file was not built" >&2; exit 1; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if ! MANWIDTH=200 man -l "$page" >"$work/page.txt" 2>"$work/man.err" || grep -qi 'error' "$work/man.err"; then
  cat "$work/man.err" >&2
  echo "FAIL: man cannot render $page" >&2
  exit 1
fi
missing=0
# expect WHAT PAGE_REGEX HTML_REGEX: WHAT must appear in the man page as rendered and in the HTML
# (extended regular expressions).
expect() {
  local what=$1 pattern=$2 html_pattern=$3
  grep -qE "$pattern" "$work/page.txt" || { echo "missing from the man page: $what" >&2; missing=$((missing + 1)); }
  grep -qE "$html_pattern" "$html" || { echo "missing from the HTML manual: $what" >&2; missing=$((missing + 1)); }
}
while read -r key; do
  expect "setting $key" "^ +${key//./\\.}( \(|$)" "id=\"${key//./\\.}\""
done < <(grep -oE '^  \{"[a-z_]+\.[a-z_]+"' "$SOURCE_DIR/src/config/settings.cpp" | tr -d ' {"')
while read -r verb; do
  expect "verb guard $verb" "^ +guard $verb( |$)" "<strong>guard ${verb}[ <]"
done < <(grep -ohE 'guard\.add_subcommand\("[a-z-]+"' "$SOURCE_DIR"/src/cli/*.cpp | grep -oE '"[a-z-]+"' | tr -d '"')
while read -r code; do
  expect "exit code $code" "^ +$code$" "<strong>$code</strong>"
done < <(grep -oE '= [0-9]+;' "$SOURCE_DIR/src/util/exit_codes.hpp" | grep -oE '[0-9]+' | grep -vx 0)
while read -r refusal; do
  expect "outcome $refusal" "[│|] *refused *[│|] *$refusal " "<td[^>]*><p[^>]*><code>$refusal</code>"
done < <(grep -oE '"refused", "[a-z_]+"' "$SOURCE_DIR/src/record/outcome.cpp" | grep -oE '"[a-z_]+"$' | tr -d '"')
if ((missing > 0)); then
  echo "the manual lacks $missing item(s): add them to docs/manual.adoc (settings and outcomes come from their tables)" >&2
  exit 1
fi
echo "the man page and the HTML manual list every setting, verb, exit code and refusal"
