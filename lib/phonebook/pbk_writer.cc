// SPDX-License-Identifier: MIT
// WritePbk and WritePbr: the canonical bytes of a phone book and a region file.
#include <cassert>
#include <charconv>
#include <cstring>

#include "cm/pbk_format.h"

namespace cm {
namespace {

// Text is written as stored, except the bytes that would end the field or the line early
// (',' CR LF) which become spaces: the writer never produces a file that reads differently
// in field structure. ValidatePopStrict reports such text before it gets here.
char* PutText(char* out, std::string_view text, bool sanitize) {
  if (!text.empty()) std::memcpy(out, text.data(), text.size());
  for (size_t i = 0; sanitize && i < text.size(); ++i) {
    char c = out[i];
    if (c == ',' || c == '\r' || c == '\n') out[i] = ' ';
  }
  return out + text.size();
}

size_t Digits(uint32_t value) {
  size_t digits = 1;
  while (value >= 10) {
    value /= 10;
    ++digits;
  }
  return digits;
}

char* PutNumber(char* out, const std::optional<uint32_t>& value) {
  if (!value) return out;
  return std::to_chars(out, out + 10, *value).ptr;
}

// The most bytes a line takes besides its text: 7 numbers of up to 10 digits, 10 commas, CRLF.
constexpr size_t kMaxLineOverhead = 7 * 10 + 10 + 2;

char* PutPop(char* out, const PopView& pop, bool sanitize) {
  out = PutNumber(out, pop.pop_id);
  *out++ = ',';
  out = PutNumber(out, pop.country);
  *out++ = ',';
  out = PutNumber(out, pop.region_id);
  *out++ = ',';
  out = PutText(out, pop.name, sanitize);
  *out++ = ',';
  out = PutText(out, pop.area_code, sanitize);
  *out++ = ',';
  out = PutText(out, pop.number, sanitize);
  *out++ = ',';
  out = PutNumber(out, pop.min_speed);
  *out++ = ',';
  out = PutNumber(out, pop.max_speed);
  *out++ = ',';
  out = PutNumber(out, pop.reserved);
  *out++ = ',';
  out = PutNumber(out, pop.flags);
  *out++ = ',';
  out = PutText(out, pop.dun, sanitize);
  *out++ = '\r';
  *out++ = '\n';
  return out;
}

}  // namespace

std::string WritePbk(const Phonebook& book) {
  // Bytes go through a pointer into a buffer of the largest possible size (no per-field
  // capacity checks), which is then cut to what was written. Text needs its separators
  // replaced only when some text has one, which one scan of the text pool tells.
  bool sanitize = book.TextContainsAny(",\r\n");
  std::string out(book.size() * kMaxLineOverhead + book.TextBytes(), '\0');
  char* cursor = out.data();
  for (size_t i = 0; i < book.size(); ++i) cursor = PutPop(cursor, book[i], sanitize);
  out.resize(static_cast<size_t>(cursor - out.data()));
  return out;
}

std::string WritePbr(const RegionList& regions) {
  size_t size = Digits(static_cast<uint32_t>(regions.names.size())) + 2;
  for (const std::string& name : regions.names) size += name.size() + 2;
  std::string out(size, '\0');
  char* cursor = PutNumber(out.data(), static_cast<uint32_t>(regions.names.size()));
  for (const std::string& name : regions.names) {
    *cursor++ = '\r';
    *cursor++ = '\n';
    cursor = PutText(cursor, name, true);
  }
  *cursor++ = '\r';
  *cursor++ = '\n';
  assert(cursor == out.data() + out.size() && "size and bytes disagree");
  return out;
}

}  // namespace cm
