// SPDX-License-Identifier: MIT
// The phone book update as a connection step (the seed's first post-connect action when the
// profile has a phone book server). It never fails the connection.
#pragma once

#include "connect/connection_log.h"
#include "profiles/profile_store.h"

namespace cm::cmdial {

// Updates the profile's phone book and each merged profile's (UpdateAllPhonebooks); writes one
// line per book to `log`. Failures keep that book's old files and are only logged.
void RunPhonebookStep(const InstalledProfile& installed, const StorePaths& paths,
                      ConnectionLog& log);

}  // namespace cm::cmdial
