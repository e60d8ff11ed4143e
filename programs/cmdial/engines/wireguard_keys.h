// SPDX-License-Identifier: MIT
// The user's WireGuard key pair: made once per user and profile, kept as wg(8) keeps it (the
// base64 private key and a newline) in a file only the user can read. The public half is what the
// administrator registers on the server (`cmdial vpn-key SERVICE`, docs/tunnels.md).
#pragma once

#include <string>
#include <string_view>

#include "cm/result.h"

namespace cm::cmdial {

struct WireGuardKeyPair {
  std::string private_key;  // base64 of 32 bytes (as `wg genkey` prints)
  std::string public_key;   // base64 of 32 bytes (as `wg pubkey` prints)
};

// A new key pair (a clamped random Curve25519 scalar and its public point).
WireGuardKeyPair NewWireGuardKeyPair();
// The public key of `private_key` (base64). Errors: kInvalidArgument when it is not base64 of
// 32 bytes.
[[nodiscard]] Result<std::string> WireGuardPublicKey(std::string_view private_key);
// Whether `text` is base64 of 32 bytes (44 characters ending in '=').
bool IsWireGuardKey(std::string_view text);

// Reads the key pair kept at `path`, making it (mode 0600, atomically) when the file is absent.
// Errors: kInvalidArgument when the file is readable by others (mode & 077) or does not hold a
// key; kIo when it cannot be read or written.
[[nodiscard]] Result<WireGuardKeyPair> LoadOrCreateWireGuardKey(const std::string& path);

}  // namespace cm::cmdial
