#pragma once

#include <stdexcept>
#include <string>

namespace sd {

/// The one exception type: an error that ends the call. Caught only in sd::main, which prints
/// "safedocker: error: MESSAGE" and exits with `exit_code`.
class Fatal : public std::runtime_error
{
public:
  Fatal(int exit_code, const std::string& message)
    : std::runtime_error(message),
      m_exit_code(exit_code)
  {}

  int exit_code() const { return m_exit_code; }

private:
  int m_exit_code;
};

} // namespace sd
