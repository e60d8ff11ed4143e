// SPDX-License-Identifier: MIT
// Turning what people type (country codes, region names, service types) into POP fields, and
// the administrator's checks on a whole POP.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "cm/phonebook.h"
#include "cm/result.h"

namespace cm::pbadmin {

// A TAPI country ID from "44" or an ISO 3166 code ("GB", "UK", "us"). kInvalidArgument when an
// ISO code is unknown or the text is neither.
[[nodiscard]] Result<uint32_t> ParseCountry(std::string_view text);
// "United Kingdom (44)", or the number alone when the table lacks it.
std::string CountryLabel(uint32_t tapi_id);

// An optional unsigned number; empty text clears it. kInvalidArgument naming `what`.
[[nodiscard]] Result<std::optional<uint32_t>> ParseOptionalNumber(std::string_view text,
                                                                  std::string_view what);

// ValidatePopStrict as one error: kInvalidArgument listing every broken rule of `pop`
// ("POP 17: ...; ..."), with `where` as the location. Ok when the POP passes.
[[nodiscard]] Status CheckPop(const Pop& pop, size_t region_count, std::string_view where);

}  // namespace cm::pbadmin
