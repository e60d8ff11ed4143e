// SPDX-License-Identifier: MIT
// The factory cmdial installs (connect/engine_factory.h): the dial-up link for dial-up and
// double-dial connections, the VPN tunnels (engines/vpn_tunnels.h) for every tunnel type but
// `command`, and the connect part's own direct link and command tunnel otherwise.
#pragma once

#include "connect/engine_factory.h"

namespace cm::cmdial {

// Errors: as ChooseDialTarget (no POP), LoadModemSettings, MakeVpnTunnel.
Result<ConnectionEngines> AllEngines(const EngineRequest& request);

}  // namespace cm::cmdial
