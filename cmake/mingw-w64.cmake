# Cross-compiling safedocker for 64-bit Windows with Debian's mingw-w64 (the posix thread model,
# which std::thread and std::mutex need):
#   cmake -S . -B build-win -G Ninja -DCMAKE_TOOLCHAIN_FILE=cmake/mingw-w64.cmake
# Tests run under wine64 (CMAKE_CROSSCOMPILING_EMULATOR); tests/windows/run sets wine up.
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)
set(CMAKE_C_COMPILER x86_64-w64-mingw32-gcc-posix)
set(CMAKE_CXX_COMPILER x86_64-w64-mingw32-g++-posix)
set(CMAKE_RC_COMPILER x86_64-w64-mingw32-windres)

# Headers and libraries come from mingw's tree only, never the build machine's glibc; the
# header-only libraries are reached through links (the top CMakeLists.txt, host_headers).
set(CMAKE_FIND_ROOT_PATH /usr/x86_64-w64-mingw32)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)

find_program(SAFEDOCKER_WINE NAMES wine64 wine)
if(SAFEDOCKER_WINE)
  set(CMAKE_CROSSCOMPILING_EMULATOR ${SAFEDOCKER_WINE})
endif()
