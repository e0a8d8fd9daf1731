#pragma once

#include "admission/slots.hpp"
#include "coordination/fleet.hpp"

// A slot held for a call or an API request: this host's (a lock file) or the fleet's (a lease
// in Redis, coordination.backend = redis). Releasing it (release() or destruction) frees either.

namespace sd::run {

struct HeldSlot
{
  admission::SlotLease local;
  coordination::FleetLease fleet;

  bool held() const { return local.held() || fleet.held(); }
  void release()
  {
    local.release();
    fleet.release();
  }
};

} // namespace sd::run
