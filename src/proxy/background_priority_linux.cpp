#include "proxy/background_priority.hpp"

#include <sys/resource.h>
#include <unistd.h>

namespace sd::proxy {

void
lower_this_thread_priority()
{
  // Linux keeps a nice value per thread: PRIO_PROCESS with a thread id changes that thread only.
  (void)::setpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()), 10);
}

} // namespace sd::proxy
