// SPDX-License-Identifier: MIT
// Which POP a dial-up connection dials, and the digits to dial: the user's chosen POP
// (--pop / the saved choice), else the first POP of the chosen country and region that passes
// the profile's service-type filters, turned into dialable digits by the user's dialing
// location (cmdial location set). The DUN entry is the POP's own, else the profile's default.
#pragma once

#include <string>

#include "cm/result.h"
#include "profiles/profile_store.h"

namespace cm::cmdial {

struct DialTarget {
  std::string dialable;   // digits for ATD
  std::string canonical;  // "+CC (AREA) NUMBER", for messages
  std::string pop_name;   // %PopName%
  std::string dun;        // [Server&DUN], [TCP/IP&DUN]
  uint32_t pop_id = 0;
};

// Errors: kNotFound when the profile has no phone book or no POP matches (the message says how
// to list them), kInvalidArgument for an unknown country or region.
[[nodiscard]] Result<DialTarget> ChooseDialTarget(const InstalledProfile& installed,
                                                  const UserSettings& settings,
                                                  const StorePaths& paths);

}  // namespace cm::cmdial
