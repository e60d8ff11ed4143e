// SPDX-License-Identifier: MIT
// WritePbk and WritePbr: the canonical bytes of a phone book and a region file.
#include <charconv>

#include "cm/pbk_format.h"

namespace cm {
namespace {

// Text is written as stored, except the bytes that would end the field or the line early
// (',' CR LF) which become spaces: the writer never produces a file that reads differently
// in field structure. ValidatePopStrict reports such text before it gets here.
void AppendText(std::string& out, std::string_view text, bool comma_ends_field) {
  bool clean = true;
  for (char c : text) clean &= !(c == '\r' || c == '\n' || (comma_ends_field && c == ','));
  if (clean) {
    out.append(text);
    return;
  }
  for (char c : text) {
    if (c == '\r' || c == '\n' || (comma_ends_field && c == ',')) c = ' ';
    out += c;
  }
}

void AppendNumber(std::string& out, const std::optional<uint32_t>& value) {
  if (!value) return;
  char buffer[16];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof(buffer), *value);
  out.append(buffer, end);
}

void AppendPop(std::string& out, const PopView& pop) {
  AppendNumber(out, pop.pop_id);
  out += ',';
  AppendNumber(out, pop.country);
  out += ',';
  AppendNumber(out, pop.region_id);
  out += ',';
  AppendText(out, pop.name, true);
  out += ',';
  AppendText(out, pop.area_code, true);
  out += ',';
  AppendText(out, pop.number, true);
  out += ',';
  AppendNumber(out, pop.min_speed);
  out += ',';
  AppendNumber(out, pop.max_speed);
  out += ',';
  AppendNumber(out, pop.reserved);
  out += ',';
  AppendNumber(out, pop.flags);
  out += ',';
  AppendText(out, pop.dun, true);
  out += "\r\n";
}

}  // namespace

std::string WritePbk(const Phonebook& book) {
  std::string out;
  // Ten commas, CRLF and about 50 digits of numbers per line, plus the text.
  out.reserve(book.size() * 64 + book.MemoryUsage() / 2);
  for (size_t i = 0; i < book.size(); ++i) AppendPop(out, book[i]);
  return out;
}

std::string WritePbr(const RegionList& regions) {
  std::string out;
  AppendNumber(out, static_cast<uint32_t>(regions.names.size()));
  out += "\r\n";
  for (const std::string& name : regions.names) {
    AppendText(out, name, true);
    out += "\r\n";
  }
  return out;
}

}  // namespace cm
