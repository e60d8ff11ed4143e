// SPDX-License-Identifier: MIT
// The answers `cmak new` takes (its command-line options, the wizard's questions), and turning
// them into a profile folder. docs/formats/profile.md documents every option and what it writes.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "cm/result.h"
#include "profile_spec.h"
#include "report.h"

namespace cm::cmak {

// Every answer as text, exactly as given on the command line.
struct NewOptions {
  std::string short_name;
  std::string service_name;
  std::string out;
  std::string type = "direct";
  std::vector<std::string> vpn_servers;
  std::string server_choice = "in-order";
  std::string tunnel = "ikev2";
  std::string tunnel_up;
  std::string tunnel_down;
  std::string ca_file;
  std::string server_key;
  std::string allowed_ips;
  std::string port;
  std::string protocol;
  std::string auth;
  std::vector<std::string> tunnel_settings;  // KEY=VALUE
  std::string phonebook;
  std::string regions;
  std::string pb_url;
  std::string pb_key;
  std::vector<std::string> filters;        // NAME=MASK/MATCH
  std::vector<std::string> service_types;  // DISPLAY=FILTER
  std::string realm_prefix;
  std::string realm_suffix;
  std::string domain_field = "hide";
  std::string same_user_name = "yes";
  std::string remember_password = "yes";
  std::vector<std::string> actions;
  uint32_t action_timeout = 60;
  std::vector<std::string> includes;
  uint32_t redial_count = 3;
  uint32_t redial_delay = 5;
  uint32_t idle_timeout = 10;
  std::string logging = "yes";
  uint32_t log_max_kib = 64;
  std::string log_folder;
  std::string logo;
  std::string icon;
  std::string small_icon;
  std::string tray_icon;
  std::string help_file;
  std::vector<std::string> merge;  // other profile folders DIR/OTHER
};

// A profile ready to be written: its spec and every file's bytes by name.
struct NewProfile {
  ProfileSpec spec;
  std::map<std::string, std::string> files;
};

// Checks every answer, reads and copies every named file, and renders the profile. Warnings
// (legacy tunnel types, phone book findings) go to output.err. Errors: kInvalidArgument naming
// the option and what is wrong; kNotFound/kIo for files that cannot be read; kParse for a phone
// book a client would drop. Writes nothing.
[[nodiscard]] Result<NewProfile> MakeNewProfile(const NewOptions& options, Output& output);

// Writes `files` as the folder OUT/SHORT: into a fresh temporary folder beside it, then renamed,
// so a failure leaves nothing. kInvalidArgument when OUT/SHORT exists; kIo otherwise.
[[nodiscard]] Status WriteProfileFolder(const std::string& out, const std::string& short_name,
                                        const std::map<std::string, std::string>& files);

// Parses yes/no answers: yes, no, y, n, true, false, 1, 0, on, off (any case).
[[nodiscard]] Result<bool> ParseYesNo(std::string_view what, std::string_view text);

// The checks of single answers, shared with the wizard (each kInvalidArgument naming `what`).
[[nodiscard]] Status CheckOneLine(std::string_view what, std::string_view value);
[[nodiscard]] Status CheckServiceName(std::string_view value);
[[nodiscard]] Status CheckVpnServer(std::string_view value);
[[nodiscard]] Status CheckPbUrl(std::string_view value);
// The publisher key: "ed25519:..." text, or a key file (public half taken); the key's text.
[[nodiscard]] Result<std::string> ResolvePublisherKey(const std::string& text_or_path);

}  // namespace cm::cmak
