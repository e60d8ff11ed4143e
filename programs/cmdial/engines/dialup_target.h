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
  std::string book;            // the phone book it is from: the profile's or a merged profile's
  std::string phonebook_path;  // that book's .pbk
  std::string dialable;        // digits for ATD
  std::string canonical;       // "+CC (AREA) NUMBER", for messages
  std::string pop_name;        // %PopName%
  std::string dun;             // [Server&DUN], [TCP/IP&DUN]
  uint32_t pop_id = 0;
};

// settings.pop is "ID" (a POP of the profile's own book) or "BOOK:ID" (of the merged profile
// BOOK's book). Without a chosen POP the first dialable one is taken, the profile's own book
// first, then the merged books in order.
// Errors: kNotFound when the profile has no phone book, no POP matches or BOOK is not one of the
// profile's books (the message says how to list them), kInvalidArgument for an unknown country
// or region.
[[nodiscard]] Result<DialTarget> ChooseDialTarget(const InstalledProfile& installed,
                                                  const UserSettings& settings,
                                                  const StorePaths& paths);

}  // namespace cm::cmdial
