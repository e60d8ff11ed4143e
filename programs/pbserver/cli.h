// SPDX-License-Identifier: MIT
// pbserver's command line: serving (the default), `user add|remove|list`, `phonebook
// delete|list`. Tests call RunPbserver with their own streams.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace cm::pbserver {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;  // the command ran and failed (a message says why)
inline constexpr int kExitUsage = 2;   // bad arguments

// Runs pbserver with `args` (args[0] is the program name). Serving blocks until SIGTERM.
int RunPbserver(const std::vector<std::string>& args, std::istream& in, std::ostream& out,
                std::ostream& err);

}  // namespace cm::pbserver
