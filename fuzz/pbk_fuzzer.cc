// SPDX-License-Identifier: MIT
// libFuzzer target for ReadPbk: read, write the kept POPs, re-read; the re-read must keep
// exactly the same POPs (abort otherwise). Inputs that start with "PBR\n" carry a region file
// up to the first NUL byte, then the phone book, so the region rules are fuzzed too.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "cm/pbk_format.h"
#include "phonebook/round_trip.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  std::string problem = cm::internal::CheckPbkRoundTrip(bytes);
  if (!problem.empty()) {
    std::fprintf(stderr, "pbk round trip failed: %s\n", problem.c_str());
    std::abort();
  }
  constexpr std::string_view kRegionsPrefix = "PBR\n";
  if (bytes.substr(0, kRegionsPrefix.size()) == kRegionsPrefix) {
    std::string_view rest = bytes.substr(kRegionsPrefix.size());
    size_t nul = rest.find('\0');
    if (nul != std::string_view::npos) {
      cm::RegionReadResult regions = cm::ReadPbr(rest.substr(0, nul));
      cm::PbkReadResult book = cm::ReadPbk(rest.substr(nul + 1), &regions);
      // Every kept region id must name a region (or be 0) when a region file is given.
      for (size_t i = 0; i < book.pops.size(); ++i) {
        auto region = book.pops[i].region_id;
        if (region && *region != 0 && *region > regions.regions.size()) std::abort();
      }
      if (!regions.count_valid && !book.pops.empty()) std::abort();
    }
  }
  return 0;
}
