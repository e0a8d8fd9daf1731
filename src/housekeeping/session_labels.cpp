#include "housekeeping/session_labels.hpp"

#include "housekeeping/inventory.hpp"

#include <chrono>
#include <cstdlib>

namespace sd::housekeeping {

std::string
current_session()
{
  const char* value = std::getenv("SAFEDOCKER_SESSION");
  return value != nullptr ? std::string(value) : std::string();
}

bool
creates_labelled_object(const grammar::ParsedCommand& parsed)
{
  return parsed.kind == grammar::CommandKind::known
         && (parsed.path == "container run" || parsed.path == "container create" || parsed.path == "network create"
             || parsed.path == "volume create");
}

std::optional<std::vector<std::string>>
session_labelled_args(const grammar::ParsedCommand& parsed, std::string_view session, std::int64_t now_unix_seconds)
{
  if (session.empty() || !creates_labelled_object(parsed) || !parsed.executes() || parsed.words.empty()
      || !parsed.errors.empty()) {
    return std::nullopt;
  }
  // Right after the last command word: docker's global flags are all before it, and the
  // image, `--` and the container's command all after it.
  const auto at = parsed.words.back() + 1;
  std::vector<std::string> out(parsed.args.begin(), parsed.args.begin() + static_cast<std::ptrdiff_t>(at));
  out.emplace_back("--label");
  out.push_back(std::string(k_session_label) + "=" + std::string(session));
  out.emplace_back("--label");
  out.push_back(std::string(k_created_label) + "=" + std::to_string(now_unix_seconds));
  out.insert(out.end(), parsed.args.begin() + static_cast<std::ptrdiff_t>(at), parsed.args.end());
  return out;
}

std::optional<grammar::ParsedCommand>
label_for_current_session(const grammar::ParsedCommand& parsed, grammar::Face face, LabelledArgv& storage)
{
  const auto session = current_session();
  if (session.empty()) {
    return std::nullopt;
  }
  const auto now =
    std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch());
  auto words = session_labelled_args(parsed, session, now.count());
  if (!words) {
    return std::nullopt;
  }
  storage.words = std::move(*words);
  storage.views.assign(storage.words.begin(), storage.words.end());
  return grammar::parse(storage.views, face);
}

} // namespace sd::housekeeping
