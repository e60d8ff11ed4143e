// SPDX-License-Identifier: MIT
// Keeping an installed profile's phone books current, each from its own server: the profile's
// book from [ISP] PBURL, a merged profile's from its [cmsuite Merge&OTHER] PBURL.
//
// The query is pbserver's (docs/pbserver.md): GET PBURL?osarch=..&ostype=..&osver=..&cmver=..
// &lcid=..&pbver=V&pb=NAME with V the installed version. 204 = up to date; 200 = a signed
// release cabinet (delta or full, docs/formats/release.md), verified with the book's own
// publisher key by cm::ApplyUpdate; the files are then replaced atomically inside the profile
// folder. Safety rules (the original's downloader was abused to fetch arbitrary files):
//   * only the book's URL written in the profile, http or https; a redirect is never followed;
//   * a body over `max_bytes` is cut off and refused;
//   * anything but a cabinet signed by the publisher key is refused;
//   * only P.pbk, P.pbr and P.ver in the profile folder are written.
// On any failure the installed phone book stays as it was and the reason is logged; callers
// must never fail a connection because of it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "cm/result.h"
#include "profiles/profile_store.h"

namespace cm::cmdial {

struct UpdateOptions {
  size_t max_bytes = size_t{32} << 20;  // the largest response body accepted
  long timeout_seconds = 60;            // whole transfer
  long connect_timeout_seconds = 15;
  // Where a line per attempt is appended ("" = no log). docs/formats/installed-profile.md.
  std::string log_path;
  // Where the book's plain-book stamp is kept (StorePaths::cache_dir; "" = none): the update
  // checks the new lines and stamps a plain new book, so the next `cmdial pops` is fast.
  std::string cache_dir;
  // For tests: replaces the book's PBURL (same rules apply). Empty = the book's PBURL.
  std::string url_override;
  // For tests: load libcurl from this file name instead of libcurl.so.4 (see curl_library.h).
  std::string curl_soname;
};

enum class PhonebookUpdateKind {
  kNoServer,  // the profile has no PBURL, phone book or publisher key: nothing asked
  kUpToDate,  // the server said 204
  kDelta,     // a delta was applied
  kFull,      // a full phone book replaced the old one
};

std::string_view PhonebookUpdateKindName(PhonebookUpdateKind kind);  // "none", "up-to-date", ...

struct PhonebookUpdateOutcome {
  PhonebookUpdateKind kind = PhonebookUpdateKind::kNoServer;
  uint32_t old_version = 0;
  uint32_t new_version = 0;  // == old_version unless a delta or full book was applied
  std::string message;       // one line for a person ("phone book SAMPLE 2 -> 3 (delta)")
};

// Asks the book's own server (book.pb_url) for an update, verifies it with the book's own
// publisher key and applies it: the profile's own book or a merged profile's, each on its own.
// Never touches anything outside book.folder (and options.log_path), and there only the book's
// .pbk, .pbr and .ver. Errors (the old phone book is kept and the reason is
// appended to options.log_path): kNetwork (connection, HTTP status, redirect refused), kLimit
// (body over max_bytes), kUnsupported (libcurl cannot be loaded; it is loaded on first use),
// kSignature/kCorrupt/kInvalidArgument (from ApplyUpdate), kIo (writing the files).
[[nodiscard]] Result<PhonebookUpdateOutcome> UpdatePhonebook(const ProfileBook& book,
                                                             const UpdateOptions& options);
// UpdatePhonebook(profile.OwnBook(), options): the profile's own book only.
[[nodiscard]] Result<PhonebookUpdateOutcome> UpdatePhonebook(const InstalledProfile& profile,
                                                             const UpdateOptions& options);

// The part of UpdatePhonebook after the download: verifies `cabinet` with the book's
// publisher key, applies it to the installed book (a delta needs the installed release it was
// made from) and replaces the files atomically. Errors: as ApplyUpdate (kSignature, kCorrupt,
// kInvalidArgument), kInvalidArgument when the result is not newer than the installed
// version, kIo. The old files stay on any error. `cache_dir`: as UpdateOptions::cache_dir.
[[nodiscard]] Result<PhonebookUpdateOutcome> ApplyPhonebookCabinet(
    const ProfileBook& book, std::string_view cabinet, const std::string& cache_dir = {});
// ApplyPhonebookCabinet(profile.OwnBook(), cabinet, cache_dir).
[[nodiscard]] Result<PhonebookUpdateOutcome> ApplyPhonebookCabinet(
    const InstalledProfile& profile, std::string_view cabinet, const std::string& cache_dir = {});

// The default update log of a profile: <state_dir>/<SHORT>-phonebook.log.
std::string DefaultUpdateLogPath(const StorePaths& paths, const InstalledProfile& profile);

}  // namespace cm::cmdial
