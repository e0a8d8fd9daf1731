#!/usr/bin/env bash
# What only Linux has stays in *_linux.cpp files: every other source file builds on the
# portable platform (-DSAFEDOCKER_PLATFORM=portable: POSIX and macOS), so a Linux-only header,
# function, flag or path outside them fails here, naming the file, the line and the fix. A
# *_linux.cpp file has a *_posix.cpp twin implementing the same header (sd_platform_sources).
# And the headers, the seams, hold no POSIX header or type; Windows's headers stay in *_win32.cpp
# files; *_generic.cpp files (built everywhere) include no platform's header.
set -uo pipefail
: "${SOURCE_DIR:?set SOURCE_DIR to the source tree}"
cd "$SOURCE_DIR" || exit 1
# Words of Linux only (the BSDs and macOS lack them): the change and event descriptors, the
# one-call close-on-exec forms, renameat2, /proc, peer credentials, per-thread ids.
linux_only='sys/(inotify|signalfd|timerfd|epoll|eventfd|prctl|sysmacros|sendfile)\.h|linux/|\b(inotify_[a-z0-9_]+|signalfd|timerfd_[a-z0-9_]+|epoll_[a-z0-9_]+|eventfd|renameat2|RENAME_NOREPLACE|pipe2|accept4|dup3|SOCK_CLOEXEC|SOCK_NONBLOCK|SO_PEERCRED|ucred|gettid|prctl|memfd_create|O_PATH|O_TMPFILE|getrandom|CLOCK_BOOTTIME|program_invocation_name|getauxval|sched_getaffinity)\b|"/proc/'
mapfile -t files < <(find src -name '*.cpp' -o -name '*.hpp' | grep -v '_linux\.cpp$' | sort)
failures=0
for file in "${files[@]}"; do
  # Comments may name what the code does not use: drop // comments (not a "unix://" in a string).
  while IFS=: read -r line text; do
    echo "FAIL: $file:$line: $(grep -oE "$linux_only" <<<"$text" | head -1) is Linux-only; move it to a *_linux.cpp file with a *_posix.cpp twin (see src/CMakeLists.txt, sd_platform_sources)" >&2
    failures=$((failures + 1))
  done < <(sed -E 's#(^|[[:space:]])//.*$##' "$file" | grep -nE "$linux_only")
done
# The headers are the seams: plain C++, so that every platform implements them as they stand.
posix_in_header='#include <(unistd|fcntl|poll|spawn|signal|pthread|dirent|netdb|dlfcn|termios|pwd|grp)\.h>|#include <(sys|netinet|arpa)/|\b(pid_t|mode_t|dev_t|ino_t|uid_t|gid_t|pollfd|sigset_t|sockaddr[a-z_]*|ssize_t|off_t|struct stat)\b'
mapfile -t headers < <(find src -name '*.hpp' | sort)
for file in "${headers[@]}"; do
  while IFS=: read -r line text; do
    echo "FAIL: $file:$line: $(grep -oE "$posix_in_header" <<<"$text" | head -1) is POSIX's; a header is a seam in plain C++: keep it in the *_posix.cpp file behind it" >&2
    failures=$((failures + 1))
  done < <(sed -E 's#(^|[[:space:]])//.*$##' "$file" | grep -nE "$posix_in_header")
done
# Windows's headers stay in *_win32.cpp files, and a *_generic.cpp file (the fallback every
# platform builds) includes no platform's header at all.
windows_header='#include <(windows|winsock2|ws2tcpip|io|direct|shlobj|aclapi|sddl|tlhelp32|process|conio)\.h>'
mapfile -t not_win32 < <(find src -name '*.cpp' -o -name '*.hpp' | grep -v '_win32\.cpp$' | sort)
for file in "${not_win32[@]}"; do
  while IFS=: read -r line text; do
    echo "FAIL: $file:$line: $(grep -oE "$windows_header" <<<"$text" | head -1) is Windows's; move it to a *_win32.cpp file (see src/CMakeLists.txt, sd_platform_sources)" >&2
    failures=$((failures + 1))
  done < <(grep -nE "$windows_header" "$file")
done
posix_header='#include <(unistd|fcntl|poll|spawn|signal|pthread|dirent|netdb|dlfcn|termios|pwd|grp|fnmatch)\.h>|#include <(sys|netinet|arpa)/'
mapfile -t generic < <(find src -name '*_generic.cpp' | sort)
for file in "${generic[@]}"; do
  while IFS=: read -r line text; do
    echo "FAIL: $file:$line: $(grep -oE "$posix_header" <<<"$text" | head -1) in a *_generic.cpp file, which every platform builds; move it to the *_posix.cpp twin" >&2
    failures=$((failures + 1))
  done < <(grep -nE "$posix_header" "$file")
done
if [ "$failures" -gt 0 ]; then
  echo "lint.platform: $failures Linux-only or POSIX use(s) where they do not belong" >&2
  exit 1
fi
echo "lint.platform: ${#files[@]} files use nothing Linux-only outside *_linux.cpp ($(find src -name '*_linux.cpp' | wc -l) of those); ${#headers[@]} headers are plain C++"
