// SPDX-License-Identifier: MIT
// `cmak new`: writes a profile source folder DIR/SHORT/ from command-line answers.
#include <fmt/format.h>

#include <filesystem>
#include <memory>
#include <string>

#include "commands.h"
#include "new_options.h"

namespace cm::cmak {
namespace {

void AddTunnelOptions(CLI::App* command, NewOptions& options) {
  command
      ->add_option("--type", options.type,
                   "Connection type: direct (VPN), dialup, double-dial (dial-up, then VPN)")
      ->capture_default_str();
  command->add_option("--vpn-server", options.vpn_servers, "VPN server host (repeatable)");
  command
      ->add_option("--server-choice", options.server_choice,
                   "How a server is picked: in-order (the first, then the next on failure) or "
                   "random (a random one first)")
      ->capture_default_str();
  command
      ->add_option("--tunnel,--vpn-type", options.tunnel,
                   "Tunnel type: openvpn, wireguard, ikev2, sstp, l2tp, pptp (legacy), or "
                   "command")
      ->capture_default_str();
  command->add_option("--tunnel-up", options.tunnel_up,
                      "With --tunnel command: command line that brings the tunnel up");
  command->add_option("--tunnel-down", options.tunnel_down,
                      "With --tunnel command: command line that takes it down");
  command->add_option("--ca-file", options.ca_file,
                      "CA certificate of the VPN server (openvpn: required; ikev2, sstp); copied");
  command->add_option("--server-key", options.server_key,
                      "WireGuard server public key (base64; required for wireguard)");
  command->add_option("--allowed-ips", options.allowed_ips,
                      "WireGuard: CIDR prefixes routed into the tunnel, comma-separated");
  command->add_option("--port", options.port, "Server port (openvpn, wireguard, sstp)");
  command->add_option("--protocol", options.protocol, "OpenVPN transport: udp or tcp");
  command->add_option("--auth", options.auth,
                      "Authentication: openvpn password|certificate|password+certificate; ikev2 "
                      "eap-mschapv2|eap-tls|certificate; sstp mschapv2|eap-tls; l2tp "
                      "mschapv2|chap|pap; pptp mschapv2");
  command->add_option("--tunnel-setting", options.tunnel_settings,
                      "Any other [cmsuite Tunnel] KEY=VALUE, written as given (repeatable)");
}

void AddPhonebookOptions(CLI::App* command, NewOptions& options) {
  command->add_option("--phonebook", options.phonebook,
                      "Phone book (.pbk) to ship; FILE.ver beside it is copied too");
  command->add_option("--regions", options.regions, "Region file (.pbr) to ship");
  command->add_option("--pb-url", options.pb_url, "Phone book server to ask for updates");
  command->add_option("--pb-key", options.pb_key,
                      "Publisher public key (ed25519:...) or key file that phone book "
                      "updates must be signed with");
  command->add_option("--filter", options.filters,
                      "Service-type filter NAME=MASK/MATCH added to (or replacing one of) CMAK's "
                      "twelve (repeatable)");
  command->add_option("--service-type", options.service_types,
                      "Service type users choose, DISPLAY=FILTER (repeatable; replaces the "
                      "default Modem, ISDN, Modem MultiCast, ISDN MultiCast)");
  command->add_option("--merge", options.merge,
                      "Merge another profile folder DIR/OTHER: its phone book and settings "
                      "(repeatable)");
}

void AddLogonOptions(CLI::App* command, NewOptions& options) {
  command->add_option("--realm-prefix", options.realm_prefix,
                      "Text put before the user name (e.g. DOMAIN\\)");
  command->add_option("--realm-suffix", options.realm_suffix,
                      "Text put after the user name (e.g. @example.com)");
  command->add_option("--domain-field", options.domain_field, "Logon domain field: show or hide")
      ->capture_default_str();
  command
      ->add_option("--same-user-name", options.same_user_name,
                   "Same user name and password for dial-up and VPN: yes or no")
      ->capture_default_str();
  command
      ->add_option("--remember-password", options.remember_password,
                   "Users may save their password: yes or no")
      ->capture_default_str();
}

void AddActionOptions(CLI::App* command, NewOptions& options) {
  command->add_option(
      "--action", options.actions,
      "Custom action POINT[:ATTR,...]=COMMANDLINE (repeatable). POINT: pre-init, pre-connect, "
      "pre-dial, pre-tunnel, post-connect, monitored, disconnect, on-cancel, on-error. ATTR: "
      "direct, dialup, double-dial (connection types; all if none), interactive, include (copy "
      "the program into the profile), description=TEXT or description=\"TEXT\", "
      "timeout=SECONDS");
  command
      ->add_option("--action-timeout", options.action_timeout,
                   "Seconds an action may run unless it sets its own timeout")
      ->capture_default_str();
  command->add_option("--include", options.includes, "Any other file to ship (repeatable)");
}

void AddBehaviourOptions(CLI::App* command, NewOptions& options) {
  command->add_option("--redial-count", options.redial_count, "Redial attempts")
      ->capture_default_str();
  command->add_option("--redial-delay", options.redial_delay, "Seconds between redials")
      ->capture_default_str();
  command
      ->add_option("--idle-timeout", options.idle_timeout,
                   "Minutes idle before disconnecting (0: never)")
      ->capture_default_str();
  command->add_option("--logging", options.logging, "Keep a connection log: yes or no")
      ->capture_default_str();
  command->add_option("--log-max-kib", options.log_max_kib, "Largest log file, KiB")
      ->capture_default_str();
  command->add_option("--log-folder", options.log_folder,
                      "Folder of the log (macros allowed; default: cmdial's state folder)");
  command->add_option("--logo", options.logo, "Logo image shown in the logon dialog; copied");
  command->add_option("--icon", options.icon, "Large icon; copied");
  command->add_option("--small-icon", options.small_icon, "Small icon; copied");
  command->add_option("--tray-icon", options.tray_icon, "Notification-area icon; copied");
  command->add_option("--help-file", options.help_file, "Help file for users; copied");
}

}  // namespace

void RegisterNewCommand(CLI::App& app, CommandRegistry& registry) {
  auto options = std::make_shared<NewOptions>();
  CLI::App* command = app.add_subcommand(
      "new",
      "Write a profile source folder OUT/SHORT/ (SHORT.cms, .cmp, .inf, .sed and every "
      "included file; docs/formats/profile.md). Edit it freely, then run cmak build.");
  command
      ->add_option("SHORT", options->short_name,
                   "Short service name: 1-8 letters, digits or _, not all digits")
      ->required();
  command->add_option("--service-name", options->service_name, "Service name users see")
      ->required();
  command->add_option("--out", options->out, "Folder to create SHORT/ in")->required();
  AddTunnelOptions(command, *options);
  AddPhonebookOptions(command, *options);
  AddLogonOptions(command, *options);
  AddActionOptions(command, *options);
  AddBehaviourOptions(command, *options);
  registry.Add(command, [options](Output& output) {
    auto profile = MakeNewProfile(*options, output);
    if (!profile) return Report(output, profile.error());
    if (auto written = WriteProfileFolder(options->out, profile->spec.short_name, profile->files);
        !written) {
      return Report(output, written.error());
    }
    output.out << (std::filesystem::path(options->out) / profile->spec.short_name).string() << "\n";
    return kExitOk;
  });
}

}  // namespace cm::cmak
