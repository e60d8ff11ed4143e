// SPDX-License-Identifier: MIT
// Conversions between UTF-8 and the encodings profile files come in: Windows-1252 and UTF-16LE.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "cm/result.h"

namespace cm::ini {

// True when `bytes` is well-formed UTF-8: shortest forms only, no surrogates, at most U+10FFFF.
bool IsValidUtf8(std::string_view bytes);

// Decodes Windows-1252 to UTF-8. Every byte has a meaning: the five bytes 1252 leaves undefined
// (0x81 0x8D 0x8F 0x90 0x9D) become U+0081 U+008D U+008F U+0090 U+009D, so that
// EncodeWindows1252(DecodeWindows1252(b)) == b for every b.
std::string DecodeWindows1252(std::string_view bytes);

// Encodes UTF-8 text as Windows-1252. Errors: kInvalidArgument when `utf8` is not valid UTF-8 or
// holds a character 1252 cannot represent; the message names the character and its byte offset.
[[nodiscard]] Result<std::string> EncodeWindows1252(std::string_view utf8);

// UTF-16LE bytes (no BOM, even length) decoded to UTF-8. An unpaired surrogate becomes U+FFFD and
// its byte offset (relative to the input) is listed in `bad_offsets`.
struct Utf16Decoded {
  std::string utf8;
  std::vector<size_t> bad_offsets;
};
// REQUIRES: bytes.size() is even.
Utf16Decoded DecodeUtf16Le(std::string_view bytes);

// Encodes UTF-8 text as UTF-16LE (no BOM). Errors: kInvalidArgument when `utf8` is not valid
// UTF-8 (with the byte offset).
[[nodiscard]] Result<std::string> EncodeUtf16Le(std::string_view utf8);

// The number of UTF-16 code units `utf8` takes (valid UTF-8 expected; any other byte counts 1).
size_t Utf16Length(std::string_view utf8);

}  // namespace cm::ini
