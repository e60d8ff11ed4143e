// SPDX-License-Identifier: MIT
// ModemEmulator: the Hayes command interpreter of a test modem with scripted call outcomes.
// Pure: lines in, replies out; the program around it (main.cc) owns the pseudo-terminal and the
// clock. Tests of the dialer run against the program; tests of this class feed it lines.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "cm/result.h"

namespace cm::modem_emulator {

// What happens when the host dials. Written `connect[:SPEED][:drop=SECONDS]`, `busy`,
// `no-carrier`, `no-dialtone`, `no-answer`, `error`, `silent` (never answers), each optionally
// followed by `:after=MS` (time before the answer, default 100 ms).
struct Outcome {
  enum class Kind { kConnect, kBusy, kNoCarrier, kNoDialtone, kNoAnswer, kError, kSilent };
  Kind kind = Kind::kConnect;
  uint32_t speed = 56000;
  std::chrono::milliseconds answer_after{100};
  std::chrono::milliseconds drop_after{0};  // connected calls only; 0: stays up
};

// Parses one outcome. Errors: kInvalidArgument naming the part that is wrong.
[[nodiscard]] Result<Outcome> ParseOutcome(std::string_view text);

// The emulator's reply to one command line.
struct Reply {
  std::string text;                         // what the modem sends (CR LF framed), possibly empty
  std::chrono::milliseconds delay{0};       // how long the modem waits before sending it
  bool connected = false;                   // the call is up: switch to data mode after sending
  std::chrono::milliseconds drop_after{0};  // connected: drop the carrier after this long
  bool silent = false;                      // never answer (until the next command)
};

class ModemEmulator {
 public:
  // Dial attempts take `outcomes` in turn; the last one repeats. None: every call connects.
  explicit ModemEmulator(std::vector<Outcome> outcomes);

  // Handles one command line the host sent (without the CR). Lines not starting with "AT"
  // (any case) are ignored, as a modem does. Supports the basic and extended commands a dialer
  // uses: Z, &F, E, V, Q, S<n>=<v>, S<n>?, M, L, X, &C, &D, &K, I, +GMI, +GMM, +GMR, D (T/P),
  // H, O, A. An unknown command answers ERROR.
  Reply HandleLine(std::string_view line);

  // The carrier dropped (scheduled drop, or the host escaped and hung up): back to command mode.
  // Returns what the modem sends ("NO CARRIER" when the call was up).
  std::string DropCarrier();

  // The host sent "+++" between guard times while connected: back to command mode with OK.
  std::string Escape();

  bool in_call() const { return in_call_; }
  // ATE1 (the default): the modem echoes what the host types in command mode.
  bool echo() const { return echo_; }
  // Every dial string received, in order ("T5550101", "P5550101").
  const std::vector<std::string>& dialed() const { return dialed_; }

 private:
  std::string Final(std::string_view verbose, char numeric) const;
  Reply Dial(std::string_view rest);

  std::vector<Outcome> outcomes_;
  size_t next_outcome_ = 0;
  bool echo_ = true;
  bool verbose_ = true;
  bool quiet_ = false;
  bool in_call_ = false;
  uint32_t registers_[32] = {};
  std::vector<std::string> dialed_;
};

}  // namespace cm::modem_emulator
