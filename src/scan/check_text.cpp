#include "scan/check_text.hpp"

#include "grammar/parser.hpp"
#include "policy/alternative.hpp"
#include "policy/decide.hpp"
#include "scan/suppression.hpp"
#include "util/byte_search.hpp"
#include "util/shell_words.hpp"

#include <algorithm>
#include <cstring>
#include <functional>
#include <optional>
#include <set>

namespace sd::scan {

namespace {

bool
contains(std::string_view text, std::string_view needle)
{
  return util::contains_bytes(text, needle);
}

// Long command lines are cut in messages; the JSON's argv keeps them whole.
constexpr std::size_t k_message_width = 100;

// Words joined for display: quoted where the shell needs it, except words that hold an
// expansion, which are shown as written (`$(docker ps -q)`, not '$(docker ps -q)').
std::string
shown(const std::vector<std::string>& words, const std::set<std::string>& as_written)
{
  std::string text;
  for (const auto& word : words) {
    text += (text.empty() ? "" : " ") + (as_written.contains(word) ? word : util::quote_shell_word(word));
  }
  return text;
}

std::string
cut(std::string text)
{
  if (text.size() > k_message_width) {
    text.resize(k_message_width - 3);
    while (!text.empty() && (static_cast<unsigned char>(text.back()) & 0xC0U) == 0x80U) {
      text.pop_back(); // not inside a UTF-8 character
    }
    if (!text.empty() && static_cast<unsigned char>(text.back()) >= 0xC0U) {
      text.pop_back();
    }
    text += "...";
  }
  return text;
}

// The words the grammar is given: an option word holding an expansion (`-${flags}`,
// `-f$extra`, f"-{opt}") is cut to its literal part before the expansion, whose letters are
// certain; nothing is made up of the rest. A word left as a bare `-` or `--` is dropped.
std::vector<std::string_view>
grammar_words(const CallView& call)
{
  std::vector<std::string_view> args;
  args.reserve(call.words.size());
  for (std::size_t k = 1; k < call.words.size(); ++k) {
    std::string_view word = call.words[k].text;
    if (call.words[k].expansion != Expansion::none && word.starts_with('-')) {
      word = word.substr(0, word.find_first_of("$`{"));
      if (word == "-" || word == "--") {
        continue;
      }
    }
    args.push_back(word);
  }
  return args;
}

std::optional<Finding>
check_call(const CallView& view, const policy::RuleSet& rules, Warnings warnings, policy::Attendance attendance)
{
  const auto args = grammar_words(view);
  const auto parsed = grammar::parse(args, view.face);
  const auto decision = policy::decide(rules, parsed);
  const bool forbidden = decision.action == policy::Action::block || decision.action == policy::Action::rewrite;
  const bool warned = decision.action == policy::Action::warn && warnings == Warnings::yes;
  if ((!forbidden && !warned) || decision.rule == nullptr) {
    return std::nullopt;
  }
  const auto call = Invocation::copy_of(view); // a finding keeps its argv
  std::set<std::string> as_written;
  for (std::size_t k = 0; k < call.argv.size() && k < call.expanded.size(); ++k) {
    if (call.expanded[k]) {
      as_written.insert(call.argv[k]);
    }
  }
  Finding finding;
  finding.rule = decision.rule->id;
  finding.level = forbidden ? Level::error : Level::warning;
  finding.command = parsed.path;
  finding.argv = call.argv;
  finding.why = decision.rule->why;
  if (decision.token) {
    finding.token = std::string(parsed.args[*decision.token]);
  }
  finding.message = "`" + cut(shown(call.argv, as_written)) + "`"
                    + (finding.token.empty() ? "" : " uses " + finding.token) + ": "
                    + (decision.rule->why.empty() ? "the rules forbid it" : decision.rule->why);
  const auto steps = policy::fill_alternative(decision, parsed, call.argv.front(), attendance);
  if (as_written.empty()) {
    finding.alternative = policy::format_steps(steps);
  } else {
    // format_steps would quote `$(…)` into a literal; keep expansions as they were written.
    for (const auto& step : steps) {
      finding.alternative += (finding.alternative.empty() ? "" : " && ") + shown(step, as_written);
    }
  }
  return finding;
}

// The cache key, written into `key`: the face, then each word and whether it holds an expansion.
void
write_cache_key(const CallView& call, policy::Attendance attendance, std::string& key)
{
  key.clear();
  key += call.face == grammar::Face::docker ? 'd' : 'c';
  key += attendance == policy::Attendance::terminal ? 't' : 'u';
  for (const auto& word : call.words) {
    key += word.text;
    key += word.expansion != Expansion::none ? '\1' : '\0';
  }
}

// The outcome for `call`: from `cache` when a call with the same words was decided before.
// `key` is a buffer reused from call to call.
std::optional<Finding>
decide_call(const CallView& call, const policy::RuleSet& rules, Warnings warnings, policy::Attendance attendance,
            DecisionCache* cache, std::string& key)
{
  if (cache == nullptr) {
    return check_call(call, rules, warnings, attendance);
  }
  write_cache_key(call, attendance, key);
  if (const auto* known = cache->find(key)) {
    return *known;
  }
  auto finding = check_call(call, rules, warnings, attendance);
  cache->remember(key, finding);
  return finding;
}

} // namespace

const std::optional<Finding>*
DecisionCache::find(std::string_view key) const
{
  if (m_slots.empty()) {
    return nullptr;
  }
  const auto& slot = m_slots[slot_of(std::hash<std::string_view>{}(key))];
  if (slot.entry == 0 || m_keys[slot.entry - 1] != key) {
    return nullptr;
  }
  return &m_findings[slot.entry - 1];
}

void
DecisionCache::remember(std::string_view key, std::optional<Finding> finding)
{
  if (m_keys.size() >= k_max_entries) {
    return;
  }
  if (2 * (m_keys.size() + 1) > m_slots.size()) {
    grow();
  }
  const auto hash = std::hash<std::string_view>{}(key);
  auto& slot = m_slots[slot_of(hash)];
  if (slot.entry != 0) {
    return; // another key with the same hash: this one is decided every time
  }
  m_keys.emplace_back(key);
  m_findings.push_back(std::move(finding));
  slot = {hash, static_cast<std::uint32_t>(m_keys.size())};
}

std::size_t
DecisionCache::slot_of(std::size_t hash) const
{
  // Never endless: at least half the slots are empty.
  const std::size_t mask = m_slots.size() - 1;
  std::size_t at = hash & mask;
  while (m_slots[at].entry != 0 && m_slots[at].hash != hash) {
    at = (at + 1) & mask;
  }
  return at;
}

void
DecisionCache::grow()
{
  constexpr std::size_t k_first_slots = 1024;
  const auto old = std::move(m_slots);
  m_slots.assign(std::max(k_first_slots, 2 * old.size()), Slot{});
  for (const auto& slot : old) {
    if (slot.entry != 0) {
      m_slots[slot_of(slot.hash)] = slot;
    }
  }
}

std::vector<Finding>
check_text(const std::string& file, std::string_view text, FileKind kind, const policy::RuleSet& rules,
           Warnings warnings, DecisionCache* cache)
{
  std::vector<Finding> findings;
  // Every docker call, and every suppression comment, has "docker" in it.
  if (!contains(text, "docker")) {
    return findings;
  }
  std::optional<LineIndex> lines;
  std::string key;
  // A file runs unattended (CI, a Dockerfile, a script, a recipe, a program) except the commands
  // of a Markdown page, which someone types at a terminal.
  const auto attendance = kind == FileKind::markdown ? policy::Attendance::terminal : policy::Attendance::unattended;
  extract(kind, text, [&](const CallView& call) {
    auto finding = decide_call(call, rules, warnings, attendance, cache, key);
    if (!finding) {
      return;
    }
    if (!lines) {
      lines.emplace(text);
    }
    const auto where = lines->at(call.origin);
    finding->file = file;
    finding->line = where.line;
    finding->column = where.column;
    findings.push_back(std::move(*finding));
  });
  if (contains(text, "safedocker:")) {
    if (!lines) {
      lines.emplace(text);
    }
    apply_suppressions(find_suppressions(text, *lines), file, findings);
  }
  std::sort(findings.begin(), findings.end(), [](const Finding& a, const Finding& b) {
    return std::tie(a.line, a.column, a.rule) < std::tie(b.line, b.column, b.rule);
  });
  findings.erase(std::unique(findings.begin(), findings.end(),
                             [](const Finding& a, const Finding& b) {
                               return a.line == b.line && a.column == b.column && a.rule == b.rule;
                             }),
                 findings.end());
  return findings;
}

} // namespace sd::scan
