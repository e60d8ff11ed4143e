// SPDX-License-Identifier: MIT
// secret-tool run as a child with the password on a pipe (never in argv, never in a file).
#include "profiles/secrets.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <vector>

extern char** environ;

namespace cm::cmdial {
namespace {

std::string SecretTool() {
  const char* tool = std::getenv("CMSUITE_SECRET_TOOL");
  return tool != nullptr && tool[0] == '/' ? tool : "/usr/bin/secret-tool";
}

struct RunResult {
  int exit_code = -1;
  std::string out;
};

// Runs secret-tool with `args`, writing `input` to its stdin and reading its stdout.
Result<RunResult> Run(const std::vector<std::string>& args, std::string_view input) {
  int in[2];
  int out[2];
  if (::pipe2(in, O_CLOEXEC) != 0) return Fail(Errc::kIo, "pipe failed");
  if (::pipe2(out, O_CLOEXEC) != 0) {
    ::close(in[0]);
    ::close(in[1]);
    return Fail(Errc::kIo, "pipe failed");
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in[0], 0);
  posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  std::string tool = SecretTool();
  std::vector<char*> argv{tool.data()};
  std::vector<std::string> copies = args;
  for (std::string& arg : copies) argv.push_back(arg.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  int spawned = posix_spawn(&pid, tool.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(in[0]);
  ::close(out[1]);
  if (spawned != 0) {
    ::close(in[1]);
    ::close(out[0]);
    return Fail(Errc::kUnsupported, fmt::format("cannot run {}", tool));
  }
  while (!input.empty()) {
    ssize_t written = ::write(in[1], input.data(), input.size());
    if (written <= 0) break;
    input.remove_prefix(static_cast<size_t>(written));
  }
  ::close(in[1]);
  RunResult result;
  char buffer[4096];
  ssize_t got = 0;
  while ((got = ::read(out[0], buffer, sizeof buffer)) > 0) {
    result.out.append(buffer, static_cast<size_t>(got));
  }
  ::close(out[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

std::vector<std::string> Attributes(std::string_view short_name, std::string_view user) {
  return {"service", "cmsuite", "profile", std::string(short_name), "user", std::string(user)};
}

}  // namespace

Status SecretServiceAvailable() {
  const char* bus = std::getenv("DBUS_SESSION_BUS_ADDRESS");
  if (bus == nullptr || bus[0] == '\0') {
    return Fail(Errc::kUnsupported,
                "no session bus (DBUS_SESSION_BUS_ADDRESS is unset), so no Secret Service; the "
                "password will be asked for at each connection");
  }
  if (::access(SecretTool().c_str(), X_OK) != 0) {
    return Fail(Errc::kUnsupported,
                fmt::format("{} is not installed (Debian package libsecret-tools); the password "
                            "will be asked for at each connection",
                            SecretTool()));
  }
  return Ok();
}

Status RememberPassword(std::string_view short_name, std::string_view user,
                        std::string_view password) {
  CM_TRY_STATUS(SecretServiceAvailable());
  std::vector<std::string> args{"store", fmt::format("--label=cmsuite {} {}", short_name, user)};
  for (std::string& attribute : Attributes(short_name, user)) args.push_back(attribute);
  RunResult run = CM_TRY(Run(args, password));
  if (run.exit_code != 0) {
    return Fail(Errc::kIo, fmt::format("the Secret Service did not store the password "
                                       "(secret-tool exit {})",
                                       run.exit_code));
  }
  return Ok();
}

Result<std::optional<std::string>> RememberedPassword(std::string_view short_name,
                                                      std::string_view user) {
  CM_TRY_STATUS(SecretServiceAvailable());
  std::vector<std::string> args{"lookup"};
  for (std::string& attribute : Attributes(short_name, user)) args.push_back(attribute);
  RunResult run = CM_TRY(Run(args, ""));
  if (run.exit_code != 0) return std::optional<std::string>();
  return std::optional<std::string>(std::move(run.out));
}

Status ForgetPassword(std::string_view short_name, std::string_view user) {
  CM_TRY_STATUS(SecretServiceAvailable());
  std::vector<std::string> args{"clear"};
  for (std::string& attribute : Attributes(short_name, user)) args.push_back(attribute);
  CM_TRY(Run(args, ""));
  return Ok();
}

}  // namespace cm::cmdial
