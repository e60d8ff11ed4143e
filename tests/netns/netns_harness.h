// SPDX-License-Identifier: MIT
// The real test network: two network namespaces ("near", where the client runs, and "far",
// where the servers run) joined by a veth pair, 10.200.0.1/24 near and 10.200.0.2/24 far.
// Names carry the test process's pid and a counter, so parallel ctest runs never collide; a
// sweep on start removes what a killed run left (names whose pid no longer runs). Everything is
// removed by the destructor, also when a test fails: processes started in the namespaces are
// killed, then the namespaces are deleted (which deletes their interfaces).
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "cm/result.h"
#include "connect/child_process.h"

namespace cm::netns {

inline constexpr const char* kNearAddress = "10.200.0.1";
inline constexpr const char* kFarAddress = "10.200.0.2";

// Why the namespace tests cannot run here ("" when they can): not root, or a tool is missing.
std::string WhyNotRunnable(const std::vector<std::string>& tools);

// Removes namespaces "cmt-<pid>-..." whose pid is not running (a killed earlier run's).
void SweepStaleNamespaces();

class NetnsPair {
 public:
  NetnsPair() = default;
  ~NetnsPair();
  NetnsPair(const NetnsPair&) = delete;
  NetnsPair& operator=(const NetnsPair&) = delete;

  // Makes both namespaces, the veth pair and the addresses; loopback up in both.
  [[nodiscard]] Status Create();
  // Moves this thread (and the children it starts from now on) into the near namespace;
  // LeaveNear() (and the destructor) moves it back.
  [[nodiscard]] Status EnterNear();
  void LeaveNear();

  // Runs `args` in the far namespace (`ip netns exec FAR ...`), up to `timeout`; its exit code.
  [[nodiscard]] Result<int> RunFar(const std::vector<std::string>& args,
                                   std::chrono::milliseconds timeout = std::chrono::seconds(10),
                                   std::string* output = nullptr);
  // Starts `args` in the far namespace; the Child kills it when destroyed.
  [[nodiscard]] Result<cmdial::Child> StartFar(const std::vector<std::string>& args);

  const std::string& near() const { return near_; }
  const std::string& far() const { return far_; }
  // A name unique to this pair for interfaces and files (at most 11 characters).
  const std::string& tag() const { return tag_; }

 private:
  void Destroy();

  std::string near_;
  std::string far_;
  std::string tag_;
  int original_netns_fd_ = -1;
  bool created_ = false;
};

// GET http://HOST:PORT/PATH from the calling thread's namespace, within `timeout`: the body.
// Errors: kNetwork (no connection, no answer in time, not a 200).
[[nodiscard]] Result<std::string> HttpGet(const std::string& host, int port,
                                          const std::string& path,
                                          std::chrono::milliseconds timeout);

// A temporary folder, removed with its contents by the destructor.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace cm::netns
