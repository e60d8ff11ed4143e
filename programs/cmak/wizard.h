// SPDX-License-Identifier: MIT
// `cmak wizard`: `cmak new`'s questions asked one at a time on a terminal, and the same for an
// existing profile (`--edit`), where only changed answers are written.
#pragma once

#include <istream>
#include <string>

#include "report.h"

namespace cm::cmak {

// Asks every question of `cmak new` on `in`/output.out: each prompt shows its default in
// brackets (an empty answer takes it); a bad answer is refused with the reason and asked again.
// `out_dir` empty: the folder is asked for too. Ends by writing the profile as `cmak new` does.
// Returns an exit code; input that ends early is kExitFailed and writes nothing.
int RunWizardNew(std::istream& in, Output& output, const std::string& out_dir);

// The questions whose answers are values of `folder`'s SHORT.cms (service name, servers, tunnel
// settings, phone book URL and key, logon, redial, idle and log settings), the current values
// as defaults. Writes only the keys whose answers changed, with in-place edits (comments,
// unknown keys and the file's encoding kept); the .cmp and .inf ServiceName follow a changed
// service name. Returns an exit code.
int RunWizardEdit(std::istream& in, Output& output, const std::string& folder);

}  // namespace cm::cmak
