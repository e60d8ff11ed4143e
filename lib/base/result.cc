// SPDX-License-Identifier: MIT
// Error formatting.
#include "cm/result.h"

#include <fmt/format.h>

namespace cm {

std::string_view ErrcName(Errc code) {
  switch (code) {
    case Errc::kIo:
      return "io";
    case Errc::kNotFound:
      return "not-found";
    case Errc::kParse:
      return "parse";
    case Errc::kInvalidArgument:
      return "invalid-argument";
    case Errc::kUnsupported:
      return "unsupported";
    case Errc::kCorrupt:
      return "corrupt";
    case Errc::kSignature:
      return "signature";
    case Errc::kLimit:
      return "limit";
    case Errc::kNetwork:
      return "network";
    case Errc::kInternal:
      return "internal";
  }
  return "unknown";
}

std::string Location::ToString() const {
  std::string out = file;
  if (line != 0) {
    out += out.empty() ? fmt::format("line {}", line) : fmt::format(":{}", line);
  }
  if (offset) {
    out += out.empty() ? fmt::format("byte {}", *offset) : fmt::format(": byte {}", *offset);
  }
  return out;
}

Error&& Error::InFile(std::string_view file) && {
  if (location_.file.empty()) location_.file = std::string(file);
  return std::move(*this);
}

Error& Error::InFile(std::string_view file) & {
  if (location_.file.empty()) location_.file = std::string(file);
  return *this;
}

std::string Error::ToString() const {
  std::string where = location_.ToString();
  if (where.empty()) return message_;
  return where + ": " + message_;
}

}  // namespace cm
