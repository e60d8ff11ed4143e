// SPDX-License-Identifier: MIT
// Fuzzes what a modem (or a host talking to the emulator) sends: result lines, dial strings,
// and the emulator's command interpreter, one line per input line.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "cm/modem.h"
#include "emulator.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  cm::modem_emulator::ModemEmulator emulator({});
  while (!input.empty()) {
    size_t end = input.find_first_of("\r\n");
    std::string_view line = input.substr(0, end);
    input = end == std::string_view::npos ? std::string_view() : input.substr(end + 1);
    (void)cm::ParseResultLine(line);
    (void)cm::DialCommand(line, false);
    (void)emulator.HandleLine(line);
    if (emulator.in_call()) (void)emulator.DropCarrier();
  }
  return 0;
}
