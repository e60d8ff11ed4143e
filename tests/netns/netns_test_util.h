// SPDX-License-Identifier: MIT
// Helpers of the namespace tests: a fixture that skips when the tests cannot run and always
// cleans up, a far-side HTTP server (python3 -m http.server), and waits with deadlines.
#pragma once

#include <gtest/gtest.h>
#include <poll.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "cm/file_util.h"
#include "connect/tunnel.h"
#include "tests/netns/netns_harness.h"

namespace cm::netns {

class NetnsTest : public ::testing::Test {
 protected:
  // Tools the test needs beyond `ip`.
  virtual std::vector<std::string> Tools() const = 0;

  void SetUp() override {
    std::vector<std::string> tools = Tools();
    tools.push_back("ip");
    std::string why = WhyNotRunnable(tools);
    if (!why.empty()) GTEST_SKIP() << why;
    SweepStaleNamespaces();
    pair_ = std::make_unique<NetnsPair>();
    Status created = pair_->Create();
    ASSERT_TRUE(created) << created.error().message();
  }

  void TearDown() override {
    // The tunnel first (its processes run in the near namespace), then the servers, then the
    // namespaces.
    if (tunnel_) (void)tunnel_->Down({});
    tunnel_.reset();
    servers_.clear();
    pair_.reset();
  }

  // Starts a web server in the far namespace on port 8080 (all addresses) serving `dir`.
  void StartWebServer(const std::string& dir) {
    Result<cmdial::Child> web = pair_->StartFar(
        {"/usr/bin/python3", "-m", "http.server", "8080", "--bind", "0.0.0.0", "--directory", dir});
    ASSERT_TRUE(web) << web.error().message();
    servers_.push_back(std::move(*web));
  }

  // GETs through the tunnel, retrying for up to 10 s (the far server may still be starting).
  Result<std::string> GetWithRetry(const std::string& host, const std::string& path) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (true) {
      Result<std::string> body = HttpGet(host, 8080, path, std::chrono::seconds(2));
      if (body || std::chrono::steady_clock::now() > deadline) return body;
      poll(nullptr, 0, 100);
    }
  }

  // Waits up to `limit` for the tunnel to report itself gone, as the engine does (poll its
  // WatchFd, then ask Gone()).
  bool WaitGone(std::chrono::seconds limit) {
    auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
      pollfd fd{tunnel_->WatchFd(), POLLIN, 0};
      poll(&fd, fd.fd >= 0 ? 1 : 0, 200);
      if (tunnel_->Gone()) return true;
    }
    return false;
  }

  std::unique_ptr<NetnsPair> pair_;
  std::vector<cmdial::Child> servers_;
  std::unique_ptr<cmdial::Tunnel> tunnel_;
  TempDir dir_;
};

}  // namespace cm::netns
