// SPDX-License-Identifier: MIT
// The in-memory set of served phone books: every answer prepared once per release.
//
// A PhonebookEntry holds, for the current version N of one phone book, the full cabinet and each
// delta cabinet with their complete response heads (status line and headers, no Date) and
// strong ETags, plus the 204 "no update" head. A Catalog maps names to entries and is immutable
// once published; CatalogHolder swaps in a new one atomically, and readers keep the old one alive
// (through shared_ptr) until their writes finish, so a new release never stalls or cuts a
// response. Catalog and PhonebookEntry are immutable and thread-safe; CatalogHolder is
// thread-safe.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cm::pbserver {

struct ResponseOptions {
  uint32_t cache_max_age_seconds = 60;  // Cache-Control max-age of cabinet and 204 answers
  // Where large bodies' BodyFiles are made (the data folder); "" = in memory only (memfd).
  std::string body_file_dir;
};

// A read-only file, unlinked from the start, holding a copy of a large cabinet, so that
// plain-HTTP answers can send it with sendfile(2) like a static file server (no copy through
// user space buffers per request). Closed when the last owner goes.
//
// It is an O_TMPFILE in `dir` when `dir` is given and its file system allows one, else a memfd.
// Why a file: a disk file system's page cache holds a file written at once in large folios
// (ext4 and XFS on Linux 6.x: four folios for a 643 KB cabinet), while a memfd's shmem pages
// are single 4 KiB pages scattered in memory (157 for the same cabinet; shmem THP is off by
// default). The pages sendfile hands to TCP are what every client's read copies from: fewer,
// larger pieces cost the receiver less (bench/pbserver_vs_nginx.sh, the full-cabinet case;
// docs/BENCHMARKS.md). No name exists for another program to change, as with a memfd; the
// pages may be written back to disk and read again under memory pressure.
class BodyFile {
 public:
  // A file with `bytes`; nullptr when neither kind can be made (the answer then uses writev).
  static std::shared_ptr<const BodyFile> Create(std::string_view bytes,
                                                const std::string& dir = {});
  ~BodyFile();
  BodyFile(const BodyFile&) = delete;
  BodyFile& operator=(const BodyFile&) = delete;
  int fd() const { return fd_; }

 private:
  explicit BodyFile(int fd) : fd_(fd) {}
  int fd_;
};

// Bodies from this size on are also kept in a BodyFile.
inline constexpr size_t kBodyFileThreshold = 64 * 1024;

// One cabinet answer.
struct PreparedCabinet {
  std::string head;      // "HTTP/1.1 200 OK\r\n" ... each header ending in CRLF, no blank line
  std::string head_304;  // the 304 Not Modified answer to a matching If-None-Match
  std::string etag;      // strong: "\"<32 hex of SHA-256(body)>\""
  std::string body;      // the cabinet
  std::shared_ptr<const BodyFile> body_file;  // the same bytes, for sendfile; large bodies only
};

struct PhonebookEntry {
  std::string name;
  uint32_t version = 0;
  PreparedCabinet full;
  // deltas[d] is the delta from version N - d (d = 1..5), when the release has it.
  std::array<std::optional<PreparedCabinet>, 6> deltas;
  std::string no_update_head;  // the 204 answer
  uint64_t cabinet_bytes = 0;  // sum of the bodies, for /metrics
};

// Builds the entry for release `version` of `name` from its cabinets (already checked).
std::shared_ptr<const PhonebookEntry> PrepareEntry(std::string_view name, uint32_t version,
                                                   std::string full_cabinet,
                                                   const std::map<uint32_t, std::string>& deltas,
                                                   const ResponseOptions& options);

class Catalog {
 public:
  using Map = std::map<std::string, std::shared_ptr<const PhonebookEntry>, std::less<>>;
  Catalog() = default;
  explicit Catalog(Map books) : books_(std::move(books)) {}

  // The entry named `name` (exact match first, then ASCII case-insensitive, as names are file
  // names on Windows); nullptr when none.
  const PhonebookEntry* Find(std::string_view name) const;
  const Map& books() const { return books_; }

 private:
  Map books_;
};

// Holds the published Catalog. Publish() is rare (a post); Refresh() is the per-request fast
// path: one atomic load when nothing changed.
class CatalogHolder {
 public:
  CatalogHolder() : current_(std::make_shared<const Catalog>()) {}

  void Publish(std::shared_ptr<const Catalog> catalog);
  std::shared_ptr<const Catalog> Load() const;
  // Updates `*cached` (and `*generation`) when a newer catalog was published since.
  void Refresh(uint64_t* generation, std::shared_ptr<const Catalog>* cached) const;

 private:
  mutable std::mutex mutex_;
  std::shared_ptr<const Catalog> current_;
  std::atomic<uint64_t> generation_{1};
};

// True when If-None-Match header value `if_none_match` matches strong tag `etag` (weak
// comparison per RFC 9110 §13.1.2; "*" matches).
bool IfNoneMatchMatches(std::string_view if_none_match, std::string_view etag);

}  // namespace cm::pbserver
