#pragma once

#include "record/audit_log.hpp"
#include "record/metrics_cursor.hpp"
#include "run/admission_settings.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <string>
#include <thread>

// The API guard's /metrics (guard proxy --metrics-listen HOST:PORT): the families of `guard
// stats --format openmetrics`, for Prometheus to scrape. It runs on a thread of its own, so a
// scrape (which reads what the audit log gained since the last one) never delays a request. The
// counts live in memory from the guard's start: the first scrape reads the whole audit log, each
// later one what was appended since. OpenMetrics when the scraper asks for it (Accept), else
// Prometheus's text format.

namespace sd::proxy {

class MetricsEndpoint
{
public:
  /// Listens on `address` (HOST:PORT or tcp://HOST:PORT, HOST an IP address or localhost).
  /// Throws sd::Fatal (exit 2) naming the address when it is not one or cannot be listened on.
  MetricsEndpoint(const std::string& address, record::AuditConfig audit, run::AdmissionSettings settings);
  MetricsEndpoint(const MetricsEndpoint&) = delete;
  MetricsEndpoint& operator=(const MetricsEndpoint&) = delete;
  ~MetricsEndpoint();

  /// The address listened on, as HOST:PORT (the port chosen by the system for port 0).
  std::string address() const;

private:
  void accept();
  void answer(boost::asio::ip::tcp::socket& client);

  record::AuditConfig m_audit;
  run::AdmissionSettings m_settings;
  record::MetricsCursor m_cursor; ///< the metrics thread's only
  boost::asio::io_context m_io;
  boost::asio::ip::tcp::acceptor m_acceptor;
  std::thread m_thread; // last: started once the rest is ready
};

} // namespace sd::proxy
