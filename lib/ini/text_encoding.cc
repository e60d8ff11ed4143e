// SPDX-License-Identifier: MIT
// UTF-8, Windows-1252 and UTF-16LE conversions for profile files.
#include "ini/text_encoding.h"

#include <array>
#include <cstdint>
#include <optional>

#include <fmt/format.h>

namespace cm::ini {
namespace {

constexpr char32_t kReplacement = 0xFFFD;

// Windows-1252 bytes 0x80..0x9F. The five bytes Microsoft leaves undefined map to the C1 control
// with the same number, as MultiByteToWideChar does, so every byte survives a round trip.
constexpr std::array<char32_t, 32> kCp1252High = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,  // 80-87
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,  // 88-8F
    0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,  // 90-97
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,  // 98-9F
};

uint8_t Byte(char c) { return static_cast<uint8_t>(c); }

void AppendUtf8(char32_t cp, std::string& out) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Decodes the code point at `pos` and advances past it; std::nullopt (pos unchanged) when the
// bytes there are not well-formed UTF-8.
std::optional<char32_t> NextCodePoint(std::string_view s, size_t& pos) {
  const uint8_t lead = Byte(s[pos]);
  if (lead < 0x80) {
    ++pos;
    return lead;
  }
  size_t length = 0;
  char32_t cp = 0;
  char32_t min = 0;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2, cp = lead & 0x1F, min = 0x80;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3, cp = lead & 0x0F, min = 0x800;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4, cp = lead & 0x07, min = 0x10000;
  } else {
    return std::nullopt;
  }
  if (s.size() - pos < length) return std::nullopt;
  for (size_t i = 1; i < length; ++i) {
    const uint8_t next = Byte(s[pos + i]);
    if ((next & 0xC0) != 0x80) return std::nullopt;
    cp = (cp << 6) | (next & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return std::nullopt;
  pos += length;
  return cp;
}

std::optional<uint8_t> Cp1252Byte(char32_t cp) {
  if (cp < 0x80 || (cp >= 0xA0 && cp <= 0xFF)) return static_cast<uint8_t>(cp);
  for (size_t i = 0; i < kCp1252High.size(); ++i) {
    if (kCp1252High[i] == cp) return static_cast<uint8_t>(0x80 + i);
  }
  return std::nullopt;
}

tl::unexpected<Error> NotUtf8(size_t offset) {
  return Fail(Errc::kInvalidArgument, fmt::format("text is not valid UTF-8 at byte {}", offset),
              {.offset = offset});
}

void AppendUnit(char16_t unit, std::string& out) {
  out += static_cast<char>(unit & 0xFF);
  out += static_cast<char>(unit >> 8);
}

}  // namespace

bool IsValidUtf8(std::string_view bytes) {
  size_t pos = 0;
  while (pos < bytes.size()) {
    if (!NextCodePoint(bytes, pos)) return false;
  }
  return true;
}

std::string DecodeWindows1252(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  for (char c : bytes) {
    const uint8_t b = Byte(c);
    AppendUtf8(b >= 0x80 && b < 0xA0 ? kCp1252High[b - 0x80] : char32_t{b}, out);
  }
  return out;
}

Result<std::string> EncodeWindows1252(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  size_t pos = 0;
  while (pos < utf8.size()) {
    const size_t start = pos;
    const std::optional<char32_t> cp = NextCodePoint(utf8, pos);
    if (!cp) return NotUtf8(start);
    const std::optional<uint8_t> b = Cp1252Byte(*cp);
    if (!b) {
      return Fail(Errc::kInvalidArgument,
                  fmt::format("U+{:04X} at byte {} has no Windows-1252 code",
                              static_cast<uint32_t>(*cp), start),
                  {.offset = start});
    }
    out += static_cast<char>(*b);
  }
  return out;
}

Utf16Decoded DecodeUtf16Le(std::string_view bytes) {
  Utf16Decoded result;
  result.utf8.reserve(bytes.size());
  const size_t units = bytes.size() / 2;
  auto unit_at = [&](size_t i) -> char16_t {
    return static_cast<char16_t>(Byte(bytes[2 * i]) | (Byte(bytes[2 * i + 1]) << 8));
  };
  for (size_t i = 0; i < units; ++i) {
    const char16_t unit = unit_at(i);
    if (unit < 0xD800 || unit > 0xDFFF) {
      AppendUtf8(unit, result.utf8);
      continue;
    }
    if (unit <= 0xDBFF && i + 1 < units) {
      const char16_t low = unit_at(i + 1);
      if (low >= 0xDC00 && low <= 0xDFFF) {
        AppendUtf8(0x10000 + ((char32_t{unit} - 0xD800) << 10) + (low - 0xDC00), result.utf8);
        ++i;
        continue;
      }
    }
    AppendUtf8(kReplacement, result.utf8);
    result.bad_offsets.push_back(2 * i);
  }
  return result;
}

Result<std::string> EncodeUtf16Le(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size() * 2);
  size_t pos = 0;
  while (pos < utf8.size()) {
    const size_t start = pos;
    const std::optional<char32_t> cp = NextCodePoint(utf8, pos);
    if (!cp) return NotUtf8(start);
    if (*cp < 0x10000) {
      AppendUnit(static_cast<char16_t>(*cp), out);
      continue;
    }
    const char32_t v = *cp - 0x10000;
    AppendUnit(static_cast<char16_t>(0xD800 + (v >> 10)), out);
    AppendUnit(static_cast<char16_t>(0xDC00 + (v & 0x3FF)), out);
  }
  return out;
}

size_t Utf16Length(std::string_view utf8) {
  size_t length = 0;
  for (char c : utf8) {
    const uint8_t b = Byte(c);
    if ((b & 0xC0) == 0x80) continue;  // continuation byte
    length += b >= 0xF0 && b <= 0xF4 ? 2 : 1;
  }
  return length;
}

}  // namespace cm::ini
