// SPDX-License-Identifier: MIT
// Result<T>, Status and Error: how every fallible function in cmsuite reports failure.
//
// No exception crosses a cmsuite API. A function that can fail returns Result<T> (a value or an
// Error) or Status (nothing or an Error). An Error carries a code, a message for a person, and
// where the problem is: a file and line, or a byte offset, or neither.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tl/expected.hpp>
#include <utility>

namespace cm {

enum class Errc {
  kIo,               // the operating system refused a read or write
  kNotFound,         // a named thing (file, section, phone book) does not exist
  kParse,            // input does not follow its format
  kInvalidArgument,  // a caller's value breaks a rule (a name, a limit, an option)
  kUnsupported,      // valid input that this implementation does not handle
  kCorrupt,          // data failed an integrity check (hash mismatch, bad cabinet)
  kSignature,        // a signature is missing or does not verify
  kLimit,            // input exceeds a size or count limit
  kNetwork,          // a network peer failed
  kInternal,         // a bug: an invariant of ours does not hold
};

// Returns the stable lower-case name of a code ("parse", "signature", ...).
std::string_view ErrcName(Errc code);

// Where an error is. All parts are optional; ToString() prints what is set.
struct Location {
  std::string file;                // path or source name; empty when unknown
  uint32_t line = 0;               // 1-based; 0 when not line-oriented
  std::optional<uint64_t> offset;  // byte offset for binary input

  bool empty() const { return file.empty() && line == 0 && !offset; }
  // "file:12", "file: byte 40", "line 3", ... or "" when empty.
  std::string ToString() const;
};

class Error {
 public:
  Error(Errc code, std::string message, Location location = {})
      : code_(code), message_(std::move(message)), location_(std::move(location)) {}

  Errc code() const { return code_; }
  const std::string& message() const { return message_; }
  const Location& location() const { return location_; }

  // Fills in the file name when the error does not have one yet (parsers that take bytes know
  // lines, not paths; the caller that read the file adds the path).
  Error&& InFile(std::string_view file) &&;
  Error& InFile(std::string_view file) &;

  // "file:12: message", or just "message" without a location.
  std::string ToString() const;

 private:
  Errc code_;
  std::string message_;
  Location location_;
};

template <class T>
using Result = tl::expected<T, Error>;
using Status = tl::expected<void, Error>;

// Makes the error side of a Result: `return cm::Fail(Errc::kParse, "bad", {.line = 3});`
inline tl::unexpected<Error> Fail(Errc code, std::string message, Location location = {}) {
  return tl::unexpected<Error>(Error(code, std::move(message), std::move(location)));
}
inline tl::unexpected<Error> Fail(Error error) { return tl::unexpected<Error>(std::move(error)); }

inline Status Ok() { return {}; }

// A non-fatal finding while reading input: the reader applied a rule and went on. Readers that
// follow a lenient original (Windows profile files, MS-CPSP phone books) report every rule they
// apply this way, so a tool can show it and a strict mode can refuse it.
struct Diagnostic {
  enum class Severity { kNote, kWarning, kError };
  uint32_t line = 0;    // 1-based line in the input; 0 when not tied to a line
  std::string rule;     // stable identifier of the rule, e.g. "pbk.too-few-commas"
  std::string message;  // for a person: what was found and what was done about it
  Severity severity = Severity::kWarning;
};

}  // namespace cm

// CM_TRY(expr): evaluates a Result; on error returns the error from the enclosing function,
// otherwise yields the value. Uses a GNU statement expression (GCC and clang).
#define CM_TRY(expr)                                                           \
  __extension__({                                                              \
    auto&& cm_try_result_ = (expr);                                            \
    if (!cm_try_result_) {                                                     \
      return ::tl::unexpected<::cm::Error>(std::move(cm_try_result_).error()); \
    }                                                                          \
    std::move(cm_try_result_).value();                                         \
  })

// CM_TRY_STATUS(expr): the same for Status (Result<void>), as a statement.
#define CM_TRY_STATUS(expr)                                                    \
  do {                                                                         \
    auto&& cm_try_status_ = (expr);                                            \
    if (!cm_try_status_) {                                                     \
      return ::tl::unexpected<::cm::Error>(std::move(cm_try_status_).error()); \
    }                                                                          \
  } while (0)
