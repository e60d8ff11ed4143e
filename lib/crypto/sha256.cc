// SPDX-License-Identifier: MIT
// SHA-256 through OpenSSL, which uses the CPU's SHA extensions where present. The low-level
// SHA256_Init/Update/Final (deprecated in OpenSSL 3 in favour of EVP, still in every 3.x) are
// used on purpose: linked from the static libcrypto.a they bring about 30 KB of code, where the
// one-shot SHA256() or EVP bring OpenSSL's whole provider machinery (4 MB, 3 ms of start-up).
// lib/crypto/CMakeLists.txt says why the static library.
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/sha.h>

#include <new>

#include "cm/crypto.h"

namespace cm {

namespace {

SHA256_CTX* Context(unsigned char* state) {
  return std::launder(reinterpret_cast<SHA256_CTX*>(state));
}

}  // namespace

Sha256Hasher::Sha256Hasher() {
  static_assert(sizeof(SHA256_CTX) <= sizeof(state_) && alignof(SHA256_CTX) <= 8);
  SHA256_Init(new (state_) SHA256_CTX);
}

void Sha256Hasher::Update(std::string_view bytes) {
  SHA256_Update(Context(state_), bytes.data(), bytes.size());
}

Sha256Digest Sha256Hasher::Final() {
  Sha256Digest digest;
  SHA256_Final(digest.data(), Context(state_));
  return digest;
}

Sha256Digest Sha256(std::string_view bytes) {
  Sha256Digest digest;
  SHA256_CTX context;
  SHA256_Init(&context);
  SHA256_Update(&context, bytes.data(), bytes.size());
  SHA256_Final(digest.data(), &context);
  return digest;
}

std::string ToHex(const Sha256Digest& digest) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(digest.size() * 2);
  for (uint8_t byte : digest) {
    out.push_back(kDigits[byte >> 4]);
    out.push_back(kDigits[byte & 15]);
  }
  return out;
}

Result<Sha256Digest> ParseSha256Hex(std::string_view hex) {
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  Sha256Digest digest{};
  if (hex.size() != digest.size() * 2) {
    return Fail(Errc::kParse, "a SHA-256 digest is 64 hex digits, got " +
                                  std::to_string(hex.size()) + " characters");
  }
  for (size_t i = 0; i < digest.size(); ++i) {
    int high = nibble(hex[2 * i]), low = nibble(hex[2 * i + 1]);
    if (high < 0 || low < 0) return Fail(Errc::kParse, "a SHA-256 digest has only hex digits");
    digest[i] = static_cast<uint8_t>(high << 4 | low);
  }
  return digest;
}

}  // namespace cm
