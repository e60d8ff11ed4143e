// SPDX-License-Identifier: MIT
// The CFDATA checksum of [MS-CAB] §2.4.
#include "cab/cab_checksum.h"

#include <cstddef>

namespace cm::cab {

uint32_t ChecksumBytes(std::string_view bytes, uint32_t seed) {
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  size_t words = bytes.size() / 4;
  uint32_t sum = seed;
  for (size_t i = 0; i < words; ++i, p += 4) {
    sum ^= static_cast<uint32_t>(p[0]) | static_cast<uint32_t>(p[1]) << 8 |
           static_cast<uint32_t>(p[2]) << 16 | static_cast<uint32_t>(p[3]) << 24;
  }
  // The tail is folded in the reverse of little-endian order; this is what Microsoft's
  // CSUMCompute does, so it is what every reader checks.
  uint32_t tail = 0;
  switch (bytes.size() % 4) {
    case 3:
      tail |= static_cast<uint32_t>(*p++) << 16;
      [[fallthrough]];
    case 2:
      tail |= static_cast<uint32_t>(*p++) << 8;
      [[fallthrough]];
    case 1:
      tail |= static_cast<uint32_t>(*p);
      break;
    default:
      break;
  }
  return sum ^ tail;
}

uint32_t CfDataChecksum(std::string_view header_tail, std::string_view data) {
  return ChecksumBytes(header_tail, ChecksumBytes(data, 0));
}

}  // namespace cm::cab
