#pragma once

// CLI11 includes <iostream>, whose static ios_base::Init object would build the standard streams
// and locales at the start of every docker call (80,000 instructions and a dozen page faults,
// measured with callgrind), although only `guard` verbs print through them. This header stands
// in for <iostream> in the cli/ files (forced with -include): the same declarations without the
// static object. run_guard_verb constructs std::ios_base::Init before any verb runs.

#include <istream>
#include <ostream>

#define _GLIBCXX_IOSTREAM 1

namespace std {
extern istream cin;
extern ostream cout;
extern ostream cerr;
extern ostream clog;
} // namespace std
