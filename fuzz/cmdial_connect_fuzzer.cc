// SPDX-License-Identifier: MIT
// Fuzzes what cmdial's connect part reads from outside: custom-action command lines (from a
// .cms), the command tunnel's up-command output, the logon actions file and state files.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "connect/command_line.h"
#include "connect/command_tunnel.h"
#include "connect/connection_state.h"
#include "connect/logon_actions.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  cm::MacroValues macros;
  macros.Set("UserName", "jo \"q\" public");
  cm::cmdial::ActionCommandLine line = cm::cmdial::SplitCommandLine(text);
  (void)cm::cmdial::ExpandParameters(line.parameters, macros);
  (void)cm::cmdial::SplitEntryPoint(line.parameters, macros);
  (void)cm::cmdial::ParseTunnelReport(text);
  (void)cm::cmdial::ParseState(text);
  (void)cm::cmdial::ParseLogonActions(text, "DEMO", "/profiles/DEMO", nullptr);
  return 0;
}
