#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// What the engine holds, as plain data: the input of the cleanup plan. Parsed from the JSON of
// `docker inspect`, so a test can write the same data by hand.

namespace sd::housekeeping {

/// The labels safedocker reads and writes.
inline constexpr std::string_view k_session_label = "safedocker.session";
inline constexpr std::string_view k_created_label = "safedocker.created";
inline constexpr std::string_view k_keep_label = "safedocker.keep";

using Labels = std::map<std::string, std::string, std::less<>>;

struct ContainerInfo
{
  std::string id;
  std::string name;     ///< without docker's leading '/'
  std::string image_id; ///< "sha256:…"
  std::string image;    ///< as the container was created (Config.Image)
  std::string state;    ///< created, running, paused, restarting, removing, exited, dead
  double created = 0;   ///< unix seconds
  double finished = 0;  ///< unix seconds; 0 when it never ran
  Labels labels;
  std::vector<std::string> networks; ///< network ids (names when docker gives no id)
  std::vector<std::string> volumes;  ///< named volumes it mounts
  std::int64_t size_rw = 0;          ///< bytes of its writable layer (inspect --size), 0 when unknown
};

struct ImageInfo
{
  std::string id;                   ///< "sha256:…"
  std::vector<std::string> tags;    ///< RepoTags
  std::vector<std::string> digests; ///< RepoDigests
  double created = 0;
  std::int64_t size = 0;
  Labels labels;
  bool dangling() const { return tags.empty(); }
};

struct NetworkInfo
{
  std::string id;
  std::string name;
  double created = 0;
  Labels labels;
};

struct VolumeInfo
{
  std::string name;
  double created = 0;
  Labels labels;
};

/// Everything one pass looks at.
struct Inventory
{
  std::vector<ContainerInfo> containers;
  std::vector<ImageInfo> images;     ///< the candidates (dangling images)
  std::vector<NetworkInfo> networks; ///< the candidates (made in sessions)
  std::vector<VolumeInfo> volumes;   ///< the candidates (made in sessions)
  std::optional<std::int64_t> build_cache_bytes;
};

/// Unix seconds of an RFC 3339 time ("2026-11-28T06:00:00.123456789Z", "…+01:00"); nullopt
/// when it does not parse. docker's zero time (year 1) gives a negative number.
std::optional<double> parse_rfc3339(std::string_view text);

/// The label's value, or nullptr.
const std::string* label(const Labels& labels, std::string_view key);

/// Parse the JSON array `docker inspect` prints for containers, images, networks or volumes.
/// Throw std::runtime_error naming what is wrong when the text is not such an array.
std::vector<ContainerInfo> parse_containers(std::string_view json);
std::vector<ImageInfo> parse_images(std::string_view json);
std::vector<NetworkInfo> parse_networks(std::string_view json);
std::vector<VolumeInfo> parse_volumes(std::string_view json);

/// The build cache's size from `docker system df --format '{{json .}}'` (one object a line;
/// sizes as docker prints them, "1.2GB"); nullopt when there is no "Build Cache" line.
std::optional<std::int64_t> parse_build_cache_bytes(std::string_view lines);

} // namespace sd::housekeeping
