#include "proxy/record_queue.hpp"

#include "proxy/background_priority.hpp"

namespace sd::proxy {

RecordQueue::RecordQueue(std::shared_ptr<record::AuditTrail> trail, std::chrono::milliseconds interval)
  : m_trail(std::move(trail)),
    m_interval(interval),
    m_writer([this] { run(); })
{}

RecordQueue::~RecordQueue()
{
  {
    const std::lock_guard lock(m_mutex);
    m_stopping = true;
  }
  m_wake.notify_one();
  m_writer.join();
}

void
RecordQueue::push(record::AuditRecord entry)
{
  if (!entry.time) {
    entry.time = std::chrono::system_clock::now();
  }
  bool first = false;
  {
    const std::lock_guard lock(m_mutex);
    first = m_queued.empty();
    m_queued.push_back(std::move(entry));
  }
  if (first) { // one wake-up per batch; the writer sleeps while nothing comes
    m_wake.notify_one();
  }
}

void
RecordQueue::run()
{
  lower_this_thread_priority();
  std::vector<record::AuditRecord> batch;
  for (bool last = false; !last;) {
    {
      std::unique_lock lock(m_mutex);
      m_wake.wait(lock, [this] { return m_stopping || !m_queued.empty(); });
      // What comes in meanwhile joins the batch: a burst of requests is one write.
      m_wake.wait_for(lock, m_interval, [this] { return m_stopping; });
      last = m_stopping;
      batch.swap(m_queued);
    }
    if (!batch.empty()) {
      m_trail->write_all(batch);
      batch.clear();
    }
  }
}

} // namespace sd::proxy
