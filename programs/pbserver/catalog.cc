// SPDX-License-Identifier: MIT
// Preparing cabinet answers once per release, and publishing catalogs.
#include "catalog.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/mman.h>
#include <unistd.h>

#include "cm/ascii.h"
#include "cm/crypto.h"

namespace cm::pbserver {
namespace {

PreparedCabinet PrepareCabinet(std::string body, std::string_view kind, uint32_t version,
                               const ResponseOptions& options) {
  PreparedCabinet cabinet;
  cabinet.etag = "\"" + ToHex(Sha256(body)).substr(0, 32) + "\"";
  std::string common = fmt::format(
      "Server: pbserver\r\n"
      "ETag: {}\r\n"
      "Cache-Control: public, max-age={}\r\n"
      "X-Phonebook-Update: {}\r\n"
      "X-Phonebook-Version: {}\r\n",
      cabinet.etag, options.cache_max_age_seconds, kind, version);
  cabinet.head = fmt::format(
      "HTTP/1.1 200 OK\r\n"
      "Content-Type: application/vnd.ms-cab-compressed\r\n"
      "Content-Length: {}\r\n{}",
      body.size(), common);
  cabinet.head_304 = "HTTP/1.1 304 Not Modified\r\n" + common;
  cabinet.body = std::move(body);
  if (cabinet.body.size() >= kBodyFileThreshold) {
    cabinet.body_file = BodyFile::Create(cabinet.body, options.body_file_dir);
  }
  return cabinet;
}

}  // namespace

std::shared_ptr<const BodyFile> BodyFile::Create(std::string_view bytes, const std::string& dir) {
  int fd = dir.empty() ? -1 : ::open(dir.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0) fd = ::memfd_create("pbserver-cabinet", MFD_CLOEXEC);
  if (fd < 0) return nullptr;
  auto file = std::shared_ptr<const BodyFile>(new BodyFile(fd));
  while (!bytes.empty()) {
    ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return nullptr;
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return file;
}

BodyFile::~BodyFile() { ::close(fd_); }

std::shared_ptr<const PhonebookEntry> PrepareEntry(std::string_view name, uint32_t version,
                                                   std::string full_cabinet,
                                                   const std::map<uint32_t, std::string>& deltas,
                                                   const ResponseOptions& options) {
  auto entry = std::make_shared<PhonebookEntry>();
  entry->name = std::string(name);
  entry->version = version;
  entry->full = PrepareCabinet(std::move(full_cabinet), "full", version, options);
  entry->cabinet_bytes = entry->full.body.size();
  for (const auto& [base, cabinet] : deltas) {
    if (base >= version || version - base >= entry->deltas.size()) continue;
    entry->deltas[version - base] = PrepareCabinet(cabinet, "delta", version, options);
    entry->cabinet_bytes += cabinet.size();
  }
  entry->no_update_head = fmt::format(
      "HTTP/1.1 204 No Content\r\n"
      "Server: pbserver\r\n"
      "Cache-Control: public, max-age={}\r\n"
      "X-Phonebook-Update: none\r\n"
      "X-Phonebook-Version: {}\r\n",
      options.cache_max_age_seconds, version);
  return entry;
}

const PhonebookEntry* Catalog::Find(std::string_view name) const {
  if (auto it = books_.find(name); it != books_.end()) return it->second.get();
  for (const auto& [key, entry] : books_) {
    if (AsciiEqualsNoCase(key, name)) return entry.get();
  }
  return nullptr;
}

void CatalogHolder::Publish(std::shared_ptr<const Catalog> catalog) {
  std::lock_guard lock(mutex_);
  current_ = std::move(catalog);
  generation_.fetch_add(1, std::memory_order_release);
}

std::shared_ptr<const Catalog> CatalogHolder::Load() const {
  std::lock_guard lock(mutex_);
  return current_;
}

void CatalogHolder::Refresh(uint64_t* generation, std::shared_ptr<const Catalog>* cached) const {
  uint64_t now = generation_.load(std::memory_order_acquire);
  if (now == *generation && *cached) return;
  std::lock_guard lock(mutex_);
  *cached = current_;
  *generation = generation_.load(std::memory_order_relaxed);
}

bool IfNoneMatchMatches(std::string_view if_none_match, std::string_view etag) {
  std::string_view list = if_none_match;
  while (!list.empty()) {
    while (!list.empty() && (list.front() == ' ' || list.front() == '\t' || list.front() == ',')) {
      list.remove_prefix(1);
    }
    if (list.empty()) break;
    if (list.front() == '*') return true;
    if (list.size() >= 2 && list[0] == 'W' && list[1] == '/') list.remove_prefix(2);
    if (list.empty() || list.front() != '"') return false;  // malformed: no match
    size_t close = list.find('"', 1);
    if (close == std::string_view::npos) return false;
    if (list.substr(0, close + 1) == etag) return true;
    list.remove_prefix(close + 1);
  }
  return false;
}

}  // namespace cm::pbserver
