// SPDX-License-Identifier: MIT
// Parsing POP fields from the command line and checking POPs.
#include "pop_fields.h"

#include <fmt/format.h>

#include <charconv>

#include "cm/country.h"
#include "cm/pbk_format.h"

namespace cm::pbadmin {

Result<uint32_t> ParseCountry(std::string_view text) {
  uint32_t id = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (!text.empty() && ec == std::errc() && end == text.data() + text.size()) return id;
  if (const Country* country = FindCountryByIso(text); country != nullptr) {
    return country->tapi_id;
  }
  return Fail(Errc::kInvalidArgument,
              fmt::format("unknown country '{}': give a TAPI country ID (1 United States, 44 "
                          "United Kingdom, 107 Canada, ...) or an ISO 3166 code (US, GB, CA)",
                          text));
}

std::string CountryLabel(uint32_t tapi_id) {
  const Country* country = FindCountryByTapiId(tapi_id);
  if (country == nullptr) return std::to_string(tapi_id);
  return fmt::format("{} ({})", country->name, tapi_id);
}

Result<std::optional<uint32_t>> ParseOptionalNumber(std::string_view text, std::string_view what) {
  if (text.empty()) return std::optional<uint32_t>();
  uint32_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) {
    return Fail(Errc::kInvalidArgument,
                fmt::format("{} '{}' is not a number (digits 0-9 only)", what, text));
  }
  return std::optional<uint32_t>(value);
}

Status CheckPop(const Pop& pop, size_t region_count, std::string_view where) {
  std::vector<Diagnostic> problems = ValidatePopStrict(pop, region_count);
  if (problems.empty()) return Ok();
  std::string message = pop.pop_id ? fmt::format("POP {}: ", *pop.pop_id) : "POP: ";
  for (size_t i = 0; i < problems.size(); ++i) {
    if (i > 0) message += "; ";
    message += fmt::format("{} [{}]", problems[i].message, problems[i].rule);
  }
  return Fail(Errc::kInvalidArgument, std::move(message), {.file = std::string(where)});
}

}  // namespace cm::pbadmin
