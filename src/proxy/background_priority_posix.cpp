#include "proxy/background_priority.hpp"

namespace sd::proxy {

void
lower_this_thread_priority()
{
  // POSIX sets a nice value per process, not per thread: lowering it here would slow the relay
  // too, so the audit writer keeps the proxy's priority.
}

} // namespace sd::proxy
