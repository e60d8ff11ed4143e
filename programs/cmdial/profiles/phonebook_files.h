// SPDX-License-Identifier: MIT
// Reading an installed profile's phone book and the user's location file from disk.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "cm/pbk_format.h"
#include "cm/result.h"
#include "profiles/dialing.h"
#include "profiles/profile_store.h"

namespace cm::cmdial {

// The user's location file: <config_dir>/location.ini (docs/formats/installed-profile.md).
std::string LocationPath(const StorePaths& paths);

// The saved location; an unset one (configured() false) when the file is missing or unreadable.
DialingLocation LoadLocation(const StorePaths& paths);

struct LoadedPhonebook {
  RegionReadResult regions;
  PbkReadResult pbk;
  uint32_t version = 0;
};

// Reads a book's .pbk (and .pbr when the book names one) as a client does: the profile's own
// book or a merged profile's. When `countries` (TAPI IDs) is not empty, POPs of other countries
// may be left out of the result (see PrefilterPbk); every POP of those countries is read
// exactly as without it. With a `cache_dir`, the filter keeps the book's plain-book stamp there
// (ReadPrefilteredPbk, PlainStampPath).
// Errors: kNotFound when the book has none (or its file is missing), kIo.
[[nodiscard]] Result<LoadedPhonebook> LoadPhonebook(const ProfileBook& book,
                                                    const std::vector<uint32_t>& countries = {},
                                                    const std::string& cache_dir = {});
// LoadPhonebook(profile.OwnBook(), ...), its kNotFound naming the profile's .cms.
[[nodiscard]] Result<LoadedPhonebook> LoadPhonebook(const InstalledProfile& profile,
                                                    const std::vector<uint32_t>& countries = {},
                                                    const std::string& cache_dir = {});

// The .pbk bytes without the lines that are certainly well-formed POPs of a country not in
// `countries`: 10 or 11 commas (an empty twelfth field), POP index and country 1-9 digits,
// region and the four numbers empty or 1-9 digits, name, area code, number and DUN name within
// their MS-CPSP lengths. Such a line can only be kept by ReadPbk as one POP and never changes
// how another line is read, so ReadPbk of the result gives the same POPs of `countries` (and
// the same whole-file verdict). Anything else (blank or odd lines, a byte-order mark, CR line
// ends without LF) is kept as is; `bytes` is returned whole when it uses CR-only or LFCR ends.
std::string PrefilterPbk(std::string_view bytes, const std::vector<uint32_t>& countries);

// PrefilterPbk(ReadFile(path), countries), read `piece_size` bytes at a time so the whole file
// is never in memory (the same bytes; the file is read whole when it needs to be kept whole).
//
// With a `stamp_path`, a book found to hold only plain POP lines (every line one PrefilterPbk
// may leave out) gets a stamp there: the file's path, device, inode, size and change and
// modification times (docs/formats/installed-profile.md). While the stamp matches the file,
// later calls pick lines by their country field alone instead of checking every field of every
// line (the same bytes, a fifth of the work). A file changed (its ctime) in the last
// `stamp_min_age` seconds is not stamped: a second change within the clock's resolution could
// keep its times. A stamp that cannot be written or read only costs the fast path.
// Errors: as ReadFile.
[[nodiscard]] Result<std::string> ReadPrefilteredPbk(const std::string& path,
                                                     const std::vector<uint32_t>& countries,
                                                     size_t piece_size = size_t{256} << 10,
                                                     const std::string& stamp_path = {},
                                                     double stamp_min_age = 2.0);

// Where LoadPhonebook keeps the plain-book stamp of `book` under `cache_dir`:
// CACHE/SHORT/SCOPE.STEM.plain ("" when `cache_dir` is empty or the book has no phone book).
std::string PlainStampPath(const std::string& cache_dir, const ProfileBook& book);
std::string PlainStampPath(const std::string& cache_dir, const InstalledProfile& profile);

// True when every line of `bytes` (whole lines, CRLF or LF ends) is a plain POP line: one
// PrefilterPbk may leave out. An empty `bytes` is plain.
bool IsPlainPbk(std::string_view bytes);

// The whole file at `path`; `stamped` is set when the plain-book stamp at `stamp_path` matches
// the file read (the same open file is looked at and read). Errors: as ReadFile.
[[nodiscard]] Result<std::string> ReadBookFile(const std::string& path,
                                               const std::string& stamp_path, bool& stamped);

// For a writer that has just put a book it checked (IsPlainPbk, line by line as it was made)
// in place at `path` by a rename: stamps the file at `path` as plain, when it still is the file
// with inode `inode` (not replaced meanwhile). No age is asked for, unlike ReadPrefilteredPbk:
// the writer knows every line of the new file, which only a program writing into it in place
// within the clock's tick of the rename could change unseen.
void StampPlainBook(const std::string& path, const std::string& stamp_path, uint64_t inode);

// Checks the whole book at `path` (IsPlainPbk) and stamps it when it is plain: for a book that
// was just installed. Costs a read of the file; does nothing when `stamp_path` is empty.
void StampIfPlain(const std::string& path, const std::string& stamp_path);

// A file to write into a folder: a plain name (no '/') and its bytes.
struct FileToWrite {
  std::string name;
  std::string_view bytes;
};

// Replaces `files` in `folder` as one change that a killed process or a power failure cannot
// leave with the last file new and an earlier one old (the phone book's .ver must never claim a
// version whose .pbk/.pbr are not in place):
//   1. each file is written to a temporary file in the folder; then all are flushed together
//      (writeback of all is started before waiting for any, so the disk sees them as one batch);
//   2. every file but the last is renamed over its name, and the folder is synced;
//   3. the last is renamed over its name, and the folder is synced.
// Each rename is atomic, so every file is either old or new, and the last one is new only once
// all others are new and durable. Costs three flush rounds instead of six for three
// WriteFileAtomic calls. New files get mode 0644. Errors: kInvalidArgument for a name that is
// not plain, kIo (the temporary files not yet renamed are removed).
[[nodiscard]] Status ReplaceFilesInOrder(const std::string& folder,
                                         const std::vector<FileToWrite>& files);

// ReplaceFilesInOrder for files whose bytes arrive in pieces: Begin a file, Append its bytes,
// Begin the next, ..., then Commit puts them all in place in the order they were begun, by
// ReplaceFilesInOrder's rules. Bytes are written as they come (through a 256 KiB buffer) and
// the disk is asked to start writing every 1 MiB, so a big file is mostly on disk by the time
// Commit waits for it. Until Commit succeeds the files in place are untouched; temporary files
// not committed are removed when the object goes (or when a step fails).
class StagedFiles {
 public:
  // Errors: kIo when the folder cannot be opened.
  [[nodiscard]] static Result<StagedFiles> Open(const std::string& folder);
  StagedFiles(StagedFiles&& other) noexcept;
  StagedFiles& operator=(StagedFiles&&) = delete;
  StagedFiles(const StagedFiles&) = delete;
  StagedFiles& operator=(const StagedFiles&) = delete;
  ~StagedFiles();

  // Starts the temporary file for `name` (a plain name: kInvalidArgument otherwise).
  [[nodiscard]] Status Begin(const std::string& name);
  // Adds bytes to the file begun last.
  [[nodiscard]] Status Append(std::string_view bytes);
  // Flushes every file, then renames them into place in order with the folder synced between.
  [[nodiscard]] Status Commit();
  // The inode of the file begun `index`-th (0 when there is none): after Commit, the file now
  // at its name, unless something replaced it meanwhile.
  uint64_t Inode(size_t index) const;

 private:
  struct File {
    std::string name;
    std::string temp;
    int fd = -1;
    uint64_t inode = 0;
  };
  StagedFiles(std::string folder, int dir);
  Status WriteBuffer();
  void RemoveTemporaryFiles(size_t from);

  std::string folder_;
  int dir_ = -1;
  std::string suffix_;
  std::vector<File> files_;
  std::string buffer_;
  uint64_t written_ = 0;         // bytes of the current file handed to the kernel
  uint64_t writeback_from_ = 0;  // where the next writeback request starts
  bool committed_ = false;
};

}  // namespace cm::cmdial
