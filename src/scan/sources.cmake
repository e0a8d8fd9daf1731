# The scanner behind `guard scan`, compiled into sd_core (see src/CMakeLists.txt).
list(APPEND SD_SCAN_SOURCES
  scan/shell_text.cpp
  scan/text_lines.cpp
  scan/shell_lexer.cpp
  scan/command_words.cpp
  scan/extract_shell.cpp
  scan/extract_makefile.cpp
  scan/extract_yaml.cpp
  scan/extract_dockerfile.cpp
  scan/python_tokens.cpp
  scan/extract_python.cpp
  scan/extract_markdown.cpp
  scan/file_kind.cpp
  scan/suppression.cpp
  scan/check_text.cpp
  scan/git_posix.cpp
  scan/walker_posix.cpp
  scan/scanner_posix.cpp
  scan/staged.cpp
  scan/report_text.cpp
  scan/report_json.cpp
  scan/report_sarif.cpp
)
