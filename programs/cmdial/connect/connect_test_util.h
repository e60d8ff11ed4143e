// SPDX-License-Identifier: MIT
// Helpers for cmdial's connect tests: a temporary folder and small scripts written into it.
#pragma once

#include <gtest/gtest.h>
#include <poll.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace cm::cmdial::testing {

// A fresh folder under the test temp dir, removed at destruction.
class TempFolder {
 public:
  TempFolder() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "cmdial-connect-XXXXXX").string();
    path_ = mkdtemp(pattern.data());
  }
  ~TempFolder() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempFolder(const TempFolder&) = delete;
  TempFolder& operator=(const TempFolder&) = delete;
  const std::string& path() const { return path_; }
  std::string operator/(std::string_view name) const { return path_ + "/" + std::string(name); }

 private:
  std::string path_;
};

inline void WriteText(const std::string& path, const std::string& text, unsigned mode = 0644) {
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
  chmod(path.c_str(), mode);
}

// A /bin/sh script with `body` after the "#!/bin/sh" line.
inline void WriteScript(const std::string& path, const std::string& body, unsigned mode = 0755) {
  WriteText(path, "#!/bin/sh\n" + body + "\n", mode);
}

inline std::string ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

inline bool ProcessAlive(pid_t pid) {
  std::string stat = ReadText("/proc/" + std::to_string(pid) + "/stat");
  if (stat.empty()) return false;
  size_t close = stat.rfind(')');
  return close != std::string::npos && close + 2 < stat.size() && stat[close + 2] != 'Z';
}

// Waits (up to a minute, as a guard, not a measure) for process `pid` to exit; true when it has.
inline bool WaitForExit(pid_t pid) {
  int fd = static_cast<int>(syscall(SYS_pidfd_open, pid, 0));
  if (fd < 0) return true;  // already gone
  pollfd entry{fd, POLLIN, 0};
  bool gone = poll(&entry, 1, 60000) == 1;
  close(fd);
  return gone;
}

}  // namespace cm::cmdial::testing
