// SPDX-License-Identifier: MIT
// The CFDATA checksum of [MS-CAB] §2.4 (CFDATA.csum).
#pragma once

#include <cstdint>
#include <string_view>

namespace cm::cab {

// The [MS-CAB] checksum primitive (CSUMCompute in the 1997 cabinet document): XORs `bytes` into
// `seed` as little-endian 32-bit words; a 1-3 byte tail is packed in reverse order (the first
// left-over byte goes highest) before the XOR. Pure function.
[[nodiscard]] uint32_t ChecksumBytes(std::string_view bytes, uint32_t seed);

// The value CFDATA.csum must hold for a block whose 4 bytes cbData+cbUncomp, then abReserve,
// are `header_tail` and whose payload is `data`: the spec sums the payload first and then the
// header fields from cbData through abReserve, seeded with the payload's sum.
// NOTE: a stored 0 means "no checksum" ([MS-CAB] §2.4), so a real sum of 0 cannot be checked.
[[nodiscard]] uint32_t CfDataChecksum(std::string_view header_tail, std::string_view data);

}  // namespace cm::cab
