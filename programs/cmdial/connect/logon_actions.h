// SPDX-License-Identifier: MIT
// --logon mode's allow list, /etc/cmsuite/logon-actions.conf: the Linux form of the seed's
// "WinLogon Actions" registry key. Custom actions are off during logon; only the programs an
// administrator lists here run, and only from the folder listed for them.
//
// The file is a Windows profile file (cm/ini_file.h); comments are whole lines (';'):
//   [cmsuite]
//   ; the seed's %windir%\system32 (optional; this is the default)
//   SystemFolder=/usr/libexec/cmsuite/logon-actions
//   ; one section per profile (its short name): program file name = 0 (lives in the system
//   ; folder) or 1 (lives in the profile folder), the seed's REG_DWORD Data values
//   [SHORT]
//   vpn-check=1
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "cm/result.h"

namespace cm::cmdial {

inline constexpr std::string_view kLogonActionsPath = "/etc/cmsuite/logon-actions.conf";
// Tests and unusual installs name another file with this environment variable.
inline constexpr std::string_view kLogonActionsEnv = "CMDIAL_LOGON_ACTIONS";
inline constexpr std::string_view kDefaultSystemFolder = "/usr/libexec/cmsuite/logon-actions";

// The programs allowed for one profile, each with the one path it may run from.
struct LogonPolicy {
  std::vector<std::string> allowed_paths;  // absolute paths

  // True when `resolved_program` (an absolute path) is one of the allowed paths.
  bool Allows(std::string_view resolved_program) const;
};

// Reads the allow list of profile `short_name` (section names match without case) from the
// file's bytes. `profile_dir` is that profile's folder. A name with a '/' or "..", or a value
// other than 0 or 1, is skipped with a Diagnostic. Errors: kParse when the bytes are not a
// readable profile file.
[[nodiscard]] Result<LogonPolicy> ParseLogonActions(std::string_view bytes,
                                                    std::string_view short_name,
                                                    std::string_view profile_dir,
                                                    std::vector<Diagnostic>* diagnostics);

// Reads the file (the environment variable's path, else kLogonActionsPath). A missing file is an
// empty list: no action runs during logon. Errors: kIo/kParse for an unreadable file.
[[nodiscard]] Result<LogonPolicy> LoadLogonActions(std::string_view short_name,
                                                   std::string_view profile_dir,
                                                   std::vector<Diagnostic>* diagnostics);

}  // namespace cm::cmdial
