// SPDX-License-Identifier: MIT
// Posting and loading: from checked release to published catalog.
#include "post_service.h"

#include <fmt/format.h>

#include <filesystem>

#include "cm/file_util.h"
#include "cm/release.h"
#include "query.h"
#include "release_check.h"
#include "users.h"

namespace cm::pbserver {
namespace {

namespace fs = std::filesystem;

std::optional<uint32_t> ParseVersionText(std::string_view text) {
  if (text.empty() || text.size() > 10) return std::nullopt;
  uint64_t v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + static_cast<uint64_t>(c - '0');
  }
  if (v == 0 || v > UINT32_MAX) return std::nullopt;
  return static_cast<uint32_t>(v);
}

}  // namespace

PostService::PostService(DataStore store, std::map<std::string, std::string> users,
                         PostOptions options, CatalogHolder* catalog, Counters* counters)
    : store_(std::move(store)),
      users_(std::move(users)),
      options_(options),
      catalog_(catalog),
      counters_(counters) {}

Status PostService::LoadAll(std::vector<std::string>* warnings) {
  std::vector<std::string> names = CM_TRY(store_.ListPhonebooks());
  Catalog::Map books;
  for (const std::string& name : names) {
    auto fail = [&](const std::string& why) {
      warnings->push_back(fmt::format("{}: not served: {}", name, why));
    };
    auto version = store_.CurrentVersion(name);
    if (!version || !*version) {
      fail(version ? "no current version" : version.error().ToString());
      continue;
    }
    auto key = store_.PinnedKey(name);
    if (!key || !*key) {
      fail(key ? "no pinned publisher key" : key.error().ToString());
      continue;
    }
    auto release = store_.LoadRelease(name, **version);
    if (!release) {
      fail(release.error().ToString());
      continue;
    }
    auto full = OpenReleaseCabinet(release->full_cabinet, **key, name);
    if (!full || full->manifest.version != **version) {
      fail(full ? "full.cab is another version" : "full.cab: " + full.error().ToString());
      continue;
    }
    std::map<uint32_t, std::string> deltas;
    for (auto& [base, cabinet] : release->delta_cabinets) {
      auto delta = OpenReleaseCabinet(cabinet, **key, name);
      if (!delta || delta->manifest.base_version != base) {
        fail(fmt::format("delta-{}.cab skipped: {}", base,
                         delta ? "wrong base version" : delta.error().ToString()));
        continue;
      }
      deltas[base] = std::move(cabinet);
    }
    books[name] = PrepareEntry(name, **version, std::move(release->full_cabinet), deltas,
                               options_.response);
  }
  catalog_->Publish(std::make_shared<const Catalog>(std::move(books)));
  return Ok();
}

bool PostService::Authenticate(std::string_view authorization, std::string* user) const {
  std::string password;
  if (!ParseBasicAuthorization(authorization, user, &password)) return false;
  return CheckCredentials(users_, *user, password);
}

Response PostService::Unauthorized() {
  Response response = Response::Text(401, "missing or wrong credentials",
                                     "WWW-Authenticate: Basic realm=\"pbserver\"\r\n");
  return response;
}

Status PostService::Publish(const std::string& name, const StoredRelease& release) {
  std::shared_ptr<const Catalog> old = catalog_->Load();
  Catalog::Map books = old->books();
  books[name] = PrepareEntry(name, release.version, release.full_cabinet, release.delta_cabinets,
                             options_.response);
  catalog_->Publish(std::make_shared<const Catalog>(std::move(books)));
  return Ok();
}

Response PostService::Accept(const std::string& name, std::string_view version_header,
                             std::string_view bundle) {
  auto refuse = [this](int status, const std::string& message) {
    if (counters_ != nullptr) counters_->posts_refused.fetch_add(1);
    return Response::Text(status, message);
  };
  std::optional<uint32_t> claimed = ParseVersionText(version_header);
  if (!claimed) return refuse(400, "X-Phonebook-Version must be the release's version (1 or more)");
  auto release = ReadPostBundle(bundle);
  if (!release) return refuse(release.error().status, release.error().message);
  auto checked = CheckRelease(name, claimed, std::move(*release), store_, options_.allow_key_change);
  if (!checked) return refuse(checked.error().status, checked.error().message);
  if (auto committed = store_.CommitRelease(name, checked->release,
                                            checked->pin_key ? &checked->key : nullptr);
      !committed) {
    return refuse(500, "storing the release failed: " + committed.error().ToString());
  }
  (void)Publish(name, checked->release);
  if (counters_ != nullptr) counters_->posts_accepted.fetch_add(1);
  std::string deltas;
  for (uint32_t base : checked->delta_bases) {
    deltas += fmt::format("{}{}", deltas.empty() ? "" : ",", base);
  }
  return Response::Dynamic(
      201, "application/json",
      fmt::format("{{\"phonebook\": \"{}\", \"version\": {}, \"deltas\": [{}]}}\n", name,
                  checked->release.version, deltas));
}

size_t PostService::ScanIncoming(std::vector<std::string>* log) {
  size_t switched = 0;
  std::error_code ec;
  const fs::path incoming = store_.IncomingDir();
  for (const auto& book : fs::directory_iterator(incoming, ec)) {
    if (!book.is_directory(ec)) continue;
    const std::string name = book.path().filename().string();
    std::vector<fs::path> ready;
    for (const auto& release_dir : fs::directory_iterator(book.path(), ec)) {
      if (release_dir.is_directory(ec) && fs::exists(release_dir.path() / "READY", ec) &&
          release_dir.path().filename().string().find('.') == std::string::npos) {
        ready.push_back(release_dir.path());
      }
    }
    std::sort(ready.begin(), ready.end());
    for (const fs::path& dir : ready) {
      std::string reason;
      std::optional<uint32_t> version = ParseVersionText(dir.filename().string());
      StoredRelease release;
      if (!version || !IsPhonebookName(name)) {
        reason = "422 the folder must be incoming/NAME/N/ with a phone book name and a version";
      } else {
        for (const auto& file : fs::directory_iterator(dir, ec)) {
          std::string file_name = file.path().filename().string();
          if (file_name == "READY") continue;
          auto bytes = ReadFile(file.path().string());
          if (!bytes) {
            reason = "500 " + bytes.error().ToString();
          } else if (file_name == "full.cab") {
            release.full_cabinet = std::move(*bytes);
          } else if (auto base = DeltaBaseFromFileName(file_name)) {
            release.delta_cabinets[*base] = std::move(*bytes);
          } else {
            reason = fmt::format("400 unexpected file '{}' (only full.cab and delta-B.cab)",
                                 file_name);
          }
        }
        if (reason.empty() && release.full_cabinet.empty()) reason = "400 no full.cab";
      }
      if (reason.empty()) {
        auto checked = CheckRelease(name, version, std::move(release), store_,
                                    options_.allow_key_change);
        if (!checked) {
          reason = fmt::format("{} {}", checked.error().status, checked.error().message);
        } else if (auto committed = store_.CommitRelease(
                       name, checked->release, checked->pin_key ? &checked->key : nullptr);
                   !committed) {
          reason = "500 storing the release failed: " + committed.error().ToString();
        } else {
          // The release is stored: the dropped folder has served its purpose and goes before
          // the new version is served, so whoever sees that version sees the folder gone.
          fs::remove_all(dir, ec);
          (void)Publish(name, checked->release);
          ++switched;
          if (counters_ != nullptr) counters_->posts_accepted.fetch_add(1);
          log->push_back(fmt::format("incoming: {} version {} switched in", name, *version));
          continue;
        }
      }
      if (counters_ != nullptr) counters_->posts_refused.fetch_add(1);
      fs::path rejected = dir;
      rejected += ".rejected";
      fs::remove_all(rejected, ec);
      fs::rename(dir, rejected, ec);
      (void)WriteFileAtomic((rejected / "REASON").string(), reason + "\n");
      log->push_back(fmt::format("incoming: {}/{} rejected: {}", name, dir.filename().string(),
                                 reason));
    }
  }
  return switched;
}

}  // namespace cm::pbserver
