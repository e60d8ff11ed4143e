// SPDX-License-Identifier: MIT
// `cmak new --merge OTHERDIR`: another profile's phone book and settings merged into a new one
// (the seed's merged profiles; docs/formats/profile.md, "Merged profiles").
#pragma once

#include <string>

#include "cm/result.h"
#include "profile_files.h"
#include "profile_spec.h"
#include "report.h"

namespace cm::cmak {

// Merges the profile folder `other` (DIR/OTHER) into `spec`:
// - its phone book, region file and phone book .ver are copied into `files` and recorded in
//   spec.merged (with its ServiceName, PBURL and PublisherKey) and spec.other_files;
// - its [ISP] Mask&/Match& filters and [Service Types] entries that this profile lacks are added;
// - its networking sections ([Server&X], [TCP/IP&X], [Networking&X]) go to spec.merged_sections.
// Profiles merged into `other` are not carried over (a warning on output.err says so).
// Errors, each naming OTHER: kInvalidArgument when OTHER is this profile or already merged, or
// on a conflict (a copied file's name already taken, a filter, service type or networking
// section of the same name with other values); kNotFound/kIo/kParse when its .cms or phone book
// cannot be read or a client would drop its phone book.
[[nodiscard]] Status MergeProfile(const std::string& other, ProfileSpec& spec, ProfileFiles& files,
                                  Output& output);

}  // namespace cm::cmak
