// SPDX-License-Identifier: MIT
// Dialing rules: canonical numbers to dialable digits, and the location file.
#include "profiles/dialing.h"

#include <fmt/format.h>

#include <cctype>
#include <charconv>

namespace cm::cmdial {
namespace {

constexpr std::string_view kSection = "Location";

std::optional<uint32_t> ParseNumber(std::string_view text) {
  uint32_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// Area codes and numbers as dialled: no spaces, dashes or brackets.
std::string Compact(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c != ' ' && c != '-' && c != '(' && c != ')' && c != '\t') out += c;
  }
  return out;
}

}  // namespace

std::string DefaultLongDistancePrefix(uint32_t calling_code) {
  return calling_code == 1 ? "1" : "0";
}

std::string DefaultInternationalPrefix(uint32_t calling_code) {
  return calling_code == 1 ? "011" : "00";
}

Result<const Country*> ParseCountry(std::string_view text) {
  const Country* country = nullptr;
  if (text.starts_with("+")) {
    if (std::optional<uint32_t> code = ParseNumber(text.substr(1))) {
      std::vector<const Country*> matches = FindCountriesByCallingCode(*code);
      if (!matches.empty()) country = matches.front();
    }
  } else if (std::optional<uint32_t> id = ParseNumber(text)) {
    country = FindCountryByTapiId(*id);
  } else {
    country = FindCountryByIso(text);
  }
  if (country == nullptr) {
    return Fail(Errc::kInvalidArgument,
                fmt::format("unknown country '{}': give an ISO code (GB), a calling code (+44) "
                            "or a TAPI country ID as phone books store it (44; Canada is 107)",
                            text));
  }
  return country;
}

DialingLocation ReadLocation(const IniFile& file) {
  DialingLocation location;
  location.country_tapi_id = file.GetInt(kSection, "Country", 0).value;
  location.area_code = file.GetString(kSection, "AreaCode", "");
  location.outside_line = file.GetString(kSection, "OutsideLine", "");
  location.disable_call_waiting = file.GetString(kSection, "DisableCallWaiting", "");
  location.pulse = file.GetInt(kSection, "Pulse", 0).value != 0;
  const Country* country = FindCountryByTapiId(location.country_tapi_id);
  const uint32_t calling_code = country ? country->calling_code : 0;
  location.long_distance =
      file.GetString(kSection, "LongDistance", DefaultLongDistancePrefix(calling_code));
  location.international =
      file.GetString(kSection, "International", DefaultInternationalPrefix(calling_code));
  return location;
}

std::string WriteLocation(const DialingLocation& location) {
  return fmt::format(
      "[Location]\nCountry={}\nAreaCode={}\nOutsideLine={}\nLongDistance={}\n"
      "International={}\nDisableCallWaiting={}\nPulse={}\n",
      location.country_tapi_id, location.area_code, location.outside_line, location.long_distance,
      location.international, location.disable_call_waiting, location.pulse ? 1 : 0);
}

std::optional<std::string> CanonicalNumber(const PopView& pop) {
  const Country* country = FindCountryByTapiId(pop.country);
  if (country == nullptr) return std::nullopt;
  // "+CC (AREA) NUMBER", or "+CC NUMBER" without an area code; built by hand, since it is made
  // for every POP `cmdial pops` lists.
  const fmt::format_int code(country->calling_code);
  std::string out;
  out.reserve(code.size() + pop.area_code.size() + pop.number.size() + 5);
  out += '+';
  out.append(code.data(), code.size());
  if (!pop.area_code.empty()) {
    out += " (";
    out += pop.area_code;
    out += ')';
  }
  out += ' ';
  out += pop.number;
  return out;
}

std::string DialDigits(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (std::isdigit(static_cast<unsigned char>(c)) || c == '*' || c == '#' || c == ',' ||
        c == 'P' || c == 'T' || c == 'W') {
      out += c;
    }
  }
  return out;
}

std::string DialableNumber(const PopView& pop, const DialingLocation& location) {
  const Country* pop_country = FindCountryByTapiId(pop.country);
  const Country* here = FindCountryByTapiId(location.country_tapi_id);
  // Dial characters only (DialDigits), appended straight to the result: this runs for every
  // POP listed.
  std::string dial;
  dial.reserve(location.disable_call_waiting.size() + location.outside_line.size() +
               location.international.size() + location.long_distance.size() +
               pop.area_code.size() + pop.number.size() + 8);
  auto add = [&dial](std::string_view text) {
    for (char c : text) {
      if ((c >= '0' && c <= '9') || c == '*' || c == '#' || c == ',' || c == 'P' || c == 'T' ||
          c == 'W') {
        dial += c;
      }
    }
  };
  if (pop_country == nullptr || here == nullptr) {
    add(pop.area_code);
    add(pop.number);
    return dial;
  }
  if (location.pulse) dial += 'P';
  add(location.disable_call_waiting);
  add(location.outside_line);
  if (pop_country->calling_code != here->calling_code) {
    add(location.international);
    const fmt::format_int code(pop_country->calling_code);
    dial.append(code.data(), code.size());
    add(pop.area_code);
  } else if (const std::string area = Compact(pop.area_code);
             !area.empty() && area != Compact(location.area_code)) {
    add(location.long_distance);
    add(pop.area_code);
  }
  add(pop.number);
  return dial;
}

}  // namespace cm::cmdial
