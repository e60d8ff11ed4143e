// SPDX-License-Identifier: MIT
#include "profiles/book_updates.h"

namespace cm::cmdial {

std::vector<BookUpdate> UpdateAllPhonebooks(const InstalledProfile& profile,
                                            const UpdateOptions& options) {
  std::vector<BookUpdate> results;
  for (ProfileBook& book : profile.Books()) {
    Result<PhonebookUpdateOutcome> outcome = UpdatePhonebook(book, options);
    results.push_back({std::move(book), std::move(outcome)});
  }
  return results;
}

}  // namespace cm::cmdial
