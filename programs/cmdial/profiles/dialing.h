// SPDX-License-Identifier: MIT
// The user's dialing location and Windows' dialing rules: a POP's canonical number
// `+CC (AREA) NUMBER` turned into the digits to dial (docs/formats/installed-profile.md,
// "Dialing rules"). Pure functions except Load/SaveLocation.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "cm/country.h"
#include "cm/ini_file.h"
#include "cm/phonebook.h"
#include "cm/result.h"

namespace cm::cmdial {

// Where the user dials from (Windows' "My Location"), one per user.
struct DialingLocation {
  uint32_t country_tapi_id = 0;  // 0: not set
  std::string area_code;
  std::string outside_line;          // dialled first to reach an outside line ("9")
  std::string long_distance;         // the long-distance prefix ("1" in North America)
  std::string international;         // the international prefix ("011" in North America)
  std::string disable_call_waiting;  // dialled before everything ("*70,")
  bool pulse = false;

  bool configured() const { return country_tapi_id != 0; }
};

// The long-distance and international prefixes of a calling code, as Windows fills them in:
// North America (+1) "1" and "011", everywhere else "0" and "00".
std::string DefaultLongDistancePrefix(uint32_t calling_code);
std::string DefaultInternationalPrefix(uint32_t calling_code);

// A country given on the command line: an ISO 3166 code ("GB"), "+44" (a calling code shared
// by several countries gives the lowest TAPI ID), or a TAPI country ID ("44", as phone books
// store it). Errors: kInvalidArgument saying which forms are accepted.
[[nodiscard]] Result<const Country*> ParseCountry(std::string_view text);

// The location file (INI, section [Location]). Parsing is lenient: unknown keys are ignored.
DialingLocation ReadLocation(const IniFile& file);
std::string WriteLocation(const DialingLocation& location);

// A POP's canonical address "+CC (AREA) NUMBER" ("+CC NUMBER" without an area code), or
// nullopt when the POP's country is not in the country table (the number is then dialled as
// written, as Windows does with a non-canonical number).
std::optional<std::string> CanonicalNumber(const PopView& pop);

// The digits to dial for `pop` from `location`:
//   prefix = disable_call_waiting + outside_line (+ "P" first for pulse dialling)
//   same country, same area (or no area code) -> prefix + NUMBER
//   same country, other area                  -> prefix + long_distance + AREA + NUMBER
//   other country                             -> prefix + international + CC + AREA + NUMBER
// Spaces, '-', '(' and ')' are dropped from the area code and number. An unknown POP country
// or an unset location gives the number as written (area code + number, digits only).
std::string DialableNumber(const PopView& pop, const DialingLocation& location);

// Keeps only what a dialer sends: digits, '*', '#', ',' and 'P'/'T'/'W' dial modifiers.
std::string DialDigits(std::string_view text);

}  // namespace cm::cmdial
