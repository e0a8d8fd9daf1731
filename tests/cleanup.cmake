# Test sessions and the cleanup pass. Included from tests/CMakeLists.txt after sd_unit is defined.

target_sources(sd_unit PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/unit/test_housekeeping_plan.cpp
  ${CMAKE_CURRENT_LIST_DIR}/unit/test_housekeeping_inventory.cpp
  ${CMAKE_CURRENT_LIST_DIR}/unit/test_housekeeping_pass.cpp
)
