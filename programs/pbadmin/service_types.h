// SPDX-License-Identifier: MIT
// POP flags by name: the service types (Modem, ISDN, Multicast) and the POP settings
// (surcharge, sign-up), mapped to the inverted bits of cm::pop_flag ([MS-CPSP] §2.1 field 10).
//
// Users never type raw flag numbers: a name says what the POP offers, and these functions set
// or clear the bit with the right sense (a SET kNoModem bit means "no modem").
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "cm/result.h"

namespace cm::pbadmin {

// The service-type bits (all inverted): kNoModem | kNoIsdn | kNoMulticast.
inline constexpr uint32_t kServiceTypeBits = 0x04 | 0x08 | 0x20;

// Flags after setting the service types to exactly `list` (names separated by ',', ';', '|' or
// spaces, case-insensitive: Modem, ISDN, Multicast; "none" for none). Bits outside
// kServiceTypeBits keep their value from `flags`. kInvalidArgument naming an unknown name.
[[nodiscard]] Result<uint32_t> ApplyServiceTypes(uint32_t flags, std::string_view list);

// "Modem, ISDN" for the service types `flags` offers; "none" when none.
std::string ServiceTypeNames(uint32_t flags);

// Everything `flags` says, for people: "Modem, ISDN; surcharge; sign-up" plus the reserved
// bits when set ("sign-on off (clients ignore this POP)", "custom bit 0x10").
std::string DescribeFlags(uint32_t flags);

// Sets (`on`) or clears `bit` in `flags`.
inline uint32_t WithBit(uint32_t flags, uint32_t bit, bool on) {
  return on ? (flags | bit) : (flags & ~bit);
}

// The flags of a new POP when nothing is said: Modem and ISDN, no multicast, no surcharge,
// not a sign-up POP (32, the value of the seed's examples).
inline constexpr uint32_t kDefaultFlags = 0x20;

}  // namespace cm::pbadmin
