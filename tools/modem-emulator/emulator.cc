// SPDX-License-Identifier: MIT
#include "emulator.h"

#include <fmt/format.h>

#include <cctype>
#include <charconv>

namespace cm::modem_emulator {
namespace {

std::string Upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// Reads the decimal number at text[pos...]; `fallback` when there is none.
uint32_t NumberAt(std::string_view text, size_t& pos, uint32_t fallback) {
  size_t start = pos;
  uint32_t value = 0;
  while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos])) &&
         pos - start < 9) {
    value = value * 10 + static_cast<uint32_t>(text[pos] - '0');
    ++pos;
  }
  return pos == start ? fallback : value;
}

Result<uint32_t> ParseNumber(std::string_view text, std::string_view what) {
  uint32_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) {
    return Fail(Errc::kInvalidArgument,
                fmt::format("outcome: {} '{}' is not a number", what, text));
  }
  return value;
}

}  // namespace

Result<Outcome> ParseOutcome(std::string_view text) {
  Outcome outcome;
  std::string_view rest = text;
  auto next = [&rest]() {
    size_t colon = rest.find(':');
    std::string_view part = rest.substr(0, colon);
    rest = colon == std::string_view::npos ? std::string_view() : rest.substr(colon + 1);
    return part;
  };
  std::string_view kind = next();
  if (kind == "connect") {
    outcome.kind = Outcome::Kind::kConnect;
  } else if (kind == "busy") {
    outcome.kind = Outcome::Kind::kBusy;
  } else if (kind == "no-carrier") {
    outcome.kind = Outcome::Kind::kNoCarrier;
  } else if (kind == "no-dialtone") {
    outcome.kind = Outcome::Kind::kNoDialtone;
  } else if (kind == "no-answer") {
    outcome.kind = Outcome::Kind::kNoAnswer;
  } else if (kind == "error") {
    outcome.kind = Outcome::Kind::kError;
  } else if (kind == "silent") {
    outcome.kind = Outcome::Kind::kSilent;
  } else {
    return Fail(Errc::kInvalidArgument,
                fmt::format("outcome '{}': unknown kind '{}' (use connect, busy, no-carrier, "
                            "no-dialtone, no-answer, error, silent)",
                            text, kind));
  }
  while (!rest.empty()) {
    std::string_view part = next();
    if (part.starts_with("drop=")) {
      if (outcome.kind != Outcome::Kind::kConnect) {
        return Fail(Errc::kInvalidArgument,
                    fmt::format("outcome '{}': drop= only applies to connect", text));
      }
      outcome.drop_after = std::chrono::milliseconds(
          uint64_t{CM_TRY(ParseNumber(part.substr(5), "drop seconds"))} * 1000);
    } else if (part.starts_with("after=")) {
      outcome.answer_after =
          std::chrono::milliseconds(CM_TRY(ParseNumber(part.substr(6), "after")));
    } else if (outcome.kind == Outcome::Kind::kConnect && !part.empty() &&
               std::isdigit(static_cast<unsigned char>(part.front()))) {
      outcome.speed = CM_TRY(ParseNumber(part, "speed"));
    } else {
      return Fail(
          Errc::kInvalidArgument,
          fmt::format("outcome '{}': unknown part '{}' (use SPEED, drop=S, after=MS)", text, part));
    }
  }
  return outcome;
}

ModemEmulator::ModemEmulator(std::vector<Outcome> outcomes) : outcomes_(std::move(outcomes)) {
  registers_[7] = 50;  // S7: seconds to wait for carrier
}

std::string ModemEmulator::Final(std::string_view verbose, char numeric) const {
  if (quiet_) return {};
  if (verbose_) return fmt::format("\r\n{}\r\n", verbose);
  return fmt::format("{}\r", numeric);
}

Reply ModemEmulator::Dial(std::string_view rest) {
  // Dial modifiers: T tone, P pulse, then the number; ';' (return to command mode) ignored.
  std::string number = Upper(rest);
  while (!number.empty() && (number.back() == ';' || number.back() == ' ')) number.pop_back();
  char mode = 'T';
  if (!number.empty() && (number.front() == 'T' || number.front() == 'P')) {
    mode = number.front();
    number.erase(0, 1);
  }
  // Like a modem, ignore the spaces, dashes and parentheses people type in numbers.
  std::erase_if(number, [](char ch) { return ch == ' ' || ch == '-' || ch == '(' || ch == ')'; });
  dialed_.push_back(std::string(1, mode) + number);
  Reply reply;
  if (number.empty()) {
    reply.text = Final("ERROR", '4');
    return reply;
  }
  Outcome outcome;  // no script: connect
  if (!outcomes_.empty()) {
    outcome = outcomes_[std::min(next_outcome_, outcomes_.size() - 1)];
    ++next_outcome_;
  }
  reply.delay = outcome.answer_after;
  switch (outcome.kind) {
    case Outcome::Kind::kConnect:
      reply.text = verbose_ ? fmt::format("\r\nCONNECT {}\r\n", outcome.speed) : "1\r";
      if (quiet_) reply.text.clear();
      reply.connected = true;
      reply.drop_after = outcome.drop_after;
      in_call_ = true;
      break;
    case Outcome::Kind::kBusy:
      reply.text = Final("BUSY", '7');
      break;
    case Outcome::Kind::kNoCarrier:
      reply.text = Final("NO CARRIER", '3');
      break;
    case Outcome::Kind::kNoDialtone:
      reply.text = Final("NO DIALTONE", '6');
      break;
    case Outcome::Kind::kNoAnswer:
      reply.text = Final("NO ANSWER", '8');
      break;
    case Outcome::Kind::kError:
      reply.text = Final("ERROR", '4');
      break;
    case Outcome::Kind::kSilent:
      reply.silent = true;
      break;
  }
  return reply;
}

Reply ModemEmulator::HandleLine(std::string_view line) {
  Reply reply;
  while (!line.empty() && (line.front() == ' ' || line.front() == '\n')) line.remove_prefix(1);
  if (line.size() < 2 || std::toupper(static_cast<unsigned char>(line[0])) != 'A' ||
      std::toupper(static_cast<unsigned char>(line[1])) != 'T') {
    return reply;
  }
  const std::string command = Upper(line.substr(2));
  std::string info;
  size_t pos = 0;
  auto error = [&]() {
    reply.text = info + Final("ERROR", '4');
    return reply;
  };
  while (pos < command.size()) {
    const char c = command[pos++];
    switch (c) {
      case ' ':
        break;
      case 'D':
        // D takes the rest of the line.
        return Dial(std::string_view(command).substr(pos));
      case 'Z':
        (void)NumberAt(command, pos, 0);
        echo_ = true;
        verbose_ = true;
        quiet_ = false;
        break;
      case 'E':
        echo_ = NumberAt(command, pos, 0) != 0;
        break;
      case 'V':
        verbose_ = NumberAt(command, pos, 0) != 0;
        break;
      case 'Q':
        quiet_ = NumberAt(command, pos, 0) != 0;
        break;
      case 'M':
      case 'L':
      case 'X':
        (void)NumberAt(command, pos, 0);
        break;
      case 'H':
        (void)NumberAt(command, pos, 0);
        in_call_ = false;
        break;
      case 'O':
        // Return online to a call held after an escape.
        (void)NumberAt(command, pos, 0);
        if (in_call_) {
          reply.text = verbose_ ? "\r\nCONNECT\r\n" : "1\r";
          reply.connected = true;
          return reply;
        }
        reply.text = Final("NO CARRIER", '3');
        return reply;
      case 'A':
        // Answer: nothing ever calls the emulator.
        (void)NumberAt(command, pos, 0);
        reply.text = Final("NO CARRIER", '3');
        return reply;
      case 'I':
        (void)NumberAt(command, pos, 0);
        info += "\r\ncmsuite modem emulator\r\n";
        break;
      case 'S': {
        uint32_t reg = NumberAt(command, pos, 0);
        if (reg >= 32 || pos >= command.size()) return error();
        if (command[pos] == '=') {
          ++pos;
          registers_[reg] = NumberAt(command, pos, 0);
        } else if (command[pos] == '?') {
          ++pos;
          info += fmt::format("\r\n{:03}\r\n", registers_[reg]);
        } else {
          return error();
        }
        break;
      }
      case '&':
        if (pos >= command.size()) return error();
        if (std::string_view("FCDKVW").find(command[pos]) == std::string_view::npos) {
          return error();
        }
        if (command[pos] == 'F') {
          echo_ = true;
          verbose_ = true;
          quiet_ = false;
        }
        ++pos;
        (void)NumberAt(command, pos, 0);
        break;
      case '+': {
        // Extended commands: +GMI (maker), +GMM (model), +GMR (revision); the rest of the line.
        std::string_view ext = std::string_view(command).substr(pos);
        if (ext == "GMI") {
          info += "\r\ncmsuite\r\n";
        } else if (ext == "GMM") {
          info += "\r\nV.90 emulator\r\n";
        } else if (ext == "GMR") {
          info += "\r\n1.0\r\n";
        } else {
          return error();
        }
        pos = command.size();
        break;
      }
      default:
        return error();
    }
  }
  reply.text = info + Final("OK", '0');
  return reply;
}

std::string ModemEmulator::DropCarrier() {
  if (!in_call_) return {};
  in_call_ = false;
  return Final("NO CARRIER", '3');
}

std::string ModemEmulator::Escape() { return Final("OK", '0'); }

}  // namespace cm::modem_emulator
