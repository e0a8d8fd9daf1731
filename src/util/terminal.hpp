#pragma once

// What a notice needs to know of the stream it writes to: whether a person watches it on a
// terminal (a line can then be redrawn in place), and how wide that terminal is.

namespace sd::util {

/// Whether `fd` is a terminal.
bool is_terminal(int fd);

/// The width of the terminal on `fd` in columns, or 0 when unknown.
int terminal_columns(int fd);

} // namespace sd::util
