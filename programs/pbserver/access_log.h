// SPDX-License-Identifier: MIT
// The access log: combined log format lines, batched per worker, reopened on SIGHUP.
//
// Workers format lines into their own buffer (FormatCombinedLine) and hand whole batches to
// Write(); Reopen() may run on any thread at the same time (logrotate's SIGHUP).
#pragma once

#include <mutex>
#include <string>
#include <string_view>

#include "cm/result.h"

namespace cm::pbserver {

class AccessLog {
 public:
  // `path`: a file (appended to), "-" for standard output, or empty for no log.
  explicit AccessLog(std::string path) : path_(std::move(path)) {}
  ~AccessLog();
  AccessLog(const AccessLog&) = delete;
  AccessLog& operator=(const AccessLog&) = delete;

  bool enabled() const { return !path_.empty(); }
  // Opens (again) the file; the old descriptor is closed. kIo naming the path on failure.
  [[nodiscard]] Status Reopen();
  // Appends `lines` (each ending in LF) with one write.
  void Write(std::string_view lines);

 private:
  std::string path_;
  std::mutex mutex_;
  int fd_ = -1;
};

// Appends one combined log format line for a request to `out`:
// host - user [time] "request line" status bytes "referer" "user-agent"
// `time` is already formatted ("10/Oct/2000:13:55:36 +0000"); quotes, backslashes and control
// bytes in the request's fields are written as \xHH so a line cannot be forged.
void FormatCombinedLine(std::string* out, std::string_view host, std::string_view user,
                        std::string_view time, std::string_view request_line, int status,
                        uint64_t bytes, std::string_view referer, std::string_view user_agent);

}  // namespace cm::pbserver
