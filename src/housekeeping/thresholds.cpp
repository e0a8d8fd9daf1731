#include "housekeeping/thresholds.hpp"

#include <nlohmann/json.hpp>

#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace sd::housekeeping {

namespace {

std::string
format_percent(double value)
{
  char text[32];
  std::snprintf(text, sizeof text, "%.1f%%", value);
  return text;
}

void
compare(std::vector<std::string>& out, std::string_view what, std::optional<std::int64_t> value, std::int64_t limit,
        bool bytes)
{
  if (limit > 0 && value && *value > limit) {
    out.push_back(std::string(what) + " " + (bytes ? format_bytes(*value) : std::to_string(*value)) + " > "
                  + (bytes ? format_bytes(limit) : std::to_string(limit)));
  }
}

} // namespace

ThresholdVerdict
check_thresholds(const Thresholds& limits, const Measurements& measured)
{
  ThresholdVerdict verdict;
  if (limits.max_disk_percent > 0 && measured.disk_percent
      && *measured.disk_percent > static_cast<double>(limits.max_disk_percent)) {
    verdict.exceeded.push_back("disk " + format_percent(*measured.disk_percent) + " > "
                               + std::to_string(limits.max_disk_percent) + "%");
  }
  compare(verdict.exceeded, "stopped containers", measured.stopped_containers, limits.max_stopped_containers, false);
  compare(verdict.exceeded, "images", measured.image_bytes, limits.max_image_bytes, true);
  compare(verdict.exceeded, "build cache", measured.build_cache_bytes, limits.max_build_cache_bytes, true);
  return verdict;
}

std::optional<DockerInfo>
parse_docker_info(std::string_view json)
{
  const auto parsed = nlohmann::json::parse(json, nullptr, false);
  if (!parsed.is_object()) {
    return std::nullopt;
  }
  DockerInfo info;
  if (const auto it = parsed.find("DockerRootDir"); it != parsed.end() && it->is_string()) {
    info.root_dir = it->get<std::string>();
  }
  if (const auto it = parsed.find("ContainersStopped"); it != parsed.end() && it->is_number_integer()) {
    info.stopped_containers = it->get<std::int64_t>();
  }
  if (const auto it = parsed.find("OperatingSystem"); it != parsed.end() && it->is_string()) {
    info.in_desktop_vm = it->get<std::string>().starts_with("Docker Desktop");
  }
  return info;
}

DiskUsage
parse_system_df(std::string_view lines)
{
  DiskUsage usage;
  std::size_t start = 0;
  while (start < lines.size()) {
    auto end = lines.find('\n', start);
    end = end == std::string_view::npos ? lines.size() : end;
    const auto line = nlohmann::json::parse(lines.substr(start, end - start), nullptr, false);
    start = end + 1;
    if (!line.is_object() || !line.contains("Type") || !line["Type"].is_string() || !line.contains("Size")
        || !line["Size"].is_string()) {
      continue;
    }
    const auto type = line["Type"].get<std::string>();
    const auto size = parse_docker_size(line["Size"].get<std::string>());
    if (type == "Images") {
      usage.image_bytes = size;
    } else if (type == "Build Cache") {
      usage.build_cache_bytes = size;
    }
  }
  return usage;
}

std::optional<std::int64_t>
parse_docker_size(std::string_view text)
{
  static constexpr std::array<std::string_view, 7> k_units = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};
  const std::string copy(text);
  char* end = nullptr;
  const double number = std::strtod(copy.c_str(), &end);
  if (end == copy.c_str() || number < 0 || !std::isfinite(number)) {
    return std::nullopt;
  }
  std::string_view unit(end);
  if (unit == "KB") {
    unit = "kB"; // as some of docker's tools print it
  }
  double scale = 1;
  for (const auto candidate : k_units) {
    if (unit == candidate) {
      const double bytes = std::round(number * scale);
      return bytes < 9.2e18 ? std::optional<std::int64_t>(static_cast<std::int64_t>(bytes)) : std::nullopt;
    }
    scale *= 1000;
  }
  return std::nullopt;
}

std::string
format_bytes(std::int64_t bytes)
{
  static constexpr std::array<const char*, 7> k_units = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};
  auto value = static_cast<double>(bytes);
  std::size_t unit = 0;
  while (value >= 1000 && unit + 1 < k_units.size()) {
    value /= 1000;
    ++unit;
  }
  char text[32];
  if (unit == 0) {
    std::snprintf(text, sizeof text, "%lld B", static_cast<long long>(bytes));
  } else {
    std::snprintf(text, sizeof text, "%.1f %s", value, k_units[unit]);
  }
  return text;
}

} // namespace sd::housekeeping
