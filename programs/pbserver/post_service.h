// SPDX-License-Identifier: MIT
// Posting: credentials, checking and switching in releases (HTTP posts and the incoming folder),
// and loading the data folder into the published catalog.
//
// Not thread-safe: the server calls every method from its single posting thread, which is also
// what serialises posts to the same phone book. Readers only ever see the CatalogHolder.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog.h"
#include "counters.h"
#include "data_store.h"
#include "handler.h"

namespace cm::pbserver {

struct PostOptions {
  bool allow_key_change = false;
  ResponseOptions response;
};

class PostService {
 public:
  // `catalog` and `counters` (may be null) must outlive the service.
  PostService(DataStore store, std::map<std::string, std::string> users, PostOptions options,
              CatalogHolder* catalog, Counters* counters);

  // Loads the current release of every phone book in the data folder (verifying each against its
  // pinned key) and publishes the catalog. Phone books that fail are left out and named in
  // `warnings`. Errors only when the data folder cannot be read.
  [[nodiscard]] Status LoadAll(std::vector<std::string>* warnings);

  // Checks an Authorization header. True with `*user` set when the poster may post.
  bool Authenticate(std::string_view authorization, std::string* user) const;
  // The 401 answer for failed credentials.
  static Response Unauthorized();

  // Checks the post bundle for `name`, commits and publishes it. `version_header` is the
  // X-Phonebook-Version value. Returns 201 with the JSON of docs/formats/post.md, or the refusal.
  Response Accept(const std::string& name, std::string_view version_header,
                  std::string_view bundle);

  // Picks up every DATA/incoming/NAME/N/ that has READY: switches it in and removes it, or
  // renames it to N.rejected with a REASON file. Appends one line per release to `log`.
  size_t ScanIncoming(std::vector<std::string>* log);

 private:
  Status Publish(const std::string& name, const StoredRelease& release);

  DataStore store_;
  std::map<std::string, std::string> users_;
  PostOptions options_;
  CatalogHolder* catalog_;
  Counters* counters_;
};

}  // namespace cm::pbserver
