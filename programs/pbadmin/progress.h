// SPDX-License-Identifier: MIT
// A one-line progress display on a terminal; silent when stderr is not a terminal.
#pragma once

#include <chrono>
#include <cstdint>
#include <ostream>
#include <string>

namespace cm::pbadmin {

class Progress {
 public:
  // Shows "`what`: N%" on `err` while work of `total` units runs, when `err` is the process's
  // stderr and that is a terminal and `total` is at least `min_total` (small jobs stay quiet).
  Progress(std::ostream& err, std::string what, uint64_t total, uint64_t min_total = 20000);
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;
  // Clears the line.
  ~Progress();

  // Reports `done` units; redraws at most ten times a second.
  void Update(uint64_t done);

 private:
  std::ostream& err_;
  std::string what_;
  uint64_t total_;
  bool enabled_;
  bool shown_ = false;
  std::chrono::steady_clock::time_point last_{};
};

}  // namespace cm::pbadmin
