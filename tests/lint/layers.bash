#!/usr/bin/env bash
# The layering of src/: every `#include "FOLDER/…"` in src/DIR/ must name DIR itself or a folder
# that DIR's row in ARCHITECTURE.md's table allows ("may include"). Fails listing each include
# that crosses a forbidden edge, with its file and line.
set -uo pipefail
: "${SOURCE_DIR:?set SOURCE_DIR to the source tree}"
table=$SOURCE_DIR/ARCHITECTURE.md

# Rows like: | `src/policy` | … | config, grammar, util |
declare -A allowed=()
while IFS='|' read -r _ folder _ may _; do
  folder=$(tr -d ' `' <<<"$folder")
  may=$(tr -d ' ' <<<"$may")
  [[ $folder == src || $folder == src/* ]] || continue
  [[ $may == "—" ]] && may=""
  allowed[$folder]=",${may},"
done < <(grep -E "^\\| \`src(/[a-z_]+)?\` \\|" "$table")
if [ "${#allowed[@]}" -lt 10 ]; then
  echo "FAIL: found ${#allowed[@]} folders in $table's table; expected every folder of src/" >&2
  exit 1
fi

failures=0
for dir in "$SOURCE_DIR"/src "$SOURCE_DIR"/src/*/; do
  dir=${dir%/}
  folder=src${dir#"$SOURCE_DIR"/src}
  if [ -z "${allowed[$folder]+set}" ]; then
    echo "FAIL: $folder is not in $table's table: add a row (what it is, what it may include)" >&2
    failures=$((failures + 1))
    continue
  fi
  own=${folder#src/}
  for file in "$dir"/*.cpp "$dir"/*.hpp "$dir"/*.hpp.in; do
    [ -e "$file" ] || continue
    while IFS=: read -r line target; do
      [[ $target == "$own" && $folder != src ]] && continue
      if [[ ${allowed[$folder]} != *",$target,"* ]]; then
        echo "FAIL: ${file#"$SOURCE_DIR"/}:$line includes $target/…, which $folder may not (ARCHITECTURE.md)" >&2
        failures=$((failures + 1))
      fi
    done < <(grep -nE '^[[:space:]]*#[[:space:]]*include[[:space:]]+"[a-z_]+/' "$file" | sed -E 's/^([0-9]+):.*"([a-z_]+)\/.*/\1:\2/')
  done
done
if [ "$failures" -gt 0 ]; then
  echo "lint.layers: $failures include(s) across a forbidden edge" >&2
  exit 1
fi
echo "lint.layers: every include of src/ within its layer (${#allowed[@]} folders)"
