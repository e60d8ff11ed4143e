// SPDX-License-Identifier: MIT
#include "engines/dialup_target.h"

#include <fmt/format.h>

#include "profiles/dialing.h"
#include "profiles/phonebook_files.h"
#include "profiles/pop_list.h"

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
  LoadedPhonebook book = CM_TRY(LoadPhonebook(installed, query.countries));
  std::vector<ListedPop> pops =
      CM_TRY(ListPops(profile, book.pbk.pops, book.regions.regions, query, location));
  const ListedPop* chosen = nullptr;
  for (const ListedPop& listed : pops) {
    if (!settings.pop.empty()) {
      if (listed.pop.pop_id && std::to_string(*listed.pop.pop_id) == settings.pop) {
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
