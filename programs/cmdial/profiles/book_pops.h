// SPDX-License-Identifier: MIT
// The POPs of every phone book of a profile, for `cmdial pops` and for choosing the POP to dial:
// the profile's own book first (read exactly as LoadPhonebook reads it, with its fast paths),
// then each merged profile's book. The profile's filters (base filters, service types) apply to
// every book, as cmak merged the merged profiles' filters into the profile.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "cm/result.h"
#include "profiles/dialing.h"
#include "profiles/phonebook_files.h"
#include "profiles/pop_list.h"
#include "profiles/profile_store.h"

namespace cm::cmdial {

// A POP id as `cmdial connect --pop` takes it: "ID" (the profile's own book) or "BOOK:ID" (the
// merged profile BOOK's). `book` is "" for the profile's own book.
struct PopChoice {
  std::string book;
  std::string id;
};
PopChoice ParsePopChoice(std::string_view text);

// How a listed POP is chosen again: "ID" for the profile's own book, "BOOK:ID" for a merged one.
std::string PopChoiceText(const ProfileBook& book, uint32_t pop_id);

// One book's listed POPs. `pops` borrow from `loaded`, which the struct owns (so moving a
// BookPops keeps them valid).
struct BookPops {
  ProfileBook book;
  std::unique_ptr<LoadedPhonebook> loaded;
  std::vector<ListedPop> pops;
};

// Reads `book` (a book of `profile`) as LoadPhonebook reads the profile's own (a merged book's
// plain-book stamp in `cache_dir` is named after its own stem). Errors: as LoadPhonebook.
[[nodiscard]] Result<LoadedPhonebook> LoadBook(const InstalledProfile& profile,
                                               const ProfileBook& book,
                                               const std::vector<uint32_t>& countries = {},
                                               const std::string& cache_dir = {});

// Lists the POPs of profile.Books() that pass `query`, each book in phone book order; books
// without a phone book are left out. The profile's own book must load (errors as LoadPhonebook,
// then ListPops); a merged book that cannot be read is left out and its error appended to
// `problems` (when non-null), so one missing file does not hide the others. A region or
// service type only some books define filters those books; it is an error (as ListPops) only
// when no book defines it.
[[nodiscard]] Result<std::vector<BookPops>> ListBookPops(const InstalledProfile& profile,
                                                         const PopQuery& query,
                                                         const DialingLocation& location,
                                                         std::vector<Error>* problems,
                                                         const std::string& cache_dir = {});

}  // namespace cm::cmdial
