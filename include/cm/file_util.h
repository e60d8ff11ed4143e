// SPDX-License-Identifier: MIT
// The only place cmsuite's library touches files: whole-file reads and atomic writes.
#pragma once

#include <string>
#include <string_view>

#include "cm/result.h"

namespace cm {

// Reads a whole file. Errors: kNotFound when it does not exist, kIo otherwise; the error names
// the path and the system's reason.
[[nodiscard]] Result<std::string> ReadFile(const std::string& path);

// Replaces `path` with `bytes` so that a crash at any point leaves either the old file or the
// new one: writes a temporary file in the same folder, fsyncs it, renames it over `path`, then
// fsyncs the folder. `mode` is the new file's permission bits (before the umask).
[[nodiscard]] Status WriteFileAtomic(const std::string& path, std::string_view bytes,
                                     unsigned mode = 0644);

}  // namespace cm
