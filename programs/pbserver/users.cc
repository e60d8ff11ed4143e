// SPDX-License-Identifier: MIT
// Argon2id hashes, Basic credentials and line-preserving edits of the [users] table.
#include "users.h"

#include <fmt/format.h>
#include <sodium.h>

#include <vector>

#include "cm/ascii.h"

namespace cm::pbserver {
namespace {

std::vector<std::string_view> SplitLines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    size_t lf = text.find('\n');
    lines.push_back(text.substr(0, lf == std::string_view::npos ? text.size() : lf + 1));
    if (lf == std::string_view::npos) break;
    text.remove_prefix(lf + 1);
  }
  return lines;
}

std::string_view TrimLine(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

bool IsTableHeader(std::string_view line) { return !line.empty() && line.front() == '['; }

// The key of a `key = value` line (bare or quoted), or empty.
std::string_view LineKey(std::string_view line) {
  if (line.empty() || line.front() == '#') return {};
  if (line.front() == '"') {
    size_t close = line.find('"', 1);
    return close == std::string_view::npos ? std::string_view() : line.substr(1, close - 1);
  }
  size_t end = line.find_first_of(" \t=");
  return end == std::string_view::npos ? std::string_view() : line.substr(0, end);
}

// [begin, end) line indexes of the [users] table; begin = header line. {npos, npos} when none.
std::pair<size_t, size_t> UsersTable(const std::vector<std::string_view>& lines) {
  size_t begin = std::string_view::npos;
  for (size_t i = 0; i < lines.size(); ++i) {
    std::string_view line = TrimLine(lines[i]);
    if (!IsTableHeader(line)) continue;
    if (begin != std::string_view::npos) return {begin, i};
    if (line == "[users]") begin = i;
  }
  return {begin, begin == std::string_view::npos ? begin : lines.size()};
}

}  // namespace

bool IsUserName(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-' || c == '.';
    if (!ok) return false;
  }
  return true;
}

Result<std::string> HashPassword(std::string_view password) {
  if (sodium_init() < 0) return Fail(Errc::kInternal, "libsodium failed to initialise");
  char hash[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(hash, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
    return Fail(Errc::kInternal, "Argon2id hashing failed (out of memory?)");
  }
  return std::string(hash);
}

bool VerifyPassword(const std::string& hash, std::string_view password) {
  if (sodium_init() < 0) return false;
  if (hash.size() >= crypto_pwhash_STRBYTES) return false;
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

bool ParseBasicAuthorization(std::string_view header, std::string* user, std::string* password) {
  if (header.size() < 6 || !AsciiEqualsNoCase(header.substr(0, 6), "basic ")) return false;
  std::string_view encoded = header.substr(6);
  while (!encoded.empty() && encoded.front() == ' ') encoded.remove_prefix(1);
  if (encoded.empty() || encoded.size() > 1024) return false;
  std::string decoded(encoded.size(), '\0');
  size_t length = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(decoded.data()), decoded.size(),
                        encoded.data(), encoded.size(), nullptr, &length, nullptr,
                        sodium_base64_VARIANT_ORIGINAL) != 0) {
    return false;
  }
  decoded.resize(length);
  size_t colon = decoded.find(':');
  if (colon == std::string::npos) return false;
  *user = decoded.substr(0, colon);
  *password = decoded.substr(colon + 1);
  return true;
}

bool CheckCredentials(const std::map<std::string, std::string>& users, std::string_view user,
                      std::string_view password) {
  // A fixed hash to verify against when the name is unknown, so both cases cost the same.
  static const std::string kDummy = HashPassword("pbserver-no-such-user").value_or("");
  auto it = users.find(std::string(user));
  if (it == users.end()) {
    (void)VerifyPassword(kDummy, password);
    return false;
  }
  return VerifyPassword(it->second, password);
}

Result<std::string> ConfigWithUser(std::string_view config_text, std::string_view name,
                                   std::string_view hash) {
  if (!IsUserName(name)) {
    return Fail(Errc::kInvalidArgument,
                fmt::format("'{}' is not a poster name (1-64 letters, digits, _ - .)", name));
  }
  std::vector<std::string_view> lines = SplitLines(config_text);
  std::string entry = fmt::format("{} = \"{}\"\n", name, hash);
  auto [begin, end] = UsersTable(lines);
  std::string out;
  if (begin == std::string_view::npos) {
    out = std::string(config_text);
    if (!out.empty() && out.back() != '\n') out += '\n';
    if (!out.empty()) out += '\n';
    out += "# Posters: name = Argon2id hash (pbserver user add|remove|list).\n[users]\n" + entry;
    return out;
  }
  size_t insert_at = begin + 1;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (i > begin && i < end && LineKey(TrimLine(lines[i])) == name) continue;  // replaced
    out += lines[i];
    if (!out.empty() && out.back() != '\n') out += '\n';
    if (i + 1 == insert_at) out += entry;
  }
  return out;
}

Result<std::string> ConfigWithoutUser(std::string_view config_text, std::string_view name) {
  std::vector<std::string_view> lines = SplitLines(config_text);
  auto [begin, end] = UsersTable(lines);
  std::string out;
  bool found = false;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (begin != std::string_view::npos && i > begin && i < end &&
        LineKey(TrimLine(lines[i])) == name) {
      found = true;
      continue;
    }
    out += lines[i];
  }
  if (!found) return Fail(Errc::kNotFound, fmt::format("no poster named '{}'", name));
  return out;
}

}  // namespace cm::pbserver
