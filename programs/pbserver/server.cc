// SPDX-License-Identifier: MIT
// Boost.Asio event loops, connections and signals for pbserver.
#include "server.h"

#include <fmt/format.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <time.h>

#include <array>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <chrono>
#include <cstring>
#include <iostream>
#include <thread>

#include "cm/file_util.h"
#include "handler.h"

namespace cm::pbserver {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
using ErrorCode = boost::system::error_code;

constexpr size_t kInitialBuffer = 1536;
constexpr size_t kMaxPipelined = 32;
constexpr std::string_view kEndKeepAlive = "\r\n";
constexpr std::string_view kEndClose = "Connection: close\r\n\r\n";
constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";

class Worker;

// What every connection offers its worker's once-a-second sweep and the shutdown.
class ConnectionBase {
 public:
  virtual ~ConnectionBase() = default;
  virtual void OnTick(Clock::time_point now) = 0;
  virtual void Drain() = 0;
  ConnectionBase* prev = nullptr;
  ConnectionBase* next = nullptr;
};

struct Shared {
  ServerOptions options;
  PostService* posts = nullptr;
  CatalogHolder* catalog = nullptr;
  Counters* counters = nullptr;
  std::unique_ptr<AccessLog> access_log;
  asio::io_context control{1};
  std::unique_ptr<asio::ssl::context> tls;
  std::atomic<bool> draining{false};
};

class Worker {
 public:
  Worker(Shared* shared, size_t index)
      : shared_(shared), counters_(shared->counters->worker(index)), tick_(io_) {
    UpdateClock();
  }

  asio::io_context& io() { return io_; }
  Shared& shared() { return *shared_; }
  WorkerCounters& counters() { return counters_; }
  std::string_view date_line() const { return {date_line_.data(), date_line_length_}; }
  std::string_view log_time() const { return {log_time_.data(), log_time_length_}; }
  std::string& log_buffer() { return log_buffer_; }
  Clock::time_point now() const { return now_; }

  void Add(ConnectionBase* connection) {
    connection->next = head_;
    if (head_ != nullptr) head_->prev = connection;
    head_ = connection;
  }
  void Remove(ConnectionBase* connection) {
    if (connection->prev != nullptr) connection->prev->next = connection->next;
    if (connection->next != nullptr) connection->next->prev = connection->prev;
    if (head_ == connection) head_ = connection->next;
    connection->prev = connection->next = nullptr;
  }

  void AddAcceptor(tcp::acceptor acceptor, bool tls) {
    acceptors_.push_back({std::move(acceptor), tls, {}});
  }
  void Start() {
    for (auto& acceptor : acceptors_) Accept(acceptor);
    ScheduleTick();
  }
  // Stops accepting and closes idle connections; busy ones close after their answer.
  void BeginDrain() {
    for (auto& acceptor : acceptors_) {
      ErrorCode ec;
      acceptor.acceptor.close(ec);
    }
    for (ConnectionBase* c = head_; c != nullptr;) {
      ConnectionBase* next = c->next;
      c->Drain();
      c = next;
    }
  }
  void FlushLog() {
    if (!log_buffer_.empty()) {
      shared_->access_log->Write(log_buffer_);
      log_buffer_.clear();
    }
  }
  void MaybeFlushLog() {
    if (log_buffer_.size() > 32 * 1024) FlushLog();
  }

 private:
  struct Listener {
    tcp::acceptor acceptor;
    bool tls;
    tcp::endpoint peer;  // filled by each accept
  };

  void Accept(Listener& listener);
  void UpdateClock() {
    now_ = Clock::now();
    time_t t = ::time(nullptr);
    struct tm tm_utc {};
    ::gmtime_r(&t, &tm_utc);
    date_line_length_ = ::strftime(date_line_.data(), date_line_.size(),
                                   "Date: %a, %d %b %Y %H:%M:%S GMT\r\n", &tm_utc);
    log_time_length_ =
        ::strftime(log_time_.data(), log_time_.size(), "%d/%b/%Y:%H:%M:%S +0000", &tm_utc);
  }
  void ScheduleTick() {
    tick_.expires_after(std::chrono::seconds(1));
    tick_.async_wait([this](const ErrorCode& ec) {
      if (ec) return;
      UpdateClock();
      FlushLog();
      for (ConnectionBase* c = head_; c != nullptr;) {
        ConnectionBase* next = c->next;
        c->OnTick(now_);
        c = next;
      }
      if (!shared_->draining.load() || head_ != nullptr) ScheduleTick();
    });
  }

  Shared* shared_;
  asio::io_context io_{1};
  WorkerCounters& counters_;
  asio::steady_timer tick_;
  std::vector<Listener> acceptors_;
  ConnectionBase* head_ = nullptr;
  Clock::time_point now_;
  std::array<char, 64> date_line_{};
  size_t date_line_length_ = 0;
  std::array<char, 64> log_time_{};
  size_t log_time_length_ = 0;
  std::string log_buffer_;
};

template <class Stream>
class Connection : public ConnectionBase, public std::enable_shared_from_this<Connection<Stream>> {
 public:
  static constexpr bool kTls = !std::is_same_v<Stream, tcp::socket>;

  // `peer` is the address accept(2) returned (no getpeername per connection).
  Connection(Worker* worker, Stream stream, const tcp::endpoint& peer)
      : worker_(worker), stream_(std::move(stream)), peer_(peer) {
    worker_->Add(this);
    worker_->shared().counters->connections_open.fetch_add(1, std::memory_order_relaxed);
    buffer_.resize(kInitialBuffer);
    context_.is_tls = kTls;
    context_.require_tls_for_posting = worker_->shared().options.require_tls_for_posting;
    context_.max_post_bytes = worker_->shared().options.max_post_bytes;
    context_.counters = worker_->shared().counters;
  }
  ~Connection() override {
    worker_->Remove(this);
    worker_->shared().counters->connections_open.fetch_sub(1, std::memory_order_relaxed);
  }

  void Start() {
    SetState(State::kIdle);
    if constexpr (kTls) {
      deadline_ = worker_->now() + Seconds(worker_->shared().options.header_timeout_seconds);
      state_ = State::kHead;
      stream_.async_handshake(asio::ssl::stream_base::server,
                              [self = this->shared_from_this()](const ErrorCode& ec) {
                                if (ec) return self->Close();
                                self->SetState(State::kIdle);
                                self->Read();
                              });
    } else {
      Read();
    }
  }

  void OnTick(Clock::time_point now) override {
    if (state_ == State::kClosed || now < deadline_) return;
    if (state_ != State::kIdle && state_ != State::kLinger) {
      worker_->shared().counters->timeouts.fetch_add(1, std::memory_order_relaxed);
    }
    Close();
  }

  void Drain() override {
    draining_ = true;
    if (state_ == State::kIdle) Close();
  }

 private:
  enum class State { kIdle, kHead, kPost, kWriting, kLinger, kClosed };

  struct Pending {
    Response response;
    bool omit_body = false;
  };

  static Clock::duration Seconds(uint32_t s) { return std::chrono::seconds(s); }

  void SetState(State state) {
    state_ = state;
    const ServerOptions& o = worker_->shared().options;
    switch (state) {
      case State::kIdle:
        deadline_ = worker_->now() + Seconds(o.idle_timeout_seconds);
        break;
      case State::kHead:
        deadline_ = worker_->now() + Seconds(o.header_timeout_seconds);
        break;
      case State::kPost:
        deadline_ = worker_->now() + Seconds(o.body_timeout_seconds);
        break;
      case State::kWriting:
        deadline_ = worker_->now() + Seconds(o.send_timeout_seconds);
        break;
      case State::kLinger:
        deadline_ = worker_->now() + Seconds(2);
        break;
      case State::kClosed:
        break;
    }
  }

  // True when the client has sent bytes not read yet (or the check fails).
  bool Readable() {
    ErrorCode ec;
    size_t available = stream_.lowest_layer().available(ec);
    return ec || available > 0;
  }

  // True when the connection may end with close(2) as soon as the answer is sent: plain HTTP,
  // a successful final answer to a request read whole, and nothing more from the client
  // (unread bytes would make the kernel reset the connection and lose the answer; see Linger).
  bool CanCloseAtOnce() {
    if constexpr (kTls) {
      return false;
    } else {
      return close_after_write_ && clean_close_ && begin_ == end_ && !Readable();
    }
  }

  // close(2) alone: the descriptor is not shared, so it sends the FIN (no shutdown(2) first),
  // and the kernel drops it from epoll (asio does not call EPOLL_CTL_DEL for a closing socket).
  void Close() {
    if (state_ == State::kClosed) return;
    state_ = State::kClosed;
    ErrorCode ec;
    stream_.lowest_layer().close(ec);
  }

  void Read() {
    if (begin_ == end_) {
      begin_ = end_ = 0;
    } else if (begin_ > 0) {
      std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
      end_ -= begin_;
      begin_ = 0;
    }
    if (end_ == buffer_.size()) {
      size_t limit = worker_->shared().options.limits.max_head_bytes + 1;
      buffer_.resize(std::max(buffer_.size(), std::min(buffer_.size() * 2, limit)));
    }
    stream_.async_read_some(
        asio::buffer(buffer_.data() + end_, buffer_.size() - end_),
        [self = this->shared_from_this()](const ErrorCode& ec, size_t n) { self->OnRead(ec, n); });
  }

  void OnRead(const ErrorCode& ec, size_t n) {
    if (ec || state_ == State::kClosed) return Close();
    if (state_ == State::kIdle) SetState(State::kHead);
    end_ += n;
    Process();
  }

  void Process() {
    if (state_ == State::kClosed) return;
    pending_.clear();
    Shared& shared = worker_->shared();
    shared.catalog->Refresh(&generation_, &catalog_);
    while (pending_.size() < kMaxPipelined) {
      std::string_view bytes(buffer_.data() + begin_, end_ - begin_);
      if (bytes.empty()) break;
      HttpRequest request;
      ParseResult parsed = ParseRequestHead(bytes, shared.options.limits, &request);
      if (parsed.state == ParseState::kIncomplete) {
        if (end_ - begin_ == buffer_.size() &&
            buffer_.size() > shared.options.limits.max_head_bytes) {
          parsed = ParseResult{ParseState::kError, 431, "request head too large"};
        } else {
          break;
        }
      }
      if (parsed.state == ParseState::kError) {
        Pending& p = pending_.emplace_back(
            Pending{ParseErrorResponse(parsed.status, parsed.reason, worker_->counters()), false});
        Log(request.request_line.empty() ? std::string_view("-") : request.request_line, p.response,
            {}, {});
        begin_ = end_;
        close_after_write_ = true;
        break;
      }
      if (request.method == HttpMethod::kPost && !pending_.empty()) break;  // answer those first
      Response response = HandleRequest(request, *catalog_, worker_->counters(), context_);
      if (response.post) {
        StartPost(request, response);
        return;
      }
      begin_ += request.head_size;
      Log(request.request_line, response, request.referer, request.user_agent);
      bool close = response.close || draining_;
      // A successful answer to a client that asked to close (or a drain): the request was read
      // whole, so when nothing more has arrived the connection can close at once, like nginx.
      bool clean = close && response.status() < 400;
      pending_.push_back(Pending{std::move(response), request.method == HttpMethod::kHead});
      if (close) {
        close_after_write_ = true;
        clean_close_ = clean;
        break;
      }
    }
    if (!pending_.empty()) return Write();
    if (begin_ == end_) SetState(State::kIdle);
    if (draining_ && state_ == State::kIdle) return Close();
    Read();
  }

  void Log(std::string_view request_line, const Response& response, std::string_view referer,
           std::string_view user_agent) {
    if (!worker_->shared().access_log->enabled()) return;
    if (remote_.empty()) remote_ = peer_.address().to_string();  // only when logging
    FormatCombinedLine(&worker_->log_buffer(), remote_, post_user_, worker_->log_time(),
                       request_line, response.status(), response.body().size(), referer,
                       user_agent);
    worker_->MaybeFlushLog();
  }

  void Write() {
    out_.clear();
    // One large prepared body on plain HTTP: the head, then the body with sendfile(2).
    int file = -1;
    if constexpr (!kTls) {
      if (pending_.size() == 1 && !pending_.front().omit_body)
        file = pending_.front().response.body_fd;
    }
    if (file >= 0) return WriteHeadThenFile(file);
    for (const Pending& p : pending_) {
      std::string_view head = p.response.head();
      out_.emplace_back(head.data(), head.size());
      std::string_view date = worker_->date_line();
      out_.emplace_back(date.data(), date.size());
      out_.emplace_back(EndOfHead(&p == &pending_.back()));
      std::string_view body = p.response.body();
      if (!p.omit_body && !body.empty()) out_.emplace_back(body.data(), body.size());
    }
    SetState(State::kWriting);
    if constexpr (!kTls) {
      // Plain HTTP: try the whole batch at once with sendmsg(2) (the socket is non-blocking
      // since the first read). When the socket takes it all, as it does for answers of a few
      // KiB, the answer is done without a trip through asio's composed write and scheduler.
      // When the connection closes right after this answer, the answer is held back
      // (MSG_MORE) and close(2) sends it with the FIN in the same segment: one packet fewer
      // for both ends, as nginx's corked sendfile gets.
      bool fin_with_answer = CanCloseAtOnce();
      if (!SendNow(fin_with_answer ? MSG_MORE : 0)) return Close();
      if (out_.empty()) return fin_with_answer ? Close() : OnWrite(ErrorCode());
    }
    asio::async_write(
        stream_, out_,
        [self = this->shared_from_this()](const ErrorCode& ec, size_t) { self->OnWrite(ec); });
  }

  // Sends what the socket takes of out_ now and drops the sent bytes from out_. False on a
  // socket error (not on a full socket).
  bool SendNow(int flags) {
    std::array<iovec, 4 * kMaxPipelined> parts;
    size_t count = std::min(out_.size(), parts.size());
    for (size_t i = 0; i < count; ++i) {
      parts[i] = {const_cast<void*>(out_[i].data()), out_[i].size()};
    }
    msghdr message{};
    message.msg_iov = parts.data();
    message.msg_iovlen = count;
    ssize_t sent;
    do {
      sent = ::sendmsg(stream_.lowest_layer().native_handle(), &message, flags | MSG_NOSIGNAL);
    } while (sent < 0 && errno == EINTR);
    if (sent < 0) return errno == EAGAIN || errno == EWOULDBLOCK;
    size_t done = static_cast<size_t>(sent);
    size_t first = 0;
    while (first < out_.size() && done >= out_[first].size()) done -= out_[first++].size();
    out_.erase(out_.begin(), out_.begin() + static_cast<std::ptrdiff_t>(first));
    if (!out_.empty()) out_.front() += done;
    return true;
  }

  // The blank line that ends an answer's head, with "Connection: close" on the last answer
  // before a close.
  asio::const_buffer EndOfHead(bool last) const {
    std::string_view end = (last && (close_after_write_ || draining_)) ? kEndClose : kEndKeepAlive;
    return {end.data(), end.size()};
  }

  // The head, then the body with sendfile(2), under TCP_CORK (nginx's tcp_nopush) until the
  // last byte is queued. The cork keeps the head in the body's first packet, and it keeps the
  // kernel from sending a part-filled segment whenever the receiver's window opens a little
  // (with TCP_NODELAY set on a kept-alive connection it otherwise does): the 643 KB cabinet
  // went out in 13.5 segments on average without it, 11 with it, and every segment costs the
  // receiver. Should the socket not take the whole head at once (it is under 1 KiB and the
  // send buffer is empty, so only in theory), the rest goes through asio.
  void WriteHeadThenFile(int file) {
    const Response& response = pending_.front().response;
    size_t size = response.body().size();
    std::string_view head = response.head();
    std::string_view date = worker_->date_line();
    asio::const_buffer end = EndOfHead(true);
    std::array<iovec, 3> parts{{{const_cast<char*>(head.data()), head.size()},
                                {const_cast<char*>(date.data()), date.size()},
                                {const_cast<void*>(end.data()), end.size()}}};
    size_t total = head.size() + date.size() + end.size();
    SetState(State::kWriting);
    msghdr message{};
    message.msg_iov = parts.data();
    message.msg_iovlen = parts.size();
    int fd = stream_.lowest_layer().native_handle();
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_CORK, &one, sizeof one);
    corked_ = true;
    ssize_t sent;
    do {
      sent = ::sendmsg(fd, &message, MSG_NOSIGNAL);
    } while (sent < 0 && errno == EINTR);
    if (sent < 0 && errno != EAGAIN && errno != EWOULDBLOCK) return Close();
    size_t done = sent < 0 ? 0 : static_cast<size_t>(sent);
    if (done == total) return SendFile(file, 0, size);
    for (const iovec& part : parts) {
      size_t skip = std::min(done, part.iov_len);
      done -= skip;
      if (skip < part.iov_len) {
        out_.emplace_back(static_cast<const char*>(part.iov_base) + skip, part.iov_len - skip);
      }
    }
    asio::async_write(stream_, out_,
                      [self = this->shared_from_this(), file, size](const ErrorCode& ec, size_t) {
                        if (ec || self->state_ == State::kClosed) return self->Close();
                        self->SendFile(file, 0, size);
                      });
  }

  // Sends bytes [offset, offset + left) of `file` (a catalog BodyFile, kept open by catalog_)
  // with sendfile(2), waiting for the socket to take more when it is full. The socket is
  // already non-blocking: asio made it so for the first read.
  void SendFile(int file, off_t offset, size_t left) {
    if constexpr (!kTls) {
      int fd = stream_.native_handle();
      while (left > 0) {
        ssize_t n = ::sendfile(fd, file, &offset, left);
        if (n > 0) {
          left -= static_cast<size_t>(n);
          continue;
        }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
          stream_.async_wait(tcp::socket::wait_write, [self = this->shared_from_this(), file,
                                                       offset, left](const ErrorCode& e) {
            if (e || self->state_ == State::kClosed) return self->Close();
            self->SendFile(file, offset, left);
          });
          return;
        }
        return Close();  // an error, or the file is shorter than its answer (cannot happen)
      }
      if (corked_) {  // uncork: send the tail now
        int zero = 0;
        ::setsockopt(fd, IPPROTO_TCP, TCP_CORK, &zero, sizeof zero);
        corked_ = false;
      }
    }
    OnWrite(ErrorCode());
  }

  void OnWrite(const ErrorCode& ec) {
    if (ec || state_ == State::kClosed) return Close();
    pending_.clear();
    if (close_after_write_ || draining_) {
      // Nothing unread: close now (a FIN after the answer). Otherwise drain what the client
      // still sends first, so that its unread bytes do not make the kernel reset the answer.
      if (CanCloseAtOnce()) return Close();
      return Linger();
    }
    if (!no_delay_) {
      // The connection stays open for more answers: from now on an answer's last small
      // segment must not wait for the previous one's ACK (Nagle). Set once per kept-alive
      // connection, as nginx does, so a one-request connection saves the system call.
      no_delay_ = true;
      ErrorCode ignored;
      stream_.lowest_layer().set_option(tcp::no_delay(true), ignored);
    }
    SetState(begin_ == end_ ? State::kIdle : State::kHead);
    Process();
  }

  // After a final answer: stop sending, then read and drop what the client still sends (so the
  // kernel does not reset the connection and lose the answer) until it closes or 2 s pass.
  void Linger() {
    ErrorCode ec;
    stream_.lowest_layer().shutdown(tcp::socket::shutdown_send, ec);
    SetState(State::kLinger);
    begin_ = end_ = 0;
    stream_.async_read_some(asio::buffer(buffer_),
                            [self = this->shared_from_this()](const ErrorCode& e, size_t) {
                              if (e || self->state_ == State::kClosed) return self->Close();
                              self->LingerMore();
                            });
  }
  void LingerMore() {
    stream_.async_read_some(asio::buffer(buffer_),
                            [self = this->shared_from_this()](const ErrorCode& e, size_t) {
                              if (e || self->state_ == State::kClosed) return self->Close();
                              self->LingerMore();
                            });
  }

  // ---- posting ------------------------------------------------------------------------------

  void StartPost(const HttpRequest& request, const Response& response) {
    post_name_ = std::string(response.post_name);
    post_version_ = std::string(request.phonebook_version);
    post_request_line_ = std::string(request.request_line);
    post_expect_continue_ = request.expect_continue;
    post_keep_alive_ = request.keep_alive;
    body_.clear();
    body_needed_ = request.content_length;
    begin_ += request.head_size;
    SetState(State::kPost);
    std::string authorization(request.authorization);
    Shared& shared = worker_->shared();
    asio::post(shared.control, [self = this->shared_from_this(), &shared,
                                authorization = std::move(authorization)]() mutable {
      std::string user;
      bool ok = shared.posts->Authenticate(authorization, &user);
      asio::io_context& io = self->worker_->io();
      // The worker must hold the last reference: the connection unlinks itself from the
      // worker's list when it dies.
      asio::post(io, [self = std::move(self), ok, user = std::move(user)]() mutable {
        self->OnAuthenticated(ok, std::move(user));
      });
    });
  }

  void OnAuthenticated(bool ok, std::string user) {
    if (state_ == State::kClosed) return;
    if (!ok) {
      worker_->shared().counters->posts_refused.fetch_add(1);
      return FinishPost(PostService::Unauthorized(), /*close=*/true);
    }
    post_user_ = std::move(user);
    if (post_expect_continue_) {
      asio::async_write(stream_, asio::buffer(kContinue.data(), kContinue.size()),
                        [self = this->shared_from_this()](const ErrorCode& ec, size_t) {
                          if (ec) return self->Close();
                          self->ReadBody();
                        });
      return;
    }
    ReadBody();
  }

  void ReadBody() {
    size_t have = std::min<uint64_t>(end_ - begin_, body_needed_);
    body_.assign(buffer_.data() + begin_, have);
    begin_ += have;
    if (body_.size() == body_needed_) return OnBody();
    body_.resize(body_needed_);
    asio::async_read(stream_, asio::buffer(body_.data() + have, body_needed_ - have),
                     [self = this->shared_from_this()](const ErrorCode& ec, size_t) {
                       if (ec || self->state_ == State::kClosed) return self->Close();
                       self->OnBody();
                     });
  }

  void OnBody() {
    Shared& shared = worker_->shared();
    asio::post(shared.control, [self = this->shared_from_this(), &shared]() mutable {
      Response response = shared.posts->Accept(self->post_name_, self->post_version_, self->body_);
      asio::io_context& io = self->worker_->io();
      asio::post(io, [self = std::move(self), response = std::move(response)]() mutable {
        self->body_ = std::string();
        self->FinishPost(std::move(response), !self->post_keep_alive_);
      });
    });
  }

  void FinishPost(Response response, bool close) {
    if (state_ == State::kClosed) return;
    Log(post_request_line_, response, {}, {});
    pending_.clear();
    pending_.push_back(Pending{std::move(response), false});
    if (close) {
      close_after_write_ = true;
      begin_ = end_;
    }
    Write();
  }

  Worker* worker_;
  Stream stream_;
  tcp::endpoint peer_;
  std::string remote_;  // peer_ as text, made when the first access log line needs it
  State state_ = State::kIdle;
  Clock::time_point deadline_;
  bool draining_ = false;
  bool close_after_write_ = false;
  bool clean_close_ = false;  // close_after_write_ after a successful answer (see OnWrite)
  bool no_delay_ = kTls;      // TCP_NODELAY set (see OnWrite; TLS sets it at accept)
  bool corked_ = false;       // TCP_CORK set (see WriteHeadThenFile)
  std::vector<char> buffer_;
  size_t begin_ = 0, end_ = 0;
  std::vector<Pending> pending_;
  std::vector<asio::const_buffer> out_;
  HandlerContext context_;
  uint64_t generation_ = 0;
  std::shared_ptr<const Catalog> catalog_;
  // posting
  std::string post_name_, post_version_, post_request_line_, post_user_, body_;
  uint64_t body_needed_ = 0;
  bool post_expect_continue_ = false;
  bool post_keep_alive_ = true;
};

void Worker::Accept(Listener& listener) {
  listener.acceptor.async_accept(
      io_, listener.peer, [this, &listener](const ErrorCode& ec, tcp::socket socket) {
        if (ec == asio::error::operation_aborted || !listener.acceptor.is_open()) return;
        if (ec) {
          // Out of descriptors or similar: wait a little instead of spinning.
          auto timer = std::make_shared<asio::steady_timer>(io_, std::chrono::milliseconds(50));
          timer->async_wait([this, &listener, timer](const ErrorCode&) { Accept(listener); });
          return;
        }
        Counters& counters = *shared_->counters;
        if (counters.connections_open.load(std::memory_order_relaxed) >=
            static_cast<int64_t>(shared_->options.max_connections)) {
          counters.connections_refused.fetch_add(1, std::memory_order_relaxed);
          ErrorCode ignored;
          socket.close(ignored);
        } else {
          counters.connections_accepted.fetch_add(1, std::memory_order_relaxed);
          if (listener.tls) {
            // A TLS handshake is several small writes in a row: no Nagle from the start.
            ErrorCode ignored;
            socket.set_option(tcp::no_delay(true), ignored);
            std::make_shared<Connection<asio::ssl::stream<tcp::socket>>>(
                this, asio::ssl::stream<tcp::socket>(std::move(socket), *shared_->tls),
                listener.peer)
                ->Start();
          } else {
            std::make_shared<Connection<tcp::socket>>(this, std::move(socket), listener.peer)
                ->Start();
          }
        }
        Accept(listener);
      });
}

}  // namespace

Result<ListenSpec> ParseListenSpec(std::string_view text) {
  ListenSpec spec;
  std::string_view rest = text;
  if (rest.rfind("https://", 0) == 0) {
    spec.tls = true;
    rest.remove_prefix(8);
  } else if (rest.rfind("http://", 0) == 0) {
    rest.remove_prefix(7);
  }
  size_t colon = rest.rfind(':');
  if (colon == std::string_view::npos || colon + 1 == rest.size()) {
    return Fail(Errc::kInvalidArgument,
                fmt::format("--listen {}: expected HOST:PORT or https://HOST:PORT", text));
  }
  std::string_view host = rest.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  if (host.empty()) host = "0.0.0.0";
  uint32_t port = 0;
  for (char c : rest.substr(colon + 1)) {
    if (c < '0' || c > '9' || port > 65535) {
      return Fail(Errc::kInvalidArgument, fmt::format("--listen {}: bad port", text));
    }
    port = port * 10 + static_cast<uint32_t>(c - '0');
  }
  if (port > 65535) return Fail(Errc::kInvalidArgument, fmt::format("--listen {}: bad port", text));
  spec.host = std::string(host);
  spec.port = static_cast<uint16_t>(port);
  return spec;
}

struct Server::Impl {
  Shared shared;
  std::vector<std::unique_ptr<Worker>> workers;
  std::vector<std::string> endpoints;
};

Server::Server(ServerOptions options, PostService* posts, CatalogHolder* catalog,
               Counters* counters)
    : impl_(std::make_unique<Impl>()) {
  impl_->shared.options = std::move(options);
  impl_->shared.posts = posts;
  impl_->shared.catalog = catalog;
  impl_->shared.counters = counters;
  impl_->shared.access_log = std::make_unique<AccessLog>(impl_->shared.options.access_log);
}

Server::~Server() = default;

std::vector<std::string> Server::endpoints() const { return impl_->endpoints; }

Status Server::Start() {
  Shared& shared = impl_->shared;
  const ServerOptions& options = shared.options;
  CM_TRY_STATUS(shared.access_log->Reopen());
  bool any_tls = false;
  for (const ListenSpec& spec : options.listen) any_tls = any_tls || spec.tls;
  if (any_tls) {
    if (options.tls_cert.empty() || options.tls_key.empty()) {
      return Fail(Errc::kInvalidArgument, "an https:// listener needs --tls-cert and --tls-key");
    }
    shared.tls = std::make_unique<asio::ssl::context>(asio::ssl::context::tls_server);
    shared.tls->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                            asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                            asio::ssl::context::no_tlsv1_1);
    ErrorCode ec;
    shared.tls->use_certificate_chain_file(options.tls_cert, ec);
    if (ec) return Fail(Errc::kIo, fmt::format("{}: {}", options.tls_cert, ec.message()));
    shared.tls->use_private_key_file(options.tls_key, asio::ssl::context::pem, ec);
    if (ec) return Fail(Errc::kIo, fmt::format("{}: {}", options.tls_key, ec.message()));
  }
  uint32_t count = std::max<uint32_t>(1, options.workers);
  for (uint32_t i = 0; i < count; ++i)
    impl_->workers.push_back(std::make_unique<Worker>(&shared, i));
  for (const ListenSpec& spec : options.listen) {
    ErrorCode ec;
    auto address = asio::ip::make_address(spec.host, ec);
    if (ec)
      return Fail(Errc::kInvalidArgument, fmt::format("--listen {}: not an IP address", spec.host));
    tcp::endpoint endpoint(address, spec.port);
    // Every worker gets its own acceptor on the same port (SO_REUSEPORT): the kernel spreads
    // new connections across the event loops. Port 0 is resolved by the first one.
    for (auto& worker : impl_->workers) {
      tcp::acceptor acceptor(worker->io());
      acceptor.open(endpoint.protocol(), ec);
      if (!ec) acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
      if (!ec) {
        int one = 1;
        if (::setsockopt(acceptor.native_handle(), SOL_SOCKET, SO_REUSEPORT, &one, sizeof one) !=
            0) {
          ec = ErrorCode(errno, boost::system::system_category());
        }
      }
      if (!ec) acceptor.bind(endpoint, ec);
      if (!ec) acceptor.listen(4096, ec);
      if (!ec) {
        // Wake the worker only once the client's first bytes have arrived (the request, or a
        // TLS ClientHello): the accepted socket is readable at once, so a new connection costs
        // one trip through the event loop, not two. A client that connects and stays silent
        // is accepted after the header timeout's worth of SYN-ACK retries and then timed out.
        int seconds = static_cast<int>(std::max<uint32_t>(1, options.header_timeout_seconds));
        ::setsockopt(acceptor.native_handle(), IPPROTO_TCP, TCP_DEFER_ACCEPT, &seconds,
                     sizeof seconds);
      }
      if (ec) {
        return Fail(Errc::kIo,
                    fmt::format("--listen {}:{}: {}", spec.host, endpoint.port(), ec.message()));
      }
      endpoint = acceptor.local_endpoint();
      worker->AddAcceptor(std::move(acceptor), spec.tls);
    }
    std::string host = endpoint.address().is_v6() ? "[" + endpoint.address().to_string() + "]"
                                                  : endpoint.address().to_string();
    impl_->endpoints.push_back(
        fmt::format("{}{}:{}", spec.tls ? "https://" : "", host, endpoint.port()));
  }
  if (!options.ready_file.empty()) {
    std::string text;
    for (const std::string& e : impl_->endpoints) text += e + "\n";
    CM_TRY_STATUS(WriteFileAtomic(options.ready_file, text));
  }
  return Ok();
}

void Server::Run() {
  Shared& shared = impl_->shared;
  ::signal(SIGPIPE, SIG_IGN);
  for (auto& worker : impl_->workers) worker->Start();
  std::atomic<size_t> finished{0};
  std::vector<std::thread> threads;
  for (auto& worker : impl_->workers) {
    threads.emplace_back([&worker, &finished] {
      worker->io().run();
      worker->FlushLog();
      finished.fetch_add(1);
    });
  }

  asio::io_context& control = shared.control;
  auto work = asio::make_work_guard(control);
  asio::signal_set stop_signals(control, SIGTERM, SIGINT);
  asio::signal_set hup(control, SIGHUP);
  asio::steady_timer tick(control);
  asio::steady_timer incoming(control);
  asio::steady_timer shutdown_timer(control);
  Clock::time_point shutdown_deadline{};

  std::function<void()> schedule_tick = [&] {
    tick.expires_after(std::chrono::seconds(1));
    tick.async_wait([&](const ErrorCode& ec) {
      if (ec) return;
      shared.counters->Tick();
      schedule_tick();
    });
  };
  schedule_tick();
  std::function<void()> schedule_incoming = [&] {
    if (shared.options.incoming_scan_seconds == 0) return;
    incoming.expires_after(std::chrono::seconds(shared.options.incoming_scan_seconds));
    incoming.async_wait([&](const ErrorCode& ec) {
      if (ec) return;
      std::vector<std::string> log;
      shared.posts->ScanIncoming(&log);
      for (const std::string& line : log) std::cerr << "pbserver: " << line << "\n";
      schedule_incoming();
    });
  };
  schedule_incoming();
  std::function<void()> wait_hup = [&] {
    hup.async_wait([&](const ErrorCode& ec, int) {
      if (ec) return;
      if (auto reopened = shared.access_log->Reopen(); !reopened) {
        std::cerr << "pbserver: error: " << reopened.error().ToString() << "\n";
      }
      std::vector<std::string> warnings;
      if (auto loaded = shared.posts->LoadAll(&warnings); !loaded) {
        std::cerr << "pbserver: error: reload: " << loaded.error().ToString() << "\n";
      }
      for (const std::string& w : warnings) std::cerr << "pbserver: warning: " << w << "\n";
      wait_hup();
    });
  };
  wait_hup();
  std::function<void()> watch_shutdown = [&] {
    shutdown_timer.expires_after(std::chrono::milliseconds(50));
    shutdown_timer.async_wait([&](const ErrorCode&) {
      if (finished.load() == impl_->workers.size()) {
        work.reset();
        control.stop();
        return;
      }
      if (Clock::now() >= shutdown_deadline) {
        for (auto& worker : impl_->workers) worker->io().stop();
      }
      watch_shutdown();
    });
  };
  stop_signals.async_wait([&](const ErrorCode& ec, int) {
    if (ec) return;
    shared.draining.store(true);
    tick.cancel();
    incoming.cancel();
    hup.cancel();
    shutdown_deadline =
        Clock::now() + std::chrono::seconds(shared.options.shutdown_timeout_seconds);
    for (auto& worker : impl_->workers) {
      asio::post(worker->io(), [w = worker.get()] { w->BeginDrain(); });
    }
    watch_shutdown();
  });
  control.run();
  for (auto& worker : impl_->workers) worker->io().stop();
  for (std::thread& thread : threads) thread.join();
}

}  // namespace cm::pbserver
