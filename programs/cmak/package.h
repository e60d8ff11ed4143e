// SPDX-License-Identifier: MIT
// Packaging a profile folder as SHORT.cab with a signed manifest (docs/formats/profile.md).
#pragma once

#include <string>
#include <vector>

#include "cm/cab.h"
#include "cm/crypto.h"
#include "cm/result.h"

namespace cm::cmak {

// The members of a profile package in cabinet order: the folder's files sorted by name
// (byte order), then manifest.json and, when `key` is given, manifest.sig. Reads every regular
// file of `folder` as it is (hand edits included); the folder's name is the profile's short
// name. Errors: kInvalidArgument for a bad short name, a subfolder or other non-file, a file
// named manifest.json/manifest.sig; kNotFound when SHORT.cms, SHORT.cmp or SHORT.inf is
// missing; kIo for unreadable files (each naming the path).
[[nodiscard]] Result<std::vector<CabEntry>> PackageMembers(const std::string& folder,
                                                           const SigningKey* key);

// The manifest's bytes for `files` (name and bytes, in cabinet order): UTF-8 JSON, keys sorted,
// two-space indent, final newline; deterministic.
std::string MakeProfileManifest(const std::string& short_name, const std::vector<CabEntry>& files,
                                const SigningKey* key);

}  // namespace cm::cmak
