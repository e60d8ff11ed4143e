// SPDX-License-Identifier: MIT
// The phone book update as a connection step (the seed's first post-connect action when the
// profile has a phone book server). It never fails the connection.
#pragma once

#include "connect/connection_log.h"
#include "profiles/profile_store.h"

namespace cm::cmdial {

// Asks the profile's server for an update and applies it; writes one line about the result to
// `log`. Failures keep the old phone book and are only logged.
void RunPhonebookStep(const InstalledProfile& installed, const StorePaths& paths,
                      ConnectionLog& log);

}  // namespace cm::cmdial
