#include "proxy/metrics_endpoint.hpp"

#include "record/exposition.hpp"
#include "run/metrics_snapshot.hpp"
#include "util/exit_codes.hpp"
#include "util/fatal.hpp"

#include <boost/asio/post.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#include <charconv>
#include <sys/socket.h>
#include <sys/time.h>

namespace sd::proxy {

namespace {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using asio::ip::tcp;

tcp::endpoint
parse_address(const std::string& address)
{
  const auto bad = [&address](const std::string& why) {
    return Fatal(exit_code::k_usage, "--metrics-listen " + address + ": " + why
                                       + "; expected HOST:PORT with an IP address, e.g. 127.0.0.1:9464 or [::1]:9464");
  };
  std::string_view rest(address);
  if (rest.substr(0, 6) == "tcp://") {
    rest.remove_prefix(6);
  }
  const auto colon = rest.rfind(':');
  if (colon == std::string_view::npos || colon == 0) {
    throw bad("no port");
  }
  auto host = std::string(rest.substr(0, colon));
  const auto port_text = rest.substr(colon + 1);
  unsigned port = 0;
  const auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (ec != std::errc() || end != port_text.data() + port_text.size() || port > 65535) {
    throw bad("the port is not a number from 0 to 65535");
  }
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  if (host == "localhost") {
    host = "127.0.0.1";
  }
  boost::system::error_code error;
  const auto ip = asio::ip::make_address(host, error);
  if (error) {
    throw bad("'" + host + "' is not an IP address");
  }
  return {ip, static_cast<unsigned short>(port)};
}

} // namespace

MetricsEndpoint::MetricsEndpoint(const std::string& address, record::AuditConfig audit, run::AdmissionSettings settings)
  : m_audit(std::move(audit)),
    m_settings(std::move(settings)),
    m_acceptor(m_io)
{
  const auto endpoint = parse_address(address);
  boost::system::error_code error;
  m_acceptor.open(endpoint.protocol(), error);
  if (!error) {
    m_acceptor.set_option(asio::socket_base::reuse_address(true), error);
  }
  if (!error) {
    m_acceptor.bind(endpoint, error);
  }
  if (!error) {
    m_acceptor.listen(asio::socket_base::max_listen_connections, error);
  }
  if (error) {
    throw Fatal(exit_code::k_usage, "--metrics-listen " + address + ": cannot listen: " + error.message());
  }
  accept();
  m_thread = std::thread([this] { m_io.run(); });
}

MetricsEndpoint::~MetricsEndpoint()
{
  asio::post(m_io, [this] {
    boost::system::error_code ignored;
    m_acceptor.close(ignored);
  });
  m_io.stop();
  m_thread.join();
}

std::string
MetricsEndpoint::address() const
{
  const auto endpoint = m_acceptor.local_endpoint();
  const auto ip = endpoint.address().to_string();
  return (endpoint.address().is_v6() ? "[" + ip + "]" : ip) + ":" + std::to_string(endpoint.port());
}

void
MetricsEndpoint::accept()
{
  m_acceptor.async_accept([this](boost::system::error_code error, tcp::socket client) {
    if (error == asio::error::operation_aborted) {
      return;
    }
    if (!error) {
      answer(client);
    }
    accept();
  });
}

// One scrape, answered on this thread, then the connection closes. A client that sends nothing
// is cut after 10 s: scrapes come one at a time, and one silent client must not stop them.
void
MetricsEndpoint::answer(tcp::socket& client)
{
  const timeval limit{10, 0};
  ::setsockopt(client.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
  ::setsockopt(client.native_handle(), SOL_SOCKET, SO_SNDTIMEO, &limit, sizeof limit);
  boost::beast::flat_buffer buffer;
  http::request<http::empty_body> request;
  boost::system::error_code error;
  http::read(client, buffer, request, error);
  if (error) {
    return;
  }
  http::response<http::string_body> response;
  response.version(11);
  response.keep_alive(false);
  response.set(http::field::server, "safedocker");
  const auto target = request.target();
  if (target != "/metrics" && target.substr(0, 9) != "/metrics?") {
    response.result(http::status::not_found);
    response.set(http::field::content_type, "text/plain; charset=utf-8");
    response.body() = "safedocker: the metrics are at /metrics\n";
  } else if (request.method() != http::verb::get && request.method() != http::verb::head) {
    response.result(http::status::method_not_allowed);
    response.set(http::field::allow, "GET, HEAD");
    response.set(http::field::content_type, "text/plain; charset=utf-8");
    response.body() = "safedocker: /metrics answers GET\n";
  } else {
    const auto accept = request[http::field::accept];
    const auto format = accept.find("application/openmetrics-text") != boost::beast::string_view::npos
                          ? record::ExpositionFormat::openmetrics
                          : record::ExpositionFormat::prometheus;
    record::advance(m_cursor, m_audit);
    response.result(http::status::ok);
    response.set(http::field::content_type, record::exposition_content_type(format));
    response.body() = record::render_metrics(run::metrics_snapshot(m_cursor, m_audit, m_settings), format);
  }
  response.prepare_payload();
  http::write(client, response, error);
  client.shutdown(tcp::socket::shutdown_both, error);
}

} // namespace sd::proxy
