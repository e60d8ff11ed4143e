// SPDX-License-Identifier: MIT
// SHORT.run, the self-extracting installer `cmak build --self-extracting` writes: a POSIX sh
// script, a line that is exactly __CMSUITE_CAB_FOLLOWS__, then the cabinet's bytes to the end.
// Running it copies the cabinet to a temporary file and runs `cmdial install TEMP.cab "$@"`
// (cmdial from $CMDIAL, else PATH); `sh SHORT.run --extract FILE.cab` only writes the cabinet.
#pragma once

#include <string>
#include <string_view>

namespace cm::cmak {

// The marker line (without its LF) after which the cabinet's bytes start.
inline constexpr std::string_view kCabMarker = "__CMSUITE_CAB_FOLLOWS__";

// The bytes of SHORT.run for `cabinet`. REQUIRES: `short_name` follows the eight-character rule
// (letters, digits, _), so it is safe in the script as written. `service_name` only appears in a
// comment (line breaks replaced by spaces). Deterministic.
std::string MakeSelfExtracting(std::string_view short_name, std::string_view service_name,
                               std::string_view cabinet);

}  // namespace cm::cmak
