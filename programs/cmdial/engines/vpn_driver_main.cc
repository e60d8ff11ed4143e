// SPDX-License-Identifier: MIT
// cm-vpn-driver: a profile's VPN tunnel through the cmdial engines (MakeVpnTunnel), without the
// rest of a connection. For scripts/demo-vpn, bench/vpn_tunnel_up.sh, the tests, and the
// administrator who needs a user's WireGuard public key.
#include <fmt/format.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "cm/file_util.h"
#include "cm/ini_file.h"
#include "cm/service_profile.h"
#include "engines/vpn_support.h"
#include "engines/vpn_tunnels.h"
#include "engines/wireguard_keys.h"

namespace {

using cm::cmdial::VpnContext;
using Clock = std::chrono::steady_clock;

constexpr const char* kUsage = R"(Usage:
  cm-vpn-driver up PROFILE_DIR [options] [-- COMMAND ARGS...]
  cm-vpn-driver public-key PROFILE_DIR --data-dir DIR

up: brings up the VPN tunnel of the profile in PROFILE_DIR (PROFILE_DIR/SHORT.cms, SHORT being
the folder's name) with cmdial's engines, runs COMMAND (absolute path) while it is up, then
takes it down. Exit: COMMAND's exit code, or 1 when the tunnel failed (the error is printed).
Prints "tunnel up: TYPE in N ms, client IP, server IP" and, with COMMAND,
"first command done: N ms after start".

public-key: prints this user's WireGuard public key for the profile (making the key pair once,
0600 in DIR/SHORT/wireguard.key): the administrator adds it as a peer on the server.

Options:
  --runtime-dir DIR   generated configurations and sockets (default: $XDG_RUNTIME_DIR/cmsuite-vpn
                      or /tmp/cmsuite-vpn-UID)
  --data-dir DIR      the user's keys (default: $XDG_DATA_HOME/cmsuite/keys)
  --interface NAME    the interface to make (default: cm-SHORT)
  --user NAME         the logon user name (%UserName%)
  --password-stdin    read the password from the first line of stdin
  --wait-gone SECONDS after COMMAND (or without one), wait up to SECONDS for the tunnel to go
                      away by itself and say so (exit 0 when it went, 3 when not)
  --help              this text
)";

std::string Env(const char* name, const std::string& fallback) {
  const char* value = getenv(name);
  return value && *value ? value : fallback;
}

double Ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

int RunCommand(const std::vector<std::string>& command) {
  std::vector<char*> argv;
  for (const std::string& arg : command) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    execv(argv[0], argv.data());
    fprintf(stderr, "cm-vpn-driver: cannot run %s: %s\n", argv[0], strerror(errno));
    _exit(127);
  }
  int status = 0;
  if (pid < 0 || waitpid(pid, &status, 0) < 0) return 127;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace

int main(int argc, char** argv) {
  Clock::time_point start = Clock::now();
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h") {
    std::cout << kUsage;
    return args.empty() ? 2 : 0;
  }
  std::string verb = args[0];
  if ((verb != "up" && verb != "public-key") || args.size() < 2) {
    std::cerr << "cm-vpn-driver: expected `up PROFILE_DIR` or `public-key PROFILE_DIR` (see "
                 "--help)\n";
    return 2;
  }
  std::string profile_dir = args[1];
  while (profile_dir.size() > 1 && profile_dir.back() == '/') profile_dir.pop_back();
  VpnContext context;
  context.runtime_dir = Env("XDG_RUNTIME_DIR", fmt::format("/tmp/cmsuite-vpn-{}", getuid()));
  if (getenv("XDG_RUNTIME_DIR")) context.runtime_dir += "/cmsuite-vpn";
  context.data_dir = Env("XDG_DATA_HOME", Env("HOME", "/root") + "/.local/share") + "/cmsuite/keys";
  std::string user;
  std::string password;
  int wait_gone = -1;
  std::vector<std::string> command;
  for (size_t i = 2; i < args.size(); ++i) {
    auto value = [&]() -> std::string {
      if (i + 1 >= args.size()) {
        std::cerr << "cm-vpn-driver: " << args[i] << " needs a value\n";
        exit(2);
      }
      return args[++i];
    };
    if (args[i] == "--runtime-dir") {
      context.runtime_dir = value();
    } else if (args[i] == "--data-dir") {
      context.data_dir = value();
    } else if (args[i] == "--interface") {
      context.interface_name = value();
    } else if (args[i] == "--user") {
      user = value();
    } else if (args[i] == "--password-stdin") {
      std::getline(std::cin, password);
    } else if (args[i] == "--wait-gone") {
      wait_gone = std::stoi(value());
    } else if (args[i] == "--") {
      command.assign(args.begin() + static_cast<long>(i) + 1, args.end());
      break;
    } else {
      std::cerr << "cm-vpn-driver: unknown option " << args[i] << " (see --help)\n";
      return 2;
    }
  }
  std::string short_name = profile_dir.substr(profile_dir.find_last_of('/') + 1);
  std::string cms_path = profile_dir + "/" + short_name + ".cms";
  cm::Result<std::string> bytes = cm::ReadFile(cms_path);
  if (!bytes) {
    std::cerr << "cm-vpn-driver: " << bytes.error().ToString() << "\n";
    return 1;
  }
  cm::Result<cm::IniFile> ini = cm::IniFile::Parse(*bytes);
  if (!ini) {
    std::cerr << "cm-vpn-driver: " << cms_path << ": " << ini.error().ToString() << "\n";
    return 1;
  }
  cm::Result<cm::ServiceProfile> profile = cm::ReadServiceProfile(*ini, short_name, nullptr);
  if (!profile) {
    std::cerr << "cm-vpn-driver: " << cms_path << ": " << profile.error().ToString() << "\n";
    return 1;
  }
  if (verb == "public-key") {
    std::string dir = context.data_dir + "/" + short_name;
    for (const std::string& folder : {context.data_dir, dir}) {
      if (cm::Status made = cm::cmdial::EnsurePrivateDir(folder); !made) {
        std::cerr << "cm-vpn-driver: " << made.error().message() << "\n";
        return 1;
      }
    }
    cm::Result<cm::cmdial::WireGuardKeyPair> key =
        cm::cmdial::LoadOrCreateWireGuardKey(dir + "/wireguard.key");
    if (!key) {
      std::cerr << "cm-vpn-driver: " << key.error().message() << "\n";
      return 1;
    }
    std::cout << key->public_key << "\n";
    return 0;
  }
  auto tunnel = cm::cmdial::MakeVpnTunnel(*profile, profile_dir, context);
  if (!tunnel) {
    std::cerr << "cm-vpn-driver: " << tunnel.error().message() << "\n";
    return 1;
  }
  cm::cmdial::TunnelRequest request;
  request.macros.Set("UserName", user);
  request.password = password;
  cm::Status up = (*tunnel)->Up(request);
  if (!up) {
    std::cerr << "cm-vpn-driver: " << up.error().message() << " (error "
              << (*tunnel)->last_error_value() << ")\n";
    return 1;
  }
  cm::cmdial::Addresses addresses = (*tunnel)->addresses();
  std::cout << fmt::format("tunnel up: {} in {:.1f} ms, client {}, server {}\n", (*tunnel)->name(),
                           Ms(Clock::now() - start), addresses.client_ip, addresses.server_ip);
  int exit_code = 0;
  if (!command.empty()) {
    exit_code = RunCommand(command);
    std::cout << fmt::format("first command done: {:.1f} ms after start (exit {})\n",
                             Ms(Clock::now() - start), exit_code);
  }
  if (wait_gone >= 0) {
    Clock::time_point until = Clock::now() + std::chrono::seconds(wait_gone);
    bool gone = false;
    while (!gone && Clock::now() < until) {
      gone = (*tunnel)->Gone();
      if (!gone) usleep(100000);
    }
    std::cout << (gone ? "tunnel gone\n" : "tunnel still up\n");
    if (!gone && exit_code == 0) exit_code = 3;
  }
  std::optional<uint64_t> traffic = (*tunnel)->TrafficBytes();
  if (traffic) std::cout << fmt::format("tunnel traffic: {} bytes\n", *traffic);
  cm::Status down = (*tunnel)->Down({});
  if (!down) std::cerr << "cm-vpn-driver: down: " << down.error().message() << "\n";
  std::cout << "tunnel down\n";
  return exit_code;
}
