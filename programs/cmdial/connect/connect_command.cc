// SPDX-License-Identifier: MIT
#include "connect/connect_command.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <ctime>
#include <iostream>
#include <memory>

#include "connect/connection_state.h"
#include "connect/engine.h"
#include "connect/engine_factory.h"
#include "connect/logon_actions.h"
#include "connect/phonebook_step.h"
#include "profiles/favorites.h"
#include "profiles/secrets.h"

namespace cm::cmdial {
namespace {

int Error(cli::Output& output, const std::string& message, int code = cli::kExitFailed) {
  output.err << "cmdial: error: " << message << "\n";
  return code;
}

int ExitFor(const cm::Error& error) {
  return error.code() == Errc::kParse ? cli::kExitUsage : cli::kExitFailed;
}

std::string UtcNow() {
  std::time_t now = std::time(nullptr);
  std::tm parts{};
  gmtime_r(&now, &parts);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", parts.tm_year + 1900, parts.tm_mon + 1,
                     parts.tm_mday, parts.tm_hour, parts.tm_min, parts.tm_sec);
}

// The parent's side of --background: waits for the connection process to say "connected"
// (one byte on the pipe) or to end, and passes Ctrl-C on to it meanwhile.
int WaitForBackground(pid_t child, int notify_fd, Interrupts& interrupts,
                      const InstalledProfile& installed, cli::Output& output) {
  while (true) {
    pollfd fds[2] = {{notify_fd, POLLIN, 0}, {interrupts.fd(), POLLIN, 0}};
    if (poll(fds, 2, -1) < 0) continue;
    if (fds[1].revents & POLLIN) {
      if (int signal = interrupts.Take(); signal != 0) kill(child, SIGINT);
    }
    if (fds[0].revents == 0) continue;
    char byte = 0;
    if (read(notify_fd, &byte, 1) == 1) {
      output.out << fmt::format(
          "connected to {} (process {} keeps watch; 'cmdial disconnect {}' "
          "ends it)\n",
          installed.profile.service_name, child, installed.short_name());
      return cli::kExitOk;
    }
    int status = 0;
    while (waitpid(child, &status, 0) < 0 && errno == EINTR) {
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : cli::kExitFailed;
  }
}

// Stdio of the background process once connected: nothing ties it to the terminal or to the
// pipes of whoever started it.
void DetachStdio() {
  int null_fd = open("/dev/null", O_RDWR | O_CLOEXEC);
  if (null_fd < 0) return;
  dup2(null_fd, 0);
  dup2(null_fd, 1);
  dup2(null_fd, 2);
  close(null_fd);
}

struct Connection {
  const InstalledProfile& installed;
  const StorePaths& paths;
  const ConnectPlan& plan;
  LogonInput logon;
  const LogonPolicy* logon_policy;
  int notify_fd;  // >= 0 in the background process
  cli::Output& output;
};

int RunEngine(Connection& connection, Interrupts& interrupts) {
  const InstalledProfile& installed = connection.installed;
  const ServiceProfile& profile = installed.profile;
  const ConnectPlan& plan = connection.plan;
  ConnectionLog log;
  if (!plan.log_path.empty()) {
    Result<ConnectionLog> started = ConnectionLog::Start(plan.log_path, plan.log_max_bytes);
    if (started) {
      log = std::move(*started);
    } else {
      connection.output.err << "cmdial: warning: no connection log: " << started.error().message()
                            << "\n";
    }
  }
  ActionSettings action_settings;
  action_settings.profile_dir = installed.folder;
  action_settings.short_name = installed.short_name();
  action_settings.type = plan.type;
  action_settings.interactive = plan.facts.interactive;
  action_settings.logon = connection.logon_policy;
  action_settings.log = &log;
  ActionRunner runner(action_settings);
  // The link and tunnel: the direct link and command tunnel of this part, or the dial-up link
  // and VPN tunnels cmdial installs (connect/engine_factory.h).
  Result<ConnectionEngines> engines =
      CurrentEngineFactory()(EngineRequest{installed, connection.paths, plan, log});
  if (!engines) {
    log.Write(fmt::format("cannot connect: {}", engines.error().message()));
    connection.output.err << "cmdial: error: " << installed.short_name() << ": "
                          << engines.error().message() << "\n";
    return cli::kExitFailed;
  }
  Link& link = *engines->link;
  std::unique_ptr<Tunnel> tunnel = std::move(engines->tunnel);
  ConnectionFacts start_facts = plan.facts;
  if (!engines->pop_name.empty()) start_facts.pop_name = engines->pop_name;

  ConnectionState state;
  state.short_name = installed.short_name();
  state.service_name = profile.service_name;
  state.pid = getpid();
  state.pid_start = ProcessStartTime(getpid());
  state.type = std::string(ConnectionTypeName(plan.type));
  state.log = log.path();
  bool foreground = connection.notify_fd < 0;
  EngineHooks hooks;
  hooks.phase_changed = [&](Phase phase, const ConnectionFacts& facts) {
    state.phase = std::string(PhaseName(phase));
    state.since = UtcNow();
    state.user = facts.user_prefix + facts.user_name + facts.user_suffix;
    state.tunnel_server = facts.tunnel_server;
    state.client_ip = facts.client_ip;
    state.server_ip = facts.server_ip;
    if (Status written = WriteState(state); !written) log.Write(written.error().message());
  };
  hooks.update_phonebook = [&] { RunPhonebookStep(installed, connection.paths, log); };
  hooks.connected = [&] {
    if (foreground) {
      connection.output.out << fmt::format(
                                   "connected to {} ({}); Ctrl-C or 'cmdial disconnect "
                                   "{}' disconnects\n",
                                   profile.service_name, ConnectionTypeName(plan.type),
                                   installed.short_name())
                            << std::flush;
      return;
    }
    if (connection.notify_fd >= 0) {
      DetachStdio();
      char byte = '1';
      ssize_t ignored = write(connection.notify_fd, &byte, 1);
      (void)ignored;
      close(connection.notify_fd);
      connection.notify_fd = -1;
    }
  };
  hooks.tell = [&](const std::string& message) {
    connection.output.err << "cmdial: " << message << "\n" << std::flush;
  };
  Engine engine({profile, link, tunnel.get(), runner, log, &interrupts}, start_facts,
                connection.logon, hooks);
  int code = engine.Run();
  RemoveState(installed.short_name());
  if (foreground && code == 0) connection.output.out << "disconnected\n";
  return code;
}

Result<std::string> ReadPassword() {
  std::string line;
  if (!std::getline(std::cin, line) && line.empty()) {
    return Fail(Errc::kInvalidArgument, "--password-stdin: nothing on standard input");
  }
  while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.pop_back();
  return line;
}

// "Remember password" (`cmdial settings SERVICE --remember-password`, unless the profile hides
// it): a password given on standard input is stored in the Secret Service, as the original
// saved it when the user clicked Connect with the box ticked; without one, the stored one is
// used. Failures only warn: the connection goes on with what the user gave.
void UseRememberedPassword(const InstalledProfile& installed, const UserSettings& settings,
                           bool given, LogonInput* logon, cli::Output& output) {
  if (!settings.remember_password || installed.profile.hide_remember_password) return;
  if (given) {
    if (Status stored = RememberPassword(installed.short_name(), settings.user_name,
                                         logon->password);
        !stored) {
      output.err << "cmdial: warning: the password was not remembered: "
                 << stored.error().message() << "\n";
    }
    return;
  }
  Result<std::optional<std::string>> remembered =
      RememberedPassword(installed.short_name(), settings.user_name);
  if (!remembered) {
    output.err << "cmdial: warning: no remembered password: " << remembered.error().message()
               << "\n";
  } else if (*remembered) {
    logon->password = std::move(**remembered);
  }
}

}  // namespace

int RunConnect(const ConnectOptions& options, cli::Output& output) {
  Result<StorePaths> paths = StorePaths::FromEnvironment();
  if (!paths) return Error(output, paths.error().ToString());
  Result<InstalledProfile> installed = FindProfile(*paths, options.service);
  if (!installed) return Error(output, installed.error().ToString(), ExitFor(installed.error()));
  std::optional<UserSettings> favorite;
  if (!options.favorite.empty()) {
    Result<Favorite> loaded = LoadFavorite(*installed, options.favorite);
    if (!loaded) return Error(output, loaded.error().ToString());
    favorite = loaded->settings;
  }
  Result<ConnectPlan> plan =
      MakeConnectPlan(*installed, *paths, options, favorite ? &*favorite : nullptr);
  if (!plan) return Error(output, plan.error().ToString());

  LogonInput logon{plan->settings.user_name, plan->settings.domain, {}};
  if (options.password_stdin) {
    Result<std::string> password = ReadPassword();
    if (!password) return Error(output, password.error().message(), cli::kExitUsage);
    logon.password = std::move(*password);
  }
  UseRememberedPassword(*installed, plan->settings, options.password_stdin, &logon, output);
  std::optional<LogonPolicy> logon_policy;
  if (options.logon) {
    std::vector<Diagnostic> diagnostics;
    Result<LogonPolicy> loaded =
        LoadLogonActions(installed->short_name(), installed->folder, &diagnostics);
    if (!loaded) return Error(output, loaded.error().ToString(), ExitFor(loaded.error()));
    for (const Diagnostic& diagnostic : diagnostics) {
      output.err << "cmdial: warning: " << diagnostic.message << "\n";
    }
    logon_policy = std::move(*loaded);
  }
  if (plan->settings_changed) {
    if (Status saved = SaveUserSettings(*installed, plan->settings); !saved) {
      output.err << "cmdial: warning: settings not saved: " << saved.error().ToString() << "\n";
    }
  }

  Result<ServiceLock> lock = ServiceLock::Acquire(installed->short_name());
  if (!lock) return Error(output, lock.error().ToString());
  // A state file left by a process that died without cleaning up is stale: the lock says so.
  RemoveState(installed->short_name());
  Result<Interrupts> interrupts = Interrupts::Install();
  if (!interrupts) return Error(output, interrupts.error().ToString());

  Connection connection{*installed, *paths, *plan, logon, logon_policy ? &*logon_policy : nullptr,
                        -1,         output};
  if (!options.background) return RunEngine(connection, *interrupts);

  int notify[2];
  if (pipe2(notify, O_CLOEXEC) != 0) return Error(output, "pipe: " + std::string(strerror(errno)));
  output.out << std::flush;
  output.err << std::flush;
  pid_t child = fork();
  if (child < 0) return Error(output, "fork: " + std::string(strerror(errno)));
  if (child > 0) {
    close(notify[1]);
    int code = WaitForBackground(child, notify[0], *interrupts, *installed, output);
    close(notify[0]);
    return code;
  }
  close(notify[0]);
  setsid();  // the terminal's Ctrl-C now reaches only the parent, which passes it on
  connection.notify_fd = notify[1];
  int code = RunEngine(connection, *interrupts);
  std::cout << std::flush;
  std::cerr << std::flush;
  _exit(code);
}

void RegisterConnectCommand(CLI::App& app, cli::CommandRegistry& registry) {
  auto options = std::make_shared<ConnectOptions>();
  CLI::App* command = app.add_subcommand(
      "connect",
      "Connect with an installed service profile: pre-init actions, logon, pre-connect, "
      "(pre-dial), dial, (pre-tunnel), tunnel, phone book update, post-connect, monitored "
      "actions; stays until disconnected unless --background");
  command->add_option("SERVICE", options->service, "Short name or service name")->required();
  command->add_option("--type", options->type, "direct, dialup or double-dial")
      ->check(CLI::IsMember({"direct", "dialup", "double-dial"}));
  command->add_option("--user", options->user, "User name (without the realm)");
  command->add_option("--domain", options->domain, "Domain");
  command->add_flag("--password-stdin", options->password_stdin,
                    "Read the password from the first line of standard input (remembered in "
                    "the Secret Service when 'cmdial settings SERVICE --remember-password' is "
                    "on; without it, the remembered one is used)");
  command->add_option("--country", options->country, "Country for the POP (dial-up)");
  command->add_option("--region", options->region, "Region for the POP (dial-up)");
  command->add_option("--pop", options->pop,
                      "POP to dial (dial-up): ID from the profile's own phone book, or BOOK:ID "
                      "from a merged profile's (the BOOK column of 'cmdial pops')");
  command->add_option("--favorite", options->favorite, "Use saved settings (%CurrentFavorite%)");
  command->add_flag("--background", options->background,
                    "Return once connected; a small process keeps watch");
  command->add_flag("--non-interactive", options->non_interactive,
                    "%Interactive% is 0; actions that interact with the user are skipped");
  command->add_flag("--logon", options->logon,
                    "Logon mode: only actions listed in /etc/cmsuite/logon-actions.conf run "
                    "($CMDIAL_LOGON_ACTIONS names another file)");
  command->footer(
      "Exit status: 0 connected and disconnected (with --background: connected), 1 refused, "
      "failed or cancelled, 2 usage error. Log: 'cmdial log SERVICE'.");
  registry.Add(command, [options](cli::Output& output) { return RunConnect(*options, output); });
}

}  // namespace cm::cmdial
