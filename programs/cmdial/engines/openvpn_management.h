// SPDX-License-Identifier: MIT
// OpenVPN's management interface, the client side: reading its lines (real-time ">..."
// notifications and command answers) and writing the commands cmdial sends. The lines come from
// the openvpn process, so they are outside input: the reader never fails, caps the line length
// and ignores what it does not know.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "cm/result.h"

namespace cm::cmdial {

struct ManagementEvent {
  enum class Kind {
    kOther,           // anything else (INFO, LOG, command answers we do not wait for)
    kState,           // >STATE:time,NAME,detail,local_ip,remote_ip,remote_port,...
    kNeedPassword,    // >PASSWORD:Need 'TYPE' username/password (or 'TYPE' password)
    kPasswordFailed,  // >PASSWORD:Verification Failed: 'TYPE'
    kByteCount,       // >BYTECOUNT:in,out
    kFatal,           // >FATAL:message
    kHold,            // >HOLD:message
    kError,           // ERROR: message (a command was refused)
  };
  Kind kind = Kind::kOther;
  std::string state;      // kState: CONNECTING, AUTH, GET_CONFIG, CONNECTED, RECONNECTING, EXITING
  std::string detail;     // kState: SUCCESS, ERROR, a reason; kNeedPassword: the TYPE ("Auth")
  std::string local_ip;   // kState: the tunnel address given to this machine
  std::string remote_ip;  // kState: the server's address
  bool need_user_name = false;  // kNeedPassword: "username/password" (else password only)
  uint64_t bytes_in = 0;        // kByteCount
  uint64_t bytes_out = 0;
  std::string text;  // kFatal, kHold, kError, kOther: the line's text
};

// Parses one line (without its newline; a trailing '\r' is ignored).
ManagementEvent ParseManagementLine(std::string_view line);

// Splits a byte stream into lines: Append() bytes, then TakeLine() until it returns false.
// A line longer than kMaxLine bytes is cut at kMaxLine (the rest of it is dropped).
class ManagementLineReader {
 public:
  static constexpr size_t kMaxLine = 16384;
  void Append(std::string_view bytes);
  bool TakeLine(std::string* line);

 private:
  std::string buffer_;
  size_t line_length_ = 0;  // bytes of the unfinished last line in buffer_
  bool skipping_ = false;   // inside the dropped tail of an over-long line
};

// The two commands answering a username/password query for `type` ("Auth"): `username "Auth"
// "u"` and `password "Auth" "p"`, quotes and backslashes escaped. Errors: kInvalidArgument when a
// value has a newline or NUL, which the protocol cannot carry.
[[nodiscard]] Result<std::string> ManagementCredentials(std::string_view type,
                                                        std::string_view user_name,
                                                        std::string_view password,
                                                        bool with_user_name);

}  // namespace cm::cmdial
