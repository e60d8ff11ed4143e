// SPDX-License-Identifier: MIT
// What one line of a profile file means to Windows: blank, comment, section header or key.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace cm::ini {

// Space, tab and vertical tab: the blanks Windows trims around names and values (items 5, 6, 14).
bool IsBlank(char c);
std::string_view TrimBlanks(std::string_view text);
// Only spaces: what Windows strips from the section and key arguments of the API (items 16, 39).
std::string_view TrimSpaces(std::string_view text);
// Only trailing spaces: what happens to a GetPrivateProfileString default (item 24).
std::string_view TrimTrailingSpaces(std::string_view text);

// Removes one outer pair of the same quote character, " or ', from an already trimmed value
// (item 20): `"x"` -> `x`, `'"x"'` -> `"x"`, `"x'` unchanged, `"` unchanged.
std::string_view StripOuterQuotes(std::string_view value);

// True when two section or key names are equal ignoring case. Folds ASCII letters and the
// Latin-1 letters U+00C0..U+00DE (except U+00D7) in UTF-8 text; other characters must match.
bool NamesEqual(std::string_view a, std::string_view b);

enum class LineShape {
  kBlank,      // only blanks
  kComment,    // first non-blank character is ';' (item 21)
  kSection,    // first non-blank character is '[' (items 5-10)
  kKey,        // has '=' (items 13-15)
  kNoEquals,   // anything else: not a key (item 18)
};

struct ParsedLine {
  LineShape shape = LineShape::kBlank;
  std::string_view name;      // section name or key, blanks trimmed (views into the text)
  std::string_view value;     // key value, blanks trimmed and outer quotes stripped
  size_t value_start = 0;     // offset in the text where the value's non-blank text begins
  bool unclosed = false;      // kSection: no ']' on the line (item 8)
  bool text_after = false;    // kSection: non-blank text after the ']' (item 7)
};

// Classifies one line of text (UTF-8, no line break). The views point into `text`.
ParsedLine ParseLine(std::string_view text);

}  // namespace cm::ini
