// SPDX-License-Identifier: MIT
// The phone book update: one GET to the profile's PBURL, a verified cabinet, atomic writes.
#include "profiles/phonebook_update.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <ctime>
#include <filesystem>
#include <functional>
#include <memory>
#include <system_error>

#include "cm/ascii.h"
#include "cm/file_util.h"
#include "cm/profile_package.h"
#include "cm/release.h"
#include "profiles/curl_library.h"
#include "profiles/phonebook_files.h"

namespace cm::cmdial {
namespace {

struct Body {
  std::string bytes;
  size_t max_bytes = 0;
  bool too_big = false;
};

size_t WriteBody(char* data, size_t size, size_t count, void* user) {
  auto* body = static_cast<Body*>(user);
  const size_t bytes = size * count;
  if (body->bytes.size() + bytes > body->max_bytes) {
    body->too_big = true;
    return 0;  // makes curl stop with CURLE_WRITE_ERROR
  }
  body->bytes.append(data, bytes);
  return bytes;
}

bool IsHttpUrl(std::string_view url) {
  return AsciiStartsWithNoCase(url, "http://") || AsciiStartsWithNoCase(url, "https://");
}

struct Answer {
  long status = 0;
  std::string body;
};

// One GET of `url`: no redirect followed, http/https only, body capped. libcurl is loaded here,
// on the first update of the process, not when cmdial starts.
Result<Answer> Fetch(const std::string& url, const UpdateOptions& options) {
  CurlLibrary loaded;
  const CurlLibrary* curl = nullptr;
  if (options.curl_soname.empty()) {
    curl = CM_TRY(Libcurl());
  } else {
    loaded = CM_TRY(OpenCurlLibrary(options.curl_soname.c_str()));
    curl = &loaded;
  }
  auto cleanup = [curl](CURL* handle) { curl->easy_cleanup(handle); };
  std::unique_ptr<CURL, decltype(cleanup)> easy(curl->easy_init(), cleanup);
  if (!easy) return Fail(Errc::kInternal, "libcurl did not initialise (curl_easy_init)");
  Body body;
  body.max_bytes = options.max_bytes;
  char error_text[CURL_ERROR_SIZE] = {};
  CURL* handle = easy.get();
  // The options the safety rules rest on must take, whatever libcurl.so.4 is installed. (No
  // CURLOPT_REDIR_PROTOCOLS_STR: with FOLLOWLOCATION off no redirect is followed, and libcurl
  // refuses the empty list that used to be set here without its result being checked.)
  const CURLcode restricted = [&] {
    for (CURLcode code : {curl->easy_setopt(handle, CURLOPT_FOLLOWLOCATION, 0L),
                          curl->easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "http,https"),
                          curl->easy_setopt(handle, CURLOPT_MAXFILESIZE_LARGE,
                                            static_cast<curl_off_t>(options.max_bytes)),
                          curl->easy_setopt(handle, CURLOPT_WRITEFUNCTION, WriteBody),
                          curl->easy_setopt(handle, CURLOPT_WRITEDATA, &body)}) {
      if (code != CURLE_OK) return code;
    }
    return CURLE_OK;
  }();
  if (restricted != CURLE_OK) {
    return Fail(Errc::kUnsupported,
                fmt::format("libcurl refused a required option ({}); phone book updates need "
                            "libcurl 7.85 or later",
                            curl->easy_strerror(restricted)));
  }
  curl->easy_setopt(handle, CURLOPT_URL, url.c_str());
  curl->easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
  curl->easy_setopt(handle, CURLOPT_CONNECTTIMEOUT, options.connect_timeout_seconds);
  curl->easy_setopt(handle, CURLOPT_TIMEOUT, options.timeout_seconds);
  curl->easy_setopt(handle, CURLOPT_USERAGENT, "cmdial/1 (cmsuite)");
  curl->easy_setopt(handle, CURLOPT_ERRORBUFFER, error_text);
  const CURLcode code = curl->easy_perform(handle);
  if (body.too_big || code == CURLE_FILESIZE_EXCEEDED) {
    return Fail(Errc::kLimit, fmt::format("the server's answer is larger than the limit of {} "
                                          "bytes; refused",
                                          options.max_bytes));
  }
  if (code != CURLE_OK) {
    return Fail(Errc::kNetwork,
                fmt::format("{}: {}", url, error_text[0] ? error_text : curl->easy_strerror(code)));
  }
  Answer answer;
  curl->easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &answer.status);
  if (answer.status >= 300 && answer.status < 400) {
    char* location = nullptr;
    curl->easy_getinfo(handle, CURLINFO_REDIRECT_URL, &location);
    return Fail(Errc::kNetwork,
                fmt::format("the server redirected to {}; redirects are never followed (only "
                            "the profile's own phone book URL is used)",
                            location ? location : "another place"));
  }
  answer.body = std::move(body.bytes);
  return answer;
}

std::string QueryUrl(std::string_view base, uint32_t version, std::string_view name) {
  const char separator = base.find('?') == std::string_view::npos ? '?' : '&';
  return fmt::format("{}{}osarch=0&ostype=0&osver=6&cmver=7&lcid=1033&pbver={}&pb={}", base,
                     separator, version, name);
}

void AppendLog(const std::string& path, std::string_view line) {
  if (path.empty()) return;
  std::error_code error;
  std::filesystem::create_directories(std::filesystem::path(path).parent_path(), error);
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) return;
  std::time_t now = std::time(nullptr);
  std::tm utc{};
  ::gmtime_r(&now, &utc);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &utc);
  std::string text = fmt::format("{} {}\n", stamp, line);
  [[maybe_unused]] ssize_t written = ::write(fd, text.data(), text.size());
  ::close(fd);
}

// The installed book's files, the base a delta is applied to (nullopt when there is none).
// They are neither checked nor hashed here: ApplyUpdate checks the result against the signed
// manifest, and tells a changed base apart only when that fails.
// `plain` tells that the .pbk's plain-book stamp matched it (every line a plain POP line).
struct InstalledFiles {
  uint32_t version = 0;
  std::string pbk;
  std::string pbr;
  bool plain = false;
  InstalledBook book() const { return {version, pbk, pbr}; }
};

std::optional<InstalledFiles> ReadInstalled(const ProfileBook& book, uint32_t version,
                                            const std::string& stamp_path) {
  if (version == 0) return std::nullopt;
  InstalledFiles files;
  files.version = version;
  Result<std::string> pbk = ReadBookFile(book.PhonebookPath(), stamp_path, files.plain);
  if (!pbk) return std::nullopt;
  files.pbk = std::move(*pbk);
  if (!book.region_file.empty()) {
    Result<std::string> read = ReadFile(book.RegionPath());
    if (read) files.pbr = std::move(*read);
  }
  return files;
}

// The names the book's three files have in the profile folder: plain names only.
struct BookFileNames {
  std::string pbk, pbr, ver;
};

Result<BookFileNames> FileNames(const ProfileBook& book) {
  const std::string stem = book.PhonebookName();
  BookFileNames names{book.pb_file, book.region_file.empty() ? stem + ".pbr" : book.region_file,
                      stem + ".ver"};
  for (const std::string& name : {names.pbk, names.pbr, names.ver}) {
    if (!IsPlainMemberName(name)) {
      return Fail(Errc::kInvalidArgument,
                  fmt::format("phone book file name '{}' is not a plain file name", name));
    }
  }
  return names;
}

// Checks the cabinet and writes the new book: the .pbk as ApplyUpdate makes it (to a temporary
// file, which the disk starts writing while the rest is made and checked), then the .pbr and,
// last, the .ver, all put in place by StagedFiles::Commit only once ApplyUpdate has proved the
// result, so that neither a killed process nor a power failure ever leaves a .ver claiming a
// version whose files are not in place, and a failed check leaves the old book as it was.
//
// With a `stamp_path`, the new .pbk's lines are checked as they pass (IsPlainPbk) and a plain
// book is stamped (StampPlainBook), so the next `cmdial pops` takes the fast path at once. When
// the installed book was stamped plain (`installed_plain`), the runs of its lines a delta keeps
// (views of installed->pbk, see ApplyPbkDelta) are plain already: only the new lines are
// checked, a few hundred KB instead of the whole book.
Result<PhonebookUpdateOutcome> ApplyCabinet(const ProfileBook& book, std::string_view cabinet,
                                            const PublicKey& key, const InstalledBook* installed,
                                            bool installed_plain, const std::string& stamp_path) {
  PhonebookUpdateOutcome outcome;
  outcome.old_version = book.PhonebookVersion();
  const std::string name = book.PhonebookName();
  const BookFileNames names = CM_TRY(FileNames(book));
  StagedFiles staged = CM_TRY(StagedFiles::Open(book.folder));
  CM_TRY_STATUS(staged.Begin(names.pbk));
  bool plain = !stamp_path.empty();
  const std::string_view base = installed != nullptr && installed_plain
                                    ? std::string_view(installed->pbk)
                                    : std::string_view();
  auto kept_from_base = [&base](std::string_view bytes) {
    return !base.empty() && std::less_equal<>()(base.data(), bytes.data()) &&
           std::less_equal<>()(bytes.data() + bytes.size(), base.data() + base.size());
  };
  ReleaseSnapshot updated =
      CM_TRY(ApplyUpdate(installed, cabinet, key, name, [&](std::string_view bytes) -> Status {
        if (plain && !kept_from_base(bytes)) plain = IsPlainPbk(bytes);
        return staged.Append(bytes);
      }));
  if (updated.version <= outcome.old_version && installed != nullptr) {
    return Fail(Errc::kInvalidArgument,
                fmt::format("the server sent version {}, not newer than the installed {}",
                            updated.version, outcome.old_version));
  }
  CM_TRY_STATUS(staged.Begin(names.pbr));
  CM_TRY_STATUS(staged.Append(updated.pbr));
  CM_TRY_STATUS(staged.Begin(names.ver));
  CM_TRY_STATUS(staged.Append(VersionFileBytes(updated.version)));
  CM_TRY_STATUS(staged.Commit());
  if (plain) StampPlainBook(book.PhonebookPath(), stamp_path, staged.Inode(0));
  // A delta cabinet holds P.delta; CFFILE names are stored uncompressed, so a search of the
  // (already verified) bytes tells the kind without opening the cabinet twice.
  outcome.kind = installed != nullptr && updated.version > installed->version &&
                         cabinet.find(DeltaMemberName(name)) != std::string_view::npos
                     ? PhonebookUpdateKind::kDelta
                     : PhonebookUpdateKind::kFull;
  outcome.new_version = updated.version;
  outcome.message =
      fmt::format("phone book {} {} -> {} ({})", name, outcome.old_version, updated.version,
                  outcome.kind == PhonebookUpdateKind::kDelta ? "delta" : "full");
  return outcome;
}

Result<PhonebookUpdateOutcome> Update(const ProfileBook& book, const UpdateOptions& options,
                                      const PublicKey& key, const std::string& base_url) {
  const uint32_t version = book.PhonebookVersion();
  const std::string name = book.PhonebookName();
  const std::string stamp_path = PlainStampPath(options.cache_dir, book);
  std::optional<InstalledFiles> installed = ReadInstalled(book, version, stamp_path);
  const std::optional<InstalledBook> base =
      installed ? std::optional<InstalledBook>(installed->book()) : std::nullopt;
  // Without an installed book, ask for the full one; a book that is not the release it claims
  // fails the delta's check (kCorrupt) and is asked for in full below.
  uint32_t asked = installed ? version : 0;
  for (int attempt = 0; attempt < 2; ++attempt) {
    Answer answer = CM_TRY(Fetch(QueryUrl(base_url, asked, name), options));
    if (answer.status == 204) {
      PhonebookUpdateOutcome outcome;
      outcome.kind = PhonebookUpdateKind::kUpToDate;
      outcome.old_version = outcome.new_version = version;
      outcome.message = fmt::format("phone book {} version {} is up to date", name, version);
      return outcome;
    }
    if (answer.status != 200) {
      return Fail(Errc::kNetwork, fmt::format("the server answered HTTP {}", answer.status));
    }
    Result<PhonebookUpdateOutcome> applied =
        ApplyCabinet(book, answer.body, key, asked != 0 ? &*base : nullptr,
                     asked != 0 && installed->plain, stamp_path);
    if (!applied && applied.error().code() == Errc::kCorrupt && asked != 0) {
      asked = 0;  // the installed book does not match the delta's base: fetch the full book
      continue;
    }
    return applied;
  }
  return Fail(Errc::kInternal, "phone book update: no answer");
}

}  // namespace

std::string_view PhonebookUpdateKindName(PhonebookUpdateKind kind) {
  switch (kind) {
    case PhonebookUpdateKind::kNoServer:
      return "none";
    case PhonebookUpdateKind::kUpToDate:
      return "up-to-date";
    case PhonebookUpdateKind::kDelta:
      return "delta";
    case PhonebookUpdateKind::kFull:
      return "full";
  }
  return "none";
}

Result<PhonebookUpdateOutcome> ApplyPhonebookCabinet(const ProfileBook& book,
                                                     std::string_view cabinet,
                                                     const std::string& cache_dir) {
  Result<PublicKey> key = PublicKey::Parse(book.publisher_key);
  if (!key) return Fail(Errc::kSignature, book.publisher_key_key + ": " + key.error().message());
  const std::string stamp_path = PlainStampPath(cache_dir, book);
  std::optional<InstalledFiles> installed =
      ReadInstalled(book, book.PhonebookVersion(), stamp_path);
  const std::optional<InstalledBook> base =
      installed ? std::optional<InstalledBook>(installed->book()) : std::nullopt;
  return ApplyCabinet(book, cabinet, *key, base ? &*base : nullptr, installed && installed->plain,
                      stamp_path);
}

Result<PhonebookUpdateOutcome> ApplyPhonebookCabinet(const InstalledProfile& profile,
                                                     std::string_view cabinet,
                                                     const std::string& cache_dir) {
  return ApplyPhonebookCabinet(profile.OwnBook(), cabinet, cache_dir);
}

std::string DefaultUpdateLogPath(const StorePaths& paths, const InstalledProfile& profile) {
  return fmt::format("{}/{}-phonebook.log", paths.state_dir, profile.short_name());
}

Result<PhonebookUpdateOutcome> UpdatePhonebook(const ProfileBook& book,
                                               const UpdateOptions& options) {
  const std::string url = options.url_override.empty() ? book.pb_url : options.url_override;
  if (url.empty() || book.pb_file.empty() || book.publisher_key.empty()) {
    PhonebookUpdateOutcome outcome;
    outcome.old_version = outcome.new_version = book.PhonebookVersion();
    outcome.message = fmt::format("{} has no phone book server to ask ({} is empty)", book.Label(),
                                  url.empty()            ? book.url_key
                                  : book.pb_file.empty() ? book.pb_file_key
                                                         : book.publisher_key_key);
    return outcome;
  }
  Result<PhonebookUpdateOutcome> result = [&]() -> Result<PhonebookUpdateOutcome> {
    if (!IsHttpUrl(url)) {
      return Fail(Errc::kInvalidArgument,
                  fmt::format("phone book URL '{}' is not http:// or https://", url));
    }
    Result<PublicKey> key = PublicKey::Parse(book.publisher_key);
    if (!key) return Fail(Errc::kSignature, book.publisher_key_key + ": " + key.error().message());
    return Update(book, options, *key, url);
  }();
  if (result) {
    AppendLog(options.log_path, fmt::format("{} {}", book.Label(), result->message));
  } else {
    AppendLog(options.log_path,
              fmt::format("{} phone book update failed, kept version {}: {}", book.Label(),
                          book.PhonebookVersion(), result.error().ToString()));
  }
  return result;
}

Result<PhonebookUpdateOutcome> UpdatePhonebook(const InstalledProfile& profile,
                                               const UpdateOptions& options) {
  return UpdatePhonebook(profile.OwnBook(), options);
}

}  // namespace cm::cmdial
