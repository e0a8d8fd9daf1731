# sd_settings / sd_warnings: INTERFACE targets linked PRIVATE by every own target and test.

# Dev mode (git checkouts and CI) turns warnings into errors.
if(EXISTS "${PROJECT_SOURCE_DIR}/.git" OR DEFINED ENV{CI})
  set(dev_default ON)
else()
  set(dev_default OFF)
endif()
option(SAFEDOCKER_DEV_MODE "Treat warnings as errors" ${dev_default})
option(ENABLE_SANITIZER_ADDRESS "Build with AddressSanitizer" OFF)
option(ENABLE_SANITIZER_UNDEFINED_BEHAVIOR "Build with UndefinedBehaviorSanitizer" OFF)
# A static link on Linux and Windows (where it also means no libstdc++ or winpthread DLLs to
# ship beside safedocker.exe); macOS links every program against libSystem dynamically.
if(CMAKE_SYSTEM_NAME STREQUAL "Linux" OR WIN32)
  set(static_default ON)
else()
  set(static_default OFF)
endif()
option(SAFEDOCKER_STATIC "Link libstdc++ and libgcc statically (faster start-up)" ${static_default})

add_library(sd_warnings INTERFACE)
target_compile_options(sd_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wcast-align -Wunused -Wnon-virtual-dtor
  -Woverloaded-virtual -Wconversion -Wsign-conversion
  -Wdouble-promotion -Wformat=2 -Wimplicit-fallthrough
  # GCC 12 reports false -Wrestrict positives inside std::string at -O2/-O3 (GCC PR 105651).
  $<$<CXX_COMPILER_ID:GNU>:-Wno-restrict>)
if(SAFEDOCKER_DEV_MODE)
  target_compile_options(sd_warnings INTERFACE -Werror)
endif()

add_library(sd_settings INTERFACE)
target_include_directories(sd_settings INTERFACE "${PROJECT_SOURCE_DIR}/src" "${PROJECT_BINARY_DIR}/src")
set(SAFEDOCKER_SANITIZERS "")
if(ENABLE_SANITIZER_ADDRESS)
  list(APPEND SAFEDOCKER_SANITIZERS address)
endif()
if(ENABLE_SANITIZER_UNDEFINED_BEHAVIOR)
  list(APPEND SAFEDOCKER_SANITIZERS undefined)
endif()
if(SAFEDOCKER_SANITIZERS)
  list(JOIN SAFEDOCKER_SANITIZERS "," sanitizers)
  target_compile_options(sd_settings INTERFACE -fsanitize=${sanitizers} -fno-omit-frame-pointer
                                               -fno-sanitize-recover=all)
  target_link_options(sd_settings INTERFACE -fsanitize=${sanitizers})
endif()
