// SPDX-License-Identifier: MIT
// Installing and removing profile packages (docs/formats/installed-profile.md).
//
// Install = verify (cm/profile_package.h), check the pinned publisher key of the service, stage
// every file in a new folder inside the store root (created exclusively, never following a
// link, each file fsynced), carry over the user's settings and favourites from the old .cmp,
// then switch the folder in with one atomic exchange and rename the .cmp into place. A crash
// leaves either the old profile or the new one (and perhaps a stale `.stage-*` folder, removed
// by the next install).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "cm/crypto.h"
#include "cm/result.h"
#include "profiles/profile_store.h"

namespace cm::cmdial {

struct InstallOptions {
  InstallScope scope = InstallScope::kUser;
  bool trust_new_key = false;   // accept a key other than the pinned one (and pin it)
  bool allow_unsigned = false;  // accept a package without manifest.sig
};

struct InstallReport {
  std::string short_name;
  std::string service_name;
  std::optional<PublicKey> signer;    // none for an unsigned package
  std::optional<PublicKey> old_key;   // the key pinned before, when it changed
  bool updated = false;               // a profile of that name was replaced
  bool kept_newer_phonebook = false;  // the installed phone book was newer than the package's
  InstalledProfile installed;
};

// The bytes of a package file: a cabinet as is, or the cabinet inside a self-extracting .run.
// Errors: kParse when the bytes are neither.
[[nodiscard]] Result<std::string_view> PackageCabinet(std::string_view file_bytes);

// Verifies and installs `cabinet` into paths.Root(options.scope). Errors: everything
// ReadProfilePackage refuses; kSignature when the service's pinned key differs from the signer
// (and trust_new_key is off), naming both fingerprints, or when an unsigned package would
// replace a signed one; kInvalidArgument when the .cms does not read; kIo. Each installed
// phone book found plain gets its plain-book stamp in paths.cache_dir (StampIfPlain).
// REQUIRES: the caller checked that an all-users install runs as root.
[[nodiscard]] Result<InstallReport> InstallPackage(const StorePaths& paths,
                                                   std::string_view cabinet,
                                                   const InstallOptions& options);

// The key pinned for `short_name` in `root`, if any. Errors: kCorrupt when the pin file is
// unreadable as a key.
[[nodiscard]] Result<std::optional<PublicKey>> PinnedKey(const std::string& root,
                                                         std::string_view short_name);

// Removes an installed profile: ROOT/SHORT.cmp, ROOT/SHORT/ and its pin (the folder is first
// renamed aside, so a crash never leaves half a profile under its name). The user's own
// settings file of an all-users profile is left. Errors: kIo.
[[nodiscard]] Status UninstallProfile(const InstalledProfile& profile);

}  // namespace cm::cmdial
