// SPDX-License-Identifier: MIT
// Per-tunnel settings: which types take them and how their values look.
#include "tunnel_settings.h"

#include <arpa/inet.h>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>
#include <charconv>

#include "cm/ascii.h"

namespace cm::cmak {
namespace {

Status Invalid(std::string message) { return Fail(Errc::kInvalidArgument, std::move(message)); }

// A WireGuard key: standard base64 of 32 bytes is 43 characters, the last of which carries
// only 4 bits (so it is one of 16), then '='.
bool IsWireGuardKey(std::string_view text) {
  static constexpr std::string_view kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  if (text.size() != 44 || text[43] != '=') return false;
  for (size_t i = 0; i < 43; ++i) {
    if (kAlphabet.find(text[i]) == std::string_view::npos) return false;
  }
  return kAlphabet.find(text[42]) % 4 == 0;
}

bool ParseUint(std::string_view text, uint32_t& value) {
  if (text.empty()) return false;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && end == text.data() + text.size();
}

// One CIDR prefix: an IPv4 or IPv6 address, '/', and a prefix length that fits it.
bool IsCidr(std::string_view text) {
  size_t slash = text.find('/');
  if (slash == std::string_view::npos) return false;
  std::string address(text.substr(0, slash));
  uint32_t bits = 0;
  if (!ParseUint(text.substr(slash + 1), bits)) return false;
  unsigned char buffer[16];
  if (::inet_pton(AF_INET, address.c_str(), buffer) == 1) return bits <= 32;
  if (::inet_pton(AF_INET6, address.c_str(), buffer) == 1) return bits <= 128;
  return false;
}

std::string_view Trim(std::string_view text) {
  size_t start = text.find_first_not_of(" \t");
  if (start == std::string_view::npos) return {};
  return text.substr(start, text.find_last_not_of(" \t") - start + 1);
}

}  // namespace

const std::vector<TunnelSettingInfo>& KnownTunnelSettings() {
  static const std::vector<TunnelSettingInfo> kSettings = {
      {"CAFile", "--ca-file", "CA certificate that signs the server's (openvpn, ikev2, sstp)"},
      {"ServerPublicKey", "--server-key", "the WireGuard server's public key (base64)"},
      {"AllowedIPs", "--allowed-ips", "WireGuard: CIDR prefixes routed into the tunnel"},
      {"Port", "--port", "server port (openvpn, wireguard, sstp)"},
      {"Protocol", "--protocol", "OpenVPN transport: udp or tcp"},
      {"Auth", "--auth", "how the user authenticates (depends on the tunnel type)"},
  };
  return kSettings;
}

bool IsTunnelStructureKey(std::string_view key) {
  for (std::string_view known : {"Type", "ServerChoice", "Up", "Down"}) {
    if (AsciiEqualsNoCase(key, known)) return true;
  }
  if (key.size() > 6 && AsciiEqualsNoCase(key.substr(0, 6), "Server")) {
    return std::all_of(key.begin() + 6, key.end(),
                       [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
  }
  return false;
}

bool TunnelTakesSetting(TunnelType type, std::string_view key) {
  if (AsciiEqualsNoCase(key, "CAFile")) {
    return type == TunnelType::kOpenVpn || type == TunnelType::kIkev2 || type == TunnelType::kSstp;
  }
  if (AsciiEqualsNoCase(key, "ServerPublicKey") || AsciiEqualsNoCase(key, "AllowedIPs")) {
    return type == TunnelType::kWireGuard;
  }
  if (AsciiEqualsNoCase(key, "Port")) {
    return type == TunnelType::kOpenVpn || type == TunnelType::kWireGuard ||
           type == TunnelType::kSstp;
  }
  if (AsciiEqualsNoCase(key, "Protocol")) return type == TunnelType::kOpenVpn;
  if (AsciiEqualsNoCase(key, "Auth")) return !TunnelAuthMethods(type).empty();
  return false;
}

std::vector<std::string_view> TunnelAuthMethods(TunnelType type) {
  switch (type) {
    case TunnelType::kOpenVpn:
      return {"password", "certificate", "password+certificate"};
    case TunnelType::kIkev2:
      return {"eap-mschapv2", "eap-tls", "certificate"};
    case TunnelType::kSstp:
      return {"mschapv2", "eap-tls"};
    case TunnelType::kL2tp:
      return {"mschapv2", "chap", "pap"};
    case TunnelType::kPptp:
      return {"mschapv2"};
    case TunnelType::kWireGuard:
    case TunnelType::kCommand:
      return {};
  }
  return {};
}

Status CheckTunnelSetting(TunnelType type, std::string_view key, std::string_view value) {
  if (!TunnelTakesSetting(type, key)) {
    return Invalid(fmt::format("tunnel type {} does not take {}", TunnelTypeName(type), key));
  }
  if (AsciiEqualsNoCase(key, "CAFile")) {
    if (value.empty()) return Invalid("CAFile names no file");
    return Ok();
  }
  if (AsciiEqualsNoCase(key, "ServerPublicKey")) {
    if (!IsWireGuardKey(value)) {
      return Invalid(fmt::format(
          "'{}' is not a WireGuard public key; expected 44 characters of base64 (32 bytes, "
          "as `wg pubkey` prints)",
          value));
    }
    return Ok();
  }
  if (AsciiEqualsNoCase(key, "AllowedIPs")) {
    std::string_view rest = value;
    while (true) {
      size_t comma = rest.find(',');
      std::string_view item = Trim(rest.substr(0, comma));
      if (!IsCidr(item)) {
        return Invalid(fmt::format(
            "'{}' is not a CIDR prefix; write a comma-separated list like 10.0.0.0/8, fd00::/8",
            item));
      }
      if (comma == std::string_view::npos) return Ok();
      rest = rest.substr(comma + 1);
    }
  }
  if (AsciiEqualsNoCase(key, "Port")) {
    uint32_t port = 0;
    if (!ParseUint(value, port) || port == 0 || port > 65535) {
      return Invalid(fmt::format("'{}' is not a port; expected 1-65535", value));
    }
    return Ok();
  }
  if (AsciiEqualsNoCase(key, "Protocol")) {
    if (value != "udp" && value != "tcp") {
      return Invalid(fmt::format("'{}' is not a transport; expected udp or tcp", value));
    }
    return Ok();
  }
  std::vector<std::string_view> methods = TunnelAuthMethods(type);
  if (std::find(methods.begin(), methods.end(), value) == methods.end()) {
    return Invalid(fmt::format("'{}' is not an authentication method of {}; expected {}", value,
                               TunnelTypeName(type), fmt::join(methods, ", ")));
  }
  return Ok();
}

std::vector<std::string_view> RequiredTunnelSettings(TunnelType type) {
  if (type == TunnelType::kOpenVpn) return {"CAFile"};
  if (type == TunnelType::kWireGuard) return {"ServerPublicKey"};
  return {};
}

bool IsServerChoice(std::string_view value) { return value == "in-order" || value == "random"; }

}  // namespace cm::cmak
