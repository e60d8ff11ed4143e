// SPDX-License-Identifier: MIT
#include "engines/pppd_options.h"

#include <fmt/format.h>

namespace cm::cmdial {
namespace {

// A 0/1 key of a DUN section: its value when present, else `fallback`.
bool Flag(const IniFile& cms, const std::string& section, std::string_view key, bool fallback) {
  if (!cms.Get(section, key)) return fallback;
  return cms.GetInt(section, key, fallback ? 1 : 0).value != 0;
}

}  // namespace

Result<PppdInvocation> BuildPppdInvocation(const IniFile& cms, std::string_view dun,
                                           const PppdRequest& request) {
  if (request.user_name.find_first_of("\"\\\r\n") != std::string::npos) {
    return Fail(Errc::kInvalidArgument,
                "the user name holds a quote, backslash or line break, which pppd's options "
                "cannot carry; use a plain user name");
  }
  const std::string server = fmt::format("Server&{}", dun);
  const std::string tcpip = fmt::format("TCP/IP&{}", dun);
  PppdInvocation out;
  auto& args = out.args;
  // The line: the modem after CONNECT. pppd must not dial (we did), must stay in the
  // foreground (we watch it), and logs to stderr, where we read the negotiated addresses.
  args = {request.device,
          std::to_string(request.baud),
          "nodetach",
          "logfd",
          "2",
          "noauth",  // we do not ask the server to authenticate itself to us
          "modem",
          "crtscts",
          "lock",
          "file",
          fmt::format("/dev/fd/{}", request.options_fd),
          "plugin",
          "passwordfd.so",
          "passwordfd",
          std::to_string(request.password_fd)};

  // Authentication: Require_X=1 names the protocols the profile allows; when any is named,
  // the others are refused. None named: pppd's default (anything the server asks).
  struct Auth {
    std::string_view key;
    std::string_view refuse;
  };
  constexpr Auth kAuth[] = {{"Require_PAP", "refuse-pap"},
                            {"Require_CHAP", "refuse-chap"},
                            {"Require_MSCHAP", "refuse-mschap"},
                            {"Require_MSCHAP2", "refuse-mschap-v2"}};
  bool any_required = false;
  for (const Auth& auth : kAuth) any_required |= Flag(cms, server, auth.key, false);
  if (any_required) {
    for (const Auth& auth : kAuth) {
      if (!Flag(cms, server, auth.key, false)) args.emplace_back(auth.refuse);
    }
    args.emplace_back("refuse-eap");
  }
  if (Flag(cms, server, "Require_SPAP", false))
    out.notes.push_back("Require_SPAP: pppd has no SPAP");
  if (Flag(cms, server, "Require_W95MSCHAP", false)) {
    out.notes.push_back("Require_W95MSCHAP: treated as MS-CHAP");
  }
  // Encryption and compression.
  if (Flag(cms, server, "DataEncrypt", false)) {
    args.emplace_back("require-mppe");
  }
  if (!Flag(cms, server, "SW_Compress", true)) {
    args.emplace_back("noccp");
  }
  if (Flag(cms, server, "Disable_LCP", false)) {
    out.notes.push_back("Disable_LCP: pppd sends no LCP extensions anyway");
  }
  if (!Flag(cms, server, "Negotiate_TCP/IP", true)) {
    args.emplace_back("noip");
  }
  // TCP/IP.
  if (!Flag(cms, tcpip, "IP_Header_Compress", true)) args.emplace_back("novj");
  if (Flag(cms, tcpip, "Gateway_On_Remote", true)) args.emplace_back("defaultroute");
  if (!Flag(cms, tcpip, "Specify_Server_Address", false)) {
    args.emplace_back("usepeerdns");
  } else {
    for (std::string_view key : {"DNS_Address", "DNS_Alt_Address"}) {
      if (auto dns = cms.Get(tcpip, key); dns && !dns->empty()) {
        if (dns->find_first_not_of("0123456789.") != std::string::npos) {
          return Fail(Errc::kInvalidArgument,
                      fmt::format("[{}] {}={} is not an IPv4 address", tcpip, key, *dns));
        }
        args.emplace_back("ms-dns");
        args.emplace_back(*dns);
      }
    }
  }
  out.options_text = fmt::format("user \"{}\"\n", request.user_name);
  return out;
}

}  // namespace cm::cmdial
