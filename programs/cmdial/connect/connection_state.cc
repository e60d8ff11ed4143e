// SPDX-License-Identifier: MIT
#include "connect/connection_state.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <utility>

#include "cm/file_util.h"

namespace cm::cmdial {
namespace {

constexpr std::string_view kStateSuffix = ".state";

Result<std::string> PathOf(const std::string& short_name, std::string_view suffix) {
  std::string folder = CM_TRY(StateFolder());
  return folder + "/" + short_name + std::string(suffix);
}

bool IsStale(const ConnectionState& state) {
  if (state.pid <= 0) return true;
  uint64_t start = ProcessStartTime(static_cast<pid_t>(state.pid));
  return start == 0 || (state.pid_start != 0 && start != state.pid_start);
}

}  // namespace

Result<std::string> StateFolder() {
  const char* runtime = std::getenv("XDG_RUNTIME_DIR");
  std::string folder = runtime && *runtime == '/' ? std::string(runtime) + "/cmsuite"
                                                  : fmt::format("/tmp/cmsuite-{}", getuid());
  if (mkdir(folder.c_str(), 0700) != 0 && errno != EEXIST) {
    return Fail(Errc::kIo, fmt::format("{}: {}", folder, std::strerror(errno)));
  }
  struct stat info {};
  if (lstat(folder.c_str(), &info) != 0) {
    return Fail(Errc::kIo, fmt::format("{}: {}", folder, std::strerror(errno)));
  }
  if (!S_ISDIR(info.st_mode) || info.st_uid != getuid() || (info.st_mode & 0022) != 0) {
    return Fail(Errc::kInvalidArgument,
                fmt::format("{}: not a folder of this user that only this user can write; "
                            "remove it or set XDG_RUNTIME_DIR",
                            folder));
  }
  return folder;
}

uint64_t ProcessStartTime(pid_t pid) {
  Result<std::string> stat = ReadFile(fmt::format("/proc/{}/stat", pid));
  if (!stat) return 0;
  // Field 22 (starttime). The command name (field 2) is in parentheses and may hold spaces, so
  // count from the last ')': the words after it are fields 3 (state), 4, ...
  size_t close = stat->rfind(')');
  if (close == std::string::npos) return 0;
  std::string_view rest = std::string_view(*stat).substr(close + 1);
  int field = 2;
  size_t i = 0;
  while (i < rest.size()) {
    while (i < rest.size() && rest[i] == ' ') ++i;
    size_t word = i;
    while (i < rest.size() && rest[i] != ' ') ++i;
    ++field;
    if (field == 3 && rest.substr(word, i - word) == "Z") return 0;  // a zombie is gone
    if (field == 22) return std::strtoull(rest.data() + word, nullptr, 10);
  }
  return 0;
}

std::string SerializeState(const ConnectionState& state) {
  nlohmann::ordered_json json = {
      {"short_name", state.short_name},
      {"service_name", state.service_name},
      {"pid", state.pid},
      {"pid_start", state.pid_start},
      {"phase", state.phase},
      {"type", state.type},
      {"since", state.since},
      {"user", state.user},
      {"tunnel_server", state.tunnel_server},
      {"client_ip", state.client_ip},
      {"server_ip", state.server_ip},
      {"log", state.log},
  };
  return json.dump(2) + "\n";
}

Result<ConnectionState> ParseState(std::string_view bytes) {
  nlohmann::json json = nlohmann::json::parse(bytes, nullptr, /*allow_exceptions=*/false);
  if (!json.is_object()) return Fail(Errc::kParse, "not a JSON object");
  ConnectionState state;
  auto text = [&](const char* key, std::string& out) {
    auto it = json.find(key);
    if (it != json.end() && it->is_string()) out = it->get<std::string>();
  };
  text("short_name", state.short_name);
  text("service_name", state.service_name);
  text("phase", state.phase);
  text("type", state.type);
  text("since", state.since);
  text("user", state.user);
  text("tunnel_server", state.tunnel_server);
  text("client_ip", state.client_ip);
  text("server_ip", state.server_ip);
  text("log", state.log);
  auto pid = json.find("pid");
  if (pid == json.end() || !pid->is_number_integer()) {
    return Fail(Errc::kParse, "no integer \"pid\"");
  }
  state.pid = pid->get<int64_t>();
  auto start = json.find("pid_start");
  if (start != json.end() && start->is_number_unsigned()) state.pid_start = start->get<uint64_t>();
  return state;
}

Status WriteState(const ConnectionState& state) {
  std::string path = CM_TRY(PathOf(state.short_name, kStateSuffix));
  // Atomic (a reader sees the old file or the new one) but not fsynced: this is runtime state
  // (tmpfs under XDG_RUNTIME_DIR), a crash leaves at worst a stale file that the pid check
  // catches, and four fsyncs per connection cost more than the rest of cmdial's work.
  std::string temp = fmt::format("{}.{}.tmp", path, getpid());
  int fd = open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) return Fail(Errc::kIo, fmt::format("{}: {}", temp, std::strerror(errno)));
  std::string text = SerializeState(state);
  ssize_t written = write(fd, text.data(), text.size());
  int write_error = errno;
  close(fd);
  if (written != static_cast<ssize_t>(text.size())) {
    unlink(temp.c_str());
    return Fail(Errc::kIo, fmt::format("{}: {}", temp, std::strerror(write_error)));
  }
  if (rename(temp.c_str(), path.c_str()) != 0) {
    int error = errno;
    unlink(temp.c_str());
    return Fail(Errc::kIo, fmt::format("{}: {}", path, std::strerror(error)));
  }
  return Ok();
}

void RemoveState(const std::string& short_name) {
  Result<std::string> path = PathOf(short_name, kStateSuffix);
  if (path) unlink(path->c_str());
}

Result<ConnectionState> ReadState(const std::string& short_name) {
  std::string path = CM_TRY(PathOf(short_name, kStateSuffix));
  std::string bytes = CM_TRY(ReadFile(path));
  Result<ConnectionState> state = ParseState(bytes);
  if (!state) return Fail(std::move(state.error()).InFile(path));
  state->stale = IsStale(*state);
  return state;
}

std::vector<ConnectionState> ListStates() {
  std::vector<ConnectionState> states;
  Result<std::string> folder = StateFolder();
  if (!folder) return states;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(*folder, error)) {
    std::string name = entry.path().filename().string();
    if (!name.ends_with(kStateSuffix)) continue;
    Result<ConnectionState> state = ReadState(name.substr(0, name.size() - kStateSuffix.size()));
    if (state) states.push_back(std::move(*state));
  }
  std::sort(states.begin(), states.end(),
            [](const auto& a, const auto& b) { return a.short_name < b.short_name; });
  return states;
}

Result<ServiceLock> ServiceLock::Acquire(const std::string& short_name) {
  std::string path = CM_TRY(PathOf(short_name, ".lock"));
  int fd = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return Fail(Errc::kIo, fmt::format("{}: {}", path, std::strerror(errno)));
  if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
    close(fd);
    return Fail(Errc::kInvalidArgument,
                fmt::format("{} is already connecting or connected (see 'cmdial status'); "
                            "disconnect it first",
                            short_name));
  }
  return ServiceLock(fd);
}

ServiceLock::ServiceLock(ServiceLock&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}

ServiceLock::~ServiceLock() {
  if (fd_ >= 0) close(fd_);
}

}  // namespace cm::cmdial
