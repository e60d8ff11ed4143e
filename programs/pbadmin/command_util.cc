// SPDX-License-Identifier: MIT
// Shared helpers of the workspace commands.
#include "command_util.h"

#include <signal.h>
#include <unistd.h>

#include <cstdlib>

namespace cm::pbadmin {

int Report(Output& output, const Error& error) {
  output.err << "pbadmin: error: " << error.ToString() << "\n";
  return kExitFailed;
}

Result<std::unique_ptr<Workspace>> OpenWorkspace(const GlobalOptions& options) {
  return Workspace::Open(ResolveWorkspaceDir(options.workspace));
}

void PrintJson(Output& output, const nlohmann::json& value) {
  output.out << value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

void CrashPoint(std::string_view point) {
  const char* wanted = std::getenv("PBADMIN_TEST_CRASH_AT");
  if (wanted != nullptr && point == wanted) ::kill(::getpid(), SIGKILL);
}

}  // namespace cm::pbadmin
