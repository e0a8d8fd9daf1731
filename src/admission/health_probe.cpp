#include "admission/health_probe.hpp"

#include "admission/probe_exchange.hpp"
#include "util/bad_enum.hpp"

#include <algorithm>

namespace sd::admission {

namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

char
lower(char c)
{
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool
same_name(std::string_view a, std::string_view b)
{
  return a.size() == b.size()
         && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return lower(x) == lower(y); });
}

std::string_view
trim(std::string_view text)
{
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
    text.remove_prefix(1);
  }
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) {
    text.remove_suffix(1);
  }
  return text;
}

void
judge(const std::string& response, ProbeResult& result)
{
  const auto line_end = response.find("\r\n");
  const std::string_view status_line = std::string_view(response).substr(0, line_end);
  if (response.empty()) {
    result.status = ProbeStatus::bad_response;
    result.message = "the connection closed without an answer";
    return;
  }
  if (!status_line.starts_with("HTTP/1.") || status_line.size() < 12 || line_end == std::string::npos) {
    result.status = ProbeStatus::bad_response;
    result.message = "not an HTTP answer (a TLS endpoint?)";
    return;
  }
  result.message = std::string(status_line);
  result.status = status_line.substr(9, 3) == "200" ? ProbeStatus::ok : ProbeStatus::bad_response;
  std::string_view headers = std::string_view(response).substr(line_end + 2);
  while (!headers.empty() && !headers.starts_with("\r\n")) {
    const auto end = headers.find("\r\n");
    const auto line = headers.substr(0, end);
    if (const auto colon = line.find(':');
        colon != std::string_view::npos && same_name(line.substr(0, colon), "Api-Version")) {
      result.api_version = std::string(trim(line.substr(colon + 1)));
    }
    if (end == std::string_view::npos) {
      break;
    }
    headers.remove_prefix(end + 2);
  }
}

} // namespace

std::string_view
probe_status_name(ProbeStatus status)
{
  switch (status) {
  case ProbeStatus::ok:
    return "ok";
  case ProbeStatus::unreachable:
    return "unreachable";
  case ProbeStatus::timeout:
    return "timeout";
  case ProbeStatus::bad_response:
    return "bad response";
  case ProbeStatus::not_probeable:
    return "not probeable";
  }
  util::bad_enum("ProbeStatus", static_cast<long long>(status));
}

ProbeResult
ping(const Endpoint& endpoint, milliseconds timeout)
{
  const auto start = steady_clock::now();
  ProbeResult result;
  const auto parsed = parse_host(endpoint.host, endpoint.tls);
  if (!parsed.address) {
    result.status = ProbeStatus::not_probeable;
    result.message = parsed.error;
    return result;
  }
  const auto& host = *parsed.address;
  if (!can_exchange(host.transport)) {
    result.message = host.normalized + ": only unix and tcp endpoints are probed (named pipes and tcp on Windows)";
    return result;
  }
  if (endpoint.tls) {
    result.message = host.normalized + ": TLS endpoints are not probed (plain HTTP only)";
    return result;
  }
  // docker's client sends this Host for unix sockets and named pipes; for tcp, the address itself.
  const std::string host_header = host.transport != Transport::tcp
                                    ? std::string("api.moby.localhost")
                                    : host.normalized.substr(6, host.normalized.size() - 6 - host.base_path.size());
  const std::string request = "GET " + host.base_path + "/_ping HTTP/1.1\r\nHost: " + host_header
                              + "\r\nUser-Agent: safedocker-probe\r\nConnection: close\r\n\r\n";
  const auto answer = exchange_head(host, request, start + timeout);
  result.latency = std::chrono::duration_cast<milliseconds>(steady_clock::now() - start);
  if (const auto* failure = std::get_if<ExchangeFailure>(&answer)) {
    result.status = failure->status;
    result.message = failure->message;
    return result;
  }
  judge(std::get<std::string>(answer), result);
  return result;
}

} // namespace sd::admission
