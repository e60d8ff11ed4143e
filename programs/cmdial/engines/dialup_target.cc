// SPDX-License-Identifier: MIT
#include "engines/dialup_target.h"

#include <fmt/format.h>

#include <algorithm>

#include "cm/ascii.h"
#include "profiles/book_pops.h"
#include "profiles/dialing.h"

namespace cm::cmdial {
Result<DialTarget> ChooseDialTarget(const InstalledProfile& installed, const UserSettings& settings,
                                    const StorePaths& paths) {
  const ServiceProfile& profile = installed.profile;
  const DialingLocation location = LoadLocation(paths);
  PopQuery query;
  query.region = settings.region;
  query.service_type = settings.service_type;
  if (!settings.country.empty()) {
    const Country* country = CM_TRY(ParseCountry(settings.country));
    query.countries.push_back(country->tapi_id);
  } else if (settings.pop.empty() && location.country_tapi_id != 0) {
    query.countries.push_back(location.country_tapi_id);
  }
  const PopChoice choice = ParsePopChoice(settings.pop);
  if (!choice.book.empty()) {
    if (Result<ProfileBook> known = installed.FindBook(choice.book); !known) {
      return Fail(std::move(known).error());  // names the books there are
    }
  }
  std::vector<BookPops> books = CM_TRY(ListBookPops(installed, query, location, nullptr));
  const ListedPop* chosen = nullptr;
  const BookPops* chosen_book = nullptr;
  for (const BookPops& book : books) {
    if (!settings.pop.empty() && !AsciiEqualsNoCase(book.book.book, choice.book) &&
        !(choice.book.empty() && !book.book.merged)) {
      continue;
    }
    for (const ListedPop& listed : book.pops) {
      if (!settings.pop.empty()) {
        if (listed.pop.pop_id && std::to_string(*listed.pop.pop_id) == choice.id) {
          chosen = &listed;
          break;
        }
        continue;
      }
      if (!listed.dialable.empty()) {
        chosen = &listed;
        break;
      }
    }
    if (chosen != nullptr) {
      chosen_book = &book;
      break;
    }
  }
  if (chosen == nullptr) {
    if (!settings.pop.empty()) {
      return Fail(Errc::kNotFound,
                  fmt::format("{}: POP {} is not in the phone book for this country, region and "
                              "service type; 'cmdial pops {}' lists the POPs you can use",
                              installed.short_name(), settings.pop, installed.short_name()));
    }
    return Fail(Errc::kNotFound,
                fmt::format("{}: no POP to dial for this country, region and service type; "
                            "'cmdial pops {}' lists them, --pop ID or --country C chooses one",
                            installed.short_name(), installed.short_name()));
  }
  DialTarget target;
  target.book = chosen_book->book.book;
  target.phonebook_path = chosen_book->book.PhonebookPath();
  target.dialable = chosen->dialable;
  target.canonical = chosen->canonical;
  target.pop_name = std::string(chosen->pop.name);
  target.pop_id = chosen->pop.pop_id.value_or(0);
  target.dun = !chosen->pop.dun.empty() ? std::string(chosen->pop.dun)
               : !profile.dun.empty()   ? profile.dun
                                        : profile.short_name;
  return target;
}

}  // namespace cm::cmdial
