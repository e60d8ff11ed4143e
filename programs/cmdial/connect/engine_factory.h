// SPDX-License-Identifier: MIT
// How `cmdial connect` gets the link and the tunnel of a connection. The connect part knows
// only the direct link and the `command` tunnel (DefaultEngineFactory); the program installs a
// factory that also knows the dial-up link and the VPN tunnels (engines/engine_factory.h), so
// the engine depends on interfaces, never on the engines.
#pragma once

#include <functional>
#include <memory>

#include "cm/result.h"
#include "connect/connect_plan.h"
#include "connect/connection_log.h"
#include "connect/link.h"
#include "connect/tunnel.h"
#include "profiles/profile_store.h"

namespace cm::cmdial {

// A connection's link and (for VPN types) tunnel, and what choosing them decided.
struct ConnectionEngines {
  std::unique_ptr<Link> link;
  std::unique_ptr<Tunnel> tunnel;  // null without a VPN part
  std::string pop_name;            // %PopName% (dial-up)
};

struct EngineRequest {
  const InstalledProfile& installed;
  const StorePaths& paths;
  const ConnectPlan& plan;
  ConnectionLog& log;  // outlives the engines
};

using EngineFactory = std::function<Result<ConnectionEngines>(const EngineRequest&)>;

// The direct link and the `command` tunnel; kUnsupported for anything else.
Result<ConnectionEngines> DefaultEngines(const EngineRequest& request);

// The factory `cmdial connect` uses; DefaultEngines until SetEngineFactory is called (once, at
// start-up, before any command runs).
void SetEngineFactory(EngineFactory factory);
const EngineFactory& CurrentEngineFactory();

}  // namespace cm::cmdial
