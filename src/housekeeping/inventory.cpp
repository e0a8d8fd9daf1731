#include "housekeeping/inventory.hpp"

#include "housekeeping/thresholds.hpp"

#include <nlohmann/json.hpp>

#include <charconv>
#include <cmath>
#include <ctime>
#include <stdexcept>

namespace sd::housekeeping {

namespace {

using nlohmann::json;

// `count` decimal digits at `at`: no sign, no space (std::from_chars would take a '-').
bool
digits(std::string_view text, std::size_t at, std::size_t count, int& value)
{
  if (at + count > text.size()) {
    return false;
  }
  value = 0;
  for (const char c : text.substr(at, count)) {
    if (c < '0' || c > '9') {
      return false;
    }
    value = value * 10 + (c - '0');
  }
  return true;
}

int
days_in_month(int year, int month)
{
  constexpr int k_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : k_days[month - 1];
}

// Days from 1970-01-01 to the civil date (Howard Hinnant's algorithm): timegm without the C
// library's range limits (docker's zero time is year 1).
std::int64_t
days_from_civil(std::int64_t y, unsigned m, unsigned d)
{
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

std::string
text_at(const json& object, const char* key)
{
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// A time that cannot be read counts as the far future: the object looks created (or finished)
// after the pass began, so it is kept, never taken for an ancient one.
constexpr double k_unknown_time = 253402300799.0; // 9999-12-31T23:59:59Z

// When a container last finished: 0 when it never ran (no time, or docker's zero time).
double
finished_at(const json& object, const char* key)
{
  const auto text = text_at(object, key);
  return text.empty() ? 0 : std::max(0.0, parse_rfc3339(text).value_or(k_unknown_time));
}

double
created_at(const json& object, const char* key)
{
  return parse_rfc3339(text_at(object, key)).value_or(k_unknown_time);
}

Labels
labels_at(const json& object, const char* key)
{
  Labels out;
  const auto it = object.find(key);
  if (it != object.end() && it->is_object()) {
    for (const auto& [name, value] : it->items()) {
      if (value.is_string()) {
        out.emplace(name, value.get<std::string>());
      }
    }
  }
  return out;
}

std::vector<std::string>
strings_at(const json& object, const char* key)
{
  std::vector<std::string> out;
  const auto it = object.find(key);
  if (it != object.end() && it->is_array()) {
    for (const auto& value : *it) {
      if (value.is_string()) {
        out.push_back(value.get<std::string>());
      }
    }
  }
  return out;
}

const json&
member(const json& object, const char* key)
{
  static const json k_null;
  const auto it = object.find(key);
  return it != object.end() ? *it : k_null;
}

json
parse_array(std::string_view text, const char* what)
{
  auto parsed = json::parse(text, nullptr, false);
  if (parsed.is_discarded() || !parsed.is_array()) {
    throw std::runtime_error(std::string("docker inspect of ") + what + " did not print a JSON array");
  }
  return parsed;
}

} // namespace

std::optional<double>
parse_rfc3339(std::string_view text)
{
  int year = 0;
  int month = 0;
  int day = 0;
  int hour = 0;
  int minute = 0;
  int second = 0;
  // Every field in its range, as Go's time.Parse checks them (no leap second: Go writes none).
  if (text.size() < 20 || !digits(text, 0, 4, year) || text[4] != '-' || !digits(text, 5, 2, month) || text[7] != '-'
      || !digits(text, 8, 2, day) || (text[10] != 'T' && text[10] != ' ') || !digits(text, 11, 2, hour)
      || text[13] != ':' || !digits(text, 14, 2, minute) || text[16] != ':' || !digits(text, 17, 2, second) || month < 1
      || month > 12 || day < 1 || day > days_in_month(year, month) || hour > 23 || minute > 59 || second > 59) {
    return std::nullopt;
  }
  std::size_t at = 19;
  double fraction = 0;
  if (at < text.size() && text[at] == '.') {
    const auto first_digit = ++at;
    double scale = 0.1;
    for (; at < text.size() && text[at] >= '0' && text[at] <= '9'; ++at) {
      fraction += (text[at] - '0') * scale;
      scale /= 10;
    }
    if (at == first_digit) {
      return std::nullopt;
    }
  }
  int offset = 0;
  if (at < text.size() && text[at] == 'Z') {
    ++at;
  } else if (at + 6 <= text.size() && (text[at] == '+' || text[at] == '-') && text[at + 3] == ':') {
    int oh = 0;
    int om = 0;
    if (!digits(text, at + 1, 2, oh) || !digits(text, at + 4, 2, om) || oh > 23 || om > 59) {
      return std::nullopt;
    }
    offset = (text[at] == '+' ? 1 : -1) * (oh * 3600 + om * 60);
    at += 6;
  } else {
    return std::nullopt;
  }
  if (at != text.size()) {
    return std::nullopt;
  }
  const auto days = days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  return static_cast<double>(days * 86400 + hour * 3600 + minute * 60 + second - offset) + fraction;
}

const std::string*
label(const Labels& labels, std::string_view key)
{
  const auto it = labels.find(key);
  return it != labels.end() ? &it->second : nullptr;
}

std::vector<ContainerInfo>
parse_containers(std::string_view text)
{
  std::vector<ContainerInfo> out;
  for (const auto& item : parse_array(text, "containers")) {
    ContainerInfo c;
    c.id = text_at(item, "Id");
    c.name = text_at(item, "Name");
    if (!c.name.empty() && c.name.front() == '/') {
      c.name.erase(0, 1);
    }
    c.image_id = text_at(item, "Image");
    c.created = created_at(item, "Created");
    const auto& state = member(item, "State");
    if (state.is_object()) {
      c.state = text_at(state, "Status");
      c.finished = finished_at(state, "FinishedAt");
    }
    const auto& config = member(item, "Config");
    if (config.is_object()) {
      c.image = text_at(config, "Image");
      c.labels = labels_at(config, "Labels");
    }
    const auto& settings = member(item, "NetworkSettings");
    if (settings.is_object()) {
      const auto& networks = member(settings, "Networks");
      if (networks.is_object()) {
        for (const auto& [name, network] : networks.items()) {
          const auto id = network.is_object() ? text_at(network, "NetworkID") : std::string();
          c.networks.push_back(id.empty() ? name : id);
        }
      }
    }
    const auto& mounts = member(item, "Mounts");
    if (mounts.is_array()) {
      for (const auto& mount : mounts) {
        if (mount.is_object() && text_at(mount, "Type") == "volume") {
          c.volumes.push_back(text_at(mount, "Name"));
        }
      }
    }
    if (const auto& size = member(item, "SizeRw"); size.is_number_integer()) {
      c.size_rw = size.get<std::int64_t>();
    }
    if (!c.id.empty()) {
      out.push_back(std::move(c));
    }
  }
  return out;
}

std::vector<ImageInfo>
parse_images(std::string_view text)
{
  std::vector<ImageInfo> out;
  for (const auto& item : parse_array(text, "images")) {
    ImageInfo image;
    image.id = text_at(item, "Id");
    image.tags = strings_at(item, "RepoTags");
    image.digests = strings_at(item, "RepoDigests");
    image.created = created_at(item, "Created");
    if (const auto& size = member(item, "Size"); size.is_number_integer()) {
      image.size = size.get<std::int64_t>();
    }
    if (const auto& config = member(item, "Config"); config.is_object()) {
      image.labels = labels_at(config, "Labels");
    }
    if (!image.id.empty()) {
      out.push_back(std::move(image));
    }
  }
  return out;
}

std::vector<NetworkInfo>
parse_networks(std::string_view text)
{
  std::vector<NetworkInfo> out;
  for (const auto& item : parse_array(text, "networks")) {
    NetworkInfo network{text_at(item, "Id"), text_at(item, "Name"), created_at(item, "Created"),
                        labels_at(item, "Labels")};
    if (!network.id.empty()) {
      out.push_back(std::move(network));
    }
  }
  return out;
}

std::vector<VolumeInfo>
parse_volumes(std::string_view text)
{
  std::vector<VolumeInfo> out;
  for (const auto& item : parse_array(text, "volumes")) {
    VolumeInfo volume{text_at(item, "Name"), created_at(item, "CreatedAt"), labels_at(item, "Labels")};
    if (!volume.name.empty()) {
      out.push_back(std::move(volume));
    }
  }
  return out;
}

std::optional<std::int64_t>
parse_build_cache_bytes(std::string_view lines)
{
  return parse_system_df(lines).build_cache_bytes;
}

} // namespace sd::housekeeping
