// SPDX-License-Identifier: MIT
// The country table, ordered by TAPI country ID.
//
// Sources (public, non-Microsoft):
// - TAPI country IDs: the ReactOS registry template boot/bootdata/hivesft.inf, section
//   "; Country Codes" (HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Telephony\Country List\<ID>),
//   reactos/reactos on GitHub, read at commit 05c39d8d62f27b69d6208338509823ff48978538. Only the
//   IDs (the key names) and the country each names are taken from it.
// - Calling codes: the ITU-T E.164 list of assigned country codes. Where ReactOS's "CountryCode"
//   value differs from the E.164 code (it repeats the ID for 106, 107, 109, 110, 705 and 708),
//   the E.164 code is used: Canada and the Caribbean NANP members dial +1, Kazakhstan +7,
//   Tajikistan +992.
// - ISO 3166-1 alpha-2 codes and English short names: ISO 3166-1.
// Countries without a TAPI ID in those sources are left out rather than guessed.
#include "cm/country.h"

#include <algorithm>

namespace cm {
namespace {

constexpr Country kCountries[] = {
    {1, 1, "US", "United States"},
    {7, 7, "RU", "Russia"},
    {20, 20, "EG", "Egypt"},
    {27, 27, "ZA", "South Africa"},
    {30, 30, "GR", "Greece"},
    {31, 31, "NL", "Netherlands"},
    {32, 32, "BE", "Belgium"},
    {33, 33, "FR", "France"},
    {34, 34, "ES", "Spain"},
    {36, 36, "HU", "Hungary"},
    {39, 39, "IT", "Italy"},
    {40, 40, "RO", "Romania"},
    {41, 41, "CH", "Switzerland"},
    {43, 43, "AT", "Austria"},
    {44, 44, "GB", "United Kingdom"},
    {45, 45, "DK", "Denmark"},
    {46, 46, "SE", "Sweden"},
    {47, 47, "NO", "Norway"},
    {48, 48, "PL", "Poland"},
    {49, 49, "DE", "Germany"},
    {52, 52, "MX", "Mexico"},
    {54, 54, "AR", "Argentina"},
    {55, 55, "BR", "Brazil"},
    {56, 56, "CL", "Chile"},
    {57, 57, "CO", "Colombia"},
    {58, 58, "VE", "Venezuela"},
    {60, 60, "MY", "Malaysia"},
    {61, 61, "AU", "Australia"},
    {62, 62, "ID", "Indonesia"},
    {63, 63, "PH", "Philippines"},
    {64, 64, "NZ", "New Zealand"},
    {66, 66, "TH", "Thailand"},
    {81, 81, "JP", "Japan"},
    {82, 82, "KR", "Korea, Republic of"},
    {86, 86, "CN", "China"},
    {90, 90, "TR", "Turkey"},
    {91, 91, "IN", "India"},
    {93, 93, "AF", "Afghanistan"},
    {98, 98, "IR", "Iran"},
    {106, 1, "VG", "British Virgin Islands"},
    {107, 1, "CA", "Canada"},
    {109, 1, "DM", "Dominica"},
    {110, 1, "DO", "Dominican Republic"},
    {268, 268, "SZ", "Eswatini"},
    {351, 351, "PT", "Portugal"},
    {352, 352, "LU", "Luxembourg"},
    {353, 353, "IE", "Ireland"},
    {354, 354, "IS", "Iceland"},
    {355, 355, "AL", "Albania"},
    {358, 358, "FI", "Finland"},
    {359, 359, "BG", "Bulgaria"},
    {370, 370, "LT", "Lithuania"},
    {371, 371, "LV", "Latvia"},
    {372, 372, "EE", "Estonia"},
    {373, 373, "MD", "Moldova"},
    {374, 374, "AM", "Armenia"},
    {380, 380, "UA", "Ukraine"},
    {381, 381, "RS", "Serbia"},
    {385, 385, "HR", "Croatia"},
    {386, 386, "SI", "Slovenia"},
    {387, 387, "BA", "Bosnia and Herzegovina"},
    {420, 420, "CZ", "Czechia"},
    {421, 421, "SK", "Slovakia"},
    {423, 423, "LI", "Liechtenstein"},
    {705, 7, "KZ", "Kazakhstan"},
    {708, 992, "TJ", "Tajikistan"},
    {850, 850, "KP", "Korea, Democratic People's Republic of"},
    {886, 886, "TW", "Taiwan"},
    {960, 960, "MV", "Maldives"},
    {964, 964, "IQ", "Iraq"},
    {966, 966, "SA", "Saudi Arabia"},
    {971, 971, "AE", "United Arab Emirates"},
    {972, 972, "IL", "Israel"},
    {974, 974, "QA", "Qatar"},
    {976, 976, "MN", "Mongolia"},
    {977, 977, "NP", "Nepal"},
    {993, 993, "TM", "Turkmenistan"},
    {994, 994, "AZ", "Azerbaijan"},
    {995, 995, "GE", "Georgia"},
    {996, 996, "KG", "Kyrgyzstan"},
    {998, 998, "UZ", "Uzbekistan"},
};

constexpr bool SortedById() {
  for (size_t i = 1; i < std::size(kCountries); ++i) {
    if (kCountries[i - 1].tapi_id >= kCountries[i].tapi_id) return false;
  }
  return true;
}
static_assert(SortedById(), "kCountries must be sorted by TAPI ID without duplicates");

char Upper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }

}  // namespace

std::span<const Country> AllCountries() { return kCountries; }

const Country* FindCountryByTapiId(uint32_t tapi_id) {
  const Country* end = std::end(kCountries);
  const Country* it =
      std::lower_bound(std::begin(kCountries), end, tapi_id,
                       [](const Country& country, uint32_t id) { return country.tapi_id < id; });
  return (it != end && it->tapi_id == tapi_id) ? it : nullptr;
}

std::vector<const Country*> FindCountriesByCallingCode(uint32_t calling_code) {
  std::vector<const Country*> found;
  for (const Country& country : kCountries) {
    if (country.calling_code == calling_code) found.push_back(&country);
  }
  return found;
}

const Country* FindCountryByIso(std::string_view iso) {
  if (iso.size() != 2) return nullptr;
  char code[2] = {Upper(iso[0]), Upper(iso[1])};
  std::string_view wanted(code, 2);
  if (wanted == "UK") wanted = "GB";
  for (const Country& country : kCountries) {
    if (country.iso == wanted) return &country;
  }
  return nullptr;
}

}  // namespace cm
