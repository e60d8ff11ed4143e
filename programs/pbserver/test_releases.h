// SPDX-License-Identifier: MIT
// Test helper: real signed phone book releases and post bundles, made with the release library.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "cm/crypto.h"
#include "cm/release.h"

namespace cm::pbserver::testing {

// A publisher with a key and the history of what it released.
class TestPublisher {
 public:
  TestPublisher() : key_(SigningKey::Generate()) {}

  // Release `version` of `name` (POPs 1..10+version, cities named after the version), with
  // deltas from each earlier version this publisher released within five versions. With
  // `extra_pops`, that many more POPs with scattered phone numbers follow, so that the full
  // cabinet is large (about 10 bytes per POP compressed).
  Release Make(const std::string& name, uint32_t version, uint32_t extra_pops = 0);
  PublicKey public_key() const { return key_.public_key(); }

 private:
  SigningKey key_;
  std::vector<ReleaseSnapshot> history_;
};

// The post bundle (docs/formats/post.md) of `release`.
std::string Bundle(const Release& release);

// A fresh, empty folder under the test temp dir.
std::string MakeTempDir(const std::string& tag);

}  // namespace cm::pbserver::testing
