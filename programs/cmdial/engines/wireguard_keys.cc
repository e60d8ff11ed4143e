// SPDX-License-Identifier: MIT
#include "engines/wireguard_keys.h"

#include <fmt/format.h>
#include <sodium.h>
#include <sys/stat.h>

#include <array>
#include <cerrno>
#include <cstring>

#include "cm/file_util.h"

namespace cm::cmdial {
namespace {

using Key = std::array<unsigned char, 32>;

std::string ToBase64(const Key& key) {
  char text[sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_ORIGINAL)];
  sodium_bin2base64(text, sizeof text, key.data(), key.size(), sodium_base64_VARIANT_ORIGINAL);
  return text;
}

bool FromBase64(std::string_view text, Key* key) {
  size_t length = 0;
  if (text.size() != 44) return false;
  return sodium_base642bin(key->data(), key->size(), text.data(), text.size(), nullptr, &length,
                           nullptr, sodium_base64_VARIANT_ORIGINAL) == 0 &&
         length == 32;
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) {
    text.remove_suffix(1);
  }
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  return text;
}

}  // namespace

bool IsWireGuardKey(std::string_view text) {
  Key key{};
  return FromBase64(text, &key);
}

WireGuardKeyPair NewWireGuardKeyPair() {
  if (sodium_init() < 0) abort();  // no entropy source: nothing safe to do
  Key secret{};
  randombytes_buf(secret.data(), secret.size());
  secret[0] &= 248;
  secret[31] = static_cast<unsigned char>((secret[31] & 127) | 64);
  Key point{};
  crypto_scalarmult_base(point.data(), secret.data());
  WireGuardKeyPair pair{ToBase64(secret), ToBase64(point)};
  sodium_memzero(secret.data(), secret.size());
  return pair;
}

Result<std::string> WireGuardPublicKey(std::string_view private_key) {
  if (sodium_init() < 0) return Fail(Errc::kInternal, "libsodium cannot start");
  Key secret{};
  if (!FromBase64(Trim(private_key), &secret)) {
    return Fail(Errc::kInvalidArgument, "not a WireGuard private key (base64 of 32 bytes)");
  }
  Key point{};
  int status = crypto_scalarmult_base(point.data(), secret.data());
  sodium_memzero(secret.data(), secret.size());
  if (status != 0) return Fail(Errc::kInvalidArgument, "the WireGuard private key is degenerate");
  return ToBase64(point);
}

Result<WireGuardKeyPair> LoadOrCreateWireGuardKey(const std::string& path) {
  struct stat info {};
  if (stat(path.c_str(), &info) != 0) {
    if (errno != ENOENT) {
      return Fail(Errc::kIo, fmt::format("cannot read {}: {}", path, strerror(errno)));
    }
    WireGuardKeyPair pair = NewWireGuardKeyPair();
    CM_TRY_STATUS(WriteFileAtomic(path, pair.private_key + "\n", 0600));
    return pair;
  }
  if ((info.st_mode & 077) != 0) {
    return Fail(Errc::kInvalidArgument,
                fmt::format("{} has mode {:o}: a private key must be readable by its user only "
                            "(chmod 600 it)",
                            path, info.st_mode & 0777));
  }
  std::string text = CM_TRY(ReadFile(path));
  std::string_view key = Trim(text);
  Result<std::string> public_key = WireGuardPublicKey(key);
  if (!public_key) {
    return Fail(Errc::kInvalidArgument,
                fmt::format("{} does not hold a WireGuard private key (base64 of 32 bytes, as "
                            "`wg genkey` writes); remove it to make a new one",
                            path));
  }
  return WireGuardKeyPair{std::string(key), *public_key};
}

}  // namespace cm::cmdial
