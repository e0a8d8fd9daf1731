#include "util/environment.hpp"

#include "util/utf16.hpp"

#include <cerrno>
#include <cstdlib>

// _wputenv_s changes both the C runtime's copy (getenv) and the process's environment block,
// which CreateProcessW hands to children. Windows has no variable set to "": an empty value
// removes it, which safedocker reads alike everywhere (an empty setting is an unset one).

namespace sd::util {

bool
set_environment(const std::string& name, const std::string& value)
{
  const errno_t error = ::_wputenv_s(to_utf16(name).c_str(), to_utf16(value).c_str());
  errno = error;
  return error == 0;
}

void
unset_environment(const std::string& name)
{
  ::_wputenv_s(to_utf16(name).c_str(), L"");
}

} // namespace sd::util
