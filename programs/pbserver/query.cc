// SPDX-License-Identifier: MIT
// Parsing the update query with string_views and case-insensitive parameter names.
#include "query.h"

#include "cm/ascii.h"

namespace cm::pbserver {

bool IsPhonebookName(std::string_view name) {
  if (name.empty() || name.size() > 8) return false;
  bool all_digits = true;
  for (char c : name) {
    bool digit = c >= '0' && c <= '9';
    bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (!digit && !letter && c != '_') return false;
    all_digits = all_digits && digit;
  }
  return !all_digits;
}

QueryError ParseUpdateQuery(std::string_view query, UpdateQuery* out) {
  *out = UpdateQuery{};
  bool have_pb = false;
  bool have_pbver = false;
  while (!query.empty()) {
    size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (pair.empty()) continue;
    size_t eq = pair.find('=');
    std::string_view name = pair.substr(0, eq);
    std::string_view value =
        eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1);
    if (AsciiEqualsNoCase(name, "pb")) {
      if (have_pb) return QueryError::kDuplicate;
      have_pb = true;
      out->pb = value;
    } else if (AsciiEqualsNoCase(name, "pbver")) {
      if (have_pbver) return QueryError::kDuplicate;
      have_pbver = true;
      if (value.size() > 10) return QueryError::kBadVersion;
      uint64_t v = 0;
      for (char c : value) {
        if (c < '0' || c > '9') return QueryError::kBadVersion;
        v = v * 10 + static_cast<uint64_t>(c - '0');
      }
      if (v > UINT32_MAX) return QueryError::kBadVersion;
      out->pbver = static_cast<uint32_t>(v);
    } else if (AsciiEqualsNoCase(name, "osarch")) {
      out->osarch = value;
    } else if (AsciiEqualsNoCase(name, "ostype")) {
      out->ostype = value;
    } else if (AsciiEqualsNoCase(name, "osver")) {
      out->osver = value;
    } else if (AsciiEqualsNoCase(name, "cmver")) {
      out->cmver = value;
    } else if (AsciiEqualsNoCase(name, "lcid")) {
      out->lcid = value;
    }
  }
  if (!have_pb || out->pb.empty()) return QueryError::kMissingPhonebook;
  if (!IsPhonebookName(out->pb)) return QueryError::kBadPhonebook;
  return QueryError::kNone;
}

std::string_view QueryErrorText(QueryError error) {
  switch (error) {
    case QueryError::kNone:
      return "ok";
    case QueryError::kMissingPhonebook:
      return "missing pb parameter (the phone book name)";
    case QueryError::kBadPhonebook:
      return "pb is not a phone book name (1-8 letters, digits or _, not all digits)";
    case QueryError::kBadVersion:
      return "pbver is not a version number";
    case QueryError::kDuplicate:
      return "pb or pbver given twice";
  }
  return "bad query";
}

}  // namespace cm::pbserver
