// SPDX-License-Identifier: MIT
// The data folder: reading releases, and writing them aside before one atomic switch.
#include "data_store.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>

#include "cm/file_util.h"
#include "query.h"

namespace cm::pbserver {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kStagingPrefix = ".staging-";

Status SyncDir(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return Fail(Errc::kIo, fmt::format("{}: cannot open folder to sync", path));
  int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) return Fail(Errc::kIo, fmt::format("{}: fsync failed", path));
  return Ok();
}

Status MakeDirs(const std::string& path) {
  std::error_code ec;
  fs::create_directories(path, ec);
  if (ec) return Fail(Errc::kIo, fmt::format("{}: cannot create folder: {}", path, ec.message()));
  return Ok();
}

std::optional<uint32_t> ParseVersion(std::string_view text) {
  if (text.empty() || text.size() > 10) return std::nullopt;
  uint64_t v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + static_cast<uint64_t>(c - '0');
  }
  if (v == 0 || v > UINT32_MAX) return std::nullopt;
  return static_cast<uint32_t>(v);
}

std::string UniqueSuffix() {
  static std::atomic<uint64_t> counter{0};
  return fmt::format("{}-{}", ::getpid(), counter.fetch_add(1));
}

}  // namespace

std::optional<uint32_t> DeltaBaseFromFileName(std::string_view file_name) {
  if (file_name.size() < 11 || file_name.substr(0, 6) != "delta-" ||
      file_name.substr(file_name.size() - 4) != ".cab") {
    return std::nullopt;
  }
  return ParseVersion(file_name.substr(6, file_name.size() - 10));
}

Status DataStore::Prepare() const {
  CM_TRY_STATUS(MakeDirs(IncomingDir()));
  std::error_code ec;
  for (const auto& book : fs::directory_iterator(root_, ec)) {
    if (!book.is_directory(ec) || !IsPhonebookName(book.path().filename().string())) continue;
    for (const auto& child : fs::directory_iterator(book.path(), ec)) {
      if (child.path().filename().string().rfind(kStagingPrefix, 0) == 0) {
        fs::remove_all(child.path(), ec);
      }
    }
  }
  if (ec) return Fail(Errc::kIo, fmt::format("{}: cannot read folder: {}", root_, ec.message()));
  return Ok();
}

Result<std::vector<std::string>> DataStore::ListPhonebooks() const {
  std::vector<std::string> names;
  std::error_code ec;
  fs::directory_iterator it(root_, ec);
  if (ec) return Fail(Errc::kIo, fmt::format("{}: cannot read folder: {}", root_, ec.message()));
  for (const auto& book : it) {
    std::string name = book.path().filename().string();
    if (!IsPhonebookName(name) || name == "incoming") continue;
    if (fs::exists(book.path() / "current", ec)) names.push_back(name);
  }
  std::sort(names.begin(), names.end());
  return names;
}

Result<std::optional<uint32_t>> DataStore::CurrentVersion(const std::string& name) const {
  std::string path = BookDir(name) + "/current";
  auto text = ReadFile(path);
  if (!text) {
    if (text.error().code() == Errc::kNotFound) return std::optional<uint32_t>();
    return Fail(text.error());
  }
  std::string_view v = *text;
  while (!v.empty() && (v.back() == '\n' || v.back() == '\r')) v.remove_suffix(1);
  std::optional<uint32_t> version = ParseVersion(v);
  if (!version) return Fail(Errc::kCorrupt, fmt::format("{}: not a version number", path));
  return version;
}

Result<std::optional<PublicKey>> DataStore::PinnedKey(const std::string& name) const {
  std::string path = BookDir(name) + "/publisher.key";
  auto text = ReadFile(path);
  if (!text) {
    if (text.error().code() == Errc::kNotFound) return std::optional<PublicKey>();
    return Fail(text.error());
  }
  std::string_view k = *text;
  while (!k.empty() && (k.back() == '\n' || k.back() == '\r')) k.remove_suffix(1);
  auto key = PublicKey::Parse(k);
  if (!key) return Fail(std::move(key).error().InFile(path));
  return std::optional<PublicKey>(*key);
}

Status DataStore::PinKey(const std::string& name, const PublicKey& key) const {
  CM_TRY_STATUS(MakeDirs(BookDir(name)));
  return WriteFileAtomic(BookDir(name) + "/publisher.key", key.ToString() + "\n", 0644);
}

Result<StoredRelease> DataStore::LoadRelease(const std::string& name, uint32_t version) const {
  std::string dir = fmt::format("{}/{}", BookDir(name), version);
  StoredRelease release;
  release.version = version;
  release.full_cabinet = CM_TRY(ReadFile(dir + "/full.cab"));
  std::error_code ec;
  for (const auto& file : fs::directory_iterator(dir, ec)) {
    std::string file_name = file.path().filename().string();
    std::optional<uint32_t> base = DeltaBaseFromFileName(file_name);
    if (!base || *base >= version) continue;
    release.delta_cabinets[*base] = CM_TRY(ReadFile(file.path().string()));
  }
  if (ec) return Fail(Errc::kIo, fmt::format("{}: cannot read folder: {}", dir, ec.message()));
  return release;
}

Status DataStore::CommitRelease(const std::string& name, const StoredRelease& release,
                                const PublicKey* pin) const {
  const std::string book = BookDir(name);
  CM_TRY_STATUS(MakeDirs(book));
  // 1. Write every cabinet into a staging folder (each file fsynced, then the folder).
  const std::string staging = fmt::format("{}/{}{}", book, kStagingPrefix, UniqueSuffix());
  CM_TRY_STATUS(MakeDirs(staging));
  CM_TRY_STATUS(WriteFileAtomic(staging + "/full.cab", release.full_cabinet));
  for (const auto& [base, cabinet] : release.delta_cabinets) {
    CM_TRY_STATUS(WriteFileAtomic(fmt::format("{}/delta-{}.cab", staging, base), cabinet));
  }
  CM_TRY_STATUS(SyncDir(staging));
  // 2. Move it to N/. A folder already there was never served (current < N): a leftover of a
  // commit that crashed before its switch. Move it out of the way first.
  const std::string target = fmt::format("{}/{}", book, release.version);
  std::error_code ec;
  if (fs::exists(target, ec)) {
    std::string old = fmt::format("{}/{}old-{}", book, kStagingPrefix, UniqueSuffix());
    fs::rename(target, old, ec);
    if (ec) return Fail(Errc::kIo, fmt::format("{}: cannot move aside: {}", target, ec.message()));
    fs::remove_all(old, ec);
  }
  fs::rename(staging, target, ec);
  if (ec) return Fail(Errc::kIo, fmt::format("{}: cannot move into place: {}", target, ec.message()));
  CM_TRY_STATUS(SyncDir(book));
  // 3. Pin the key, then switch `current` (rename over the old pointer).
  if (pin != nullptr) CM_TRY_STATUS(PinKey(name, *pin));
  return WriteFileAtomic(book + "/current", fmt::format("{}\n", release.version));
}

Status DataStore::DeletePhonebook(const std::string& name, bool purge) const {
  const std::string book = BookDir(name);
  std::error_code ec;
  if (!IsPhonebookName(name) || name == "incoming" || !fs::is_directory(book, ec)) {
    return Fail(Errc::kNotFound, fmt::format("{}: no phone book {} here", root_, name));
  }
  if (purge) {
    fs::remove_all(book, ec);
    if (ec) return Fail(Errc::kIo, fmt::format("{}: cannot remove: {}", book, ec.message()));
    return SyncDir(root_);
  }
  if (!fs::remove(book + "/current", ec) && !ec) {
    return Fail(Errc::kNotFound, fmt::format("{}: {} is not being served", root_, name));
  }
  if (ec) return Fail(Errc::kIo, fmt::format("{}/current: cannot remove: {}", book, ec.message()));
  return SyncDir(book);
}

}  // namespace cm::pbserver
