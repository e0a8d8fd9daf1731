#pragma once

#include "policy/rule.hpp"
#include "proxy/judge.hpp"
#include "proxy/record_queue.hpp"
#include "proxy/upstream.hpp"
#include "proxy/upstream_address.hpp"
#include "record/audit_record.hpp"

#include <boost/asio/generic/stream_protocol.hpp>

#include <functional>
#include <memory>
#include <string>
#include <vector>

// One client connection of the API guard. Each request is read head first, judged
// (proxy/judge.hpp), and either answered with a JSON error or relayed to the daemon over one
// upstream connection of its own; bodies stream both ways and are never buffered whole, except
// a small body the judgement needs. A connection the daemon hijacks (attach, exec start: a 101,
// or a bare 200 on a hijack route) becomes a raw tunnel in which each direction's end is passed
// on as a half-close, so `echo ok | docker run -i … cat` ends. No idle timeout anywhere: `logs
// -f` and `events` may stay silent for hours.

namespace sd::proxy {

/// Both sides: the client on the guard's unix socket, the daemon on a unix socket or tcp.
using Socket = boost::asio::generic::stream_protocol::socket;

/// What a session needs to know.
struct SessionConfig
{
  std::string upstream;                             ///< the daemon, for messages: its socket path, or tcp://HOST:PORT
  std::string upstream_path;                        ///< a unix socket's path (never the guard's own); empty for tcp
  std::vector<UpstreamEndpoint> upstream_endpoints; ///< where to connect, tried in order
  policy::RuleSet rules;                            ///< the rules in force, as the shim reads them
  /// Told of each judged request that was not simply forwarded, and of relay errors.
  std::function<void(const std::string&)> note;
  /// Where each request becomes one audit record (channel "api"); none: not recorded.
  std::shared_ptr<RecordQueue> records;
  std::string daemon; ///< the upstream's daemon key, for the records
  /// The daemon's breaker and slots, shared with the shim; none: no admission.
  std::shared_ptr<Upstream> admission;
};

/// Serves `client` until it or the daemon closes. Keeps itself alive while it works.
void serve(Socket client, std::shared_ptr<const SessionConfig> config);

} // namespace sd::proxy
