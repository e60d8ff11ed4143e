// SPDX-License-Identifier: MIT
// Round-trip checks for the fuzz targets and their regression test.
#include "phonebook/round_trip.h"

#include <fmt/format.h>

#include "cm/pbk_format.h"

namespace cm::internal {

std::string CheckPbkRoundTrip(std::string_view bytes) {
  PbkReadResult first = ReadPbk(bytes);
  if (!first.usable && !first.pops.empty()) return "a rejected file kept POPs";
  std::string written = WritePbk(first.pops);
  PbkReadResult second = ReadPbk(written);
  if (!second.usable) return "the written file is not usable";
  if (second.pops.size() != first.pops.size()) {
    return fmt::format("re-read kept {} POPs, first read {}", second.pops.size(),
                       first.pops.size());
  }
  for (size_t i = 0; i < first.pops.size(); ++i) {
    if (!(first.pops[i] == second.pops[i])) return fmt::format("POP {} differs after re-read", i);
  }
  if (WritePbk(second.pops) != written) return "writing the re-read book gives other bytes";
  return "";
}

std::string CheckPbrRoundTrip(std::string_view bytes) {
  RegionReadResult first = ReadPbr(bytes);
  if (!first.count_valid) return first.regions.names.empty() ? "" : "invalid count kept names";
  std::string written = WritePbr(first.regions);
  RegionReadResult second = ReadPbr(written);
  if (!second.count_valid) return "the written file has an invalid count";
  if (!(second.regions == first.regions)) return "regions differ after re-read";
  return "";
}

}  // namespace cm::internal
