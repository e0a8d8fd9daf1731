#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>

// The folder graph has no cycles through the top of src/: guard.cpp and main.cpp may include
// any folder, and nothing in a folder includes a file at the top.
TEST_CASE("layout: nothing below src/ includes a file at the top of src/")
{
  const std::filesystem::path src = std::filesystem::path(SD_SOURCE_DIR) / "src";
  int files = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(src)) {
    const auto& path = entry.path();
    if (!entry.is_regular_file() || path.parent_path() == src
        || (path.extension() != ".cpp" && path.extension() != ".hpp")) {
      continue;
    }
    ++files;
    std::ifstream in(path);
    std::string line;
    for (int number = 1; std::getline(in, line); ++number) {
      if (line.starts_with("#include \"")) {
        const auto name = line.substr(10, line.find('"', 10) - 10);
        INFO(path.string() << ":" << number << ": " << line);
        CHECK(name.find('/') != std::string::npos);
      }
    }
  }
  CHECK(files > 100);
}
