# The scanner's tests (guard scan): unit tests join the doctest target, the integration suite
# runs the real binary over tests/scan/fixtures.
target_sources(sd_unit PRIVATE
  ${CMAKE_CURRENT_SOURCE_DIR}/unit/test_scan_lexer.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/unit/test_scan_shell.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/unit/test_scan_extract.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/unit/test_scan_suppression.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/unit/test_scan_walk.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/unit/test_scan_report.cpp
)

foreach(suite scan)
  add_test(NAME integration.${suite}
           COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/integration/run ${suite})
  set_tests_properties(integration.${suite} PROPERTIES
    ENVIRONMENT "SAFEDOCKER=$<TARGET_FILE:safedocker>;TESTDIR=${CMAKE_CURRENT_BINARY_DIR}/testdir"
    SKIP_RETURN_CODE 77)
endforeach()
