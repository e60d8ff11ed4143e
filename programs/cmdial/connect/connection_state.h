// SPDX-License-Identifier: MIT
// The state of running connections, one small JSON file per service under
// $XDG_RUNTIME_DIR/cmsuite/ (fallback /tmp/cmsuite-UID/, mode 0700), replaced atomically (by
// rename) on every change. A file whose process is gone (pid not running, or running something started at
// another time) is stale. A per-service lock file (flock) keeps two connections of one service
// apart; the kernel releases it when the process dies.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

#include "cm/result.h"

namespace cm::cmdial {

struct ConnectionState {
  std::string short_name;
  std::string service_name;
  int64_t pid = 0;
  uint64_t pid_start = 0;  // /proc/PID/stat starttime, to tell a reused pid
  std::string phase;       // connecting, connected, redialing, disconnecting
  std::string type;        // direct, dialup, double-dial
  std::string since;       // UTC time of the last phase change
  std::string user;
  std::string tunnel_server;
  std::string client_ip;
  std::string server_ip;
  std::string log;     // path of the connection log
  bool stale = false;  // set by ListStates, never written
};

// The folder of state files, created (0700) when missing. Errors: kIo; kInvalidArgument when
// the folder exists but belongs to someone else or others can write it.
[[nodiscard]] Result<std::string> StateFolder();

// The start time of process `pid` (clock ticks since boot), 0 when it does not exist.
uint64_t ProcessStartTime(pid_t pid);

// JSON text of a state, and back. Errors: kParse.
std::string SerializeState(const ConnectionState& state);
[[nodiscard]] Result<ConnectionState> ParseState(std::string_view bytes);

// Writes the state file of `state.short_name` atomically (temporary file + rename, 0600; not
// fsynced: runtime state).
[[nodiscard]] Status WriteState(const ConnectionState& state);
// Removes the state file of `short_name` (absent is fine).
void RemoveState(const std::string& short_name);
// The state of `short_name`; kNotFound when there is none; `stale` set when its process is gone.
[[nodiscard]] Result<ConnectionState> ReadState(const std::string& short_name);
// Every state file, sorted by short name, stale ones marked.
std::vector<ConnectionState> ListStates();

// Holds the lock of one service for this process's life (or until destroyed).
class ServiceLock {
 public:
  // Errors: kInvalidArgument "already connecting or connected" when another process holds it.
  [[nodiscard]] static Result<ServiceLock> Acquire(const std::string& short_name);
  ServiceLock(ServiceLock&& other) noexcept;
  ServiceLock& operator=(ServiceLock&&) = delete;
  ServiceLock(const ServiceLock&) = delete;
  ~ServiceLock();

 private:
  explicit ServiceLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

}  // namespace cm::cmdial
