#include "admission/state_dir.hpp"

// The part of state_dir.hpp that every platform shares.

namespace sd::admission {

std::string_view
record_text(std::string_view content)
{
  content = content.substr(0, content.find('\n'));
  while (!content.empty() && (content.back() == ' ' || content.back() == '\r')) {
    content.remove_suffix(1);
  }
  return content;
}

} // namespace sd::admission
