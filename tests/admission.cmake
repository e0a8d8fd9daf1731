# Admission-control unit tests and the fake daemon they probe. Included from tests/CMakeLists.txt
# after sd_unit is defined.

target_sources(sd_unit PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/unit/test_admission_breaker.cpp
  ${CMAKE_CURRENT_LIST_DIR}/unit/test_admission_endpoint.cpp
  ${CMAKE_CURRENT_LIST_DIR}/unit/test_admission_health_probe.cpp
  ${CMAKE_CURRENT_LIST_DIR}/unit/test_admission_rate_backoff.cpp
  ${CMAKE_CURRENT_LIST_DIR}/unit/test_admission_slots.cpp
  ${CMAKE_CURRENT_LIST_DIR}/unit/test_admission_state_dir.cpp
  ${CMAKE_CURRENT_LIST_DIR}/unit/test_admission_transient.cpp
)
target_link_libraries(sd_unit PRIVATE sd_admission)

# tests/integration/fake-daemon.c: pure C, its own warning flags (sd_warnings holds C++-only ones).
add_executable(fake-daemon ${CMAKE_CURRENT_LIST_DIR}/integration/fake-daemon.c)
set_target_properties(fake-daemon PROPERTIES C_STANDARD 11 C_STANDARD_REQUIRED ON C_EXTENSIONS OFF)
target_compile_options(fake-daemon PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion
                                           $<$<BOOL:${SAFEDOCKER_DEV_MODE}>:-Werror>)
target_link_libraries(fake-daemon PRIVATE sd_settings) # sanitizer flags, when on
target_compile_definitions(sd_unit PRIVATE SD_FAKE_DAEMON="$<TARGET_FILE:fake-daemon>")
add_dependencies(sd_unit fake-daemon)
