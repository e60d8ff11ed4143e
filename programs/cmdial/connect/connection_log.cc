// SPDX-License-Identifier: MIT
#include "connect/connection_log.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <utility>

namespace cm::cmdial {
namespace {

std::string UtcNow() {
  timespec now{};
  clock_gettime(CLOCK_REALTIME, &now);
  std::tm parts{};
  gmtime_r(&now.tv_sec, &parts);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", parts.tm_year + 1900,
                     parts.tm_mon + 1, parts.tm_mday, parts.tm_hour, parts.tm_min, parts.tm_sec,
                     now.tv_nsec / 1000000);
}

void WriteAll(int fd, std::string_view text) {
  while (!text.empty()) {
    ssize_t n = write(fd, text.data(), text.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    text.remove_prefix(static_cast<size_t>(n));
  }
}

}  // namespace

ConnectionLog::ConnectionLog(ConnectionLog&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)),
      path_(std::move(other.path_)),
      max_bytes_(other.max_bytes_),
      written_(other.written_),
      capped_(other.capped_) {}

ConnectionLog& ConnectionLog::operator=(ConnectionLog&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) close(fd_);
    fd_ = std::exchange(other.fd_, -1);
    path_ = std::move(other.path_);
    max_bytes_ = other.max_bytes_;
    written_ = other.written_;
    capped_ = other.capped_;
  }
  return *this;
}

ConnectionLog::~ConnectionLog() {
  if (fd_ >= 0) close(fd_);
}

Result<ConnectionLog> ConnectionLog::Start(const std::string& path, uint64_t max_bytes) {
  std::filesystem::path folder = std::filesystem::path(path).parent_path();
  std::error_code error;
  if (!folder.empty()) {
    std::filesystem::create_directories(folder, error);
    if (error) return Fail(Errc::kIo, fmt::format("{}: {}", folder.string(), error.message()));
  }
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0600);
  if (fd < 0) return Fail(Errc::kIo, fmt::format("{}: {}", path, std::strerror(errno)));
  ConnectionLog log;
  log.fd_ = fd;
  log.path_ = path;
  log.max_bytes_ = max_bytes;
  return log;
}

void ConnectionLog::Write(std::string_view text) {
  if (fd_ < 0 || capped_) return;
  std::string line = UtcNow() + " " + std::string(text) + "\n";
  if (written_ + line.size() > max_bytes_) {
    capped_ = true;
    line = UtcNow() + fmt::format(
                          " log reached its size cap ({} KiB, MaxLogFileSize); later "
                          "lines are dropped\n",
                          max_bytes_ / 1024);
  }
  WriteAll(fd_, line);
  written_ += line.size();
}

std::string FormatDuration(std::chrono::steady_clock::duration duration) {
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(duration).count();
  if (ms < 10000) return fmt::format("{} ms", ms);
  return fmt::format("{:.1f} s", static_cast<double>(ms) / 1000.0);
}

}  // namespace cm::cmdial
