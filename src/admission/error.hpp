#pragma once

#include <stdexcept>
#include <string>

namespace sd::admission {

/// An admission primitive could not do its job because of the machine, not the call: an unsafe
/// or unusable state directory, a file that cannot be opened, locked or written. The message
/// names the file and says what is wrong; the caller decides the exit code (sd::Fatal or not).
/// Expected outcomes (a slot wait that timed out, an open breaker) are values, never this.
class AdmissionError : public std::runtime_error
{
public:
  explicit AdmissionError(const std::string& message)
    : std::runtime_error(message)
  {}
};

} // namespace sd::admission
