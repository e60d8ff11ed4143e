// SPDX-License-Identifier: MIT
// The pure half of cm/modem.h: result lines, dial commands, RAS error numbers.
#include <fmt/format.h>

#include <array>
#include <cctype>

#include "cm/ascii.h"
#include "cm/modem.h"

namespace cm {
namespace {

struct ResultName {
  ModemResult result;
  std::string_view text;
  char digit;  // the numeric (ATV0) form
};

// Hayes numeric codes: 0 OK, 1 CONNECT, 2 RING, 3 NO CARRIER, 4 ERROR, 6 NO DIALTONE, 7 BUSY,
// 8 NO ANSWER (5 is CONNECT 1200, read as CONNECT with that speed).
constexpr std::array<ResultName, 8> kResults = {{
    {ModemResult::kOk, "OK", '0'},
    {ModemResult::kConnect, "CONNECT", '1'},
    {ModemResult::kRing, "RING", '2'},
    {ModemResult::kNoCarrier, "NO CARRIER", '3'},
    {ModemResult::kError, "ERROR", '4'},
    {ModemResult::kNoDialtone, "NO DIALTONE", '6'},
    {ModemResult::kBusy, "BUSY", '7'},
    {ModemResult::kNoAnswer, "NO ANSWER", '8'},
}};

std::string_view Trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  return text;
}

// "56000/ARQ/V90" or "28800 LAPM" after CONNECT.
ModemReply ParseConnect(std::string_view rest) {
  ModemReply reply;
  reply.result = ModemResult::kConnect;
  rest = Trim(rest);
  size_t digits = 0;
  uint64_t speed = 0;
  while (digits < rest.size() && std::isdigit(static_cast<unsigned char>(rest[digits])) &&
         digits < 10) {
    speed = speed * 10 + static_cast<uint64_t>(rest[digits] - '0');
    ++digits;
  }
  if (speed <= UINT32_MAX) reply.speed = static_cast<uint32_t>(speed);
  reply.protocol = std::string(Trim(rest.substr(digits)));
  return reply;
}

}  // namespace

std::string_view ModemResultText(ModemResult result) {
  for (const ResultName& name : kResults) {
    if (name.result == result) return name.text;
  }
  return "ERROR";
}

std::optional<ModemReply> ParseResultLine(std::string_view line) {
  line = Trim(line);
  if (line.empty()) return std::nullopt;
  if (line.size() == 1) {
    if (line[0] == '5') {
      ModemReply reply;
      reply.result = ModemResult::kConnect;
      reply.speed = 1200;
      return reply;
    }
    for (const ResultName& name : kResults) {
      if (name.digit == line[0]) return ModemReply{name.result, 0, {}};
    }
    return std::nullopt;
  }
  constexpr std::string_view kConnect = "CONNECT";
  if (line.size() >= kConnect.size() &&
      AsciiEqualsNoCase(line.substr(0, kConnect.size()), kConnect)) {
    std::string_view rest = line.substr(kConnect.size());
    if (rest.empty() || rest.front() == ' ' || rest.front() == '/') return ParseConnect(rest);
    return std::nullopt;
  }
  for (const ResultName& name : kResults) {
    if (AsciiEqualsNoCase(line, name.text)) return ModemReply{name.result, 0, {}};
  }
  return std::nullopt;
}

Result<std::string> DialCommand(std::string_view number, bool pulse) {
  std::string digits;
  for (size_t i = 0; i < number.size(); ++i) {
    const char c = number[i];
    if (c == ' ' || c == '-' || c == '(' || c == ')' || c == '.') continue;
    const char upper = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    const bool allowed = std::isdigit(static_cast<unsigned char>(c)) ||
                         std::string_view("*#+,WPT@!ABCD").find(upper) != std::string_view::npos;
    if (!allowed) {
      return Fail(Errc::kInvalidArgument,
                  fmt::format("dial string '{}': character '{}' at position {} cannot be dialed "
                              "(use digits, * # + , W P T @ ! A-D)",
                              number, c, i + 1));
    }
    digits += upper;
  }
  if (digits.empty()) {
    return Fail(Errc::kInvalidArgument, "dial string is empty: the POP has no number to dial");
  }
  constexpr size_t kMaxDigits = 60;
  if (digits.size() > kMaxDigits) {
    return Fail(Errc::kInvalidArgument,
                fmt::format("dial string '{}' has {} characters; a modem takes at most {}", number,
                            digits.size(), kMaxDigits));
  }
  return std::string(pulse ? "ATDP" : "ATDT") + digits;
}

uint32_t RasErrorFor(ModemResult result) {
  switch (result) {
    case ModemResult::kOk:
    case ModemResult::kConnect:
    case ModemResult::kRing:
      return 0;
    case ModemResult::kNoCarrier:
      return kRasErrorNoCarrier;
    case ModemResult::kError:
      return kRasErrorFromDevice;
    case ModemResult::kNoDialtone:
      return kRasErrorNoDialtone;
    case ModemResult::kBusy:
      return kRasErrorLineBusy;
    case ModemResult::kNoAnswer:
      return kRasErrorNoAnswer;
  }
  return kRasErrorUnrecognizedResponse;
}

}  // namespace cm
