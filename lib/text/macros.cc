// SPDX-License-Identifier: MIT
// %Macro% expansion for custom-action command lines.
#include "cm/macros.h"

#include <algorithm>
#include <array>

#include "cm/ascii.h"

namespace cm {
namespace {

constexpr std::array<std::string_view, 22> kKnownMacros = {
    "ServiceName",
    "UserPrefix",
    "UserSuffix",
    "UserName",
    "Profile",
    "ServiceDir",
    "Domain",
    "InetUserName",
    "ConnectionType",
    "DialRasPhoneBook",
    "TunnelRasPhoneBook",
    "DialRasEntry",
    "TunnelRasEntry",
    "AutoRedial",
    "PopName",
    "ErrorCode",
    "LastErrorSource",
    "CurrentFavorite",
    "TunnelServerAddress",
    "ClientIPAddress",
    "ServerIPAddress",
    "Interactive",
};

bool IsMacroNameChar(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

bool IsSeedMacro(std::string_view name) {
  return std::any_of(kKnownMacros.begin(), kKnownMacros.end(),
                     [name](std::string_view known) { return AsciiEqualsNoCase(known, name); });
}

}  // namespace

std::span<const std::string_view> KnownMacroNames() { return kKnownMacros; }

bool MacroValues::LessIgnoreCase::operator()(std::string_view a, std::string_view b) const {
  return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(),
                                      [](char x, char y) { return AsciiLower(x) < AsciiLower(y); });
}

void MacroValues::Set(std::string_view name, std::string value) {
  auto it = values_.find(name);
  if (it != values_.end()) {
    it->second = std::move(value);
    return;
  }
  values_.emplace(std::string(name), std::move(value));
}

std::optional<std::string_view> MacroValues::Find(std::string_view name) const {
  auto it = values_.find(name);
  if (it == values_.end()) return std::nullopt;
  return std::string_view(it->second);
}

std::string ExpandMacros(std::string_view text, const MacroValues& values) {
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    char c = text[i];
    if (c != '%') {
      out.push_back(c);
      ++i;
      continue;
    }
    if (i + 1 < text.size() && text[i + 1] == '%') {
      out.push_back('%');
      i += 2;
      continue;
    }
    size_t close = text.find('%', i + 1);
    std::string_view name =
        close == std::string_view::npos ? std::string_view() : text.substr(i + 1, close - i - 1);
    bool well_formed = !name.empty() && std::all_of(name.begin(), name.end(), IsMacroNameChar);
    if (well_formed) {
      if (auto value = values.Find(name)) {
        out += *value;
        i = close + 1;
        continue;
      }
      // A macro of the seed's set without a value is "NULL"; any other %word% stays as written.
      out += IsSeedMacro(name) ? std::string_view("NULL") : text.substr(i, close - i + 1);
      i = close + 1;
      continue;
    }
    // A lone '%' (no closing one, or not around a word) is ordinary text.
    out.push_back('%');
    ++i;
  }
  return out;
}

}  // namespace cm
