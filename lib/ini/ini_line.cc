// SPDX-License-Identifier: MIT
// Line classification and name matching for profile files, following Windows (ini-semantics.md).
#include "ini/ini_line.h"

#include <cstdint>

namespace cm::ini {
namespace {

// Reads one code point for case folding. Invalid bytes are taken one at a time as themselves,
// which keeps comparison total for any input (the text is normally valid UTF-8).
char32_t NextForFold(std::string_view s, size_t& pos) {
  const auto b0 = static_cast<uint8_t>(s[pos]);
  if (b0 >= 0xC2 && b0 <= 0xDF && pos + 1 < s.size()) {
    const auto b1 = static_cast<uint8_t>(s[pos + 1]);
    if ((b1 & 0xC0) == 0x80) {
      pos += 2;
      return (char32_t{b0 & 0x1Fu} << 6) | (b1 & 0x3Fu);
    }
  }
  ++pos;
  // Bytes that don't start a two-byte sequence get a value above Unicode so they never fold onto
  // a real character.
  return b0 < 0x80 ? char32_t{b0} : 0x110000 + b0;
}

char32_t Fold(char32_t c) {
  if (c >= 'A' && c <= 'Z') return c + 32;
  if (c >= 0xC0 && c <= 0xDE && c != 0xD7) return c + 32;
  return c;
}

}  // namespace

bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\v'; }

std::string_view TrimBlanks(std::string_view text) {
  while (!text.empty() && IsBlank(text.front())) text.remove_prefix(1);
  while (!text.empty() && IsBlank(text.back())) text.remove_suffix(1);
  return text;
}

std::string_view TrimSpaces(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  return TrimTrailingSpaces(text);
}

std::string_view TrimTrailingSpaces(std::string_view text) {
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  return text;
}

std::string_view StripOuterQuotes(std::string_view value) {
  if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') &&
      value.back() == value.front()) {
    return value.substr(1, value.size() - 2);
  }
  return value;
}

bool NamesEqual(std::string_view a, std::string_view b) {
  size_t i = 0;
  size_t j = 0;
  while (i < a.size() && j < b.size()) {
    if (Fold(NextForFold(a, i)) != Fold(NextForFold(b, j))) return false;
  }
  return i == a.size() && j == b.size();
}

ParsedLine ParseLine(std::string_view text) {
  ParsedLine line;
  size_t start = 0;
  while (start < text.size() && IsBlank(text[start])) ++start;
  if (start == text.size()) return line;

  if (text[start] == ';') {
    line.shape = LineShape::kComment;
    return line;
  }
  if (text[start] == '[') {
    // The name ends at the first ']' (item 7); the ']' itself is optional (item 8).
    line.shape = LineShape::kSection;
    const std::string_view rest = text.substr(start + 1);
    const size_t close = rest.find(']');
    line.unclosed = close == std::string_view::npos;
    line.name = TrimBlanks(rest.substr(0, close));
    line.text_after = !line.unclosed && !TrimBlanks(rest.substr(close + 1)).empty();
    return line;
  }
  const size_t equals = text.find('=', start);
  if (equals == std::string_view::npos) {
    line.shape = LineShape::kNoEquals;
    return line;
  }
  // The split is at the first '=' (item 15).
  line.shape = LineShape::kKey;
  line.name = TrimBlanks(text.substr(start, equals - start));
  size_t value_start = equals + 1;
  while (value_start < text.size() && IsBlank(text[value_start])) ++value_start;
  line.value_start = value_start;
  line.value = StripOuterQuotes(TrimBlanks(text.substr(value_start)));
  return line;
}

}  // namespace cm::ini
