#include "record/logging.hpp"

#define SPDLOG_HEADER_ONLY
#define FMT_HEADER_ONLY
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdlib>

namespace sd::log {

namespace {

spdlog::level::level_enum
configured_level()
{
  const char* text = std::getenv("SAFEDOCKER_LOG");
  if (text == nullptr || *text == '\0') {
    return spdlog::level::warn;
  }
  const auto level = spdlog::level::from_str(text);
  // from_str answers "off" for anything it does not know; an unknown word keeps the default.
  return level == spdlog::level::off && std::string_view(text) != "off" ? spdlog::level::warn : level;
}

spdlog::level::level_enum
level()
{
  static const auto value = configured_level();
  return value;
}

spdlog::logger&
logger()
{
  static const auto instance = [] {
    auto made = spdlog::stderr_logger_st("safedocker");
    made->set_pattern("safedocker: %l: %v");
    made->set_level(level());
    return made;
  }();
  return *instance;
}

void
emit(spdlog::level::level_enum at, std::string_view message)
{
  if (at >= level()) {
    logger().log(at, "{}", message);
  }
}

} // namespace

bool
debug_enabled()
{
  return level() <= spdlog::level::debug;
}

void
debug(std::string_view message)
{
  emit(spdlog::level::debug, message);
}

void
info(std::string_view message)
{
  emit(spdlog::level::info, message);
}

void
warn(std::string_view message)
{
  emit(spdlog::level::warn, message);
}

} // namespace sd::log
