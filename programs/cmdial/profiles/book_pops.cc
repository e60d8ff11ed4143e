// SPDX-License-Identifier: MIT
#include "profiles/book_pops.h"

#include <fmt/format.h>

#include <optional>
#include <utility>

namespace cm::cmdial {

PopChoice ParsePopChoice(std::string_view text) {
  const size_t colon = text.rfind(':');
  if (colon == std::string_view::npos) return {"", std::string(text)};
  return {std::string(text.substr(0, colon)), std::string(text.substr(colon + 1))};
}

std::string PopChoiceText(const ProfileBook& book, uint32_t pop_id) {
  return book.merged ? fmt::format("{}:{}", book.book, pop_id) : std::to_string(pop_id);
}

Result<LoadedPhonebook> LoadBook(const InstalledProfile& profile, const ProfileBook& book,
                                 const std::vector<uint32_t>& countries,
                                 const std::string& cache_dir) {
  if (!book.merged) return LoadPhonebook(profile, countries, cache_dir);
  return LoadPhonebook(book, countries, cache_dir);
}

Result<std::vector<BookPops>> ListBookPops(const InstalledProfile& profile, const PopQuery& query,
                                           const DialingLocation& location,
                                           std::vector<Error>* problems,
                                           const std::string& cache_dir) {
  std::vector<BookPops> out;
  std::optional<Error> refused;  // the first book's ListPops refusal (unknown region, ...)
  bool listed_any = false;
  for (ProfileBook& book : profile.Books()) {
    // A book without a phone book has no POPs; the profile's own is read anyway when it is the
    // only book, so that LoadPhonebook says it has none.
    if (book.pb_file.empty() && (book.merged || !profile.profile.merged.empty())) continue;
    Result<LoadedPhonebook> loaded = LoadBook(profile, book, query.countries, cache_dir);
    if (!loaded) {
      if (!book.merged) return Fail(std::move(loaded).error());
      if (problems != nullptr) {
        problems->push_back(Error(loaded.error().code(),
                                  fmt::format("{}'s merged phone book is left out: {}", book.book,
                                              loaded.error().message()),
                                  loaded.error().location()));
      }
      continue;
    }
    BookPops entry{std::move(book), std::make_unique<LoadedPhonebook>(std::move(*loaded)), {}};
    Result<std::vector<ListedPop>> pops = ListPops(profile.profile, entry.loaded->pbk.pops,
                                                   entry.loaded->regions.regions, query, location);
    if (!pops) {
      // A region only another book has: none of this book's POPs are in it.
      if (pops.error().code() != Errc::kInvalidArgument) return Fail(std::move(pops).error());
      if (!refused) refused = std::move(pops).error();
      continue;
    }
    listed_any = true;
    entry.pops = std::move(*pops);
    out.push_back(std::move(entry));
  }
  if (!listed_any && refused) return Fail(std::move(*refused));
  return out;
}

}  // namespace cm::cmdial
