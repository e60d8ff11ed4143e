// SPDX-License-Identifier: MIT
// Writing the combined-format access log.
#include "access_log.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace cm::pbserver {
namespace {

void AppendEscaped(std::string* out, std::string_view text) {
  if (text.empty()) {
    *out += '-';
    return;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u >= 0x7f || c == '"' || c == '\\') {
      *out += "\\x";
      *out += kHex[u >> 4];
      *out += kHex[u & 15];
    } else {
      *out += c;
    }
  }
}

}  // namespace

AccessLog::~AccessLog() {
  if (fd_ > 1) ::close(fd_);
}

Status AccessLog::Reopen() {
  if (path_.empty()) return Ok();
  int fd = path_ == "-" ? 1
                        : ::open(path_.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
  if (fd < 0) {
    return Fail(Errc::kIo, fmt::format("{}: cannot open access log: {}", path_, std::strerror(errno)));
  }
  std::lock_guard lock(mutex_);
  if (fd_ > 1) ::close(fd_);
  fd_ = fd;
  return Ok();
}

void AccessLog::Write(std::string_view lines) {
  std::lock_guard lock(mutex_);
  while (fd_ >= 0 && !lines.empty()) {
    ssize_t n = ::write(fd_, lines.data(), lines.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // a full disk must not stop the service; lines are dropped
    lines.remove_prefix(static_cast<size_t>(n));
  }
}

void FormatCombinedLine(std::string* out, std::string_view host, std::string_view user,
                        std::string_view time, std::string_view request_line, int status,
                        uint64_t bytes, std::string_view referer, std::string_view user_agent) {
  *out += host;
  *out += " - ";
  AppendEscaped(out, user);
  *out += " [";
  *out += time;
  *out += "] \"";
  AppendEscaped(out, request_line);
  fmt::format_to(std::back_inserter(*out), "\" {} {} \"", status, bytes);
  AppendEscaped(out, referer);
  *out += "\" \"";
  AppendEscaped(out, user_agent);
  *out += "\"\n";
}

}  // namespace cm::pbserver
