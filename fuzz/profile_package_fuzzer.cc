// SPDX-License-Identifier: MIT
// libFuzzer target: ReadProfilePackage (and the .run splitter) on arbitrary bytes.
//
// Whatever it accepts must hold only plain member names; an internal error aborts.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "cm/profile_package.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  if (auto cab = cm::SelfExtractingCabinet(bytes)) bytes = *cab;
  auto package = cm::ReadProfilePackage(bytes, cm::UnsignedPackages::kAllow);
  if (!package) {
    if (package.error().code() == cm::Errc::kInternal) {
      std::fprintf(stderr, "internal error: %s\n", package.error().ToString().c_str());
      std::abort();
    }
    return 0;
  }
  for (const auto& [name, data_bytes] : package->members) {
    if (!cm::IsPlainMemberName(name)) std::abort();
  }
  return 0;
}
