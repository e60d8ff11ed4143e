// SPDX-License-Identifier: MIT
#include "engines/vpn_support.h"

#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>

#include "connect/child_process.h"

namespace cm::cmdial {

Result<ToolRun> RunTool(const std::string& program, const std::vector<std::string>& args,
                        std::chrono::milliseconds timeout, const std::string& stdin_text) {
  Child child = CM_TRY(Spawn(program, args, SpawnOptions{ChildOutput::kCapture, stdin_text}));
  WaitOutcome outcome = WaitChild(child, timeout, -1);
  ToolRun run;
  run.output = child.output();
  switch (outcome.kind) {
    case WaitOutcome::Kind::kExited:
      run.exit = outcome.code;
      break;
    case WaitOutcome::Kind::kSignalled:
      run.exit = 128 + outcome.code;
      break;
    case WaitOutcome::Kind::kTimedOut:
    case WaitOutcome::Kind::kInterrupted:
      run.exit = 124;
      break;
  }
  return run;
}

Status RunToolOk(std::string_view what, const std::string& program,
                 const std::vector<std::string>& args, std::chrono::milliseconds timeout) {
  ToolRun run = CM_TRY(RunTool(program, args, timeout));
  if (run.exit != 0) {
    std::string output = run.output;
    while (!output.empty() && (output.back() == '\n' || output.back() == '\r')) output.pop_back();
    return Fail(Errc::kNetwork, fmt::format("{} failed: {} exited {}{}{}", what, program, run.exit,
                                            output.empty() ? "" : ": ", output));
  }
  return Ok();
}

std::string FindSystemTool(std::string_view name) {
  for (const char* dir : {"/usr/sbin/", "/usr/bin/", "/sbin/", "/bin/"}) {
    std::string path = std::string(dir) + std::string(name);
    if (access(path.c_str(), X_OK) == 0) return path;
  }
  return std::string(name);
}

Status RequireTool(const std::string& path, std::string_view package) {
  struct stat info {};
  if (path.empty() || path.front() != '/' || stat(path.c_str(), &info) != 0 ||
      !S_ISREG(info.st_mode) || access(path.c_str(), X_OK) != 0) {
    return Fail(Errc::kNotFound,
                fmt::format("{} is not installed (Debian package {}; scripts/install-deps "
                            "installs it)",
                            path, package));
  }
  return Ok();
}

Status EnsurePrivateDir(const std::string& path) {
  if (mkdir(path.c_str(), 0700) != 0 && errno != EEXIST) {
    return Fail(Errc::kIo, fmt::format("cannot create folder {}: {}", path, strerror(errno)));
  }
  struct stat info {};
  if (lstat(path.c_str(), &info) != 0) {
    return Fail(Errc::kIo, fmt::format("cannot read folder {}: {}", path, strerror(errno)));
  }
  if (!S_ISDIR(info.st_mode)) {
    return Fail(Errc::kInvalidArgument, fmt::format("{} is not a folder", path));
  }
  if (info.st_uid != geteuid()) {
    return Fail(Errc::kInvalidArgument,
                fmt::format("folder {} belongs to another user; remove it", path));
  }
  if ((info.st_mode & 077) != 0) {
    return Fail(Errc::kInvalidArgument,
                fmt::format("folder {} has mode {:o}; other users could read the tunnel's files "
                            "there (chmod 700 it)",
                            path, info.st_mode & 0777));
  }
  return Ok();
}

std::vector<std::string> OrderServers(const std::vector<std::string>& servers,
                                      std::string_view choice, uint64_t seed) {
  std::vector<std::string> ordered = servers;
  if (choice == "random") {
    std::mt19937_64 random(seed);
    std::shuffle(ordered.begin(), ordered.end(), random);
  }
  return ordered;
}

Result<HostPort> SplitHostPort(std::string_view server, uint16_t default_port) {
  HostPort result;
  std::string_view port_text;
  if (!server.empty() && server.front() == '[') {
    size_t close = server.find(']');
    if (close == std::string_view::npos) {
      return Fail(Errc::kInvalidArgument, fmt::format("server '{}': no ']' after '['", server));
    }
    result.host = std::string(server.substr(1, close - 1));
    std::string_view rest = server.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') {
        return Fail(Errc::kInvalidArgument,
                    fmt::format("server '{}': expected ':PORT' after ']'", server));
      }
      port_text = rest.substr(1);
    }
  } else if (std::count(server.begin(), server.end(), ':') == 1) {
    size_t colon = server.find(':');
    result.host = std::string(server.substr(0, colon));
    port_text = server.substr(colon + 1);
  } else {
    result.host = std::string(server);  // a name, an IPv4 address or a bare IPv6 address
  }
  if (result.host.empty()) {
    return Fail(Errc::kInvalidArgument, fmt::format("server '{}' names no host", server));
  }
  for (char c : result.host) {
    if (!(isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == ':' || c == '_')) {
      return Fail(Errc::kInvalidArgument,
                  fmt::format("server '{}': '{}' is not allowed in a host name", server, c));
    }
  }
  result.port = default_port;
  if (!port_text.empty() || server.back() == ':') {
    unsigned port = 0;
    auto [end, error] =
        std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (error != std::errc() || end != port_text.data() + port_text.size() || port == 0 ||
        port > 65535) {
      return Fail(
          Errc::kInvalidArgument,
          fmt::format("server '{}': '{}' is not a port; expected 1-65535", server, port_text));
    }
    result.port = static_cast<uint16_t>(port);
  }
  return result;
}

std::string JoinHostPort(const HostPort& server) {
  if (server.host.find(':') != std::string::npos) {
    return fmt::format("[{}]:{}", server.host, server.port);
  }
  return fmt::format("{}:{}", server.host, server.port);
}

std::optional<InterfaceCounters> ParseProcNetDev(std::string_view text,
                                                 std::string_view interface) {
  while (!text.empty()) {
    size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string_view name = line.substr(0, colon);
    while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
    if (name != interface) continue;
    // rx: bytes packets errs drop fifo frame compressed multicast; tx: bytes ...
    std::istringstream fields{std::string(line.substr(colon + 1))};
    uint64_t values[9] = {};
    for (uint64_t& value : values) {
      if (!(fields >> value)) return std::nullopt;
    }
    return InterfaceCounters{values[0], values[8]};
  }
  return std::nullopt;
}

std::optional<InterfaceCounters> ReadInterfaceCounters(std::string_view interface) {
  std::ifstream in("/proc/self/net/dev");
  std::stringstream text;
  text << in.rdbuf();
  return ParseProcNetDev(text.str(), interface);
}

bool IsInterfaceName(std::string_view name) {
  if (name.empty() || name.size() > 15 || name == "." || name == "..") return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
  });
}

std::string DefaultInterfaceName(std::string_view short_name) {
  std::string name = "cm-";
  for (char c : short_name) {
    if (name.size() >= 15) break;
    if (isalnum(static_cast<unsigned char>(c)) || c == '-') name.push_back(c);
  }
  if (name.size() == 3) name += "vpn";
  return name;
}

std::string LogonName(const MacroValues& macros) {
  auto get = [&](std::string_view name) {
    std::optional<std::string_view> value = macros.Find(name);
    return value ? std::string(*value) : std::string();
  };
  return get("UserPrefix") + get("UserName") + get("UserSuffix");
}

std::string TunnelSetting(const ServiceProfile& profile, std::string_view key,
                          std::string_view fallback) {
  auto it = profile.tunnel_settings.find(std::string(key));
  if (it == profile.tunnel_settings.end() || it->second.empty()) return std::string(fallback);
  return it->second;
}

Result<int64_t> TunnelNumberSetting(const ServiceProfile& profile, std::string_view key,
                                    int64_t fallback, int64_t min, int64_t max) {
  std::string text = TunnelSetting(profile, key);
  if (text.empty()) return fallback;
  int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < min || value > max) {
    return Fail(Errc::kInvalidArgument,
                fmt::format("[cmsuite Tunnel] {}={}: expected a whole number from {} to {}", key,
                            text, min, max));
  }
  return value;
}

Status CheckConfigValue(std::string_view what, std::string_view text) {
  for (char c : text) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f || c == '"' || c == '\\') {
      return Fail(Errc::kInvalidArgument,
                  fmt::format("{} '{}' has a quote, backslash or control character, which the "
                              "generated configuration cannot carry",
                              what, text));
    }
  }
  return Ok();
}

}  // namespace cm::cmdial
