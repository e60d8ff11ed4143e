// SPDX-License-Identifier: MIT
// What the VPN tunnels share: running a tool with a timeout, private folders, the server list
// in the profile's order, host:port splitting, interface byte counters (/proc/self/net/dev, so
// they follow the caller's network namespace) and the logon name from the macros.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cm/macros.h"
#include "cm/result.h"
#include "cm/service_profile.h"

namespace cm::cmdial {

// The result of a tool that ran to its end.
struct ToolRun {
  int64_t exit = 0;    // exit code; 128+N when killed by signal N; 124 when it timed out
  std::string output;  // stdout and stderr (at most 4 KiB)
};

// Runs `program` (an absolute path) with `args`, waits up to `timeout`. `stdin_text` is written
// to its stdin (empty: /dev/null). Errors: kNotFound / kIo when it cannot start.
[[nodiscard]] Result<ToolRun> RunTool(const std::string& program,
                                      const std::vector<std::string>& args,
                                      std::chrono::milliseconds timeout,
                                      const std::string& stdin_text = {});
// RunTool, and exit 0 required. Errors: those of RunTool; kNetwork "<what> failed: exit N:
// <output>" otherwise.
[[nodiscard]] Status RunToolOk(std::string_view what, const std::string& program,
                               const std::vector<std::string>& args,
                               std::chrono::milliseconds timeout = std::chrono::seconds(10));

// Finds `name` in /usr/sbin, /usr/bin, /sbin, /bin; `name` itself when absent.
std::string FindSystemTool(std::string_view name);
// Fails with kNotFound "<tool> is not installed (Debian package <package>)" unless `path` is an
// executable file.
[[nodiscard]] Status RequireTool(const std::string& path, std::string_view package);

// Makes `path` a folder only its owner can use (mode 0700), creating it when missing (the
// parent must exist). Errors: kIo; kInvalidArgument when it exists with group or other access.
[[nodiscard]] Status EnsurePrivateDir(const std::string& path);

// The profile's servers in the order to try them: as written for "in-order", shuffled with
// `seed` for "random" (any other rule: in order).
std::vector<std::string> OrderServers(const std::vector<std::string>& servers,
                                      std::string_view choice, uint64_t seed);

struct HostPort {
  std::string host;  // name or address, without brackets
  uint16_t port = 0;
};
// "host", "host:port", "[v6]" or "[v6]:port"; `default_port` when none is written. Errors:
// kInvalidArgument naming the server when the port is not 1-65535 or the host is empty or has
// characters outside letters, digits, '.', '-', ':' and '_'.
[[nodiscard]] Result<HostPort> SplitHostPort(std::string_view server, uint16_t default_port);
// "host:port", or "[host]:port" when host has ':'.
std::string JoinHostPort(const HostPort& server);

// Bytes received and sent by `interface` in the text of /proc/net/dev; nullopt when absent.
struct InterfaceCounters {
  uint64_t rx_bytes = 0;
  uint64_t tx_bytes = 0;
};
std::optional<InterfaceCounters> ParseProcNetDev(std::string_view text, std::string_view interface);
// The same from this process's network namespace (/proc/self/net/dev).
std::optional<InterfaceCounters> ReadInterfaceCounters(std::string_view interface);

// Whether `name` is usable as a network interface name (1-15 bytes of letters, digits, '-',
// '_', '.'; not "." or "..").
bool IsInterfaceName(std::string_view name);
// "cm-" + up to 12 letters/digits/'-' of the short name (others dropped).
std::string DefaultInterfaceName(std::string_view short_name);

// The user name to log on with: %UserPrefix%%UserName%%UserSuffix%.
std::string LogonName(const MacroValues& macros);

// A [cmsuite Tunnel] setting (key lower-case), or `fallback` when absent or empty.
std::string TunnelSetting(const ServiceProfile& profile, std::string_view key,
                          std::string_view fallback = {});
// A whole-number setting in [min, max]; `fallback` when absent. kInvalidArgument otherwise.
[[nodiscard]] Result<int64_t> TunnelNumberSetting(const ServiceProfile& profile,
                                                  std::string_view key, int64_t fallback,
                                                  int64_t min, int64_t max);

// Whether `text` may go into a generated configuration as one value: no control characters,
// no '"' and no '\\'. Errors: kInvalidArgument naming `what`.
[[nodiscard]] Status CheckConfigValue(std::string_view what, std::string_view text);

}  // namespace cm::cmdial
