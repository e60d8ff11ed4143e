// SPDX-License-Identifier: MIT
// pppd's options for a dial-up link, from the profile's [Server&DUN] and [TCP/IP&DUN] sections
// (cm-formats.md §4.1). The user name and password never go on pppd's command line: the name
// is in an options text pppd reads from a file descriptor (`file /dev/fd/N`), the password
// goes through pppd's passwordfd plugin. Pure: no process is started here.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "cm/ini_file.h"
#include "cm/result.h"

namespace cm::cmdial {

struct PppdRequest {
  std::string device;  // the modem's serial device, after CONNECT
  uint32_t baud = 115200;
  std::string user_name;  // realm applied
  int options_fd = 3;     // where pppd will find the options text (in the child)
  int password_fd = 4;    // where pppd will find the password (in the child)
};

struct PppdInvocation {
  std::vector<std::string> args;   // argv[1..]: nothing secret, nothing user-specific
  std::string options_text;        // one option per line; holds the user name
  std::vector<std::string> notes;  // profile keys that pppd has no equivalent for
};

// Builds pppd's command line and options text for DUN entry `dun` of `cms`.
// Errors: kInvalidArgument when the user name holds a quote, backslash or line break (it could
// not be quoted safely in pppd's option syntax).
[[nodiscard]] Result<PppdInvocation> BuildPppdInvocation(const IniFile& cms, std::string_view dun,
                                                         const PppdRequest& request);

}  // namespace cm::cmdial
