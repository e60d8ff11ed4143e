// SPDX-License-Identifier: MIT
#include "engines/dialup_link.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>

#include "connect/idle_monitor.h"
#include "engines/pppd_options.h"

namespace cm::cmdial {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr uint32_t kRasAuthenticationFailure = 691;
constexpr uint32_t kRasPppTimeout = 718;
constexpr uint32_t kRasPppLcpTerminated = 734;

void CloseFd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

// Writes all of `text` to a pipe and closes it (pipes hold 64 KiB; our texts are tiny).
void WriteAndClose(int& fd, std::string_view text) {
  while (!text.empty()) {
    ssize_t put = ::write(fd, text.data(), text.size());
    if (put < 0 && errno == EINTR) continue;
    if (put <= 0) break;
    text.remove_prefix(static_cast<size_t>(put));
  }
  CloseFd(fd);
}

// The value after `label` on a pppd log line ("local  IP address 10.0.0.2").
std::optional<std::string> After(std::string_view line, std::string_view label) {
  size_t at = line.find(label);
  if (at == std::string_view::npos) return std::nullopt;
  std::string_view rest = line.substr(at + label.size());
  while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
  size_t end = rest.find_first_of(" \r\n");
  return std::string(rest.substr(0, end));
}

}  // namespace

uint32_t RasErrorForPppdExit(int exit_code) {
  switch (exit_code) {
    case 16:  // the modem hung up
      return kRasErrorPortDisconnected;
    case 15:  // the peer stopped answering LCP echoes
      return kRasErrorRemoteDisconnection;
    case 19:  // we failed to authenticate ourselves
    case 11:  // the peer failed to authenticate itself
      return kRasAuthenticationFailure;
    case 10:  // PPP negotiation failed
      return kRasPppLcpTerminated;
    case 6:  // the serial port could not be locked
    case 7:  // or opened
      return kRasErrorPortNotAvailable;
    default:
      return kRasPppTimeout;
  }
}

DialupLink::DialupLink(DialupSettings settings) : settings_(std::move(settings)) {}

DialupLink::~DialupLink() { HangUp(); }

void DialupLink::Log(std::string_view text) const {
  if (settings_.log) settings_.log(text);
}

Status DialupLink::Fail(uint32_t ras_error, Errc code, std::string message) {
  last_error_ = ras_error;
  return cm::Fail(code, fmt::format("{} (error {})", message, ras_error));
}

Status DialupLink::Dial(const DialRequest& request) {
  last_error_ = 0;
  addresses_ = {};
  interface_.clear();
  if (settings_.device.empty()) {
    return Fail(kRasErrorPortNotAvailable, Errc::kNotFound,
                "no modem is set: run 'cmdial modem detect' or 'cmdial modem set DEVICE'");
  }
  auto line = ModemLine::Open(settings_.device, settings_.baud);
  if (!line) {
    return Fail(
        kRasErrorPortNotAvailable,
        line.error().code() == Errc::kNotFound ? Errc::kNotFound : Errc::kIo,
        fmt::format("the modem {} cannot be used: {}", settings_.device, line.error().message()));
  }
  modem_ = std::move(*line);
  std::vector<std::string> transcript;
  Status init = modem_->Initialise(settings_.init_commands, settings_.command_timeout, &transcript);
  for (const std::string& entry : transcript) Log(fmt::format("modem {}", entry));
  transcript.clear();
  if (!init) {
    modem_.reset();
    const bool silent = init.error().code() == Errc::kNetwork;
    return Fail(silent ? kRasErrorUnrecognizedResponse : kRasErrorFromDevice, Errc::kIo,
                fmt::format("modem {}: {}", settings_.device, init.error().message()));
  }
  const std::string& number =
      request.phone_number.empty() ? settings_.number : request.phone_number;
  Log(fmt::format("dialing {} ({})", number, settings_.pulse ? "pulse" : "tone"));
  auto dial = modem_->Dial(number, settings_.pulse, settings_.dial_timeout, &transcript);
  for (const std::string& entry : transcript) Log(fmt::format("modem {}", entry));
  if (!dial) {
    modem_.reset();
    return Fail(kRasErrorFromDevice, Errc::kInvalidArgument, dial.error().message());
  }
  if (!dial->connected) {
    const uint32_t ras = dial->failure.ras_error;
    modem_.reset();
    const bool device_gone = ras == kRasErrorHardwareFailure;
    return Fail(ras, device_gone ? Errc::kIo : Errc::kNetwork, dial->failure.message);
  }
  Log(fmt::format("connected at {} bit/s{}", dial->connected->speed,
                  dial->connected->protocol.empty() ? "" : " " + dial->connected->protocol));
  CM_TRY_STATUS(StartPppd(request));
  return AwaitAddresses(request.interrupt_fd);
}

Status DialupLink::StartPppd(const DialRequest& request) {
  PppdRequest ppp;
  ppp.device = settings_.device;
  ppp.baud = settings_.baud;
  ppp.user_name = request.user_name;
  auto invocation = BuildPppdInvocation(settings_.cms, settings_.dun, ppp);
  if (!invocation) {
    HangUp();
    return Fail(kRasErrorFromDevice, Errc::kInvalidArgument, invocation.error().message());
  }
  for (const std::string& note : invocation->notes) Log(fmt::format("pppd: {}", note));
  Log(fmt::format("starting {} {}", settings_.pppd, fmt::join(invocation->args, " ")));

  int options[2], password[2], output[2];
  if (::pipe2(options, O_CLOEXEC) != 0) return Fail(kRasErrorFromDevice, Errc::kIo, "pipe failed");
  if (::pipe2(password, O_CLOEXEC) != 0) {
    ::close(options[0]);
    ::close(options[1]);
    return Fail(kRasErrorFromDevice, Errc::kIo, "pipe failed");
  }
  if (::pipe2(output, O_CLOEXEC) != 0) {
    for (int fd : {options[0], options[1], password[0], password[1]}) ::close(fd);
    return Fail(kRasErrorFromDevice, Errc::kIo, "pipe failed");
  }
  std::vector<std::string> args = invocation->args;
  args.insert(args.begin(), settings_.pppd);
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);

  pid_t pid = ::fork();
  if (pid == 0) {
    // Child: fds 2 (log), 3 (options), 4 (password); stdin and stdout on /dev/null.
    ::setsid();
    int null = ::open("/dev/null", O_RDWR);
    ::dup2(null, 0);
    ::dup2(null, 1);
    ::dup2(output[1], 2);
    int opt = ::fcntl(options[0], F_DUPFD, 10);
    int pwd = ::fcntl(password[0], F_DUPFD, 10);
    ::dup2(opt, 3);
    ::dup2(pwd, 4);
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    ::execv(argv[0], argv.data());
    const char message[] = "cmdial: cannot run pppd\n";
    (void)!::write(2, message, sizeof message - 1);
    ::_exit(127);
  }
  ::close(options[0]);
  ::close(password[0]);
  ::close(output[1]);
  if (pid < 0) {
    for (int fd : {options[1], password[1], output[0]}) ::close(fd);
    HangUp();
    return Fail(kRasErrorFromDevice, Errc::kIo, "cannot start pppd: fork failed");
  }
  pppd_ = pid;
  pppd_status_.reset();
  pppd_text_.clear();
  pppd_output_ = output[0];
  ::fcntl(pppd_output_, F_SETFL, O_NONBLOCK);
  WriteAndClose(options[1], invocation->options_text);
  WriteAndClose(password[1], request.password);
  return {};
}

void DialupLink::ReadPppdOutput() {
  char buffer[1024];
  for (;;) {
    ssize_t got = ::read(pppd_output_, buffer, sizeof buffer);
    if (got > 0) {
      pppd_text_.append(buffer, static_cast<size_t>(got));
      continue;
    }
    if (got == 0) CloseFd(pppd_output_);
    break;
  }
  size_t end;
  while ((end = pppd_text_.find('\n')) != std::string::npos) {
    std::string line = pppd_text_.substr(0, end);
    pppd_text_.erase(0, end + 1);
    Log(fmt::format("pppd: {}", line));
    if (auto ip = After(line, "local  IP address")) addresses_.client_ip = *ip;
    if (auto ip = After(line, "remote IP address")) addresses_.server_ip = *ip;
    if (auto name = After(line, "Using interface")) interface_ = *name;
  }
  if (pppd_ > 0 && !pppd_status_) {
    int status = 0;
    if (::waitpid(pppd_, &status, WNOHANG) == pppd_) {
      pppd_status_ = status;
      pppd_ = -1;
    }
  }
}

Status DialupLink::AwaitAddresses(int interrupt_fd) {
  const auto deadline = Clock::now() + settings_.ppp_timeout;
  while (addresses_.client_ip.empty() || addresses_.server_ip.empty()) {
    if (pppd_status_ || pppd_output_ < 0) {
      // pppd ended (or closed its log) before the link came up.
      if (!pppd_status_ && pppd_ > 0) {
        int status = 0;
        ::waitpid(pppd_, &status, 0);
        pppd_status_ = status;
        pppd_ = -1;
      }
      const int code = WIFEXITED(*pppd_status_) ? WEXITSTATUS(*pppd_status_) : -1;
      HangUp();
      if (code == 4) {
        return Fail(kRasErrorHardwareFailure, Errc::kUnsupported,
                    "pppd: this kernel has no PPP support (module ppp_generic)");
      }
      if (code == 127) {
        return Fail(kRasErrorHardwareFailure, Errc::kNotFound,
                    fmt::format("pppd cannot run ({}): install the ppp package", settings_.pppd));
      }
      return Fail(RasErrorForPppdExit(code), Errc::kNetwork,
                  fmt::format("pppd ended with status {} before the link came up", code));
    }
    const auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) {
      HangUp();
      return Fail(
          kRasPppTimeout, Errc::kNetwork,
          fmt::format("PPP did not come up within {} s", settings_.ppp_timeout.count() / 1000));
    }
    pollfd fds[2] = {{pppd_output_, POLLIN, 0}, {interrupt_fd, POLLIN, 0}};
    int ready = ::poll(fds, interrupt_fd >= 0 ? 2 : 1,
                       static_cast<int>(std::min<int64_t>(left.count(), 200)));
    if (ready > 0 && interrupt_fd >= 0 && (fds[1].revents & POLLIN) != 0) {
      HangUp();
      return cm::Fail(Errc::kNetwork, "cancelled while PPP was starting");
    }
    ReadPppdOutput();
  }
  Log(fmt::format("link up: {} -> {}{}", addresses_.client_ip, addresses_.server_ip,
                  interface_.empty() ? "" : " on " + interface_));
  return {};
}

bool DialupLink::Dropped() {
  if (pppd_output_ >= 0) ReadPppdOutput();
  return pppd_status_.has_value() || pppd_output_ < 0;
}

void DialupLink::HangUp() {
  if (pppd_ > 0) {
    ::kill(pppd_, SIGTERM);
    for (int i = 0; i < 50; ++i) {
      if (::waitpid(pppd_, nullptr, WNOHANG) == pppd_) {
        pppd_ = -1;
        break;
      }
      std::this_thread::sleep_for(milliseconds(20));
    }
    if (pppd_ > 0) {
      ::kill(pppd_, SIGKILL);
      ::waitpid(pppd_, nullptr, 0);
      pppd_ = -1;
    }
  }
  CloseFd(pppd_output_);
  if (modem_) {
    std::vector<std::string> transcript;
    modem_->HangUp(&transcript);
    for (const std::string& entry : transcript) Log(fmt::format("modem {}", entry));
    modem_.reset();
  }
}

std::optional<uint64_t> DialupLink::TrafficBytes() const {
  return InterfaceTrafficBytes(interface_);
}

}  // namespace cm::cmdial
