#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// Thresholds that start a cleanup outside the schedule: disk use of the engine's data root,
// stopped containers, image bytes, build-cache bytes. Measuring (docker info, docker system df,
// statvfs) is the caller's job; what is here is pure: docker's output in, a decision out.

namespace sd::housekeeping {

/// The limits; 0 turns one off (cleanup.max_*).
struct Thresholds
{
  std::int64_t max_disk_percent = 85;
  std::int64_t max_stopped_containers = 50;
  std::int64_t max_image_bytes = 0;
  std::int64_t max_build_cache_bytes = 0;

  /// Whether `docker info` is needed (disk use needs the data root; stopped containers).
  bool needs_info() const { return max_disk_percent > 0 || max_stopped_containers > 0; }
  /// Whether `docker system df` is needed.
  bool needs_disk_usage() const { return max_image_bytes > 0 || max_build_cache_bytes > 0; }
  /// Whether any threshold is on.
  bool any() const { return needs_info() || needs_disk_usage(); }
};

/// What was measured; a value not measured (a remote engine's disk, a failed call) is nullopt
/// and never exceeds anything.
struct Measurements
{
  std::optional<double> disk_percent;
  std::optional<std::int64_t> stopped_containers;
  std::optional<std::int64_t> image_bytes;
  std::optional<std::int64_t> build_cache_bytes;
};

/// The thresholds exceeded, each as "disk 91.2% > 85%".
struct ThresholdVerdict
{
  std::vector<std::string> exceeded;
  bool above() const { return !exceeded.empty(); }
};

/// Compares: a value strictly above its limit (and the limit on) is exceeded.
ThresholdVerdict check_thresholds(const Thresholds& limits, const Measurements& measured);

/// The part of `docker info --format '{{json .}}'` the thresholds use.
struct DockerInfo
{
  std::string root_dir;                           ///< DockerRootDir
  std::optional<std::int64_t> stopped_containers; ///< ContainersStopped
  /// Docker Desktop's engine (OperatingSystem "Docker Desktop"): it runs in a virtual machine,
  /// so its data root is not a file system of this machine, even through a local socket.
  bool in_desktop_vm = false;
};

/// Parses docker info's JSON; nullopt when it is not a JSON object.
std::optional<DockerInfo> parse_docker_info(std::string_view json);

/// The part of `docker system df --format '{{json .}}'` the thresholds use: one JSON object per
/// line, {"Type":"Images","Size":"1.23GB",…}, {"Type":"Build Cache",…}. Lines that do not parse
/// are skipped.
struct DiskUsage
{
  std::optional<std::int64_t> image_bytes;
  std::optional<std::int64_t> build_cache_bytes;
};
DiskUsage parse_system_df(std::string_view lines);

/// Parses a size as docker prints it (go-units HumanSize, powers of 1000: "0B", "512kB",
/// "1.23GB", "2.5e+03MB"); nullopt otherwise.
std::optional<std::int64_t> parse_docker_size(std::string_view text);

/// "1.2 GB" for a byte count (powers of 1000, like docker).
std::string format_bytes(std::int64_t bytes);

} // namespace sd::housekeeping
