// SPDX-License-Identifier: MIT
// Which POPs of an installed phone book a user may pick, with their dialable numbers.
//
// Filters (docs/formats/installed-profile.md, "POP selection"):
//   * the profile's base filters FilterA& / FilterB& (CMAK: no-surcharge and surcharge sign-on
//     POPs): a POP is listed when it passes either; without them every POP is;
//   * the service type: a [Service Types] display name whose filter (Mask&X/Match&X) the POP's
//     flags must pass, (flags & Mask) == Match;
//   * the country (TAPI ID) and the region (a .pbr name or number).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cm/phonebook.h"
#include "cm/result.h"
#include "cm/service_profile.h"
#include "profiles/dialing.h"

namespace cm::cmdial {

struct PopQuery {
  std::vector<uint32_t> countries;  // TAPI IDs; empty = every country
  std::string region;               // region name (any case) or 1-based number; empty = all
  std::string service_type;         // [Service Types] display name or filter name; empty = all
};

struct ListedPop {
  PopView pop;             // borrows from the Phonebook passed in
  std::string region;      // its region's name, or ""
  std::string canonical;   // "+CC (AREA) NUMBER", or "" when the country is unknown
  std::string dialable;    // the digits to dial from the location
  bool surcharge = false;  // passes only FilterB (or has the surcharge flag without filters)
};

// Lists the POPs of `book` that pass `query` and the profile's filters, in phone book order.
// Errors: kInvalidArgument when the service type or region is not one the profile/book defines
// (the message lists the known ones).
[[nodiscard]] Result<std::vector<ListedPop>> ListPops(const ServiceProfile& profile,
                                                      const Phonebook& book,
                                                      const RegionList& regions,
                                                      const PopQuery& query,
                                                      const DialingLocation& location);

}  // namespace cm::cmdial
