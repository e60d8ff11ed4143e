// SPDX-License-Identifier: MIT
// The round-trip property the fuzz targets check, shared with the regression test.
#pragma once

#include <string>
#include <string_view>

namespace cm::internal {

// Reads `bytes` as a .pbk, writes the kept POPs, re-reads them: returns "" when the re-read
// keeps exactly the same POPs and the file stays usable, else a description of the difference.
std::string CheckPbkRoundTrip(std::string_view bytes);

// The same for a .pbr: the re-read region list must equal the first (when the count was valid).
std::string CheckPbrRoundTrip(std::string_view bytes);

}  // namespace cm::internal
