// SPDX-License-Identifier: MIT
// The country table: TAPI country IDs (what phone books store in field 2) with their E.164
// calling codes, ISO 3166-1 alpha-2 codes and English names.
//
// TAPI's country ID is not the calling code: countries that share a calling code (the United
// States and Canada share 1) have distinct IDs (1 and 107). Phone books written by the Phone
// Book Administrator hold TAPI country IDs; a dialer maps them to calling codes with this table.
// Sources are listed in docs/formats/pbk.md and lib/phonebook/country.cc. The table is constant
// and thread-safe.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace cm {

struct Country {
  uint32_t tapi_id;       // TAPI country ID (the registry key under Telephony\Country List)
  uint32_t calling_code;  // ITU-T E.164 country calling code, the digits dialled after '+'
  std::string_view iso;   // ISO 3166-1 alpha-2, upper case ("US")
  std::string_view name;  // English short name

  bool operator==(const Country&) const = default;
};

// Every entry, ordered by TAPI country ID.
std::span<const Country> AllCountries();

// The entry for a TAPI country ID, or nullptr when the table has none.
const Country* FindCountryByTapiId(uint32_t tapi_id);

// Every entry with this calling code, in TAPI-ID order (several share 1, 7, 44, ...); empty when
// none.
std::vector<const Country*> FindCountriesByCallingCode(uint32_t calling_code);

// The entry for an ISO 3166-1 alpha-2 code (case-insensitive; "UK" is accepted for GB), or
// nullptr.
const Country* FindCountryByIso(std::string_view iso);

}  // namespace cm
