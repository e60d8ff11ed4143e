// SPDX-License-Identifier: MIT
// libFuzzer target for ReadPbr: read, write the region list, re-read; the re-read must give the
// same regions (abort otherwise), and no kept name may exceed 31 characters.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "cm/pbk_format.h"
#include "phonebook/round_trip.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  std::string problem = cm::internal::CheckPbrRoundTrip(bytes);
  if (!problem.empty()) {
    std::fprintf(stderr, "pbr round trip failed: %s\n", problem.c_str());
    std::abort();
  }
  cm::RegionReadResult result = cm::ReadPbr(bytes);
  for (const std::string& name : result.regions.names) {
    if (name.size() > cm::kMaxRegionNameLength) std::abort();
  }
  return 0;
}
