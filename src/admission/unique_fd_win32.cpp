#include "admission/unique_fd.hpp"

#include <io.h>

namespace sd::admission {

void
close_descriptor(int fd)
{
  ::_close(fd); // closes the handle under the C runtime's descriptor too
}

} // namespace sd::admission
