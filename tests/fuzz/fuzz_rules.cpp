// libFuzzer target: the rules loader must reject bad input with sd::Fatal, never crash.

#include "policy/alternative_check.hpp"
#include "policy/rules_file.hpp"
#include "util/fatal.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int
LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  try {
    const auto rules =
      sd::policy::parse_rules(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.toml");
    (void)sd::policy::check_alternatives(rules);
  } catch (const sd::Fatal&) {
  }
  return 0;
}
