// SPDX-License-Identifier: MIT
// The terminal progress line.
#include "progress.h"

#include <unistd.h>

#include <iostream>

namespace cm::pbadmin {

Progress::Progress(std::ostream& err, std::string what, uint64_t total, uint64_t min_total)
    : err_(err),
      what_(std::move(what)),
      total_(total),
      enabled_(&err == &std::cerr && ::isatty(STDERR_FILENO) == 1 && total >= min_total) {}

Progress::~Progress() {
  if (shown_) err_ << "\r\033[K" << std::flush;
}

void Progress::Update(uint64_t done) {
  if (!enabled_ || total_ == 0) return;
  auto now = std::chrono::steady_clock::now();
  if (shown_ && now - last_ < std::chrono::milliseconds(100) && done < total_) return;
  last_ = now;
  shown_ = true;
  err_ << "\r" << what_ << ": " << (done * 100 / total_) << "%  (" << done << " of " << total_
       << ")" << std::flush;
}

}  // namespace cm::pbadmin
