#include "admission/rate_limit.hpp"

#include "admission/error.hpp"

#include <cerrno>
#include <charconv>
#include <cstring>
#include <string>

namespace sd::admission {

namespace {

constexpr std::string_view k_rate_file = "rate";

// The record is "safedocker-rate v1 MS".
constexpr std::string_view k_rate_header = "safedocker-rate v1 ";

std::optional<std::int64_t>
parse_reservation(std::string_view record)
{
  if (!record.starts_with(k_rate_header)) {
    return std::nullopt;
  }
  record.remove_prefix(k_rate_header.size());
  std::int64_t ms = 0;
  const auto [end, error] = std::from_chars(record.data(), record.data() + record.size(), ms);
  if (error != std::errc() || end != record.data() + record.size()) {
    return std::nullopt;
  }
  return ms;
}

} // namespace

std::chrono::milliseconds
wait_turn(const StateDir& dir, std::chrono::milliseconds interval, Clock& clock)
{
  const auto wait = reserve_turn(dir, interval, clock);
  clock.sleep_for(wait);
  return wait;
}

std::chrono::milliseconds
reserve_turn(const StateDir& dir, std::chrono::milliseconds interval, const Clock& clock)
{
  using std::chrono::milliseconds;
  if (interval.count() <= 0) {
    return milliseconds(0);
  }
  std::int64_t wait_ms = 0;
  {
    const UniqueFd fd = dir.open_file(k_rate_file, OpenFor::updating);
    dir.lock(fd, k_rate_file, util::FileLock::exclusive);
    const std::int64_t now = to_epoch_ms(clock.now());
    std::int64_t start = now;
    const auto content = read_small_file(fd.get());
    if (const auto last = content ? parse_reservation(record_text(*content)) : std::nullopt) {
      const std::int64_t next = *last + interval.count();
      if (next > now && *last <= now + milliseconds(k_rate_max_backlog).count()) {
        start = next;
      }
    }
    if (!write_record(fd.get(), std::string(k_rate_header) + std::to_string(start))) {
      throw AdmissionError("cannot write " + dir.file_path(k_rate_file) + ": " + std::strerror(errno));
    }
    wait_ms = start - now;
  } // unlocked before the caller sleeps
  return milliseconds(wait_ms);
}

} // namespace sd::admission
