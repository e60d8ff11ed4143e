// SPDX-License-Identifier: MIT
// Test helper: the real pbserver (CM_BIN_DIR/pbserver) on 127.0.0.1 with a port the kernel
// picks, serving phone books written by ServePhonebook. Stopped with SIGTERM when it goes.
#pragma once

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "cm/file_util.h"
#include "cm/release.h"

namespace cm::cmdial::testing {

inline const std::string kTestPbserver = std::string(CM_BIN_DIR) + "/pbserver";

// Writes `snapshots` (versions 1..N in order) as releases of `name` under `data`, each with its
// deltas, version N current and `signer` pinned, as pbserver keeps posted releases.
inline void ServePhonebook(const std::string& data, const std::string& name,
                           const std::vector<ReleaseSnapshot>& snapshots,
                           const SigningKey& signer) {
  std::filesystem::create_directories(data + "/" + name);
  for (size_t i = 0; i < snapshots.size(); ++i) {
    std::vector<ReleaseSnapshot> previous(snapshots.begin(),
                                          snapshots.begin() + static_cast<std::ptrdiff_t>(i));
    Release release = BuildRelease(snapshots[i], previous, signer).value();
    const std::string folder = data + "/" + name + "/" + std::to_string(snapshots[i].version);
    std::filesystem::create_directories(folder);
    EXPECT_TRUE(WriteFileAtomic(folder + "/full.cab", release.full_cabinet));
    for (const auto& [base, cabinet] : release.delta_cabinets) {
      EXPECT_TRUE(WriteFileAtomic(folder + "/delta-" + std::to_string(base) + ".cab", cabinet));
    }
  }
  EXPECT_TRUE(WriteFileAtomic(data + "/" + name + "/current",
                              std::to_string(snapshots.back().version) + "\n"));
  EXPECT_TRUE(
      WriteFileAtomic(data + "/" + name + "/publisher.key", signer.public_key().ToString() + "\n"));
}

class PbserverProcess {
 public:
  PbserverProcess() = default;
  PbserverProcess(const PbserverProcess&) = delete;
  PbserverProcess& operator=(const PbserverProcess&) = delete;
  ~PbserverProcess() {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      ::waitpid(pid_, nullptr, 0);
    }
  }

  // Starts pbserver on `data` with its config, ready file and stderr in `dir`; the update URL
  // (http://127.0.0.1:PORT/pbserver/pbserver.dll), or "" after a test failure saying why.
  std::string Start(const std::string& dir, const std::string& data) {
    const std::string config = dir + "/pbserver.toml";
    EXPECT_TRUE(WriteFileAtomic(config, ""));
    const std::string ready = dir + "/pbserver.ready";
    const std::string err = dir + "/pbserver.err";
    pid_ = ::fork();
    if (pid_ == 0) {
      FILE* sink = std::freopen(err.c_str(), "w", stderr);
      (void)sink;
      ::execl(kTestPbserver.c_str(), kTestPbserver.c_str(), "--config", config.c_str(), "--data",
              data.c_str(), "--listen", "127.0.0.1:0", "--workers", "1", "--ready-file",
              ready.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
    for (int attempt = 0; attempt < 200; ++attempt) {
      Result<std::string> address = ReadFile(ready);
      if (address && address->find('\n') != std::string::npos) {
        return "http://" + address->substr(0, address->find('\n')) + "/pbserver/pbserver.dll";
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    ADD_FAILURE() << "pbserver did not start: " << ReadFile(err).value_or("");
    return "";
  }

 private:
  pid_t pid_ = -1;
};

}  // namespace cm::cmdial::testing
