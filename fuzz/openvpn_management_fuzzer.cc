// SPDX-License-Identifier: MIT
// Fuzzes what an openvpn process sends on its management socket: the line splitter (bytes in
// any chunking) and the parser of each line (cmdial's OpenVPN tunnel, engines/openvpn_management.h).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "engines/openvpn_management.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  cm::cmdial::ManagementLineReader reader;
  // The first byte picks a chunk size, so reads split lines at every place.
  size_t chunk = input.empty() ? 1 : static_cast<unsigned char>(input.front()) % 64 + 1;
  std::string line;
  for (size_t at = 0; at < input.size(); at += chunk) {
    reader.Append(input.substr(at, chunk));
    while (reader.TakeLine(&line)) {
      if (line.size() > cm::cmdial::ManagementLineReader::kMaxLine) __builtin_trap();
      cm::cmdial::ManagementEvent event = cm::cmdial::ParseManagementLine(line);
      if (event.kind == cm::cmdial::ManagementEvent::Kind::kNeedPassword) {
        (void)cm::cmdial::ManagementCredentials(event.detail, "user", "pass", true);
      }
    }
  }
  return 0;
}
