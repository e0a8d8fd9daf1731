#include "scan/suppression.hpp"

#include "scan/text_lines.hpp"

#include <algorithm>

namespace sd::scan {

namespace {

constexpr std::string_view k_marker = "safedocker:";

bool
comment_only(std::string_view line)
{
  return trim_left(line).starts_with('#');
}

} // namespace

std::vector<Suppression>
find_suppressions(std::string_view file, const LineIndex& lines)
{
  std::vector<Suppression> found;
  if (file.find(k_marker) == std::string_view::npos) {
    return found;
  }
  const auto all = split_lines(file);
  for (std::size_t i = 0; i < all.size(); ++i) {
    const std::string_view text = all[i].text;
    const auto marker = text.find(k_marker);
    if (marker == std::string_view::npos) {
      continue;
    }
    // `#`, then spaces, then the marker.
    auto hash = marker;
    while (hash > 0 && (text[hash - 1] == ' ' || text[hash - 1] == '\t')) {
      --hash;
    }
    if (hash == 0 || text[hash - 1] != '#') {
      continue;
    }
    --hash;
    auto rest = trim_left(text.substr(marker + k_marker.size()));
    if (!rest.starts_with("allow") || (rest.size() > 5 && rest[5] != ' ' && rest[5] != '\t')) {
      continue;
    }
    rest = rest.substr(5);
    Suppression suppression;
    const auto dashes = rest.find("--");
    const auto names = rest.substr(0, dashes);
    if (dashes != std::string_view::npos) {
      suppression.reason = std::string(trim(rest.substr(dashes + 2)));
    }
    for (std::size_t k = 0; k < names.size();) {
      const auto start = names.find_first_not_of(" \t,", k);
      if (start == std::string_view::npos) {
        break;
      }
      const auto end = names.find_first_of(" \t,", start);
      suppression.rules.emplace_back(names.substr(start, end == std::string_view::npos ? end : end - start));
      k = end == std::string_view::npos ? names.size() : end;
    }
    const auto where = lines.at(all[i].start + static_cast<Offset>(hash));
    suppression.line = where.line;
    suppression.column = where.column;
    suppression.covers = where.line;
    if (comment_only(text)) {
      std::size_t next = i + 1;
      while (next < all.size() && comment_only(all[next].text)) {
        ++next;
      }
      suppression.covers = static_cast<std::uint32_t>(next + 1);
    }
    found.push_back(std::move(suppression));
  }
  return found;
}

void
apply_suppressions(const std::vector<Suppression>& suppressions, const std::string& file,
                   std::vector<Finding>& findings)
{
  if (suppressions.empty()) {
    return;
  }
  std::erase_if(findings, [&](const Finding& finding) {
    return std::any_of(suppressions.begin(), suppressions.end(), [&](const Suppression& s) {
      return s.covers == finding.line && std::find(s.rules.begin(), s.rules.end(), finding.rule) != s.rules.end();
    });
  });
  for (const auto& s : suppressions) {
    if (!s.rules.empty() && !s.reason.empty()) {
      continue;
    }
    Finding finding;
    finding.file = file;
    finding.line = s.line;
    finding.column = s.column;
    if (s.rules.empty()) {
      finding.rule = k_rule_no_rule;
      finding.message = "a suppression must name the rules it allows";
      finding.alternative = "# safedocker: allow RULE -- REASON";
      finding.why = "A suppression comment names the rules it allows, so that other findings on the line still show.";
    } else {
      std::string names;
      for (const auto& rule : s.rules) {
        names += (names.empty() ? "" : ",") + rule;
      }
      finding.rule = k_rule_no_reason;
      finding.message = "the suppression of " + names + " gives no reason";
      finding.alternative = "# safedocker: allow " + names + " -- REASON";
      finding.why = "A suppression comment says why the blocked call is acceptable here, after `--`.";
    }
    findings.push_back(std::move(finding));
  }
}

} // namespace sd::scan
