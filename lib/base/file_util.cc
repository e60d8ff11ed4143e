// SPDX-License-Identifier: MIT
// Whole-file reads and crash-safe writes on POSIX.
#include "cm/file_util.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <random>

namespace cm {
namespace {

Error SysError(std::string_view what, const std::string& path, int err) {
  Errc code = (err == ENOENT) ? Errc::kNotFound : Errc::kIo;
  return Error(code, fmt::format("cannot {} ({})", what, std::strerror(err)), {.file = path});
}

// Closes a descriptor on every path out of a function.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  int release() { return std::exchange(fd_, -1); }

 private:
  int fd_;
};

Status WriteAll(int fd, std::string_view bytes, const std::string& path) {
  while (!bytes.empty()) {
    ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return Fail(SysError("write", path, errno));
    }
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return Ok();
}

std::string DirectoryOf(const std::string& path) {
  auto slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

}  // namespace

Result<std::string> ReadFile(const std::string& path) {
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) return Fail(SysError("open", path, errno));
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) return Fail(SysError("stat", path, errno));
  if (S_ISDIR(st.st_mode)) {
    return Fail(Errc::kIo, "is a folder, not a file", {.file = path});
  }
  std::string out;
  if (st.st_size > 0) out.reserve(static_cast<size_t>(st.st_size));
  char buffer[65536];
  for (;;) {
    ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Fail(SysError("read", path, errno));
    }
    if (n == 0) break;
    out.append(buffer, static_cast<size_t>(n));
  }
  return out;
}

Status WriteFileAtomic(const std::string& path, std::string_view bytes, unsigned mode) {
  std::random_device random;
  std::string temp = fmt::format("{}.tmp-{}-{:08x}", path, ::getpid(), random());
  Fd fd(::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode));
  if (fd.get() < 0) return Fail(SysError("create", temp, errno));
  auto cleanup = [&temp] { ::unlink(temp.c_str()); };
  if (auto written = WriteAll(fd.get(), bytes, temp); !written) {
    cleanup();
    return written;
  }
  if (::fsync(fd.get()) != 0) {
    int err = errno;
    cleanup();
    return Fail(SysError("fsync", temp, err));
  }
  if (::close(fd.release()) != 0) {
    int err = errno;
    cleanup();
    return Fail(SysError("close", temp, err));
  }
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    int err = errno;
    cleanup();
    return Fail(SysError("rename into place", path, err));
  }
  // The rename is durable only once the folder's entry is on disk.
  std::string dir = DirectoryOf(path);
  Fd dir_fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (dir_fd.get() >= 0) ::fsync(dir_fd.get());
  return Ok();
}

}  // namespace cm
