#include "util/environment.hpp"

#include <cstdlib>

namespace sd::util {

bool
set_environment(const std::string& name, const std::string& value)
{
  return ::setenv(name.c_str(), value.c_str(), 1) == 0;
}

void
unset_environment(const std::string& name)
{
  ::unsetenv(name.c_str());
}

} // namespace sd::util
