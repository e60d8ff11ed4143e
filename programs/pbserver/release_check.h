// SPDX-License-Identifier: MIT
// Checking a posted release before it is served: bundle form, signature against the pinned key,
// hashes, name rule, versions, and that every delta really leads to the full release.
//
// Pure except for reading the data folder (pinned key, current version, stored base releases).
// Thread-safe as long as nobody writes the data folder meanwhile (the posting thread is the only
// writer).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tl/expected.hpp>
#include <vector>

#include "cm/crypto.h"
#include "data_store.h"

namespace cm::pbserver {

// Why a post is refused, with the HTTP status of docs/formats/post.md.
struct PostError {
  int status = 400;     // 400 malformed, 409 not newer, 422 a check failed, 500 our disk
  std::string message;  // one line naming the check
};
template <class T>
using PostResult = tl::expected<T, PostError>;

// Unpacks a post bundle (an MS-CAB holding full.cab and delta-B.cab members). 400 when it is
// not a cabinet, lacks full.cab, or holds another or a repeated member.
PostResult<StoredRelease> ReadPostBundle(std::string_view bundle);

struct CheckedRelease {
  StoredRelease release;
  PublicKey key;                // the key that verified it
  bool pin_key = false;         // first post (or an allowed key change): pin `key`
  std::vector<uint32_t> delta_bases;
};

// Checks `release` for phone book `name` against the data folder. `claimed_version` is the
// X-Phonebook-Version header (nullopt when the release came by the incoming folder). With
// `allow_key_change`, a release signed by another key than the pinned one is accepted and that
// key is pinned instead; otherwise 422.
PostResult<CheckedRelease> CheckRelease(const std::string& name,
                                        std::optional<uint32_t> claimed_version,
                                        StoredRelease release, const DataStore& store,
                                        bool allow_key_change);

}  // namespace cm::pbserver
