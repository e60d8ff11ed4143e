// SPDX-License-Identifier: MIT
#include "connect/logon_actions.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>

#include "cm/file_util.h"
#include "cm/ini_file.h"

namespace cm::cmdial {
namespace {

std::string JoinPath(std::string_view folder, std::string_view name) {
  std::string path(folder);
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  return path + "/" + std::string(name);
}

}  // namespace

bool LogonPolicy::Allows(std::string_view resolved_program) const {
  return std::find(allowed_paths.begin(), allowed_paths.end(), resolved_program) !=
         allowed_paths.end();
}

Result<LogonPolicy> ParseLogonActions(std::string_view bytes, std::string_view short_name,
                                      std::string_view profile_dir,
                                      std::vector<Diagnostic>* diagnostics) {
  Result<IniFile> file = IniFile::Parse(bytes);
  if (!file) return Fail(file.error());
  std::string system_folder =
      file->GetString("cmsuite", "SystemFolder", std::string(kDefaultSystemFolder));
  auto note = [&](std::string message) {
    if (diagnostics) {
      diagnostics->push_back(
          {0, "logon-actions.skipped", std::move(message), Diagnostic::Severity::kWarning});
    }
  };
  if (system_folder.empty() || system_folder.front() != '/') {
    note(fmt::format("SystemFolder '{}' is not an absolute path; using {}", system_folder,
                     kDefaultSystemFolder));
    system_folder = std::string(kDefaultSystemFolder);
  }
  LogonPolicy policy;
  for (const auto& [name, value] : file->Entries(short_name)) {
    if (name.empty() || name.find('/') != std::string::npos || name == "." || name == "..") {
      note(fmt::format("[{}] {}: a program file name has no '/' (skipped)", short_name, name));
      continue;
    }
    if (value == "0") {
      policy.allowed_paths.push_back(JoinPath(system_folder, name));
    } else if (value == "1") {
      policy.allowed_paths.push_back(JoinPath(profile_dir, name));
    } else {
      note(fmt::format("[{}] {}={}: use 0 (system folder) or 1 (profile folder) (skipped)",
                       short_name, name, value));
    }
  }
  return policy;
}

Result<LogonPolicy> LoadLogonActions(std::string_view short_name, std::string_view profile_dir,
                                     std::vector<Diagnostic>* diagnostics) {
  const char* env = std::getenv(std::string(kLogonActionsEnv).c_str());
  std::string path = env && *env ? env : std::string(kLogonActionsPath);
  Result<std::string> bytes = ReadFile(path);
  if (!bytes) {
    if (bytes.error().code() == Errc::kNotFound) return LogonPolicy{};
    return Fail(bytes.error());
  }
  Result<LogonPolicy> policy = ParseLogonActions(*bytes, short_name, profile_dir, diagnostics);
  if (!policy) return Fail(std::move(policy.error()).InFile(path));
  return policy;
}

}  // namespace cm::cmdial
