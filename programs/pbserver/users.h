// SPDX-License-Identifier: MIT
// Posters: Argon2id password hashes (libsodium crypto_pwhash_str), Basic credentials, and
// editing the [users] table of the config file without disturbing the rest of it.
//
// All functions are thread-safe. Hashing and verifying take about 0.1 s and 64 MiB on purpose
// (libsodium's "interactive" limits), so the server runs them off the request threads.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "cm/result.h"

namespace cm::pbserver {

// A poster's name: 1-64 ASCII letters, digits, '_', '-' or '.'.
bool IsUserName(std::string_view name);

// "$argon2id$v=19$m=...,t=...,p=1$..." for `password`. kInternal when libsodium fails (memory).
[[nodiscard]] Result<std::string> HashPassword(std::string_view password);
// True when `password` matches `hash` (from HashPassword). False for a malformed hash.
bool VerifyPassword(const std::string& hash, std::string_view password);

// Parses "Basic base64(user:password)". False when the header is not that form.
bool ParseBasicAuthorization(std::string_view header, std::string* user, std::string* password);

// Checks credentials against `users` (name → hash) in time that does not reveal whether the name
// exists. True when they match.
bool CheckCredentials(const std::map<std::string, std::string>& users, std::string_view user,
                      std::string_view password);

// The config file's text with poster `name` set to `hash` in its [users] table (replacing an
// existing entry, adding the table at the end when missing). Other lines are kept as they are.
[[nodiscard]] Result<std::string> ConfigWithUser(std::string_view config_text,
                                                 std::string_view name, std::string_view hash);
// The config file's text without poster `name`. kNotFound when it has no such poster.
[[nodiscard]] Result<std::string> ConfigWithoutUser(std::string_view config_text,
                                                    std::string_view name);

}  // namespace cm::pbserver
