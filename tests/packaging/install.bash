#!/usr/bin/env bash
# `cmake --install` (what packaging/bootstrap runs) gives a stripped binary, as the .deb does:
# every docker call starts it; and it installs the man page and the HTML manual built from
# docs/manual.adoc. Needs a Release build directory (BUILD_DIR).
set -uo pipefail
: "${BUILD_DIR:?set BUILD_DIR to the build directory}"
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
cmake --install "$BUILD_DIR" --prefix "$prefix" >/dev/null || { echo "cmake --install failed" >&2; exit 1; }
binary="$prefix/bin/safedocker"
[ -x "$binary" ] || { echo "no $binary" >&2; exit 1; }
if readelf -S "$binary" | grep -q '\.symtab'; then
  echo "$binary still has its symbol table: cmake --install did not strip it" >&2
  exit 1
fi
"$binary" guard version >/dev/null || { echo "the stripped binary does not run" >&2; exit 1; }
for page in share/man/man1/safedocker.1 share/doc/safedocker/manual.html; do
  [ -s "$prefix/$page" ] || { echo "cmake --install did not install $page" >&2; exit 1; }
done
echo "cmake --install gives a stripped binary that runs, the man page and the HTML manual"
