// SPDX-License-Identifier: MIT
// The `direct` link: the network is already up (LAN, DSL, Wi-Fi); dialing only notes the
// address this machine would use to reach the tunnel server.
#pragma once

#include "connect/link.h"

namespace cm::cmdial {

class DirectLink : public Link {
 public:
  std::string_view name() const override { return "direct"; }
  // Never fails: the network is the system's business. When `request.target` is a numeric
  // address, the local address of the route to it becomes the client address.
  [[nodiscard]] Status Dial(const DialRequest& request) override;
  void HangUp() override {}
  int DropFd() const override { return -1; }
  bool Dropped() override { return false; }
  Addresses addresses() const override { return addresses_; }
  std::optional<uint64_t> TrafficBytes() const override { return std::nullopt; }

 private:
  Addresses addresses_;
};

// The local address the kernel would use to reach numeric address `target` (no packet is
// sent), or empty when `target` is not numeric or unreachable.
std::string LocalAddressToward(const std::string& target);

}  // namespace cm::cmdial
