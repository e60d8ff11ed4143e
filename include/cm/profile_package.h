// SPDX-License-Identifier: MIT
// Reading a service profile package (`cmak build`'s SHORT.cab, or the cabinet inside a
// self-extracting SHORT.run) into verified members. docs/formats/profile.md describes the
// package; docs/formats/installed-profile.md what cmdial does with it.
//
// Bytes in, members out: nothing here touches the disk. Every member a caller gets back has
// a plain name (no folder, no `..`, no control characters), is listed in the manifest with the
// size and SHA-256 it has, and the manifest's signature verifies with the key it names. Whether
// that key is trusted is the caller's decision (cmdial pins one key per service).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "cm/crypto.h"
#include "cm/result.h"

namespace cm {

inline constexpr std::string_view kProfilePackageFormat = "cmsuite-profile/1";
// The line of a SHORT.run after which the cabinet's bytes follow.
inline constexpr std::string_view kSelfExtractingMarker = "__CMSUITE_CAB_FOLLOWS__";

// The largest package accepted and the most members it may hold.
inline constexpr uint64_t kMaxProfilePackageBytes = uint64_t{256} << 20;
inline constexpr uint32_t kMaxProfilePackageMembers = 4096;

enum class UnsignedPackages { kRefuse, kAllow };

struct ProfilePackage {
  std::string short_name;           // the manifest's "profile"
  std::optional<PublicKey> signer;  // the key the signature verified with; none if unsigned
  std::map<std::string, std::string> members;  // every file but manifest.json/.sig, by name
};

// The cabinet bytes of a self-extracting package: everything after the first line that is
// exactly kSelfExtractingMarker (LF-terminated). The script before it is never run.
// Errors: kParse when there is no marker line.
[[nodiscard]] Result<std::string_view> SelfExtractingCabinet(std::string_view run_bytes);

// True when `bytes` start like a cabinet ("MSCF").
bool LooksLikeCabinet(std::string_view bytes);

// True when `name` may be a file in an installed profile folder: 1-255 bytes, no '/', '\\',
// ':' or control character, not "." or "..", no leading or trailing space.
bool IsPlainMemberName(std::string_view name);

// Reads and verifies a package cabinet:
//  * the cabinet reads (limits above; kCorrupt/kLimit/kUnsupported from ReadCabinet);
//  * manifest.json parses, its "format" is cmsuite-profile/1 and "profile" obeys the
//    eight-character rule (kParse / kUnsupported / kInvalidArgument);
//  * every member name is plain and unique ignoring case (kInvalidArgument naming it);
//  * every member but the manifest and its signature is listed, every listed file is present,
//    and each has the listed size and SHA-256 (kCorrupt naming the file);
//  * SHORT.cms, SHORT.cmp and SHORT.inf are present (kInvalidArgument);
//  * manifest.sig verifies with the manifest's "signer" (kSignature). Without manifest.sig
//    the package is unsigned: kSignature unless `unsigned_packages` is kAllow.
[[nodiscard]] Result<ProfilePackage> ReadProfilePackage(
    std::string_view cabinet, UnsignedPackages unsigned_packages = UnsignedPackages::kRefuse);

}  // namespace cm
