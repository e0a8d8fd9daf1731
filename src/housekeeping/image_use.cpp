#include "housekeeping/image_use.hpp"

#include "grammar/parser.hpp"

#include <nlohmann/json.hpp>

#include <fstream>

namespace sd::housekeeping {

namespace {

std::string
with_latest(std::string_view reference)
{
  const auto slash = reference.rfind('/');
  const auto colon = reference.rfind(':');
  const bool tagged = colon != std::string_view::npos && (slash == std::string_view::npos || colon > slash);
  return tagged || reference.find('@') != std::string_view::npos ? std::string(reference)
                                                                 : std::string(reference) + ":latest";
}

void
note(ImageUses& uses, const std::string& reference, double when)
{
  auto [it, inserted] = uses.emplace(reference, when);
  if (!inserted && it->second < when) {
    it->second = when;
  }
}

} // namespace

void
add_image_use(std::string_view line, ImageUses& uses)
{
  // Most lines are other commands: skip them before parsing any JSON.
  if (line.find("\"container run\"") == std::string_view::npos
      && line.find("\"container create\"") == std::string_view::npos) {
    return;
  }
  const auto record = nlohmann::json::parse(line, nullptr, false);
  if (!record.is_object() || record.value("event", "") != "invocation" || !record.contains("argv")
      || !record["argv"].is_array() || !record.contains("exit") || !record["exit"].is_number_integer()
      || record["exit"].get<int>() != 0) {
    return;
  }
  const auto when = parse_rfc3339(record.value("time", ""));
  if (!when) {
    return;
  }
  std::vector<std::string> argv;
  for (const auto& word : record["argv"]) {
    if (!word.is_string()) {
      return;
    }
    argv.push_back(word.get<std::string>());
  }
  if (argv.size() < 2) {
    return;
  }
  const std::vector<std::string_view> args(argv.begin() + 1, argv.end());
  const auto parsed = grammar::parse(args, grammar::Face::docker);
  if ((parsed.path != "container run" && parsed.path != "container create") || parsed.positionals.empty()) {
    return;
  }
  note(uses, std::string(parsed.args[parsed.positionals.front()]), *when);
}

ImageUses
read_image_uses(const std::vector<std::string>& files)
{
  ImageUses uses;
  for (const auto& file : files) {
    std::ifstream in(file);
    std::string line;
    while (std::getline(in, line)) {
      add_image_use(line, uses);
    }
  }
  return uses;
}

ImageLastUse
last_use_by_image(const ImageUses& uses, const std::vector<ImageInfo>& images)
{
  ImageLastUse out;
  for (const auto& image : images) {
    const std::string_view hex = std::string_view(image.id).starts_with("sha256:")
                                   ? std::string_view(image.id).substr(7)
                                   : std::string_view(image.id);
    double last = 0;
    for (const auto& [reference, when] : uses) {
      std::string_view ref = reference;
      if (ref.starts_with("sha256:")) {
        ref.remove_prefix(7);
      }
      bool match = ref.size() >= 12 && hex.starts_with(ref);
      for (const auto& tag : image.tags) {
        match = match || with_latest(reference) == tag;
      }
      for (const auto& digest : image.digests) {
        match = match || reference == digest;
      }
      if (match && when > last) {
        last = when;
      }
    }
    if (last > 0) {
      out.emplace(image.id, last);
    }
  }
  return out;
}

} // namespace sd::housekeeping
