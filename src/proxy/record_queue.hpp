#pragma once

#include "record/audit_record.hpp"

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

// The API guard's audit records, written by a thread of their own. The proxy's thread only
// queues a record (stamped with the time it was queued, when its response ended); the writer,
// woken by the first record, waits `interval` for more and appends them all with one write, and
// sleeps while nothing comes. Formatting and writing a record took 5–9 µs of the proxy's thread
// after each response, enough to delay the next request on the connection. A record is in the
// log at most `interval` after its response; what is queued is written when the queue is
// destroyed (the guard stopping on SIGTERM, SIGINT or SIGHUP).

namespace sd::proxy {

class RecordQueue
{
public:
  RecordQueue(std::shared_ptr<record::AuditTrail> trail, std::chrono::milliseconds interval);
  RecordQueue(const RecordQueue&) = delete;
  RecordQueue& operator=(const RecordQueue&) = delete;
  ~RecordQueue();

  void push(record::AuditRecord entry);

private:
  void run();

  std::shared_ptr<record::AuditTrail> m_trail;
  std::chrono::milliseconds m_interval;
  std::mutex m_mutex;
  std::condition_variable m_wake; // a first record queued, or stopping
  std::vector<record::AuditRecord> m_queued;
  bool m_stopping = false;
  std::thread m_writer; // last: started once the rest is ready
};

} // namespace sd::proxy
