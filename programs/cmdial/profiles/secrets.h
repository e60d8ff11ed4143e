// SPDX-License-Identifier: MIT
// "Remember password": the Secret Service (org.freedesktop.secrets, e.g. GNOME Keyring or
// KeePassXC) through libsecret's `secret-tool` (Debian package libsecret-tools). Passwords
// never go into a file or onto a command line: they pass through a pipe. Without a session bus
// or without secret-tool, remembering is off and the functions say why.
//
// Items are stored with the attributes `service cmsuite`, `profile SHORT`, `user NAME`.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "cm/result.h"

namespace cm::cmdial {

// Ok when a Secret Service can be asked: DBUS_SESSION_BUS_ADDRESS is set and secret-tool is
// installed (/usr/bin/secret-tool, or $CMSUITE_SECRET_TOOL). kUnsupported saying what is missing.
[[nodiscard]] Status SecretServiceAvailable();

// Stores `password` for (profile, user). Errors: kUnsupported (as above), kIo when secret-tool
// fails (for example a locked keyring the user declined to unlock).
[[nodiscard]] Status RememberPassword(std::string_view short_name, std::string_view user,
                                      std::string_view password);

// The remembered password, or nullopt when none is stored. Errors: kUnsupported.
[[nodiscard]] Result<std::optional<std::string>> RememberedPassword(std::string_view short_name,
                                                                    std::string_view user);

// Removes a remembered password (absent is fine). Errors: kUnsupported, kIo.
[[nodiscard]] Status ForgetPassword(std::string_view short_name, std::string_view user);

}  // namespace cm::cmdial
