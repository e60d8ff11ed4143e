// SPDX-License-Identifier: MIT
// Uploading a release to a phone book server with libcurl, as docs/formats/post.md describes:
// HTTP(S) POST of the post bundle to /pbserver/post/NAME, or FTP(S) upload of the release
// files into <url path>/NAME/N/ followed by an empty READY.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "cm/result.h"

namespace cm::pbadmin {

struct PostTarget {
  std::string url;   // http://, https://, ftp:// or ftps:// (FTP with explicit TLS)
  std::string user;  // empty: none (FTP: anonymous)
  std::string password;
  std::string ca_file;  // TLS: trust these CA certificates instead of the system's
};

// A release's files: full.cab first, then delta-B.cab in base order.
struct PostRelease {
  std::string name;
  uint32_t version = 0;
  std::vector<std::pair<std::string, std::string>> files;  // file name, bytes
};

// Called with bytes sent so far and the total.
using PostProgress = std::function<void(uint64_t sent, uint64_t total)>;

// The post bundle: an uncompressed cabinet of the release's files in order.
[[nodiscard]] Result<std::string> MakePostBundle(const PostRelease& release);

// The URL an HTTP post of `name` goes to: `url` plus /pbserver/post/NAME (or plus /NAME when
// `url` already ends in /pbserver/post).
std::string HttpPostUrl(const std::string& url, const std::string& name);

// `url` without user and password, as recorded in history.
std::string RedactUrl(const std::string& url);

// Posts `release` to `target`. Returns a one-line summary of the server's answer on success.
// Errors: kInvalidArgument for an unsupported scheme; kNetwork when the transfer fails or the
// server refuses, with the HTTP status and the server's reason (the first line of its body).
[[nodiscard]] Result<std::string> Post(const PostTarget& target, const PostRelease& release,
                                       const PostProgress& progress);

}  // namespace cm::pbadmin
