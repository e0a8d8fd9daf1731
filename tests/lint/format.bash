#!/usr/bin/env bash
# The sources are in the house style (.clang-format, clang-format 14 as Debian 12 ships it):
# fails naming each file clang-format would change. Fix with:
#   clang-format-14 -i $(git ls-files 'src/*.cpp' 'src/*.hpp' 'tests/*.cpp' 'tests/*.hpp' 'bench/*.cpp' 'docs/*.cpp')
set -uo pipefail
: "${SOURCE_DIR:?set SOURCE_DIR to the source tree}"
format=$(command -v clang-format-14 || command -v clang-format) || {
  [ "${CI:-}" = "true" ] && { echo "FAIL: clang-format is not installed (packaging/install-deps installs it)" >&2; exit 1; }
  echo "SKIPPED: clang-format is not installed" >&2
  exit 77
}
cd "$SOURCE_DIR" || exit 1
mapfile -t files < <(find src tests bench docs -name '*.cpp' -o -name '*.hpp' | grep -v '/node_modules/' | sort)
failures=0
for file in "${files[@]}"; do
  if ! "$format" --style=file --dry-run --Werror "$file" >/dev/null 2>&1; then
    echo "FAIL: $file is not formatted (run: $format -i $file)" >&2
    failures=$((failures + 1))
  fi
done
if [ "$failures" -gt 0 ]; then
  echo "lint.format: $failures file(s) to format" >&2
  exit 1
fi
echo "lint.format: ${#files[@]} files in the house style"
