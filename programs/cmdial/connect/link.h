// SPDX-License-Identifier: MIT
// The first half of a connection: the link to the network (dial-up through a POP, or the
// network the machine already has). The engine drives a Link; each kind of link implements it.
// Issue 7's dial-up engine comes in behind this interface.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "cm/result.h"

namespace cm::cmdial {

// What a link or tunnel knows about its addresses; empty when unknown (the macro is then NULL).
struct Addresses {
  std::string client_ip;  // this machine's address on the link (%ClientIPAddress%)
  std::string server_ip;  // the far end (%ServerIPAddress%)
};

// What dialing needs. Secrets are only in `password`, which no implementation logs.
struct DialRequest {
  std::string user_name;  // with the realm prefix or suffix applied
  std::string password;
  std::string domain;
  std::string phone_number;  // dial-up: the POP's dialable number
  std::string target;        // where the connection leads (the tunnel server), for routing
  int interrupt_fd = -1;     // readable: stop and return (the engine then cancels)
};

class Link {
 public:
  virtual ~Link() = default;

  // "direct", "dialup".
  virtual std::string_view name() const = 0;
  // Brings the link up; returns when it is up or has failed. Errors: kNetwork (failed; a redial
  // may help), kUnsupported (this machine cannot make such a link).
  [[nodiscard]] virtual Status Dial(const DialRequest& request) = 0;
  // Takes the link down. Safe to call when it is not up.
  virtual void HangUp() = 0;
  // Waiting for a drop: a file descriptor that becomes readable when the link may have dropped
  // (the engine polls it with the others), or -1 when this link cannot drop by itself.
  virtual int DropFd() const = 0;
  // After DropFd() became readable: true when the link is really down.
  virtual bool Dropped() = 0;
  virtual Addresses addresses() const = 0;
  // Bytes sent plus received on the link so far, for the idle timeout; nullopt when unknown.
  virtual std::optional<uint64_t> TrafficBytes() const = 0;
  // The value of the failure Dial() reported last, for %ErrorCode% (dial-up: the RAS error, 676
  // for a busy line); 0 when the link has none.
  virtual int64_t last_error_value() const { return 0; }
};

}  // namespace cm::cmdial
