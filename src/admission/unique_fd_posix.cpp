#include "admission/unique_fd.hpp"

#include <unistd.h>

namespace sd::admission {

void
close_descriptor(int fd)
{
  ::close(fd);
}

} // namespace sd::admission
