// SPDX-License-Identifier: MIT
// libFuzzer target for the profile (INI) engine: parse, byte-exact round trip, lookups, edits and
// re-parse must hold for any input (see lib/ini/ini_invariants.h).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "ini/ini_invariants.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const std::string failure = cm::ini::CheckIniInvariants(bytes);
  if (!failure.empty()) {
    std::fprintf(stderr, "ini_fuzzer: %s\n", failure.c_str());
    std::abort();
  }
  return 0;
}
