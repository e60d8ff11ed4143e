// SPDX-License-Identifier: MIT
// ValidatePhonebookName: at most eight characters, not all digits, no spaces or symbols.
#include "cm/phonebook_name.h"

#include <fmt/format.h>

#include <algorithm>

#include "phonebook/quote.h"

namespace cm {
namespace {

bool IsAsciiLetterOrDigit(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

constexpr std::string_view kHint =
    "use 1 to 8 letters, digits or '_' with at least one letter or '_', e.g. \"CorpNet\"";

std::string Describe(char c) {
  if (c == ' ') return "a space";
  if (c == '\t') return "a tab";
  auto byte = static_cast<unsigned char>(c);
  if (byte < 0x20 || byte >= 0x7F) return fmt::format("the byte 0x{:02X}", byte);
  return fmt::format("the symbol '{}'", c);
}

}  // namespace

Status ValidatePhonebookName(std::string_view name, std::string_view what) {
  auto fail = [&](std::string_view problem) {
    return Fail(Errc::kInvalidArgument,
                fmt::format("{} {} {}: {}", what, internal::Quote(name), problem, kHint));
  };
  if (name.empty()) return fail("is empty");
  if (name.size() > kMaxPhonebookNameLength) {
    return fail(
        fmt::format("has {} characters (at most {})", name.size(), kMaxPhonebookNameLength));
  }
  for (char c : name) {
    if (!IsAsciiLetterOrDigit(c) && c != '_') return fail(fmt::format("contains {}", Describe(c)));
  }
  if (std::all_of(name.begin(), name.end(), IsDigit)) return fail("is all digits");
  return Ok();
}

}  // namespace cm
