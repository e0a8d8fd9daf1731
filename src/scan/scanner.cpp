#include "scan/scanner.hpp"

#include "util/file_reading.hpp"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <iterator>
#include <thread>

namespace sd::scan {

namespace {

// Reads up to `limit` bytes of an open file from its start into `buffer`.
void
read_into(int fd, std::size_t limit, std::string& buffer)
{
  buffer.resize(limit);
  buffer.resize(util::read_at(fd, 0, buffer.data(), limit));
}

} // namespace

bool
looks_binary(std::string_view text)
{
  return text.substr(0, k_binary_probe_bytes).find('\0') != std::string_view::npos;
}

Scanner::Scanner(const policy::RuleSet& rules, Warnings warnings)
  : m_rules(rules),
    m_warnings(warnings)
{}

void
Scanner::scan_file(const std::string& path)
{
  auto kind = kind_from_name(path);
  const auto file = util::open_readable(path);
  if (!file) {
    if (errno != 0) {
      m_result.notes.push_back(path + ": cannot open: " + std::strerror(errno));
    }
    return; // or not a regular file
  }
  const struct Closer
  {
    int fd;
    ~Closer() { util::close_file(fd); }
    int get() const { return fd; }
  } fd{file->fd};
  if (file->size > k_max_file_bytes) {
    return;
  }
  if (kind == FileKind::none) {
    // Only a `#!` line can say what a file without a known name is.
    read_into(fd.get(), 128, m_buffer);
    kind = kind_from_shebang(m_buffer);
  }
  if (kind != FileKind::none) {
    read_into(fd.get(), static_cast<std::size_t>(file->size), m_buffer);
    if (m_buffer.size() < file->size) {
      m_result.notes.push_back(path + ": cannot read: it ended early (shortened or unreadable while read)");
      return;
    }
  }
  if (kind == FileKind::none || looks_binary(m_buffer)) {
    return;
  }
  ++m_result.files_scanned;
  m_result.bytes_scanned += m_buffer.size();
  auto findings = check_text(path, m_buffer, kind, m_rules, m_warnings, &m_cache);
  m_result.findings.insert(m_result.findings.end(), std::make_move_iterator(findings.begin()),
                           std::make_move_iterator(findings.end()));
}

void
Scanner::scan_text(const std::string& path, std::string_view text)
{
  auto kind = kind_from_name(path);
  if (kind == FileKind::none) {
    kind = kind_from_shebang(text.substr(0, 128));
  }
  if (kind == FileKind::none || text.size() > k_max_file_bytes || looks_binary(text)) {
    return;
  }
  ++m_result.files_scanned;
  m_result.bytes_scanned += text.size();
  auto findings = check_text(path, text, kind, m_rules, m_warnings, &m_cache);
  m_result.findings.insert(m_result.findings.end(), std::make_move_iterator(findings.begin()),
                           std::make_move_iterator(findings.end()));
}

ScanResult
scan_files(const std::vector<std::string>& files, const policy::RuleSet& rules, Warnings warnings, unsigned threads)
{
  // Small scans are not worth a thread.
  threads = std::max(1U, std::min(threads, static_cast<unsigned>(files.size() / 16)));
  if (threads == 1) {
    Scanner scanner(rules, warnings);
    for (const auto& file : files) {
      scanner.scan_file(file);
    }
    return std::move(scanner.result());
  }
  // Each file's outcome goes to its own slot, so the merged result keeps the files' order.
  struct Outcome
  {
    std::vector<Finding> findings;
    std::vector<std::string> notes;
  };
  std::vector<Outcome> outcomes(files.size());
  std::vector<Scanner> scanners;
  scanners.reserve(threads);
  for (unsigned t = 0; t < threads; ++t) {
    scanners.emplace_back(rules, warnings);
  }
  std::atomic<std::size_t> next{0};
  const auto work = [&](Scanner& scanner) {
    for (std::size_t i = next++; i < files.size(); i = next++) {
      scanner.scan_file(files[i]);
      auto& result = scanner.result();
      outcomes[i].findings = std::move(result.findings);
      outcomes[i].notes = std::move(result.notes);
      result.findings.clear();
      result.notes.clear();
    }
  };
  std::vector<std::thread> workers;
  for (unsigned t = 1; t < threads; ++t) {
    workers.emplace_back(work, std::ref(scanners[t]));
  }
  work(scanners[0]);
  for (auto& worker : workers) {
    worker.join();
  }
  ScanResult merged;
  for (auto& scanner : scanners) {
    merged.files_scanned += scanner.result().files_scanned;
    merged.bytes_scanned += scanner.result().bytes_scanned;
  }
  for (auto& outcome : outcomes) {
    std::move(outcome.findings.begin(), outcome.findings.end(), std::back_inserter(merged.findings));
    std::move(outcome.notes.begin(), outcome.notes.end(), std::back_inserter(merged.notes));
  }
  return merged;
}

} // namespace sd::scan
