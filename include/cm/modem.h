// SPDX-License-Identifier: MIT
// The Hayes modem dialogue a dial-up connection starts with: result codes, dial commands, the
// RAS error number each failure becomes (Connection Manager reports RAS errors, and on-error
// actions get that number as %ErrorCode%), and a session that talks to a modem on a serial line.
//
// The pure parts (ParseResultLine, DialCommand) take text and never touch a device; ModemLine
// owns a file descriptor (a serial device or a pseudo-terminal).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cm/result.h"

namespace cm {

// Final result codes of the Hayes command set (verbose form; numeric form 0-8 as in ATV0).
enum class ModemResult { kOk, kConnect, kRing, kNoCarrier, kError, kNoDialtone, kBusy, kNoAnswer };

// The verbose text of a result ("NO CARRIER").
std::string_view ModemResultText(ModemResult result);

struct ModemReply {
  ModemResult result = ModemResult::kOk;
  uint32_t speed = 0;    // CONNECT's speed in bit/s; 0 when the modem gave none
  std::string protocol;  // what followed the speed ("/ARQ/V90"), as sent
};

// Reads one line a modem sent (without CR/LF). A final result code gives a reply; anything
// else (an echo of the command, an information line like a model name, a blank) gives nullopt.
// Accepts "CONNECT", "CONNECT 56000", "CONNECT 115200/ARQ/V90", "CONNECT 28800 LAPM", and the
// numeric codes "0".."8".
std::optional<ModemReply> ParseResultLine(std::string_view line);

// The command that dials `number` (the dialable digits from the phone book and the dialing
// location): "ATDT<number>" or, with `pulse`, "ATDP<number>", without the final CR.
// Errors: kInvalidArgument when `number` is empty, longer than 60 characters (the Hayes
// command line limit less the command), or holds a character outside 0-9 * # + , W P T @ ! A-D
// and spaces/dashes/parentheses (which are dropped) — naming the character and its position.
[[nodiscard]] Result<std::string> DialCommand(std::string_view number, bool pulse);

// RAS error numbers (raserror.h) that dial-up failures are reported with.
inline constexpr uint32_t kRasErrorPortDisconnected = 628;      // line dropped while connecting
inline constexpr uint32_t kRasErrorRemoteDisconnection = 629;   // line dropped once connected
inline constexpr uint32_t kRasErrorHardwareFailure = 630;       // the device went away
inline constexpr uint32_t kRasErrorPortNotAvailable = 633;      // device missing or busy
inline constexpr uint32_t kRasErrorFromDevice = 651;            // the modem answered ERROR
inline constexpr uint32_t kRasErrorUnrecognizedResponse = 652;  // no answer we understood
inline constexpr uint32_t kRasErrorLineBusy = 676;
inline constexpr uint32_t kRasErrorNoAnswer = 678;
inline constexpr uint32_t kRasErrorNoCarrier = 679;
inline constexpr uint32_t kRasErrorNoDialtone = 680;

// The RAS error a failing dial result stands for (kOk, kConnect, kRing: 0).
uint32_t RasErrorFor(ModemResult result);

// A dial attempt that did not connect: the RAS error, and a message for a person.
struct DialFailure {
  uint32_t ras_error = 0;
  std::string message;
};

// A modem on a file descriptor it owns. Not thread-safe.
class ModemLine {
 public:
  // Opens `device` (a serial device or pseudo-terminal slave) read-write, non-blocking, without
  // becoming its controlling terminal, and puts it in raw mode at `baud` with hardware flow
  // control off. Errors: kNotFound / kIo naming the device (the caller reports RAS 633).
  [[nodiscard]] static Result<ModemLine> Open(const std::string& device, uint32_t baud = 115200);

  ModemLine(ModemLine&& other) noexcept;
  ModemLine& operator=(ModemLine&& other) noexcept;
  ModemLine(const ModemLine&) = delete;
  ModemLine& operator=(const ModemLine&) = delete;
  ~ModemLine();

  // Sends `command` and CR, then reads lines until a final result code or `timeout`.
  // `transcript` (optional) collects every line sent and received, for the connection log.
  // Errors: kNetwork "no answer from the modem within N s" (RAS 652 for callers),
  // kIo when the device hangs up or fails (RAS 630).
  [[nodiscard]] Result<ModemReply> Command(std::string_view command,
                                           std::chrono::milliseconds timeout,
                                           std::vector<std::string>* transcript = nullptr);

  // Resets and initialises the modem: each of `init_commands` in turn ("ATZ", "AT&F E0 V1"),
  // each of which must answer OK. Errors name the command and what the modem said.
  [[nodiscard]] Status Initialise(const std::vector<std::string>& init_commands,
                                  std::chrono::milliseconds timeout,
                                  std::vector<std::string>* transcript = nullptr);

  // Dials and waits up to `timeout` for the call to be answered. A CONNECT gives its reply;
  // BUSY, NO CARRIER, NO DIALTONE, NO ANSWER, ERROR, silence or a hang-up give a DialFailure
  // with the RAS error and a message saying what the modem said. Errors (the outer Result) are
  // only for a bad number (kInvalidArgument).
  struct DialResult {
    std::optional<ModemReply> connected;
    DialFailure failure;
  };
  [[nodiscard]] Result<DialResult> Dial(std::string_view number, bool pulse,
                                        std::chrono::milliseconds timeout,
                                        std::vector<std::string>* transcript = nullptr);

  // Hangs up: escapes to command mode ("+++" between guard times) and sends ATH0. Best effort;
  // a line that is already gone is fine.
  void HangUp(std::vector<std::string>* transcript = nullptr);

  // Waits up to `timeout` for the line to drop while connected: true when the modem sent
  // NO CARRIER or the device hung up, false on timeout. Data the peer sends is discarded.
  bool WaitForDrop(std::chrono::milliseconds timeout);

  int fd() const { return fd_; }

 private:
  explicit ModemLine(int fd) : fd_(fd) {}
  // Reads one line (CR/LF-terminated) within `deadline`; nullopt on timeout.
  Result<std::optional<std::string>> ReadLine(std::chrono::steady_clock::time_point deadline);
  Status Write(std::string_view bytes);

  int fd_ = -1;
  std::string pending_;  // bytes read past the last line
};

}  // namespace cm
