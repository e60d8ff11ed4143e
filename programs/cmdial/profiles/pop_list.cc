// SPDX-License-Identifier: MIT
// POP filtering with the profile's Mask&/Match& table, plus dialable numbers.
#include "profiles/pop_list.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

#include "cm/ascii.h"

namespace cm::cmdial {
namespace {

const ServiceTypeFilter* FindFilter(const ServiceProfile& profile, std::string_view name) {
  for (const ServiceTypeFilter& filter : profile.filters) {
    if (AsciiLower(filter.name) == AsciiLower(name)) return &filter;
  }
  return nullptr;
}

bool Passes(const ServiceTypeFilter& filter, uint32_t flags) {
  return (flags & filter.mask) == filter.match;
}

Result<const ServiceTypeFilter*> ServiceTypeFilterOf(const ServiceProfile& profile,
                                                     std::string_view service_type) {
  if (service_type.empty()) return nullptr;
  for (const auto& [display, filter_name] : profile.service_types) {
    if (AsciiLower(display) == AsciiLower(service_type) ||
        AsciiLower(filter_name) == AsciiLower(service_type)) {
      if (const ServiceTypeFilter* filter = FindFilter(profile, filter_name)) return filter;
    }
  }
  std::string known;
  for (const auto& [display, filter_name] : profile.service_types) {
    known += fmt::format("{}'{}'", known.empty() ? "" : ", ", display);
  }
  return Fail(Errc::kInvalidArgument,
              fmt::format("service type '{}' is not one of the profile's ({})", service_type,
                          known.empty() ? "it defines none" : known));
}

// 0 = every region; otherwise the 1-based region id.
Result<uint32_t> RegionIdOf(const RegionList& regions, std::string_view region) {
  if (region.empty()) return 0u;
  for (size_t i = 0; i < regions.names.size(); ++i) {
    if (AsciiLower(regions.names[i]) == AsciiLower(region)) return static_cast<uint32_t>(i + 1);
  }
  uint32_t id = 0;
  auto [end, error] = std::from_chars(region.data(), region.data() + region.size(), id);
  if (error == std::errc() && end == region.data() + region.size() && id >= 1 &&
      id <= regions.names.size()) {
    return id;
  }
  return Fail(
      Errc::kInvalidArgument,
      fmt::format(
          "region '{}' is not in the phone book's region file ({} regions{})", region,
          regions.names.size(),
          regions.names.empty() ? "" : fmt::format(": {}", fmt::join(regions.names, ", "))));
}

}  // namespace

Result<std::vector<ListedPop>> ListPops(const ServiceProfile& profile, const Phonebook& book,
                                        const RegionList& regions, const PopQuery& query,
                                        const DialingLocation& location) {
  const ServiceTypeFilter* type_filter = CM_TRY(ServiceTypeFilterOf(profile, query.service_type));
  const uint32_t region_id = CM_TRY(RegionIdOf(regions, query.region));
  std::vector<const ServiceTypeFilter*> base;
  for (const std::string& name : profile.base_filters) {
    if (const ServiceTypeFilter* filter = FindFilter(profile, name)) base.push_back(filter);
  }
  std::vector<ListedPop> listed;
  listed.reserve(book.size());
  for (size_t i = 0; i < book.size(); ++i) {
    PopView pop = book[i];
    if (!query.countries.empty() && std::find(query.countries.begin(), query.countries.end(),
                                              pop.country) == query.countries.end()) {
      continue;
    }
    if (region_id != 0 && pop.region_id.value_or(0) != region_id) continue;
    const uint32_t flags = pop.flags.value_or(0);
    if (type_filter != nullptr && !Passes(*type_filter, flags)) continue;
    bool surcharge = (flags & pop_flag::kSurcharge) != 0;
    if (!base.empty()) {
      auto passes = [&](const ServiceTypeFilter* filter) { return Passes(*filter, flags); };
      auto first = std::find_if(base.begin(), base.end(), passes);
      if (first == base.end()) continue;
      surcharge = first != base.begin();
    }
    ListedPop out;
    out.pop = pop;
    if (pop.region_id && *pop.region_id >= 1 && *pop.region_id <= regions.names.size()) {
      out.region = regions.names[*pop.region_id - 1];
    }
    out.canonical = CanonicalNumber(pop).value_or("");
    out.dialable = DialableNumber(pop, location);
    out.surcharge = surcharge;
    listed.push_back(std::move(out));
  }
  return listed;
}

}  // namespace cm::cmdial
