#include "proxy/session.hpp"

#include "proxy/peer.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>

#include <array>
#include <cctype>
#include <chrono>
#include <functional>
#include <limits>
#include <optional>
#include <sstream>

namespace sd::proxy {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using boost::system::error_code;

// dockerd accepts about 1 MiB of headers; X-Registry-Config alone can pass 8 KiB.
constexpr std::uint32_t k_header_limit = 1024 * 1024;
constexpr std::size_t k_chunk = 16 * 1024;
// No limit on streamed bodies. (Beast 1.74 takes boost::none as a limit of 0, not as none.)
constexpr std::uint64_t k_no_body_limit = std::numeric_limits<std::uint64_t>::max();
// Requests served in a row on one stack, and pieces of one body relayed in a row, before the
// event loop has a turn.
constexpr int k_max_direct = 16;
constexpr int k_max_pieces = 16;

using RequestParser = http::request_parser<http::buffer_body>;
using ResponseParser = http::response_parser<http::buffer_body>;

template<bool is_request, typename Fields>
std::string
head_text(const http::header<is_request, Fields>& head)
{
  std::ostringstream out;
  out << head;
  return out.str();
}

// Whether the request asks for something the daemon could read differently from the guard.
std::string
ambiguous_framing(const http::request<http::buffer_body>& request)
{
  const auto te = request.find(http::field::transfer_encoding);
  if (te != request.end() && !beast::iequals(te->value(), "chunked")) {
    return "Transfer-Encoding other than chunked";
  }
  const auto upgrade = request.find(http::field::upgrade);
  if (upgrade != request.end() && beast::iequals(upgrade->value(), "h2c")) {
    return "an upgrade to h2c";
  }
  return {};
}

// A name as one path segment: anything but unreserved characters percent-encoded.
std::string
path_escape(std::string_view name)
{
  static constexpr char k_hex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : name) {
    const auto byte = static_cast<unsigned char>(c);
    if (std::isalnum(byte) != 0 || c == '-' || c == '_' || c == '.' || c == '~') {
      out += c;
    } else {
      out += '%';
      out += k_hex[byte >> 4];
      out += k_hex[byte & 15];
    }
  }
  return out;
}

// Whether an inspect answer says the container runs (paused and restarting count: force would
// kill them too). An answer that cannot be read counts as running: the safe side.
bool
running(const std::string& inspect)
{
  const auto state = nlohmann::json::parse(inspect, nullptr, false);
  if (!state.is_object() || !state.contains("State") || !state["State"].is_object()) {
    return true;
  }
  const auto& s = state["State"];
  const auto flag = [&s](const char* key) { return !s.contains(key) || !s[key].is_boolean() || s[key].get<bool>(); };
  return flag("Running") || (s.contains("Paused") && s["Paused"].is_boolean() && s["Paused"].get<bool>())
         || (s.contains("Restarting") && s["Restarting"].is_boolean() && s["Restarting"].get<bool>());
}

class Session : public std::enable_shared_from_this<Session>
{
public:
  Session(Socket client, std::shared_ptr<const SessionConfig> config)
    : m_client(std::move(client)),
      m_upstream(m_client.get_executor()),
      m_config(std::move(config)),
      m_peer(peer_of(m_client.native_handle()))
  {
    // Room for a whole piece at once: Beast reads max(512, free space) bytes, and a buffer left
    // at its first size relays a 4 KB answer as nine chunks and nine writes.
    m_client_buffer.reserve(k_chunk);
    m_upstream_buffer.reserve(k_chunk);
  }

  void start()
  {
    error_code ec;
    m_client.non_blocking(true, ec);
    if (ec) {
      return close();
    }
    read_request();
  }

private:
  // Reactor-style I/O on the request's path: both sockets are non-blocking, every read and write
  // is tried at once, and the session waits for readiness only when one would block. The
  // completion of an asynchronous operation is a posted handler, and each cost the proxy's thread
  // a turn of its event loop (an epoll_wait) between reading a request and passing it on.
  static bool would_block(const error_code& ec)
  {
    return ec == asio::error::would_block || ec == asio::error::try_again;
  }

  // Runs `step` once `socket` can be written to; closes the session when the wait fails.
  template<typename Step>
  void when_writable(Socket& socket, Step step)
  {
    socket.async_wait(Socket::wait_write, [self = shared_from_this(), step = std::move(step)](error_code ec) mutable {
      if (ec) {
        return self->close();
      }
      self->m_direct = 0;
      step();
    });
  }

  // Runs `step` once something came on `socket`, read into `buffer` where `step` parses it. A
  // read, not a bare wait: the event loop reads as soon as data comes, where arming a wait cost a
  // system call of its own. The end of the stream is left for `step` to read again and handle.
  template<typename Step>
  void when_readable(Socket& socket, beast::flat_buffer& buffer, Step step)
  {
    const auto room = std::max<std::size_t>(512, buffer.capacity() - buffer.size());
    socket.async_read_some(buffer.prepare(room), [self = shared_from_this(), &socket, &buffer,
                                                  step = std::move(step)](error_code ec, std::size_t n) mutable {
      buffer.commit(n);
      self->m_direct = 0;
      if (ec && ec != asio::error::eof) {
        return self->read_failed(socket, ec);
      }
      step();
    });
  }

  // A read failed outright: before the daemon's answer began, the client hears why (502).
  void read_failed(Socket& socket, error_code ec)
  {
    if (&socket == &m_upstream && m_response && !m_response->is_header_done()) {
      return on_response_head(ec);
    }
    close();
  }

  void read_request()
  {
    m_request.emplace();
    m_request->header_limit(k_header_limit);
    m_request->body_limit(k_no_body_limit); // streamed: build contexts, image loads, archives
    if (m_client_buffer.size() == 0) {      // the event loop's read tries at once too: one try, not two
      return when_readable(m_client, m_client_buffer, [this] { read_request_head(); });
    }
    read_request_head();
  }

  void read_request_head()
  {
    // Requests that keep arriving at once are served on the spot; every k_max_direct of them the
    // stack unwinds through the event loop.
    if (++m_direct > k_max_direct) {
      m_direct = 0;
      return asio::post(m_client.get_executor(), [self = shared_from_this()] { self->read_request_head(); });
    }
    error_code ec;
    http::read_header(m_client, m_client_buffer, *m_request, ec);
    if (would_block(ec)) {
      return when_readable(m_client, m_client_buffer, [this] { read_request_head(); });
    }
    on_request_head(ec);
  }

  void on_request_head(error_code ec)
  {
    if (ec == http::error::end_of_stream || ec == asio::error::eof || ec == asio::error::connection_reset) {
      return close();
    }
    if (ec) {
      m_head_target = "-"; // recorded as what it is: not the previous request's
      m_head = {"-", m_head_target, ""};
      m_verdict = {};
      m_outcome = {};
      refuse_as(record::Outcome::malformed_request);
      m_recorded = false;
      return deny(400, "safedocker: refused a request that does not parse as HTTP/1.1 (" + ec.message() + ")");
    }
    const auto& request = m_request->get();
    m_started = std::chrono::steady_clock::now();
    m_verdict = {};
    m_recorded = false;
    m_outcome = {};
    m_slot_wait_ms = 0;
    m_breaker_dirty = false;
    m_attempt = 1;
    if (const auto why = ambiguous_framing(request); !why.empty()) {
      refuse_as(record::Outcome::ambiguous_request);
      return deny(400, "safedocker: refused a request with " + why + ": the daemon could read it differently");
    }
    const auto method = request.method_string();
    const auto content_type = request[http::field::content_type];
    m_head_target = std::string(request.target());
    m_head = {std::string_view(method.data(), method.size()), m_head_target,
              std::string_view(content_type.data(), content_type.size())};
    if (needs_body(m_head)) {
      m_judged_body.clear();
      return read_judged_body();
    }
    decide(std::nullopt);
  }

  // A small body the judgement reads (a JSON or form body): read whole, then forwarded as is.
  void read_judged_body()
  {
    if (m_request->is_done()) {
      return decide(std::string_view(m_judged_body));
    }
    auto& body = m_request->get().body();
    body.data = m_chunk.data();
    body.size = m_chunk.size();
    error_code ec;
    http::read_some(m_client, m_client_buffer, *m_request, ec);
    if (would_block(ec)) {
      return when_readable(m_client, m_client_buffer, [this] { read_judged_body(); });
    }
    if (ec == http::error::need_buffer) {
      ec = {};
    }
    if (ec) {
      return close();
    }
    m_judged_body.append(m_chunk.data(), m_chunk.size() - body.size);
    if (m_judged_body.size() > k_max_judged_body) {
      refuse_as(record::Outcome::request_too_large);
      return deny(413, "safedocker: refused a request body over " + std::to_string(k_max_judged_body)
                         + " bytes that the guard must read to decide");
    }
    read_judged_body();
  }

  void decide(std::optional<std::string_view> body)
  {
    m_verdict = judge(m_config->rules, m_head, body);
    m_body_judged = body.has_value();
    if (under_shim_call() && m_verdict.refusal.empty()) {
      // A docker the shim started, under the slot its call holds: judged and admitted already.
      m_verdict.action = Verdict::Action::forward;
      m_verdict.graceful_container.reset();
      m_outcome = {"allow", "under the shim's call, which was judged and admitted", {}, ""};
      return connect_upstream([self = shared_from_this()] { self->write_request_head(); });
    }
    if (m_verdict.action == Verdict::Action::deny && !m_verdict.graceful_container) {
      return deny(m_verdict.status, m_verdict.message);
    }
    if (m_verdict.decision == "warn" && m_config->note) {
      m_config->note("warn: " + std::string(m_head.method) + " " + m_head_target + " (rule " + m_verdict.rule + ")");
    }
    admit([self = shared_from_this()] {
      if (self->m_verdict.graceful_container) {
        return self->connect_upstream([self] { self->inspect_target(); });
      }
      self->connect_upstream([self] { self->write_request_head(); });
    });
  }

  // Asked once per connection: a client's environment does not change.
  bool under_shim_call()
  {
    if (!m_under_shim) {
      m_under_shim = m_config->admission && m_peer.pid && m_config->admission->runs_under_shim_slot(*m_peer.pid);
    }
    return *m_under_shim;
  }

  // The shim's admission for the daemon: its breaker for every request, one of its slots for a
  // request that changes something (held until the response ends: a pull or a build keeps it
  // while it streams). Reads, attach, exec streams, logs, events and wait take none.
  void admit(std::function<void()> then)
  {
    auto* upstream = m_config->admission.get();
    if (upstream == nullptr) {
      return then();
    }
    const auto gate = upstream->gate();
    if (gate.fail_fast) {
      refuse_as(record::Outcome::breaker_open);
      return deny(503, gate.message, gate.retry_after);
    }
    m_breaker_dirty = gate.dirty;
    const bool mutates = m_verdict.route != nullptr && m_verdict.route->traffic == api::Traffic::mutate;
    if (!mutates || !upstream->admitted()) {
      return then();
    }
    const auto label =
      (m_verdict.argv.empty() ? std::string(m_head.method) + " " + m_head_target : m_verdict.argv_text())
      + " (api, pid " + (m_peer.pid ? std::to_string(*m_peer.pid) : std::string("?")) + ")";
    const auto started = m_started; // from the request's head: what the client waited, body reading included
    upstream->acquire(
      label,
      [executor = m_client.get_executor()](std::function<void()> work) { asio::post(executor, std::move(work)); },
      [self = shared_from_this(), then = std::move(then), started](SlotOutcome wait) {
        self->m_slot_wait_ms =
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
        self->m_coordination = wait.coordination;
        if (!wait.refused.empty()) {
          self->refuse_as(record::Outcome::slot_timeout);
          return self->deny(503, wait.refused, std::chrono::seconds(5));
        }
        if (wait.slot.held() || !wait.admitted) { // a slot, or admission unusable: go on
          self->m_lease = std::move(wait.slot);
          return then();
        }
        std::string holders;
        for (const auto& holder : wait.holders) {
          holders +=
            (holders.empty() ? "" : ", ") + std::string("pid ") + std::to_string(holder.pid) + " " + holder.command;
        }
        self->refuse_as(record::Outcome::slot_timeout);
        self->deny(503,
                   "safedocker: no docker slot free for " + self->m_config->daemon + " after "
                     + std::to_string(self->m_config->admission->slot_timeout().count())
                     + "s (limits.max_concurrent, limits.api_acquire_timeout); held by: "
                     + (holders.empty() ? "-" : holders),
                   std::chrono::seconds(1));
      });
  }

  void connect_upstream(std::function<void()> then)
  {
    if (m_upstream.is_open()) {
      return then();
    }
    asio::async_connect(
      m_upstream, m_config->upstream_endpoints,
      [self = shared_from_this(), then = std::move(then)](error_code ec, const UpstreamEndpoint& reached) mutable {
        if (ec) {
          const auto why = "cannot reach the docker daemon at " + self->m_config->upstream + ": " + ec.message();
          self->daemon_failed(why);
          return self->retry_connect(why, std::move(then));
        }
        if (reached.protocol().family() != AF_UNIX) { // small requests go at once
          self->m_upstream.set_option(asio::ip::tcp::no_delay(true), ec);
        }
        self->m_upstream.non_blocking(true, ec);
        if (ec) {
          return self->close();
        }
        then();
      });
  }

  // The request never reached the daemon: it is safe to send again, after the shim's backoff,
  // unless the failures have opened the breaker meanwhile.
  void retry_connect(const std::string& why, std::function<void()> then)
  {
    auto* upstream = m_config->admission.get();
    const auto delay = upstream != nullptr ? upstream->retry_delay(m_attempt) : std::nullopt;
    if (!delay) {
      return deny(502, "safedocker: " + why);
    }
    ++m_attempt;
    if (const auto gate = upstream->gate(); gate.fail_fast) {
      refuse_as(record::Outcome::breaker_open);
      return deny(503, gate.message, gate.retry_after);
    }
    note("retry " + std::to_string(m_attempt) + "/" + std::to_string(upstream->max_attempts()) + " in "
         + std::to_string(delay->count()) + " ms: " + why);
    m_upstream = Socket(m_client.get_executor()); // a failed connect leaves the socket unusable
    m_retry_timer.expires_after(*delay);
    m_retry_timer.async_wait([self = shared_from_this(), then = std::move(then)](error_code ec) mutable {
      if (ec) {
        return self->close();
      }
      self->connect_upstream(std::move(then));
    });
  }

  // Judging the effect of a forced removal: one request of the guard's own to the daemon, on
  // the same connection, before the client's.
  void side_request(http::verb method, std::string target, std::function<void(unsigned, const std::string&)> then)
  {
    auto request = std::make_shared<http::request<http::empty_body>>(method, std::move(target), 11);
    request->set(http::field::host, "docker");
    request->set(http::field::user_agent, "safedocker-proxy");
    http::async_write(
      m_upstream, *request, [self = shared_from_this(), request, then = std::move(then)](error_code ec, std::size_t) {
        if (ec) {
          return self->deny(502, "safedocker: the docker daemon closed the connection (" + ec.message() + ")");
        }
        self->m_side.emplace();
        self->m_side->body_limit(k_max_judged_body);
        http::async_read(
          self->m_upstream, self->m_upstream_buffer, *self->m_side, [self, then](error_code read_ec, std::size_t) {
            if (read_ec) {
              return self->deny(502, "safedocker: the docker daemon did not answer (" + read_ec.message() + ")");
            }
            then(self->m_side->get().result_int(), self->m_side->get().body());
          });
      });
  }

  void inspect_target()
  {
    const auto& name = *m_verdict.graceful_container;
    side_request(http::verb::get, "/containers/" + path_escape(name) + "/json",
                 [self = shared_from_this()](unsigned status, const std::string& body) {
                   if (status != 200) {
                     return self->write_request_head(); // no such container: the daemon's own answer
                   }
                   if (!running(body)) {
                     self->m_outcome = {"allow", "the container is not running: force changes nothing", {}, ""};
                     self->note("allowed: " + self->m_verdict.argv_text() + ": " + self->m_outcome.message);
                     return self->write_request_head();
                   }
                   self->stop_target();
                 });
  }

  void stop_target()
  {
    const auto& name = *m_verdict.graceful_container;
    side_request(http::verb::post,
                 "/containers/" + path_escape(name) + "/stop?t=" + std::to_string(m_verdict.grace_seconds),
                 [self = shared_from_this()](unsigned status, const std::string&) {
                   // 204 stopped, 304 already stopped; anything else: the removal would kill.
                   if (status != 204 && status != 304) {
                     return self->deny(self->m_verdict.status, self->m_verdict.message);
                   }
                   const auto& target = *self->m_verdict.graceful_container;
                   const auto grace = std::to_string(self->m_verdict.grace_seconds);
                   self->m_outcome = {"rewrite",
                                      "stopped with a grace of " + grace + "s (its SIGTERM handler ran), then removed",
                                      {{"docker", "container", "stop", "--time", grace, target}, self->m_verdict.argv},
                                      ""};
                   self->note("graceful: " + self->m_verdict.argv_text() + ": " + self->m_outcome.message);
                   self->write_request_head();
                 });
  }

  // Nothing reached the daemon though the rules allowed it: recorded as what became of it.
  void refuse_as(record::Outcome outcome)
  {
    const auto& row = record::outcome_row(outcome);
    m_outcome.decision = row.decision;
    m_outcome.refusal = row.refusal;
  }

  void note(const std::string& line) const
  {
    if (m_config->note) {
      m_config->note(line);
    }
  }

  void write_request_head()
  {
    m_request_writer.emplace(m_request->get());
    if (m_body_judged) { // head and body in one write
      auto& body = m_request->get().body();
      body.data = m_judged_body.data();
      body.size = m_judged_body.size();
      body.more = false;
      return write_then_relay(m_client, m_client_buffer, *m_request, m_upstream, *m_request_writer,
                              &Session::read_response);
    }
    if (m_request->is_done() || m_client_buffer.size() > 0) {
      return relay_request_body(); // the head goes out with the first piece of the body
    }
    write_head(m_upstream, *m_request_writer, &Session::relay_request_body);
  }

  using Then = void (Session::*)();

  // Writes the head `writer` holds to `to` on its own (nothing of the body is there to go with it
  // yet), then `next`.
  template<typename Writer>
  void write_head(Socket& to, Writer& writer, Then next)
  {
    error_code ec;
    http::write_header(to, writer, ec);
    if (would_block(ec)) {
      return when_writable(to, [this, &to, &writer, next] { write_head(to, writer, next); });
    }
    if (ec) {
      return close();
    }
    (this->*next)();
  }

  // Streams the body `parser` reads from `from` through `writer` to `to`, one read's worth at a
  // time, so an endless upload or a silent `logs -f` flows as it comes; then `done`.
  template<typename Parser, typename Writer>
  void relay_body(Socket& from, beast::flat_buffer& buffer, Parser& parser, Socket& to, Writer& writer, Then done)
  {
    for (int piece = 0;; ++piece) {
      if (piece == k_max_pieces) { // a long stream lets the other connections have a turn
        return asio::post(m_client.get_executor(),
                          [self = shared_from_this(), &from, &buffer, &parser, &to, &writer, done] {
                            self->relay_body(from, buffer, parser, to, writer, done);
                          });
      }
      auto& body = parser.get().body();
      if (parser.is_done()) {
        body.data = nullptr;
        body.size = 0;
        body.more = false;
      } else {
        body.data = m_chunk.data();
        body.size = m_chunk.size();
        error_code ec;
        http::read_some(from, buffer, parser, ec);
        if (would_block(ec)) {
          return when_readable(from, buffer, [this, &from, &buffer, &parser, &to, &writer, done] {
            relay_body(from, buffer, parser, to, writer, done);
          });
        }
        if (ec == http::error::need_buffer || (ec == http::error::end_of_stream && parser.is_done())) {
          ec = {};
        }
        if (ec) {
          return close(); // a side went away mid-body: the other sees the cut
        }
        const auto filled = parse_buffered(buffer, parser, m_chunk.size() - body.size);
        if (filled == 0 && !parser.is_done()) { // a chunk header: an empty write would end the body
          continue;
        }
        body.data = m_chunk.data();
        body.size = filled;
        body.more = !parser.is_done();
      }
      if (!write_piece(from, buffer, parser, to, writer, done)) {
        return; // it waits for `to`, or the session ended
      }
      if (writer.is_done()) {
        return (this->*done)();
      }
    }
  }

  // What the last read left in `buffer` (the rest of the daemon's chunks, the last chunk) is
  // parsed into the piece behind the `filled` bytes already there, so that the piece goes out in
  // one write and, when the body ends there, with its last chunk: a client that waits for the
  // end is not woken twice. Returns the bytes in the piece.
  template<typename Parser>
  std::size_t parse_buffered(beast::flat_buffer& buffer, Parser& parser, std::size_t filled)
  {
    auto& body = parser.get().body();
    while (!parser.is_done() && buffer.size() > 0 && filled < m_chunk.size()) {
      body.data = m_chunk.data() + filled;
      body.size = m_chunk.size() - filled;
      error_code ec;
      const auto used = parser.put(buffer.data(), ec);
      buffer.consume(used);
      filled = m_chunk.size() - body.size;
      if ((ec && ec != http::error::need_buffer) || used == 0) {
        break; // an error is met again by the next read, which reports it
      }
    }
    return filled;
  }

  // Writes the piece `writer` holds (with the head, the first time). Returns true when it is
  // written; false when the session waits for `to` (and then goes on by itself) or ended.
  template<typename Parser, typename Writer>
  bool write_piece(Socket& from, beast::flat_buffer& buffer, Parser& parser, Socket& to, Writer& writer, Then done)
  {
    error_code ec;
    http::write(to, writer, ec);
    if (would_block(ec)) {
      when_writable(to, [this, &from, &buffer, &parser, &to, &writer, done] {
        write_then_relay(from, buffer, parser, to, writer, done);
      });
      return false;
    }
    if (ec && ec != http::error::need_buffer) { // need_buffer: the piece is written, the body goes on
      close();
      return false;
    }
    return true;
  }

  template<typename Parser, typename Writer>
  void write_then_relay(Socket& from, beast::flat_buffer& buffer, Parser& parser, Socket& to, Writer& writer, Then done)
  {
    if (!write_piece(from, buffer, parser, to, writer, done)) {
      return;
    }
    if (writer.is_done()) {
      return (this->*done)();
    }
    relay_body(from, buffer, parser, to, writer, done);
  }

  void relay_request_body()
  {
    relay_body(m_client, m_client_buffer, *m_request, m_upstream, *m_request_writer, &Session::read_response);
  }

  void relay_response_body()
  {
    relay_body(m_upstream, m_upstream_buffer, *m_response, m_client, *m_response_writer, &Session::response_done);
  }

  void response_done()
  {
    record(m_response->get().result_int());
    if (m_request->get().keep_alive() && m_response->get().keep_alive()) {
      return read_request();
    }
    close();
  }

  void read_response()
  {
    m_response.emplace();
    m_response->header_limit(k_header_limit);
    m_response->body_limit(k_no_body_limit); // streamed: pulls, exports, logs
    if (m_request->get().method() == http::verb::head) {
      m_response->skip(true);
    }
    if (m_upstream_buffer.size() == 0) {
      return when_readable(m_upstream, m_upstream_buffer, [this] { read_response_head(); });
    }
    read_response_head();
  }

  void read_response_head()
  {
    error_code ec;
    http::read_header(m_upstream, m_upstream_buffer, *m_response, ec);
    if (would_block(ec)) {
      return when_readable(m_upstream, m_upstream_buffer, [this] { read_response_head(); });
    }
    on_response_head(ec);
  }

  void on_response_head(error_code ec)
  {
    if (ec) {
      const auto why = "the docker daemon closed the connection without an answer (" + ec.message() + ")";
      daemon_failed(why);
      return deny(502, "safedocker: " + why);
    }
    if (m_breaker_dirty && m_config->admission) {
      if (m_config->admission->answered()) {
        breaker_event("breaker_close", "the daemon answered");
      }
      m_breaker_dirty = false;
    }
    const auto& response = m_response->get();
    const bool hijack_route = m_verdict.route != nullptr && m_verdict.route->traffic == api::Traffic::hijack;
    const bool unframed = !response.has_content_length() && !response.chunked();
    if (response.result() == http::status::switching_protocols
        || (hijack_route && response.result() == http::status::ok && unframed)) {
      return start_tunnel();
    }
    m_response_writer.emplace(m_response->get());
    // What the daemon has already sent goes out with the head, in one write. Otherwise the head
    // goes at once: a client may wait for it before it does anything else (docker run waits for
    // the head of its `wait` before it starts the container).
    if (m_response->is_done() || m_upstream_buffer.size() > 0) {
      return relay_response_body();
    }
    write_head(m_client, *m_response_writer, &Session::relay_response_body);
  }

  // The daemon hijacked the connection: its answer's head goes to the client, then whatever
  // either side had already sent, then raw bytes both ways until both have ended.
  void start_tunnel()
  {
    record(m_response->get().result_int(), "hijacked: a raw stream both ways");
    auto head = std::make_shared<std::string>(head_text(m_response->get().base()));
    const auto early = m_upstream_buffer.data();
    head->append(static_cast<const char*>(early.data()), early.size());
    m_upstream_buffer.consume(early.size());
    asio::async_write(m_client, asio::buffer(*head), [self = shared_from_this(), head](error_code ec, std::size_t) {
      if (ec) {
        return self->close();
      }
      auto sent = std::make_shared<std::string>(static_cast<const char*>(self->m_client_buffer.data().data()),
                                                self->m_client_buffer.data().size());
      self->m_client_buffer.consume(sent->size());
      asio::async_write(self->m_upstream, asio::buffer(*sent), [self, sent](error_code write_ec, std::size_t) {
        if (write_ec) {
          return self->close();
        }
        self->pump(self->m_client, self->m_upstream, self->m_to_daemon);
        self->pump(self->m_upstream, self->m_client, self->m_to_client);
      });
    });
  }

  void pump(Socket& from, Socket& to, std::array<char, k_chunk>& buffer)
  {
    from.async_read_some(asio::buffer(buffer),
                         [self = shared_from_this(), &from, &to, &buffer](error_code ec, std::size_t n) {
                           if (ec) {
                             // This direction ended: pass the end on as a half-close, keep the other direction.
                             error_code ignored;
                             to.shutdown(Socket::shutdown_send, ignored);
                             if (++self->m_directions_done == 2 || ec != asio::error::eof) {
                               self->close();
                             }
                             return;
                           }
                           asio::async_write(to, asio::buffer(buffer.data(), n),
                                             [self, &from, &to, &buffer](error_code write_ec, std::size_t) {
                                               if (write_ec) {
                                                 return self->close();
                                               }
                                               self->pump(from, to, buffer);
                                             });
                         });
  }

  // One audit record per request, in the shim's schema with channel "api".
  void record(std::optional<int> status, const std::string& message = "")
  {
    Upstream::release(m_lease); // the exchange is over: the next waiter goes
    if (m_recorded || !m_config->records) {
      return;
    }
    m_recorded = true;
    record::AuditRecord entry;
    entry.argv = m_verdict.argv;
    entry.command = m_verdict.command;
    entry.decision = m_outcome.decision.empty() ? m_verdict.decision : m_outcome.decision;
    entry.refusal = m_outcome.decision.empty() ? m_verdict.refusal : m_outcome.refusal;
    entry.rule = m_verdict.rule;
    entry.daemon = m_config->daemon;
    entry.rewritten = m_outcome.rewritten;
    entry.slot_wait_ms = m_slot_wait_ms;
    entry.coordination = m_coordination;
    entry.duration_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - m_started).count();
    entry.message = m_outcome.message.empty() ? message : m_outcome.message;
    record::ApiRequest api;
    api.method = std::string(m_head.method);
    api.path = m_head_target;
    api.status = status;
    api.peer_pid = m_peer.pid;
    api.peer_uid = m_peer.uid;
    api.peer_exe = m_peer.exe;
    if (m_request) {
      const auto agent = m_request->get()[http::field::user_agent];
      api.user_agent.assign(agent.data(), agent.size());
    }
    entry.api = std::move(api);
    m_config->records->push(std::move(entry));
  }

  // The daemon could not be reached or did not answer: a failure for the breaker.
  void daemon_failed(const std::string& why)
  {
    if (m_config->admission && m_config->admission->failed(why)) {
      note("circuit breaker for " + m_config->daemon + " opened: " + why);
      breaker_event("breaker_open", why);
    }
  }

  // The breaker's changes go in the audit log as the shim's do (guard log, the metrics).
  void breaker_event(const char* event, const std::string& why)
  {
    if (!m_config->records) {
      return;
    }
    record::AuditRecord entry;
    entry.event = event;
    entry.daemon = m_config->daemon;
    entry.message = "api: " + why;
    m_config->records->push(std::move(entry));
  }

  // Answers with a JSON error as dockerd would, then closes: the request's body may be unread.
  void deny(unsigned status, const std::string& message, std::optional<std::chrono::seconds> retry_after = std::nullopt)
  {
    if (m_config->note) {
      m_config->note("denied " + std::to_string(status) + ": " + m_head_target + ": " + message);
    }
    if (m_verdict.decision == "allow" && m_outcome.refusal.empty()) {
      refuse_as(record::Outcome::daemon_unreachable); // what else ends an allowed request here
    }
    record(static_cast<int>(status), message);
    auto response = std::make_shared<http::response<http::string_body>>(static_cast<http::status>(status), 11);
    response->set(http::field::content_type, "application/json");
    response->set(http::field::server, "safedocker");
    response->keep_alive(false);
    if (retry_after) {
      response->set(http::field::retry_after, std::to_string(retry_after->count()));
    }
    response->body() = error_body(message);
    response->prepare_payload();
    http::async_write(m_client, *response,
                      [self = shared_from_this(), response](error_code, std::size_t) { self->close(); });
  }

  void close()
  {
    if (m_request && !m_recorded && !m_head_target.empty()) {
      record(std::nullopt, "the connection ended before the response did");
    }
    Upstream::release(m_lease);
    error_code ignored;
    if (m_client.is_open()) {
      m_client.shutdown(Socket::shutdown_both, ignored);
      m_client.close(ignored);
    }
    if (m_upstream.is_open()) {
      m_upstream.shutdown(Socket::shutdown_both, ignored);
      m_upstream.close(ignored);
    }
  }

  Socket m_client;
  Socket m_upstream;
  std::shared_ptr<const SessionConfig> m_config;
  beast::flat_buffer m_client_buffer;
  beast::flat_buffer m_upstream_buffer;
  std::optional<RequestParser> m_request;
  std::optional<ResponseParser> m_response;
  std::optional<http::request_serializer<http::buffer_body>> m_request_writer;
  std::optional<http::response_serializer<http::buffer_body>> m_response_writer;
  std::optional<http::response_parser<http::string_body>> m_side;
  std::string m_head_target;
  RequestHead m_head;
  Verdict m_verdict;
  Peer m_peer;
  std::chrono::steady_clock::time_point m_started;
  bool m_recorded = false;
  run::HeldSlot m_lease;                                  ///< held for a mutating request until its exchange ends
  std::optional<record::CallCoordination> m_coordination; ///< how the fleet admitted it
  double m_slot_wait_ms = 0;
  bool m_breaker_dirty = false;     ///< the breaker has failures on record: tell it the daemon answered
  std::optional<bool> m_under_shim; ///< the client runs under a shim call's slot
  int m_attempt = 1;                ///< tries of the current request to reach the daemon
  asio::steady_timer m_retry_timer{m_client.get_executor()};
  struct Outcome
  {
    std::string decision; ///< when the effect changed it: allow (not running) or rewrite (stopped first)
    std::string message;
    std::vector<std::vector<std::string>> rewritten;
    std::string refusal; ///< for decision refused (record/outcome.hpp)
  } m_outcome;
  std::string m_judged_body;
  bool m_body_judged = false;
  std::array<char, k_chunk> m_chunk{};
  std::array<char, k_chunk> m_to_daemon{};
  std::array<char, k_chunk> m_to_client{};
  int m_directions_done = 0;
  int m_direct = 0; ///< requests served in a row without a return to the event loop
};

} // namespace

void
serve(Socket client, std::shared_ptr<const SessionConfig> config)
{
  std::make_shared<Session>(std::move(client), std::move(config))->start();
}

} // namespace sd::proxy
