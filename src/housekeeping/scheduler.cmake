# The cleanup scheduler: business hours, thresholds, the service loop and its state file.
set(SD_SCHEDULER_SOURCES
  housekeeping/schedule.cpp
  housekeeping/scheduler.cpp
  housekeeping/scheduler_posix.cpp
  housekeeping/scheduler_state.cpp
  housekeeping/thresholds.cpp
)
