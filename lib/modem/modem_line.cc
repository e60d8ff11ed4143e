// SPDX-License-Identifier: MIT
// ModemLine: the Hayes dialogue over a serial device or pseudo-terminal.
#include <fcntl.h>
#include <fmt/format.h>
#include <poll.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>

#include "cm/modem.h"

namespace cm {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

speed_t BaudConstant(uint32_t baud) {
  switch (baud) {
    case 9600:
      return B9600;
    case 19200:
      return B19200;
    case 38400:
      return B38400;
    case 57600:
      return B57600;
    case 230400:
      return B230400;
    default:
      return B115200;
  }
}

void Note(std::vector<std::string>* transcript, std::string line) {
  if (transcript != nullptr) transcript->push_back(std::move(line));
}

}  // namespace

Result<ModemLine> ModemLine::Open(const std::string& device, uint32_t baud) {
  int fd = ::open(device.c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    const int error = errno;
    return Fail(error == ENOENT ? Errc::kNotFound : Errc::kIo,
                fmt::format("cannot open modem device: {}", std::strerror(error)),
                {.file = device});
  }
  ModemLine line(fd);
  termios tio{};
  if (::tcgetattr(fd, &tio) != 0) {
    return Fail(Errc::kIo, fmt::format("not a serial device: {}", std::strerror(errno)),
                {.file = device});
  }
  ::cfmakeraw(&tio);
  tio.c_cflag |= CLOCAL | CREAD;
  tio.c_cflag &= ~static_cast<tcflag_t>(CRTSCTS);
  tio.c_cc[VMIN] = 0;
  tio.c_cc[VTIME] = 0;
  ::cfsetispeed(&tio, BaudConstant(baud));
  ::cfsetospeed(&tio, BaudConstant(baud));
  if (::tcsetattr(fd, TCSANOW, &tio) != 0) {
    return Fail(Errc::kIo, fmt::format("cannot set line mode: {}", std::strerror(errno)),
                {.file = device});
  }
  return line;
}

ModemLine::ModemLine(ModemLine&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), pending_(std::move(other.pending_)) {}

ModemLine& ModemLine::operator=(ModemLine&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
    pending_ = std::move(other.pending_);
  }
  return *this;
}

ModemLine::~ModemLine() {
  if (fd_ >= 0) ::close(fd_);
}

Status ModemLine::Write(std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t written = ::write(fd_, bytes.data(), bytes.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN) {
        pollfd pfd{fd_, POLLOUT, 0};
        ::poll(&pfd, 1, 1000);
        continue;
      }
      return Fail(Errc::kIo, fmt::format("modem line write failed: {}", std::strerror(errno)));
    }
    bytes.remove_prefix(static_cast<size_t>(written));
  }
  return {};
}

Result<std::optional<std::string>> ModemLine::ReadLine(Clock::time_point deadline) {
  for (;;) {
    // A line ends at CR or LF; empty lines between "\r\n" pairs are skipped by callers.
    size_t end = pending_.find_first_of("\r\n");
    if (end != std::string::npos) {
      std::string line = pending_.substr(0, end);
      pending_.erase(0, end + 1);
      return std::optional<std::string>(std::move(line));
    }
    const auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) return std::optional<std::string>();
    pollfd pfd{fd_, POLLIN, 0};
    int ready = ::poll(&pfd, 1, static_cast<int>(left.count()));
    if (ready < 0) {
      if (errno == EINTR) continue;
      return Fail(Errc::kIo, fmt::format("modem line poll failed: {}", std::strerror(errno)));
    }
    if (ready == 0) continue;
    char buffer[512];
    ssize_t got = ::read(fd_, buffer, sizeof buffer);
    if (got > 0) {
      pending_.append(buffer, static_cast<size_t>(got));
      if (pending_.size() > 64 * 1024) pending_.erase(0, pending_.size() - 4096);
      continue;
    }
    if (got < 0 && (errno == EINTR || errno == EAGAIN)) continue;
    // 0 or EIO: the other side of the line is gone (a pty master closed, a USB modem pulled).
    return Fail(Errc::kIo, "the modem hung up the line");
  }
}

Result<ModemReply> ModemLine::Command(std::string_view command, milliseconds timeout,
                                      std::vector<std::string>* transcript) {
  Note(transcript, fmt::format("> {}", command));
  CM_TRY_STATUS(Write(std::string(command) + "\r"));
  const auto deadline = Clock::now() + timeout;
  for (;;) {
    std::optional<std::string> line = CM_TRY(ReadLine(deadline));
    if (!line) {
      return Fail(Errc::kNetwork, fmt::format("no answer from the modem to '{}' within {} ms",
                                              command, timeout.count()));
    }
    if (line->empty()) continue;
    Note(transcript, fmt::format("< {}", *line));
    if (std::optional<ModemReply> reply = ParseResultLine(*line)) {
      if (reply->result == ModemResult::kRing) continue;
      return *reply;
    }
  }
}

Status ModemLine::Initialise(const std::vector<std::string>& init_commands, milliseconds timeout,
                             std::vector<std::string>* transcript) {
  for (const std::string& command : init_commands) {
    ModemReply reply = CM_TRY(Command(command, timeout, transcript));
    if (reply.result != ModemResult::kOk) {
      return Fail(Errc::kInvalidArgument,
                  fmt::format("the modem answered {} to '{}' (check the init string)",
                              ModemResultText(reply.result), command));
    }
  }
  return {};
}

Result<ModemLine::DialResult> ModemLine::Dial(std::string_view number, bool pulse,
                                              milliseconds timeout,
                                              std::vector<std::string>* transcript) {
  const std::string command = CM_TRY(DialCommand(number, pulse));
  DialResult result;
  Result<ModemReply> reply = Command(command, timeout, transcript);
  if (!reply) {
    result.failure.ras_error =
        reply.error().code() == Errc::kIo ? kRasErrorHardwareFailure : kRasErrorNoAnswer;
    result.failure.message = reply.error().message();
    return result;
  }
  if (reply->result == ModemResult::kConnect) {
    result.connected = *reply;
    return result;
  }
  result.failure.ras_error = RasErrorFor(reply->result);
  if (result.failure.ras_error == 0) result.failure.ras_error = kRasErrorUnrecognizedResponse;
  result.failure.message =
      fmt::format("the modem answered {} when dialing {}", ModemResultText(reply->result), number);
  return result;
}

void ModemLine::HangUp(std::vector<std::string>* transcript) {
  // Hayes escape: one second of silence, "+++", one second of silence, then ATH0.
  constexpr milliseconds kGuard(1100);
  std::this_thread::sleep_for(kGuard);
  Note(transcript, "> +++");
  if (!Write("+++")) return;
  std::this_thread::sleep_for(kGuard);
  // The modem's OK for the escape, so that it is not taken for the answer to ATH0.
  const auto deadline = Clock::now() + milliseconds(1000);
  for (;;) {
    Result<std::optional<std::string>> line = ReadLine(deadline);
    if (!line) return;  // the line is gone: nothing left to hang up
    if (!*line) break;
    if (!(*line)->empty()) Note(transcript, fmt::format("< {}", **line));
    std::optional<ModemReply> reply = ParseResultLine(**line);
    if (reply && reply->result == ModemResult::kOk) break;
  }
  (void)Command("ATH0", milliseconds(3000), transcript);
}

bool ModemLine::WaitForDrop(milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  for (;;) {
    Result<std::optional<std::string>> line = ReadLine(deadline);
    if (!line) return true;    // the device hung up
    if (!*line) return false;  // timeout
    std::optional<ModemReply> reply = ParseResultLine(**line);
    if (reply && reply->result == ModemResult::kNoCarrier) return true;
  }
}

}  // namespace cm
