// SPDX-License-Identifier: MIT
// `cmdial vpn-key SERVICE [--address CIDR]`: the user's WireGuard key for an installed profile
// (made once, 0600), printed so the administrator can register it as a peer, and the tunnel
// address the administrator handed out (docs/cmdial.md, docs/tunnels.md).
#pragma once

#include <string>

#include "command_registry.h"
#include "profiles/profile_store.h"

namespace cm::cmdial {

// The user's folder of per-profile VPN keys and certificates: <user root>/keys
// (<data_dir>/<SHORT>/wireguard.key, wireguard.address, client.crt, client.key). The engine
// factory gives it to the tunnels; `cmdial vpn-key` writes into it.
std::string UserVpnDataDir(const StorePaths& paths);

void RegisterVpnCommands(CLI::App& app, cli::CommandRegistry& registry);

}  // namespace cm::cmdial
