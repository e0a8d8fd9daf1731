// Writes the manual's generated sections (AsciiDoc, included by docs/manual.adoc) from the
// tables the program itself uses, so that a setting's or an outcome's text exists once:
//   settings.adoc  every key of the key table (src/config/settings.cpp), grouped by section
//   outcomes.adoc  the outcome table (src/record/outcome.cpp)
// Usage: manual_tables DIR

#include "config/setting_checks.hpp"
#include "config/settings.hpp"
#include "record/outcome.hpp"

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

namespace {

using sd::config::WhenLocked;

// Text from the tables as AsciiDoc shows it, whatever it holds: special characters only, no
// quotes, attributes or macros ("{docker}", "*", "~" stay literal). The man page backend escapes
// for roff after that.
std::string
plain(std::string_view text)
{
  std::string out = "pass:c[";
  for (const char c : text) {
    if (c == ']') {
      out += '\\';
    }
    out += c;
  }
  return out + "]";
}

// A value in monospace, literally.
std::string
literal(std::string_view text)
{
  return text.empty() ? std::string("empty") : "`" + plain(text) + "`";
}

std::string
settings_adoc()
{
  std::ostringstream out;
  out << "// Generated from src/config/settings.cpp by docs/manual_tables.cpp: edit the key table, not this.\n";
  std::string_view section;
  for (const auto& spec : sd::config::setting_specs()) {
    const auto dot = spec.key.find('.');
    if (spec.key.substr(0, dot) != section) {
      section = spec.key.substr(0, dot);
      out << "\n=== [" << section << "]\n\n";
    }
    out << "[[" << spec.key << "]]*" << spec.key << "*";
    if (!spec.env.empty()) {
      out << " (*" << spec.env << "*)";
    }
    out << "::\n";
    out << plain(spec.doc) << " +\n";
    out << "Allowed: " << plain(sd::config::allowed_values(spec.check)) << ". Default: " << literal(spec.default_value)
        << ".";
    if (!spec.env.empty()) {
      out << (spec.env_when_locked == WhenLocked::honoured ? " The variable counts on a locked host too."
                                                           : " The variable is ignored on a locked host.");
    }
    out << "\n\n";
  }
  return out.str();
}

// The shim's exit status: its own, docker's where docker ran; an API guard's refusal has none
// (its HTTP status is in the meaning).
std::string
exit_text(const sd::record::OutcomeRow& row)
{
  if (row.exit_code >= 0) {
    return std::to_string(row.exit_code);
  }
  return row.refusal.empty() ? "docker's" : "-";
}

std::string
outcomes_adoc()
{
  std::ostringstream out;
  out << "// Generated from src/record/outcome.cpp by docs/manual_tables.cpp: edit the outcome table, not this.\n";
  out << "[cols=\"1m,1m,1,4\",options=\"header\"]\n|===\n|decision |refusal |exit |meaning\n";
  for (const auto& row : sd::record::k_outcomes) {
    out << "\n|" << row.decision << " |" << (row.refusal.empty() ? std::string_view("") : row.refusal) << " |"
        << exit_text(row) << " |" << plain(row.meaning) << "\n";
  }
  out << "|===\n";
  return out.str();
}

// Writes `text` to DIR/NAME unless it is there already (an unchanged file keeps its time, so
// asciidoctor does not run again).
bool
write_file(const std::string& dir, const char* name, const std::string& text)
{
  const auto path = dir + "/" + name;
  std::ifstream old(path, std::ios::binary);
  std::ostringstream old_text;
  old_text << old.rdbuf();
  if (old && old_text.str() == text) {
    return true;
  }
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  file << text;
  file.close();
  if (!file) {
    std::fprintf(stderr, "manual_tables: cannot write %s\n", path.c_str());
    return false;
  }
  return true;
}

} // namespace

int
main(int argc, char** argv)
{
  if (argc != 2) {
    std::fprintf(stderr, "usage: manual_tables DIR\n");
    return 2;
  }
  const std::string dir = argv[1];
  return write_file(dir, "settings.adoc", settings_adoc()) && write_file(dir, "outcomes.adoc", outcomes_adoc()) ? 0 : 1;
}
