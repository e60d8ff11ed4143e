// SPDX-License-Identifier: MIT
// POP flags by name.
#include "service_types.h"

#include <fmt/format.h>

#include <vector>

#include "cm/ascii.h"
#include "cm/phonebook.h"

namespace cm::pbadmin {
namespace {

struct ServiceType {
  std::string_view name;
  uint32_t absent_bit;  // the bit that is SET when the POP lacks this service
};

constexpr ServiceType kServiceTypes[] = {
    {"Modem", pop_flag::kNoModem},
    {"ISDN", pop_flag::kNoIsdn},
    {"Multicast", pop_flag::kNoMulticast},
};

}  // namespace

Result<uint32_t> ApplyServiceTypes(uint32_t flags, std::string_view list) {
  uint32_t result = flags | kServiceTypeBits;  // start from "offers nothing"
  size_t pos = 0;
  bool any = false;
  while (pos <= list.size()) {
    size_t end = list.find_first_of(",;| \t", pos);
    if (end == std::string_view::npos) end = list.size();
    std::string_view word = list.substr(pos, end - pos);
    pos = end + 1;
    if (word.empty()) continue;
    any = true;
    if (AsciiEqualsNoCase(word, "none")) continue;
    bool known = false;
    for (const ServiceType& type : kServiceTypes) {
      if (AsciiEqualsNoCase(word, type.name)) {
        result &= ~type.absent_bit;
        known = true;
      }
    }
    if (!known) {
      return Fail(Errc::kInvalidArgument,
                  fmt::format("unknown service type '{}': use Modem, ISDN, Multicast (any of "
                              "them, separated by commas) or none",
                              word));
    }
  }
  if (!any) {
    return Fail(Errc::kInvalidArgument, "empty service types: name Modem, ISDN, Multicast or none");
  }
  return result;
}

std::string ServiceTypeNames(uint32_t flags) {
  std::string names;
  for (const ServiceType& type : kServiceTypes) {
    if ((flags & type.absent_bit) != 0) continue;
    if (!names.empty()) names += ", ";
    names += type.name;
  }
  return names.empty() ? "none" : names;
}

std::string DescribeFlags(uint32_t flags) {
  std::vector<std::string> parts{ServiceTypeNames(flags)};
  if ((flags & pop_flag::kSurcharge) != 0) parts.emplace_back("surcharge");
  if ((flags & pop_flag::kSignUp) != 0) parts.emplace_back("sign-up");
  if ((flags & pop_flag::kNotSignOn) != 0) {
    parts.emplace_back("not sign-on (dial-up clients ignore this POP)");
  }
  if ((flags & pop_flag::kCustom1) != 0) parts.emplace_back("custom bit 0x10");
  if ((flags & ~0x7Fu) != 0)
    parts.emplace_back(fmt::format("reserved bits 0x{:X}", flags & ~0x7Fu));
  std::string out;
  for (const std::string& part : parts) {
    if (!out.empty()) out += "; ";
    out += part;
  }
  return out;
}

}  // namespace cm::pbadmin
