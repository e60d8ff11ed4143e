// SPDX-License-Identifier: MIT
// The one rule for phone book (and profile short) names, from the seed: at most eight
// characters, not all digits, no spaces or symbols. Every place a name enters calls this.
#pragma once

#include <string_view>

#include "cm/result.h"

namespace cm {

inline constexpr size_t kMaxPhonebookNameLength = 8;

// Ok when `name` is 1–8 ASCII letters, digits or '_' and not all digits ('_' is allowed because
// real CMAK 1.3 profiles use it, e.g. MSC_VPN; every other symbol is refused). Otherwise
// kInvalidArgument whose message quotes the name, says which part of the rule it breaks and
// what a valid name looks like. `what` names the thing in the message ("phone book name").
[[nodiscard]] Status ValidatePhonebookName(std::string_view name,
                                           std::string_view what = "phone book name");

}  // namespace cm
