// SPDX-License-Identifier: MIT
// HTTP(S) and FTP(S) posting with libcurl.
#include "poster.h"

#include <curl/curl.h>
#include <fmt/format.h>

#include <cstring>
#include <memory>

#include "cm/cab.h"

namespace cm::pbadmin {
namespace {

struct CurlDeleter {
  void operator()(CURL* curl) const { curl_easy_cleanup(curl); }
};
struct SlistDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using CurlHandle = std::unique_ptr<CURL, CurlDeleter>;
using HeaderList = std::unique_ptr<curl_slist, SlistDeleter>;

bool StartsWith(const std::string& text, std::string_view prefix) {
  return text.size() >= prefix.size() && text.compare(0, prefix.size(), prefix) == 0;
}

size_t Collect(char* data, size_t size, size_t count, void* user) {
  auto* body = static_cast<std::string*>(user);
  if (body->size() < 64 * 1024) body->append(data, size * count);
  return size * count;
}

// Reads an upload from memory.
struct Upload {
  std::string_view data;
  size_t offset = 0;
};

size_t ReadUpload(char* buffer, size_t size, size_t count, void* user) {
  auto* upload = static_cast<Upload*>(user);
  size_t n = std::min(size * count, upload->data.size() - upload->offset);
  if (n == 0) return 0;  // READY is empty: its view may hold a null pointer
  std::memcpy(buffer, upload->data.data() + upload->offset, n);
  upload->offset += n;
  return n;
}

struct ProgressState {
  const PostProgress* progress;
  uint64_t before;  // bytes of earlier files
  uint64_t total;
};

int OnProgress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t uploaded) {
  auto* state = static_cast<ProgressState*>(user);
  if (*state->progress) {
    (*state->progress)(state->before + static_cast<uint64_t>(uploaded), state->total);
  }
  return 0;
}

Result<CurlHandle> NewHandle(const PostTarget& target) {
  CurlHandle curl(curl_easy_init());
  if (!curl) return Fail(Errc::kInternal, "libcurl could not start");
  curl_easy_setopt(curl.get(), CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl.get(), CURLOPT_CONNECTTIMEOUT, 15L);
  curl_easy_setopt(curl.get(), CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl_easy_setopt(curl.get(), CURLOPT_LOW_SPEED_TIME, 60L);
  if (!target.user.empty()) {
    curl_easy_setopt(curl.get(), CURLOPT_USERNAME, target.user.c_str());
    curl_easy_setopt(curl.get(), CURLOPT_PASSWORD, target.password.c_str());
  }
  if (!target.ca_file.empty()) curl_easy_setopt(curl.get(), CURLOPT_CAINFO, target.ca_file.c_str());
  return curl;
}

Error TransferError(CURLcode code, const char* detail, const std::string& url) {
  return Error(Errc::kNetwork,
               fmt::format("post failed: {}", *detail != '\0' ? detail : curl_easy_strerror(code)),
               {.file = RedactUrl(url)});
}

std::string FirstLine(std::string_view body) {
  size_t end = body.find_first_of("\r\n");
  std::string line(body.substr(0, end));
  return line.size() > 300 ? line.substr(0, 300) + "..." : line;
}

Result<std::string> PostHttp(const PostTarget& target, const PostRelease& release,
                             const PostProgress& progress) {
  std::string bundle = CM_TRY(MakePostBundle(release));
  std::string url = HttpPostUrl(target.url, release.name);
  CurlHandle curl = CM_TRY(NewHandle(target));
  HeaderList headers(curl_slist_append(nullptr, "Content-Type: application/vnd.ms-cab-compressed"));
  std::string version_header = fmt::format("X-Phonebook-Version: {}", release.version);
  headers.reset(curl_slist_append(headers.release(), version_header.c_str()));
  headers.reset(curl_slist_append(headers.release(), "Expect:"));
  std::string body;
  char error[CURL_ERROR_SIZE] = "";
  ProgressState state{&progress, 0, bundle.size()};
  curl_easy_setopt(curl.get(), CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
  curl_easy_setopt(curl.get(), CURLOPT_POST, 1L);
  curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDS, bundle.data());
  curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(bundle.size()));
  curl_easy_setopt(curl.get(), CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, Collect);
  curl_easy_setopt(curl.get(), CURLOPT_WRITEDATA, &body);
  curl_easy_setopt(curl.get(), CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(curl.get(), CURLOPT_XFERINFOFUNCTION, OnProgress);
  curl_easy_setopt(curl.get(), CURLOPT_XFERINFODATA, &state);
  curl_easy_setopt(curl.get(), CURLOPT_NOPROGRESS, 0L);
  CURLcode code = curl_easy_perform(curl.get());
  if (code != CURLE_OK) return Fail(TransferError(code, error, url));
  long status = 0;
  curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &status);
  if (status != 201) {
    return Fail(Errc::kNetwork,
                fmt::format("the server refused the post: HTTP {}: {}", status,
                            body.empty() ? "(no reason given)" : FirstLine(body)),
                {.file = RedactUrl(url)});
  }
  return fmt::format("HTTP 201 {}", FirstLine(body));
}

Result<std::string> PostFtp(const PostTarget& target, const PostRelease& release,
                            const PostProgress& progress) {
  // ftps:// is FTP with explicit TLS (AUTH TLS on the control port, then protected data
  // connections; TLS required, never dropped to plain FTP): libcurl's ftp:// with
  // CURLUSESSL_ALL. (libcurl's own ftps:// would be implicit TLS on port 990, which vsftpd and
  // most servers no longer offer by default.)
  bool explicit_tls = StartsWith(target.url, "ftps://");
  std::string base = explicit_tls ? "ftp://" + target.url.substr(7) : target.url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  std::string folder = fmt::format("{}/{}/{}/", base, release.name, release.version);
  std::string shown = explicit_tls ? "ftps://" + folder.substr(6) : folder;
  uint64_t total = 0;
  for (const auto& [file, bytes] : release.files) total += bytes.size();
  uint64_t before = 0;
  // READY goes last: the server takes the folder only once it exists, so a transfer that
  // fails half-way is never published.
  std::vector<std::pair<std::string, std::string_view>> uploads;
  for (const auto& [file, bytes] : release.files) uploads.emplace_back(file, bytes);
  uploads.emplace_back("READY", std::string_view());
  for (const auto& [file, bytes] : uploads) {
    CurlHandle curl = CM_TRY(NewHandle(target));
    std::string url = folder + file;
    Upload upload{bytes, 0};
    ProgressState state{&progress, before, total};
    char error[CURL_ERROR_SIZE] = "";
    curl_easy_setopt(curl.get(), CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl.get(), CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl.get(), CURLOPT_READFUNCTION, ReadUpload);
    curl_easy_setopt(curl.get(), CURLOPT_READDATA, &upload);
    curl_easy_setopt(curl.get(), CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(bytes.size()));
    curl_easy_setopt(curl.get(), CURLOPT_FTP_CREATE_MISSING_DIRS,
                     static_cast<long>(CURLFTP_CREATE_DIR));
    curl_easy_setopt(curl.get(), CURLOPT_ERRORBUFFER, error);
    curl_easy_setopt(curl.get(), CURLOPT_XFERINFOFUNCTION, OnProgress);
    curl_easy_setopt(curl.get(), CURLOPT_XFERINFODATA, &state);
    curl_easy_setopt(curl.get(), CURLOPT_NOPROGRESS, 0L);
    if (explicit_tls) {
      curl_easy_setopt(curl.get(), CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
    }
    CURLcode code = curl_easy_perform(curl.get());
    if (code != CURLE_OK) return Fail(TransferError(code, error, shown + file));
    before += bytes.size();
  }
  return fmt::format("uploaded {} file(s) and READY to {}", release.files.size(), RedactUrl(shown));
}

}  // namespace

Result<std::string> MakePostBundle(const PostRelease& release) {
  std::vector<CabEntry> entries;
  entries.reserve(release.files.size());
  for (const auto& [file, bytes] : release.files) entries.push_back({file, bytes});
  return WriteCabinet(entries, {.compression = CabCompression::kNone});
}

std::string HttpPostUrl(const std::string& url, const std::string& name) {
  std::string base = url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  constexpr std::string_view kPath = "/pbserver/post";
  if (base.size() >= kPath.size() &&
      base.compare(base.size() - kPath.size(), kPath.size(), kPath) == 0) {
    return base + "/" + name;
  }
  return base + std::string(kPath) + "/" + name;
}

std::string RedactUrl(const std::string& url) {
  size_t scheme = url.find("://");
  if (scheme == std::string::npos) return url;
  size_t host = scheme + 3;
  size_t path = url.find('/', host);
  size_t at = url.rfind('@', path == std::string::npos ? url.size() : path);
  if (at == std::string::npos || at < host) return url;
  return url.substr(0, host) + url.substr(at + 1);
}

Result<std::string> Post(const PostTarget& target, const PostRelease& release,
                         const PostProgress& progress) {
  if (StartsWith(target.url, "http://") || StartsWith(target.url, "https://")) {
    return PostHttp(target, release, progress);
  }
  if (StartsWith(target.url, "ftp://") || StartsWith(target.url, "ftps://")) {
    return PostFtp(target, release, progress);
  }
  return Fail(Errc::kInvalidArgument,
              fmt::format("unsupported server URL '{}': use http://, https://, ftp:// or ftps://",
                          RedactUrl(target.url)));
}

}  // namespace cm::pbadmin
