// SPDX-License-Identifier: MIT
// The second half of a VPN connection: the tunnel made over the link. The engine drives a
// Tunnel; each tunnel type implements it (here: `command`; issue 7 adds the VPN protocols).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "cm/macros.h"
#include "cm/result.h"
#include "connect/link.h"

namespace cm::cmdial {

struct TunnelRequest {
  MacroValues macros;     // expanded into the administrator's commands
  std::string password;   // given to the tunnel, never logged
  int interrupt_fd = -1;  // readable: stop and return (the engine then cancels)
};

class Tunnel {
 public:
  virtual ~Tunnel() = default;

  // "command", "openvpn", ...
  virtual std::string_view name() const = 0;
  // Brings the tunnel up; returns when it is up or has failed. Errors: kNetwork (failed, with
  // the value in the message; a redial may help), kNotFound/kInvalidArgument (the profile's
  // command cannot run: a redial will not help).
  [[nodiscard]] virtual Status Up(const TunnelRequest& request) = 0;
  // Takes the tunnel down (also after it went away by itself, to clean up). Errors are for the
  // log only: the connection ends either way.
  [[nodiscard]] virtual Status Down(const MacroValues& macros) = 0;
  // Watching: a descriptor that becomes readable when the tunnel may be gone, or -1 when the
  // tunnel cannot tell.
  virtual int WatchFd() const = 0;
  // After WatchFd() became readable: true when the tunnel is gone.
  virtual bool Gone() = 0;
  virtual Addresses addresses() const = 0;
  // Bytes through the tunnel so far, for the idle timeout; nullopt when unknown.
  virtual std::optional<uint64_t> TrafficBytes() const = 0;
  // The value of the failure Up() reported last (exit code of the up command), for %ErrorCode%.
  virtual int64_t last_error_value() const = 0;
};

}  // namespace cm::cmdial
