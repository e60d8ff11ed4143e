// SPDX-License-Identifier: MIT
#include "profiles/phonebook_files.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <memory>
#include <random>
#include <system_error>
#include <thread>
#include <utility>

#include "cm/file_util.h"

namespace cm::cmdial {

std::string LocationPath(const StorePaths& paths) { return paths.config_dir + "/location.ini"; }

DialingLocation LoadLocation(const StorePaths& paths) {
  Result<std::string> bytes = ReadFile(LocationPath(paths));
  if (!bytes) return {};
  Result<IniFile> file = IniFile::Parse(*bytes);
  if (!file) return {};
  return ReadLocation(*file);
}

namespace {

// True when [first, last) is 1 to 9 ASCII digits (or empty, when `may_be_empty`). `limit` is
// the end of the buffer: 16 bytes are compared at once when they are all inside it, so that the
// varying field lengths cost no branch per byte.
bool DigitsUpTo9(const char* first, const char* last, bool may_be_empty, const char* limit) {
  const auto length = static_cast<size_t>(last - first);
  if (length == 0) return may_be_empty;
  if (length > 9) return false;
#if defined(__SSE2__)
  if (limit - first >= 16) {
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(first));
    const __m128i digits = _mm_and_si128(_mm_cmpgt_epi8(bytes, _mm_set1_epi8('0' - 1)),
                                         _mm_cmplt_epi8(bytes, _mm_set1_epi8('9' + 1)));
    const unsigned wanted = (1u << length) - 1;
    return (static_cast<unsigned>(_mm_movemask_epi8(digits)) & wanted) == wanted;
  }
#endif
  for (; first != last; ++first) {
    if (*first < '0' || *first > '9') return false;
  }
  return true;
}

uint32_t SmallNumber(const char* first, const char* last) {
  uint32_t value = 0;
  for (; first != last; ++first) value = value * 10 + static_cast<uint32_t>(*first - '0');
  return value;
}

// The country of the line [first, last) of `data` (without its line end), whose first commas
// are at comma[0 .. commas), when ReadPbk would certainly keep it as one POP without affecting
// other lines; 0 when the line is anything else.
uint32_t CountryOfPlainLine(const char* data, size_t size, size_t first, size_t last,
                            const size_t* comma, size_t commas) {
  const char* limit = data + size;
  // 11 fields, or 12 with an empty twelfth.
  if (commas != 10 && !(commas == 11 && comma[10] + 1 == last)) return 0;
  auto begin = [&](size_t field) { return data + (field == 0 ? first : comma[field - 1] + 1); };
  auto end = [&](size_t field) {
    return data + (field == 10 && commas == 10 ? last : comma[field]);
  };
  auto length = [&](size_t field) { return static_cast<size_t>(end(field) - begin(field)); };
  if (!DigitsUpTo9(begin(0), end(0), false, limit) ||
      !DigitsUpTo9(begin(1), end(1), false, limit) || !DigitsUpTo9(begin(2), end(2), true, limit)) {
    return 0;
  }
  for (size_t field = 6; field <= 9; ++field) {
    if (!DigitsUpTo9(begin(field), end(field), true, limit)) return 0;
  }
  if (length(3) > kMaxPopNameLength || length(4) > kMaxAreaCodeLength ||
      length(5) > kMaxAccessNumberLength || length(10) > kMaxDunNameLength) {
    return 0;
  }
  return SmallNumber(begin(1), end(1));
}

// Appends to `out` the lines of `bytes` that PrefilterPbk keeps. `bytes` starts at a line start
// and is the rest of the file or ends with '\n'. False when a CR does not start a CRLF (then
// the whole file must be kept; `out` is left partly written). `all_plain` is cleared when a line
// is not a plain POP line.
bool PrefilterLines(std::string_view bytes, const std::vector<uint32_t>& countries,
                    std::string& out, bool& all_plain) {
  const char* data = bytes.data();
  const size_t size = bytes.size();
  size_t line_start = 0;
  size_t comma[12];
  size_t commas = 0;
  // Keeps the line [line_start, next) unless it is a plain POP line of another country.
  auto end_line = [&](size_t content_end, size_t next) {
    const uint32_t country =
        commas > 11 ? 0 : CountryOfPlainLine(data, size, line_start, content_end, comma, commas);
    if (country == 0) all_plain = false;
    if (country == 0 || std::find(countries.begin(), countries.end(), country) != countries.end()) {
      out.append(data + line_start, next - line_start);
    }
    line_start = next;
    commas = 0;
  };
  auto on_comma = [&](size_t at) {
    if (commas < 12) comma[commas] = at;
    ++commas;
  };
  auto on_lf = [&](size_t at) {
    end_line(at > line_start && data[at - 1] == '\r' ? at - 1 : at, at + 1);
  };
  // Only CRLF and LF line ends are split here; a CR that does not start a CRLF (CR-only or LFCR
  // ends) leaves the whole file to ReadPbk.
  auto cr_starts_crlf = [&](size_t at) { return at + 1 < size && data[at + 1] == '\n'; };
  size_t i = 0;
#if defined(__SSE2__)
  // 16 bytes at a time: bit masks of the commas, LFs and CRs, walked in order without reloading
  // the bytes.
  const __m128i comma_byte = _mm_set1_epi8(',');
  const __m128i lf_byte = _mm_set1_epi8('\n');
  const __m128i cr_byte = _mm_set1_epi8('\r');
  for (; i + 16 <= size; i += 16) {
    const __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + i));
    auto mask = [&](__m128i byte) {
      return static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(block, byte)));
    };
    const unsigned lfs = mask(lf_byte);
    for (unsigned crs = mask(cr_byte); crs != 0; crs &= crs - 1) {
      if (!cr_starts_crlf(i + static_cast<size_t>(__builtin_ctz(crs)))) return false;
    }
    for (unsigned hits = mask(comma_byte) | lfs; hits != 0; hits &= hits - 1) {
      const unsigned bit = static_cast<unsigned>(__builtin_ctz(hits));
      if ((lfs >> bit) & 1u) {
        on_lf(i + bit);
      } else {
        on_comma(i + bit);
      }
    }
  }
#endif
  for (; i < size; ++i) {
    if (data[i] == ',') {
      on_comma(i);
    } else if (data[i] == '\n') {
      on_lf(i);
    } else if (data[i] == '\r' && !cr_starts_crlf(i)) {
      return false;
    }
  }
  if (line_start < size) end_line(size, size);
  return true;
}

// PrefilterLines for a book whose every line is known to be a plain POP line (its stamp
// matches): the country is the second field, 1 to 9 digits after the first comma, so one look
// at it decides; kept lines next to each other are copied as one run.
bool PickCountryLines(std::string_view bytes, const std::vector<uint32_t>& countries,
                      std::string& out, bool& /*all_plain*/) {
  const char* p = bytes.data();
  const char* const end = p + bytes.size();
  const char* run = nullptr;  // start of the kept lines not yet copied
  while (p < end) {
    const char* lf = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)));
    const char* next = lf == nullptr ? end : lf + 1;
    const char* field =
        static_cast<const char*>(std::memchr(p, ',', static_cast<size_t>(next - p)));
    uint32_t country = 0;
    if (field != nullptr) {
      for (++field; field < next && *field >= '0' && *field <= '9'; ++field) {
        country = country * 10 + static_cast<uint32_t>(*field - '0');
      }
    }
    const bool keep = std::find(countries.begin(), countries.end(), country) != countries.end();
    if (keep && run == nullptr) run = p;
    if (!keep && run != nullptr) {
      out.append(run, static_cast<size_t>(p - run));
      run = nullptr;
    }
    p = next;
  }
  if (run != nullptr) out.append(run, static_cast<size_t>(end - run));
  return true;
}

}  // namespace

std::string PrefilterPbk(std::string_view bytes, const std::vector<uint32_t>& countries) {
  if (countries.empty() || bytes.starts_with("\xEF\xBB\xBF")) return std::string(bytes);
  std::string out;
  out.reserve(bytes.size() / 4);
  bool all_plain = true;
  if (!PrefilterLines(bytes, countries, out, all_plain)) return std::string(bytes);
  return out;
}

namespace {

// An open descriptor, closed when it goes out of scope.
class Descriptor {
 public:
  explicit Descriptor(int fd = -1) : fd_(fd) {}
  Descriptor(Descriptor&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  Descriptor& operator=(Descriptor&& other) noexcept {
    std::swap(fd_, other.fd_);
    return *this;
  }
  Descriptor(const Descriptor&) = delete;
  Descriptor& operator=(const Descriptor&) = delete;
  ~Descriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }

 private:
  int fd_;
};

Error SystemError(std::string_view what, const std::string& path, int error) {
  return Error(Errc::kIo, fmt::format("{}: {}", what, std::strerror(error)), {.file = path});
}

Status WriteAllTo(int fd, std::string_view bytes, const std::string& path) {
  while (!bytes.empty()) {
    ssize_t written = ::write(fd, bytes.data(), bytes.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      return Fail(SystemError("write", path, errno));
    }
    bytes.remove_prefix(static_cast<size_t>(written));
  }
  return Ok();
}

constexpr size_t kStagingBuffer = size_t{256} << 10;
constexpr uint64_t kWritebackEvery = uint64_t{1} << 20;

}  // namespace

Result<StagedFiles> StagedFiles::Open(const std::string& folder) {
  const int dir = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir < 0) return Fail(SystemError("open folder", folder, errno));
  return StagedFiles(folder, dir);
}

StagedFiles::StagedFiles(std::string folder, int dir) : folder_(std::move(folder)), dir_(dir) {
  std::random_device random;
  suffix_ = fmt::format(".tmp-{}-{:08x}", ::getpid(), random());
}

StagedFiles::StagedFiles(StagedFiles&& other) noexcept
    : folder_(std::move(other.folder_)),
      dir_(std::exchange(other.dir_, -1)),
      suffix_(std::move(other.suffix_)),
      files_(std::move(other.files_)),
      buffer_(std::move(other.buffer_)),
      written_(other.written_),
      writeback_from_(other.writeback_from_),
      committed_(other.committed_) {
  other.files_.clear();
}

StagedFiles::~StagedFiles() {
  if (!committed_) RemoveTemporaryFiles(0);
  for (File& file : files_) {
    if (file.fd >= 0) ::close(file.fd);
  }
  if (dir_ >= 0) ::close(dir_);
}

void StagedFiles::RemoveTemporaryFiles(size_t from) {
  for (size_t i = from; i < files_.size(); ++i) {
    if (files_[i].fd >= 0) ::close(files_[i].fd);
    ::unlinkat(dir_, files_[i].temp.c_str(), 0);
  }
  files_.resize(std::min(from, files_.size()));
}

Status StagedFiles::WriteBuffer() {
  File& file = files_.back();
  CM_TRY_STATUS(WriteAllTo(file.fd, buffer_, folder_ + "/" + file.temp));
  written_ += buffer_.size();
  buffer_.clear();
  if (written_ - writeback_from_ >= kWritebackEvery) {
    // Start writing what is in the page cache now, without waiting: the disk works while the
    // caller makes the rest.
    ::sync_file_range(file.fd, static_cast<off_t>(writeback_from_),
                      static_cast<off_t>(written_ - writeback_from_), SYNC_FILE_RANGE_WRITE);
    writeback_from_ = written_;
  }
  return Ok();
}

Status StagedFiles::Begin(const std::string& name) {
  if (name.empty() || name.find('/') != std::string::npos) {
    RemoveTemporaryFiles(0);
    return Fail(Errc::kInvalidArgument, fmt::format("'{}' is not a plain file name", name));
  }
  if (!files_.empty() && !buffer_.empty()) {
    if (Status written = WriteBuffer(); !written) {
      RemoveTemporaryFiles(0);
      return written;
    }
  }
  File file{name, name + suffix_, -1, 0};
  file.fd =
      ::openat(dir_, file.temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0644);
  if (file.fd < 0) {
    const int error = errno;
    RemoveTemporaryFiles(0);
    return Fail(SystemError("create", folder_ + "/" + file.temp, error));
  }
  struct stat info {};
  if (::fstat(file.fd, &info) == 0) file.inode = static_cast<uint64_t>(info.st_ino);
  files_.push_back(std::move(file));
  written_ = writeback_from_ = 0;
  return Ok();
}

Status StagedFiles::Append(std::string_view bytes) {
  if (files_.empty()) return Fail(Errc::kInternal, "StagedFiles::Append before Begin");
  if (buffer_.capacity() < kStagingBuffer) buffer_.reserve(kStagingBuffer);
  while (!bytes.empty()) {
    const size_t room = kStagingBuffer - buffer_.size();
    buffer_.append(bytes.substr(0, room));
    bytes.remove_prefix(std::min(room, bytes.size()));
    if (buffer_.size() == kStagingBuffer) {
      if (Status written = WriteBuffer(); !written) {
        RemoveTemporaryFiles(0);
        return written;
      }
    }
  }
  return Ok();
}

Status StagedFiles::Commit() {
  if (files_.empty()) return Ok();
  if (!buffer_.empty()) {
    if (Status written = WriteBuffer(); !written) {
      RemoveTemporaryFiles(0);
      return written;
    }
  }
  // Start writing every file back, then wait for all at once: each fdatasync ends in a flush of
  // the disk's cache, and flushes asked for together are one round for the disk (three in a
  // row cost twice as long here).
  for (const File& file : files_) ::sync_file_range(file.fd, 0, 0, SYNC_FILE_RANGE_WRITE);
  std::vector<int> flush_errors(files_.size(), 0);
  {
    auto flush = [this, &flush_errors](size_t i) {
      if (::fdatasync(files_[i].fd) != 0) flush_errors[i] = errno;
    };
    std::vector<std::thread> flushers;
    for (size_t i = 1; i < files_.size(); ++i) {
      try {
        flushers.emplace_back(flush, i);
      } catch (const std::system_error&) {
        flush(i);  // no thread to be had: in turn, then
      }
    }
    flush(0);
    for (std::thread& flusher : flushers) flusher.join();
  }
  for (size_t i = 0; i < files_.size(); ++i) {
    if (flush_errors[i] != 0) {
      const std::string temp = files_[i].temp;
      RemoveTemporaryFiles(0);
      return Fail(SystemError("fdatasync", folder_ + "/" + temp, flush_errors[i]));
    }
  }
  for (File& file : files_) {
    ::close(file.fd);
    file.fd = -1;
  }
  // The files being replaced are held open across their renames, so that freeing their blocks
  // (a 4 MB book; with `discard` a trim the disk must answer) happens when they are closed, on
  // a thread of its own, not inside the renames the update waits for.
  std::vector<int> replaced;
  for (const File& file : files_) {
    const int fd = ::openat(dir_, file.name.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd >= 0) replaced.push_back(fd);
  }
  struct CloseLater {
    std::vector<int> fds;
    ~CloseLater() {
      if (fds.empty()) return;
      try {
        std::thread([fds = fds] {
          for (int fd : fds) ::close(fd);
        }).detach();
      } catch (const std::system_error&) {
        for (int fd : fds) ::close(fd);
      }
    }
  } close_later{std::move(replaced)};
  auto rename_into_place = [&](size_t i) -> Status {
    if (::renameat(dir_, files_[i].temp.c_str(), dir_, files_[i].name.c_str()) != 0) {
      const int error = errno;
      RemoveTemporaryFiles(i);
      return Fail(SystemError("rename into place", folder_ + "/" + files_[i].name, error));
    }
    return Ok();
  };
  auto sync_folder = [&]() -> Status {
    if (::fsync(dir_) != 0) return Fail(SystemError("fsync", folder_, errno));
    return Ok();
  };
  // From here on a failure leaves the files renamed so far in place (each is complete and
  // durable) and removes the temporary files of the rest; the last file stays old.
  const size_t last = files_.size() - 1;
  for (size_t i = 0; i < last; ++i) {
    if (Status renamed = rename_into_place(i); !renamed) {
      committed_ = true;  // nothing left to remove
      return renamed;
    }
  }
  if (last > 0) {
    if (Status synced = sync_folder(); !synced) {
      RemoveTemporaryFiles(last);
      committed_ = true;
      return synced;
    }
  }
  committed_ = true;
  CM_TRY_STATUS(rename_into_place(last));
  return sync_folder();
}

uint64_t StagedFiles::Inode(size_t index) const {
  return index < files_.size() ? files_[index].inode : 0;
}

Status ReplaceFilesInOrder(const std::string& folder, const std::vector<FileToWrite>& files) {
  if (files.empty()) return Ok();
  StagedFiles staged = CM_TRY(StagedFiles::Open(folder));
  for (const FileToWrite& file : files) {
    if (file.name.empty() || file.name.find('/') != std::string::npos) {
      return Fail(Errc::kInvalidArgument, fmt::format("'{}' is not a plain file name", file.name));
    }
  }
  for (const FileToWrite& file : files) {
    CM_TRY_STATUS(staged.Begin(file.name));
    CM_TRY_STATUS(staged.Append(file.bytes));
  }
  return staged.Commit();
}

namespace {

// What the plain-book stamp of the file open as `fd` at `path` says; empty when fstat fails.
// `age` is set to the seconds since the file's last change.
std::string BookIdentity(int fd, const std::string& path, double& age) {
  struct stat info {};
  if (::fstat(fd, &info) != 0) return {};
  timespec now{};
  ::clock_gettime(CLOCK_REALTIME, &now);
  const timespec& changed =
      info.st_ctim.tv_sec > info.st_mtim.tv_sec || (info.st_ctim.tv_sec == info.st_mtim.tv_sec &&
                                                    info.st_ctim.tv_nsec > info.st_mtim.tv_nsec)
          ? info.st_ctim
          : info.st_mtim;
  age = static_cast<double>(now.tv_sec - changed.tv_sec) +
        static_cast<double>(now.tv_nsec - changed.tv_nsec) / 1e9;
  return fmt::format(
      "cmsuite plain phone book 1\npath {}\ndevice {} inode {} size {}\nmodified {}.{:09} "
      "changed {}.{:09}\n",
      path, static_cast<uint64_t>(info.st_dev), static_cast<uint64_t>(info.st_ino),
      static_cast<int64_t>(info.st_size), static_cast<int64_t>(info.st_mtim.tv_sec),
      info.st_mtim.tv_nsec, static_cast<int64_t>(info.st_ctim.tv_sec), info.st_ctim.tv_nsec);
}

// Puts `identity` at `stamp_path` (by rename, so a reader sees the old stamp or the new). A
// cache, not a record: written without a flush, and a torn or lost one only does not match.
void WriteStamp(const std::string& stamp_path, const std::string& identity) {
  if (identity.empty()) return;
  std::error_code error;
  std::filesystem::create_directories(std::filesystem::path(stamp_path).parent_path(), error);
  const std::string temp = fmt::format("{}.tmp-{}", stamp_path, ::getpid());
  Descriptor stamp(
      ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600));
  if (stamp.get() >= 0 && WriteAllTo(stamp.get(), identity, temp)) {
    if (::rename(temp.c_str(), stamp_path.c_str()) != 0) ::unlink(temp.c_str());
  } else {
    ::unlink(temp.c_str());
  }
}

}  // namespace

Result<std::string> ReadPrefilteredPbk(const std::string& path,
                                       const std::vector<uint32_t>& countries, size_t piece_size,
                                       const std::string& stamp_path, double stamp_min_age) {
  auto whole = [&]() -> Result<std::string> {
    return PrefilterPbk(CM_TRY(ReadFile(path)), countries);
  };
  if (countries.empty() || piece_size == 0) return whole();
  Descriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) return whole();  // ReadFile says why, in the usual words
  double age = 0;
  const std::string identity =
      stamp_path.empty() ? std::string() : BookIdentity(fd.get(), path, age);
  const bool stamped = !identity.empty() && ReadFile(stamp_path).value_or("") == identity;
  if (stamped) {
    // A stamped book is read through a mapping of its pages in the page cache: no copy of the
    // 4 MB and no buffer to fault in, which in a fresh process cost more than the filter.
    // (Books are replaced by rename, never truncated in place by cmdial; were another program
    // to truncate it meanwhile, the read would fault, as with any mapped file.)
    struct stat info {};
    if (::fstat(fd.get(), &info) == 0 && info.st_size > 0) {
      const auto size = static_cast<size_t>(info.st_size);
      void* mapped = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd.get(), 0);
      if (mapped != MAP_FAILED) {
        ::madvise(mapped, size, MADV_SEQUENTIAL);
        std::string out;
        out.reserve(size / 4);  // untouched pages of it cost nothing; regrowing would copy
        bool unused = true;
        PickCountryLines(std::string_view(static_cast<const char*>(mapped), size), countries, out,
                         unused);
        ::munmap(mapped, size);
        return out;
      }
    }
  }
  auto* const filter = stamped ? &PickCountryLines : &PrefilterLines;
  bool all_plain = !identity.empty();
  const std::unique_ptr<char[]> buffer(new char[piece_size]);
  std::string out;
  std::string carry;  // the start of a line whose end is in a later piece
  char head[3];
  if (::pread(fd.get(), head, sizeof head, 0) == 3 && std::string_view(head, 3) == "\xEF\xBB\xBF") {
    return whole();
  }
  for (;;) {
    const ssize_t count = ::read(fd.get(), buffer.get(), piece_size);
    if (count < 0 && errno == EINTR) continue;
    if (count < 0) return whole();
    if (count == 0) break;
    std::string_view piece(buffer.get(), static_cast<size_t>(count));
    if (!carry.empty()) {
      const size_t lf = piece.find('\n');
      if (lf == std::string_view::npos) {
        carry.append(piece);
        continue;
      }
      carry.append(piece.substr(0, lf + 1));
      piece.remove_prefix(lf + 1);
      if (!filter(carry, countries, out, all_plain)) return whole();
      carry.clear();
    }
    const size_t last_lf = piece.rfind('\n');
    if (last_lf == std::string_view::npos) {
      carry.assign(piece);
      continue;
    }
    if (!filter(piece.substr(0, last_lf + 1), countries, out, all_plain)) return whole();
    carry.assign(piece.substr(last_lf + 1));
  }
  if (!carry.empty() && !filter(carry, countries, out, all_plain)) return whole();
  if (!stamped && all_plain && age >= stamp_min_age) WriteStamp(stamp_path, identity);
  return out;
}

std::string PlainStampPath(const std::string& cache_dir, const ProfileBook& book) {
  if (cache_dir.empty() || book.pb_file.empty()) return {};
  return fmt::format("{}/{}/{}.{}.plain", cache_dir, book.profile_name,
                     InstallScopeName(book.scope), book.PhonebookName());
}

std::string PlainStampPath(const std::string& cache_dir, const InstalledProfile& profile) {
  return PlainStampPath(cache_dir, profile.OwnBook());
}

bool IsPlainPbk(std::string_view bytes) {
  std::string odd_lines;
  bool all_plain = true;
  return PrefilterLines(bytes, {}, odd_lines, all_plain) && all_plain;
}

Result<std::string> ReadBookFile(const std::string& path, const std::string& stamp_path,
                                 bool& stamped) {
  stamped = false;
  Descriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) return ReadFile(path);  // it says why, in the usual words
  double age = 0;
  const std::string identity =
      stamp_path.empty() ? std::string() : BookIdentity(fd.get(), path, age);
  std::string bytes;
  struct stat info {};
  if (::fstat(fd.get(), &info) == 0 && info.st_size > 0) {
    bytes.reserve(static_cast<size_t>(info.st_size));
  }
  char buffer[size_t{64} << 10];
  for (;;) {
    const ssize_t count = ::read(fd.get(), buffer, sizeof buffer);
    if (count < 0 && errno == EINTR) continue;
    if (count < 0) return Fail(SystemError("read", path, errno));
    if (count == 0) break;
    bytes.append(buffer, static_cast<size_t>(count));
  }
  stamped = !identity.empty() && ReadFile(stamp_path).value_or("") == identity;
  return bytes;
}

void StampPlainBook(const std::string& path, const std::string& stamp_path, uint64_t inode) {
  if (stamp_path.empty()) return;
  Descriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
  struct stat info {};
  if (fd.get() < 0 || ::fstat(fd.get(), &info) != 0 ||
      static_cast<uint64_t>(info.st_ino) != inode) {
    return;  // not the file that was checked (replaced meanwhile): no stamp
  }
  double age = 0;
  WriteStamp(stamp_path, BookIdentity(fd.get(), path, age));
}

void StampIfPlain(const std::string& path, const std::string& stamp_path) {
  if (stamp_path.empty()) return;
  Descriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
  struct stat info {};
  if (fd.get() < 0 || ::fstat(fd.get(), &info) != 0 || !S_ISREG(info.st_mode)) return;
  const auto size = static_cast<size_t>(info.st_size);
  bool plain = true;
  if (size > 0) {
    void* mapped = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd.get(), 0);
    if (mapped == MAP_FAILED) return;
    ::madvise(mapped, size, MADV_SEQUENTIAL);
    plain = IsPlainPbk(std::string_view(static_cast<const char*>(mapped), size));
    ::munmap(mapped, size);
  }
  if (!plain) return;
  double age = 0;
  WriteStamp(stamp_path, BookIdentity(fd.get(), path, age));
}

Result<LoadedPhonebook> LoadPhonebook(const ProfileBook& book,
                                      const std::vector<uint32_t>& countries,
                                      const std::string& cache_dir) {
  if (book.pb_file.empty()) {
    return Fail(Errc::kNotFound,
                fmt::format("{} has no phone book ({} is empty)", book.Label(), book.pb_file_key));
  }
  LoadedPhonebook loaded;
  if (!book.region_file.empty()) {
    Result<std::string> pbr = ReadFile(book.RegionPath());
    if (!pbr && pbr.error().code() != Errc::kNotFound) return Fail(std::move(pbr).error());
    if (pbr) loaded.regions = ReadPbr(*pbr);
  }
  // With a country filter the book is read in pieces through the prefilter, so the 4 MB file
  // is never held (nor its pages faulted in) whole.
  const std::string pbk = CM_TRY(
      countries.empty() ? ReadFile(book.PhonebookPath())
                        : ReadPrefilteredPbk(book.PhonebookPath(), countries, size_t{256} << 10,
                                             PlainStampPath(cache_dir, book)));
  loaded.pbk = ReadPbk(pbk, book.region_file.empty() ? nullptr : &loaded.regions);
  loaded.version = book.PhonebookVersion();
  return loaded;
}

Result<LoadedPhonebook> LoadPhonebook(const InstalledProfile& profile,
                                      const std::vector<uint32_t>& countries,
                                      const std::string& cache_dir) {
  if (profile.profile.pb_file.empty()) {
    return Fail(
        Errc::kNotFound,
        fmt::format("profile {} has no phone book ([ISP] PBFile is empty)", profile.short_name()),
        {.file = profile.cms_path});
  }
  return LoadPhonebook(profile.OwnBook(), countries, cache_dir);
}

}  // namespace cm::cmdial
