// SPDX-License-Identifier: MIT
#include "engines/openvpn_management.h"

#include <charconv>

namespace cm::cmdial {
namespace {

std::vector<std::string_view> SplitCommas(std::string_view text) {
  std::vector<std::string_view> parts;
  while (true) {
    size_t comma = text.find(',');
    parts.push_back(text.substr(0, comma));
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return parts;
}

bool ParseNumber(std::string_view text, uint64_t* value) {
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), *value);
  return error == std::errc() && end == text.data() + text.size();
}

// The text between the first pair of single quotes, or "".
std::string_view Quoted(std::string_view text) {
  size_t open = text.find('\'');
  if (open == std::string_view::npos) return {};
  size_t close = text.find('\'', open + 1);
  if (close == std::string_view::npos) return {};
  return text.substr(open + 1, close - open - 1);
}

std::string Escape(std::string_view value) {
  std::string out = "\"";
  for (char c : value) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

}  // namespace

ManagementEvent ParseManagementLine(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  ManagementEvent event;
  event.text = std::string(line);
  auto starts = [&](std::string_view prefix) { return line.substr(0, prefix.size()) == prefix; };
  if (starts(">STATE:")) {
    std::vector<std::string_view> fields = SplitCommas(line.substr(7));
    if (fields.size() < 2) return event;
    event.kind = ManagementEvent::Kind::kState;
    event.state = std::string(fields[1]);
    if (fields.size() > 2) event.detail = std::string(fields[2]);
    if (fields.size() > 3) event.local_ip = std::string(fields[3]);
    if (fields.size() > 4) event.remote_ip = std::string(fields[4]);
  } else if (starts(">PASSWORD:")) {
    std::string_view rest = line.substr(10);
    if (rest.substr(0, 20) == "Verification Failed:") {
      event.kind = ManagementEvent::Kind::kPasswordFailed;
      event.detail = std::string(Quoted(rest));
    } else if (rest.substr(0, 5) == "Need ") {
      event.kind = ManagementEvent::Kind::kNeedPassword;
      event.detail = std::string(Quoted(rest));
      event.need_user_name = rest.find("username/password") != std::string_view::npos;
    }
  } else if (starts(">BYTECOUNT:")) {
    std::vector<std::string_view> fields = SplitCommas(line.substr(11));
    if (fields.size() == 2 && ParseNumber(fields[0], &event.bytes_in) &&
        ParseNumber(fields[1], &event.bytes_out)) {
      event.kind = ManagementEvent::Kind::kByteCount;
    }
  } else if (starts(">FATAL:")) {
    event.kind = ManagementEvent::Kind::kFatal;
    event.text = std::string(line.substr(7));
  } else if (starts(">HOLD:")) {
    event.kind = ManagementEvent::Kind::kHold;
    event.text = std::string(line.substr(6));
  } else if (starts("ERROR:")) {
    event.kind = ManagementEvent::Kind::kError;
    std::string_view rest = line.substr(6);
    if (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
    event.text = std::string(rest);
  }
  return event;
}

void ManagementLineReader::Append(std::string_view bytes) {
  for (char c : bytes) {
    if (skipping_) {
      if (c == '\n') skipping_ = false;
      continue;
    }
    if (c == '\n') {
      line_length_ = 0;
    } else if (line_length_ == kMaxLine) {
      c = '\n';  // cut here, drop the rest of the line
      line_length_ = 0;
      skipping_ = true;
    } else {
      ++line_length_;
    }
    buffer_.push_back(c);
  }
}

bool ManagementLineReader::TakeLine(std::string* line) {
  size_t end = buffer_.find('\n');
  if (end == std::string::npos) return false;
  line->assign(buffer_, 0, end);
  buffer_.erase(0, end + 1);
  return true;
}

Result<std::string> ManagementCredentials(std::string_view type, std::string_view user_name,
                                          std::string_view password, bool with_user_name) {
  for (std::string_view value : {type, user_name, password}) {
    if (value.find_first_of(std::string_view("\n\r\0", 3)) != std::string_view::npos) {
      return Fail(Errc::kInvalidArgument,
                  "the user name or password has a line break or NUL, which OpenVPN's "
                  "management interface cannot carry");
    }
  }
  std::string out;
  if (with_user_name) out += "username " + Escape(type) + " " + Escape(user_name) + "\n";
  out += "password " + Escape(type) + " " + Escape(password) + "\n";
  return out;
}

}  // namespace cm::cmdial
