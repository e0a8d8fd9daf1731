#!/usr/bin/env bash
# src/cli/lazy_iostream.hpp stands in for <iostream> in the cli/ files, so that no docker call
# pays for building the standard streams at start-up (see the header). It redefines libstdc++'s
# include guard: this checks that the trick still holds with the compiler in use.
#  1. A file that includes <iostream> gets the static ios_base::Init object (the control: the
#     check can see it), and with the header forced in first it does not.
#  2. In the build, only cli/verbs.cpp (which builds the streams when a verb runs) refers to it.
set -uo pipefail
: "${SOURCE_DIR:?set SOURCE_DIR to the source tree}" "${CXX:?set CXX to the C++ compiler}" "${BUILD_DIR:?set BUILD_DIR}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
init='_ZNSt8ios_base4InitC1Ev' # std::ios_base::Init::Init()
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

printf '#include <iostream>\nint answer() { return 42; }\n' >"$work/probe.cpp"
"$CXX" -std=c++20 -O2 -c "$work/probe.cpp" -o "$work/plain.o" || fail "cannot compile the probe"
"$CXX" -std=c++20 -O2 -include "$SOURCE_DIR/src/cli/lazy_iostream.hpp" -c "$work/probe.cpp" -o "$work/lazy.o" \
  || fail "cannot compile the probe with lazy_iostream.hpp"
nm "$work/plain.o" | grep -q "$init" || fail "<iostream> no longer builds the streams per file: the header may go (check the callgrind figure)"
nm "$work/lazy.o" | grep -q "$init" && fail "with lazy_iostream.hpp forced in, <iostream> still builds the streams: the trick no longer holds"

objects=$(find "$BUILD_DIR" -path '*/sd_cli.dir/*.cpp.o' | sort)
[ -n "$objects" ] || fail "no cli/ object files under $BUILD_DIR"
for object in $objects; do
  case $object in */sd_cli.dir/verbs.cpp.o) continue ;; esac
  nm "$object" | grep -q "$init" && fail "${object##*/} builds the standard streams at start-up (is it compiled without -include lazy_iostream.hpp?)"
done
if [ "$failures" -gt 0 ]; then
  exit 1
fi
echo "lint.lazy_iostream: the streams are built only when a guard verb runs ($(wc -w <<<"$objects") cli objects)"
