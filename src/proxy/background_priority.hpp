#pragma once

namespace sd::proxy {

/// Gives the calling thread a lower priority than the proxy's own (nice 10): the audit writer
/// runs when the thread that relays requests does not need the core. Best effort: a system that
/// refuses leaves the priority as it was.
void lower_this_thread_priority();

} // namespace sd::proxy
