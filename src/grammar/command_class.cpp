#include "grammar/command_class.hpp"

#include "util/bad_enum.hpp"

#include <algorithm>
#include <array>
#include <string_view>

using namespace std::string_view_literals;

namespace sd::grammar {

namespace {

// Sorted: binary_search below.
constexpr std::array k_client_paths = {
  "buildx version"sv, "compose config"sv, "compose version"sv, "login"sv, "logout"sv, "model version"sv, "version"sv,
};
constexpr std::array k_client_prefixes = {
  "buildx imagetools "sv, "context"sv, "manifest"sv, "model context"sv, "trust"sv,
};
constexpr std::array k_streaming_paths = {
  "compose attach"sv, "compose events"sv, "compose wait"sv, "compose watch"sv, "container wait"sv, "system events"sv,
};
constexpr std::array k_retryable_paths = {
  "buildx imagetools inspect"sv,
  "buildx ls"sv,
  "compose config"sv,
  "compose images"sv,
  "compose ls"sv,
  "compose ps"sv,
  "compose pull"sv,
  "compose push"sv,
  "config inspect"sv,
  "config ls"sv,
  "container diff"sv,
  "container inspect"sv,
  "container logs"sv,
  "container ls"sv,
  "container port"sv,
  "container top"sv,
  "context inspect"sv,
  "context ls"sv,
  "image history"sv,
  "image inspect"sv,
  "image ls"sv,
  "image pull"sv,
  "image push"sv,
  "inspect"sv,
  "network inspect"sv,
  "network ls"sv,
  "node inspect"sv,
  "node ls"sv,
  "plugin inspect"sv,
  "plugin ls"sv,
  "search"sv,
  "secret inspect"sv,
  "secret ls"sv,
  "service inspect"sv,
  "service ls"sv,
  "service ps"sv,
  "stack ls"sv,
  "stack ps"sv,
  "stack services"sv,
  "system df"sv,
  "system info"sv,
  "version"sv,
  "volume inspect"sv,
  "volume ls"sv,
};

static_assert(std::is_sorted(k_client_paths.begin(), k_client_paths.end()));
static_assert(std::is_sorted(k_streaming_paths.begin(), k_streaming_paths.end()));
static_assert(std::is_sorted(k_retryable_paths.begin(), k_retryable_paths.end()));

template<std::size_t N>
bool
contains(const std::array<std::string_view, N>& sorted, std::string_view path)
{
  return std::binary_search(sorted.begin(), sorted.end(), path);
}

bool
is_interactive(const ParsedCommand& parsed)
{
  const auto& path = parsed.path;
  if (path == "container attach" || path == "compose run" || path == "compose exec") {
    return !parsed.is_set("detach");
  }
  if (path == "container run" || path == "container exec" || path == "container create") {
    return !parsed.is_set("detach") && (parsed.is_set("tty") || parsed.is_set("interactive"));
  }
  if (path == "container start") {
    return parsed.is_set("attach") || parsed.is_set("interactive");
  }
  if (path == "model run") {
    return !parsed.is_set("detach") && parsed.positionals.size() <= 1; // no prompt: a chat
  }
  return false;
}

bool
is_streaming(const ParsedCommand& parsed)
{
  const auto& path = parsed.path;
  if (contains(k_streaming_paths, path)) {
    return true;
  }
  if (path == "container logs" || path == "compose logs" || path == "service logs" || path == "model logs"
      || path == "model requests") {
    return parsed.is_set("follow");
  }
  if (path == "container stats" || path == "compose stats") {
    return !parsed.is_set("no-stream");
  }
  if (path == "compose up") {
    return !parsed.is_set("detach");
  }
  return false;
}

} // namespace

std::string_view
class_name(CommandClass value)
{
  switch (value) {
  case CommandClass::client:
    return "client";
  case CommandClass::streaming:
    return "streaming";
  case CommandClass::interactive:
    return "interactive";
  case CommandClass::daemon:
    return "daemon";
  }
  util::bad_enum("CommandClass", static_cast<long long>(value));
}

std::optional<CommandClass>
class_from_name(std::string_view name)
{
  for (const auto value : k_command_classes) {
    if (class_name(value) == name) {
      return value;
    }
  }
  return std::nullopt;
}

CommandClass
classify(const ParsedCommand& parsed)
{
  if (!parsed.executes()) {
    return CommandClass::client;
  }
  if (parsed.kind == CommandKind::known) {
    if (contains(k_client_paths, parsed.path)
        || std::any_of(k_client_prefixes.begin(), k_client_prefixes.end(),
                       [&](std::string_view prefix) { return parsed.path.starts_with(prefix); })) {
      return CommandClass::client;
    }
    if (is_interactive(parsed)) {
      return CommandClass::interactive;
    }
    if (is_streaming(parsed)) {
      return CommandClass::streaming;
    }
  }
  return CommandClass::daemon;
}

bool
is_retryable(const ParsedCommand& parsed)
{
  if (parsed.kind != CommandKind::known || !parsed.executes()) {
    return false;
  }
  if ((parsed.path == "container logs" || parsed.path == "compose logs") && parsed.is_set("follow")) {
    return false; // output already shown would be shown again
  }
  return contains(k_retryable_paths, parsed.path);
}

} // namespace sd::grammar
