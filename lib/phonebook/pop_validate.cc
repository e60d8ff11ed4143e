// SPDX-License-Identifier: MIT
// ValidatePopStrict: the Phone Book Administrator's import limits (cm-formats.md §2.5).
#include <fmt/format.h>

#include <algorithm>

#include "cm/country.h"
#include "cm/pbk_format.h"
#include "phonebook/quote.h"

namespace cm {
namespace {

using internal::Quote;

constexpr size_t kPbaMaxNameLength = 30;
constexpr size_t kPbaMaxAreaCodeLength = 10;
constexpr size_t kPbaMaxNumberLength = 35;
constexpr size_t kPbaMaxDunLength = 50;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAreaCodeChar(char c) { return IsDigit(c) || c == '-' || c == ' '; }
bool IsNumberChar(char c) { return IsDigit(c) || c == '#' || c == '*' || c == '-' || c == ' '; }
bool HasLineEnd(std::string_view text) {
  return text.find_first_of("\r\n") != std::string_view::npos;
}

class Checker {
 public:
  void Add(const char* rule, std::string message) {
    found_.push_back(Diagnostic{0, rule, std::move(message), Diagnostic::Severity::kError});
  }
  std::vector<Diagnostic> Take() { return std::move(found_); }

 private:
  std::vector<Diagnostic> found_;
};

void CheckText(Checker& checker, const Pop& pop) {
  if (pop.name.size() > kPbaMaxNameLength) {
    checker.Add("pba.name-too-long",
                fmt::format("POP name {} is {} characters (at most {})", Quote(pop.name),
                            pop.name.size(), kPbaMaxNameLength));
  }
  if (pop.name.find_first_of(",\"") != std::string::npos || HasLineEnd(pop.name)) {
    checker.Add("pba.name-bad-chars",
                fmt::format("POP name {} contains ',', '\"' or a line end", Quote(pop.name)));
  }
  if (pop.area_code.size() > kPbaMaxAreaCodeLength ||
      !std::all_of(pop.area_code.begin(), pop.area_code.end(), IsAreaCodeChar)) {
    checker.Add("pba.area-code", fmt::format("area code {} is not at most {} digits, '-' or spaces",
                                             Quote(pop.area_code), kPbaMaxAreaCodeLength));
  }
  if (pop.number.empty()) {
    checker.Add("pba.number-missing", "access number is missing");
  } else if (pop.number.size() > kPbaMaxNumberLength ||
             !std::all_of(pop.number.begin(), pop.number.end(), IsNumberChar)) {
    checker.Add("pba.number",
                fmt::format("access number {} is not at most {} digits, '#', '*', '-' or spaces",
                            Quote(pop.number), kPbaMaxNumberLength));
  }
  if (pop.dun.size() > kPbaMaxDunLength || pop.dun.find(',') != std::string::npos ||
      HasLineEnd(pop.dun)) {
    checker.Add("pba.dun", fmt::format("dial-up networking name {} is over {} characters or "
                                       "contains ',' or a line end",
                                       Quote(pop.dun), kPbaMaxDunLength));
  }
}

}  // namespace

std::vector<Diagnostic> ValidatePopStrict(const Pop& pop, size_t region_count) {
  Checker checker;
  if (!pop.pop_id) checker.Add("pba.pop-id-missing", "POP index is missing");
  if (FindCountryByTapiId(pop.country) == nullptr) {
    checker.Add("pba.country-unknown",
                fmt::format("country {} is not a known TAPI country ID", pop.country));
  }
  if (pop.region_id && *pop.region_id > region_count) {
    checker.Add("pba.region-out-of-range",
                fmt::format("region id {} is past the {} region{} defined", *pop.region_id,
                            region_count, region_count == 1 ? "" : "s"));
  }
  CheckText(checker, pop);
  // Custom 1 (0x10) is allowed: PBA's own documented example sets it (service flag 120).
  constexpr uint32_t kReservedBits = pop_flag::kCustom2 | ~uint32_t{0xFF};
  if (pop.flags && (*pop.flags & kReservedBits) != 0) {
    checker.Add("pba.flags-reserved-bits", fmt::format("POP flag {} sets reserved bits 0x{:X}",
                                                       *pop.flags, *pop.flags & kReservedBits));
  }
  return checker.Take();
}

}  // namespace cm
