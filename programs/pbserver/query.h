// SPDX-License-Identifier: MIT
// The update query of the Phone Book Service: `?osarch=..&pbver=V&pb=NAME` from the request URL.
//
// Parameter names match without regard to case (clients send both `pbver` and `PBVer`). Only
// `pb` is required; a missing or empty `pbver` means 0; `osarch`, `ostype`, `osver`, `cmver` and
// `lcid` are optional and kept for the log; unknown parameters are ignored. Allocation-free:
// the views point into the query text. Thread-safe (no state).
#pragma once

#include <cstdint>
#include <string_view>

namespace cm::pbserver {

struct UpdateQuery {
  std::string_view pb;  // the phone book name, checked against the name rule
  uint32_t pbver = 0;   // the client's version; 0 = no phone book
  std::string_view osarch, ostype, osver, cmver, lcid;
};

enum class QueryError {
  kNone,
  kMissingPhonebook,  // no pb, or pb empty
  kBadPhonebook,      // pb breaks the name rule (letters, digits, '_', 1-8, not all digits)
  kBadVersion,        // pbver is not a decimal number below 2^32
  kDuplicate,         // pb or pbver given twice
};

// Parses `query` (the part after '?'). On kNone `*out` is filled.
QueryError ParseUpdateQuery(std::string_view query, UpdateQuery* out);

// A short English reason for a QueryError ("missing pb parameter", ...).
std::string_view QueryErrorText(QueryError error);

// True when `name` follows the phone book name rule (the same rule as cm::ValidatePhonebookName,
// without building a message).
bool IsPhonebookName(std::string_view name);

}  // namespace cm::pbserver
