#pragma once

// SIGTERM, SIGINT and SIGHUP as a request to stop between two steps, never in the middle of one.

namespace sd::housekeeping {

/// From now on SIGTERM, SIGINT and SIGHUP only note that a stop was asked for.
void catch_stop_signals();

/// The signal that asked to stop, or 0.
int stop_signal();

} // namespace sd::housekeeping
