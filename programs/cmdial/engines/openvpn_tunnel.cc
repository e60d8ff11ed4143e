// SPDX-License-Identifier: MIT
#include "engines/openvpn_tunnel.h"

#include <fmt/format.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>

#include "cm/file_util.h"

namespace cm::cmdial {
namespace {

using Clock = std::chrono::steady_clock;

int Remaining(Clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  return left.count() < 0 ? 0 : static_cast<int>(left.count());
}

}  // namespace

OpenVpnTunnel::~OpenVpnTunnel() { Stop(); }

void OpenVpnTunnel::Send(std::string_view text) {
  while (management_fd_ >= 0 && !text.empty()) {
    ssize_t sent = send(management_fd_, text.data(), text.size(), MSG_NOSIGNAL);
    if (sent < 0 && errno == EINTR) continue;
    if (sent <= 0) return;
    text.remove_prefix(static_cast<size_t>(sent));
  }
}

std::string OpenVpnTunnel::LogTail() const {
  Result<std::string> log = ReadFile(log_path());
  if (!log) return {};
  std::string text = *log;
  while (!text.empty() && text.back() == '\n') text.pop_back();
  size_t start = text.size();
  for (int lines = 0; lines < 3 && start != std::string::npos && start > 0; ++lines) {
    start = text.rfind('\n', start - 1);
  }
  return start == std::string::npos ? text : text.substr(start + 1);
}

Status OpenVpnTunnel::FailUp(int64_t value, std::string message) {
  last_error_value_ = value;
  std::string tail = LogTail();
  Stop();
  if (!tail.empty()) message += fmt::format(" (the end of {}: {})", log_path(), tail);
  return Fail(Errc::kNetwork, std::move(message));
}

void OpenVpnTunnel::Stop() {
  watch_.Close();
  if (child_.running()) {
    if (management_fd_ >= 0) {
      Send("signal SIGTERM\n");
      pollfd exited{child_.pidfd(), POLLIN, 0};
      poll(&exited, 1, 3000);
    }
    child_.KillGroupAndReap(std::chrono::milliseconds(1000));
  }
  if (management_fd_ >= 0) close(management_fd_);
  management_fd_ = -1;
  reader_ = ManagementLineReader();
  up_ = false;
  unlink(settings_.client.management_socket.c_str());
  // Also after a failed Up(): nothing generated stays but the log (kept for diagnosis; the
  // error message names it, and the next connection replaces it).
  unlink(config_path().c_str());
}

bool OpenVpnTunnel::Pump(const std::string* user, const std::string* password) {
  char buffer[4096];
  while (management_fd_ >= 0) {
    ssize_t got = recv(management_fd_, buffer, sizeof buffer, MSG_DONTWAIT);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
    if (got <= 0) {  // closed: still handle the lines that came before (AUTH_FAILED, EXITING)
      close(management_fd_);
      management_fd_ = -1;
      break;
    }
    reader_.Append(std::string_view(buffer, static_cast<size_t>(got)));
  }
  std::string line;
  while (reader_.TakeLine(&line)) {
    ManagementEvent event = ParseManagementLine(line);
    switch (event.kind) {
      case ManagementEvent::Kind::kState:
        state_ = event.state;
        state_detail_ = event.detail;
        if (event.state == "CONNECTED") {
          addresses_.client_ip = event.local_ip;
          addresses_.server_ip = event.remote_ip;
        }
        break;
      case ManagementEvent::Kind::kNeedPassword:
        if (user && password) {
          Result<std::string> answer =
              ManagementCredentials(event.detail, *user, *password, event.need_user_name);
          if (answer) {
            Send(*answer);
          } else {
            failure_ = answer.error().message();
          }
        } else {
          failure_ = fmt::format("OpenVPN asked for the '{}' password again", event.detail);
        }
        break;
      case ManagementEvent::Kind::kPasswordFailed:
        auth_failed_ = true;
        failure_ = "the server refused the user name or password";
        break;
      case ManagementEvent::Kind::kByteCount:
        bytes_ = event.bytes_in + event.bytes_out;
        break;
      case ManagementEvent::Kind::kFatal:
        failure_ = "OpenVPN stopped: " + event.text;
        break;
      case ManagementEvent::Kind::kError:
        failure_ = "OpenVPN refused a management command: " + event.text;
        break;
      case ManagementEvent::Kind::kHold:
      case ManagementEvent::Kind::kOther:
        break;
    }
  }
  return management_fd_ >= 0;
}

Status OpenVpnTunnel::ConnectManagement(Clock::time_point deadline, int interrupt_fd) {
  const std::string& path = settings_.client.management_socket;
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  memcpy(address.sun_path, path.data(), path.size());
  while (true) {
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return Fail(Errc::kIo, std::string("socket: ") + strerror(errno));
    if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0) {
      management_fd_ = fd;
      return Ok();
    }
    close(fd);
    pollfd fds[2] = {{child_.pidfd(), POLLIN, 0}, {interrupt_fd, POLLIN, 0}};
    if (poll(fds, interrupt_fd >= 0 ? 2 : 1, 5) > 0) {
      if (fds[1].revents != 0) return Fail(Errc::kNetwork, "interrupted");
      if (fds[0].revents != 0) {
        return FailUp(kVpnErrorNoAnswer, "openvpn exited before opening its management socket");
      }
    }
    if (Remaining(deadline) == 0) {
      return FailUp(kVpnErrorNoAnswer, "openvpn did not open its management socket in time");
    }
  }
}

Status OpenVpnTunnel::Start(const TunnelRequest& request) {
  CM_TRY_STATUS(RequireTool(settings_.openvpn, "openvpn"));
  CM_TRY_STATUS(EnsurePrivateDir(settings_.work_dir));
  settings_.client.management_socket = settings_.work_dir + "/management.sock";
  settings_.client.log_file = log_path();
  if (settings_.client.management_socket.size() >= sizeof(sockaddr_un::sun_path)) {
    return Fail(Errc::kInvalidArgument,
                fmt::format("the runtime folder {} is too long for a unix socket path",
                            settings_.work_dir));
  }
  std::string config = CM_TRY(OpenVpnClientConfig(settings_.client));
  CM_TRY_STATUS(WriteFileAtomic(config_path(), config, 0600));
  unlink(settings_.client.management_socket.c_str());
  unlink(log_path().c_str());
  child_ = CM_TRY(Spawn(settings_.openvpn, {"--config", config_path()},
                        SpawnOptions{ChildOutput::kDiscard, {}}));
  (void)request;
  return Ok();
}

Status OpenVpnTunnel::Up(const TunnelRequest& request) {
  Stop();
  last_error_value_ = 0;
  addresses_ = {};
  bytes_.reset();
  state_.clear();
  failure_.clear();
  auth_failed_ = false;
  gone_ = false;
  Clock::time_point deadline = Clock::now() + settings_.timeout;
  Status started = Start(request);
  if (!started) {
    last_error_value_ = started.error().code() == Errc::kNotFound ? 127 : kVpnErrorNoAnswer;
    return started;
  }
  Status connected = ConnectManagement(deadline, request.interrupt_fd);
  if (!connected) {
    if (last_error_value_ == 0) last_error_value_ = kVpnErrorNoAnswer;
    Stop();
    return connected;
  }
  std::string user = LogonName(request.macros);
  Send("state on\nbytecount 1\nhold release\n");
  while (true) {
    bool open = Pump(&user, &request.password);
    if (auth_failed_) return FailUp(kVpnErrorAuthentication, failure_);
    if (!failure_.empty()) return FailUp(kVpnErrorNoAnswer, failure_);
    if (state_ == "CONNECTED") {
      up_ = true;
      if (state_detail_ != "SUCCESS") {
        // CONNECTED,ERROR: OpenVPN is connected but some option failed (a route, a push).
        failure_.clear();
      }
      break;
    }
    if (state_ == "EXITING") {
      return FailUp(kVpnErrorNoAnswer, fmt::format("OpenVPN gave up ({})", state_detail_));
    }
    if (!open) {
      // OpenVPN may exit on AUTH_FAILED before it tells the management client; its log says so.
      Result<std::string> log = ReadFile(log_path());
      if (log && log->find("AUTH_FAILED") != std::string::npos) {
        return FailUp(kVpnErrorAuthentication, "the server refused the user name or password");
      }
      return FailUp(kVpnErrorNoAnswer, "openvpn closed its management socket");
    }
    pollfd fds[3] = {{management_fd_, POLLIN, 0},
                     {child_.pidfd(), POLLIN, 0},
                     {request.interrupt_fd, POLLIN, 0}};
    int ready = poll(fds, request.interrupt_fd >= 0 ? 3 : 2, Remaining(deadline));
    if (ready > 0 && request.interrupt_fd >= 0 && fds[2].revents != 0) {
      last_error_value_ = kVpnErrorNoAnswer;
      Stop();
      return Fail(Errc::kNetwork, "OpenVPN tunnel: interrupted");
    }
    if (ready > 0 && fds[1].revents != 0 && !(fds[0].revents & POLLIN)) {
      return FailUp(kVpnErrorNoAnswer, "openvpn exited before the tunnel was up");
    }
    if (Remaining(deadline) == 0) {
      return FailUp(kVpnErrorNoAnswer, fmt::format("no OpenVPN tunnel within {} s (last state: {})",
                                                   settings_.timeout.count(),
                                                   state_.empty() ? std::string("none") : state_));
    }
  }
  CM_TRY_STATUS(watch_.Open());
  CM_TRY_STATUS(watch_.Add(management_fd_));
  CM_TRY_STATUS(watch_.Add(child_.pidfd()));
  return Ok();
}

bool OpenVpnTunnel::Gone() {
  if (gone_) return true;
  if (!up_) return false;
  bool open = Pump(nullptr, nullptr);
  bool exited = FdReadable(child_.pidfd());
  if (!open || exited || state_ != "CONNECTED") {
    up_ = false;
    gone_ = true;
    watch_.Close();  // nothing more to watch; Down() cleans up
    return true;
  }
  return false;
}

Status OpenVpnTunnel::Down(const MacroValues& macros) {
  (void)macros;
  Stop();
  return Ok();
}

}  // namespace cm::cmdial
