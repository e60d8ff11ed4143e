// SPDX-License-Identifier: MIT
// Updating every phone book of a profile: its own and each merged profile's, each from its own
// server and verified with its own publisher key (what a connection does after connecting and
// what `cmdial update-phonebook` runs).
#pragma once

#include <vector>

#include "cm/result.h"
#include "profiles/phonebook_update.h"
#include "profiles/profile_store.h"

namespace cm::cmdial {

// One book's result: the outcome, or why it failed (that book's old files are kept).
struct BookUpdate {
  ProfileBook book;
  Result<PhonebookUpdateOutcome> outcome;
};

// Calls UpdatePhonebook for profile.Books() in order (the profile's own first). The books are
// independent: a failure of one is logged (options.log_path) and returned in its BookUpdate, and
// the next book is still asked. options.url_override, when set, applies to every book.
std::vector<BookUpdate> UpdateAllPhonebooks(const InstalledProfile& profile,
                                            const UpdateOptions& options);

}  // namespace cm::cmdial
