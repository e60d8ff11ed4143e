// SPDX-License-Identifier: MIT
// Connection Manager command-line macros (%ServiceName% ... %Interactive%) in custom actions.
//
// Rules (the seed's "Connection Manager command-line macros" table): names match without regard
// to case; "%%" is a literal '%'; a known macro the caller set expands to its value; a macro of
// the seed's set that has no value expands to "NULL" (the seed: Connection Manager "passes the
// string NULL ... for all undefined parameters"); any other %word% is left as written, so
// environment-style text such as %SystemRoot% passes through untouched.
#pragma once

#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace cm {

// The seed's macro names, in its table's order, spelled as the seed spells them.
std::span<const std::string_view> KnownMacroNames();

// Values for expansion. Names are kept case-insensitively; setting a name outside the seed's set
// is allowed (it then expands like a known one).
class MacroValues {
 public:
  void Set(std::string_view name, std::string value);
  // The value set for `name` (any case), if any.
  std::optional<std::string_view> Find(std::string_view name) const;

 private:
  struct LessIgnoreCase {
    using is_transparent = void;
    bool operator()(std::string_view a, std::string_view b) const;
  };
  std::map<std::string, std::string, LessIgnoreCase> values_;
};

// Expands every macro in `text` by the rules above.
std::string ExpandMacros(std::string_view text, const MacroValues& values);

}  // namespace cm
