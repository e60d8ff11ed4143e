// SPDX-License-Identifier: MIT
// Standard base64 (RFC 4648 §4, with padding) for keys and signatures in text files.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cm::internal {

std::string Base64Encode(std::string_view bytes);
// Empty optional when `text` is not canonical padded base64.
std::optional<std::string> Base64Decode(std::string_view text);

}  // namespace cm::internal
