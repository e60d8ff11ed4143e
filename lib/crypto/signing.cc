// SPDX-License-Identifier: MIT
// Ed25519 keys, signatures and their text forms (libsodium).
#include <fmt/format.h>
#include <sodium.h>

#include <cstring>

#include "cm/crypto.h"
#include "crypto/base64.h"

namespace cm {
namespace {

constexpr std::string_view kKeyPrefix = "ed25519:";
constexpr std::string_view kKeyFileMagic = "cmsuite signing key v1";

// libsodium must be initialised once before use; sodium_init() is thread-safe and idempotent.
void EnsureSodium() {
  static const bool ready = [] { return sodium_init() >= 0; }();
  if (!ready) std::abort();  // no usable random source: nothing can be signed safely
}

std::string_view AsText(const uint8_t* data, size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

template <size_t N>
Result<std::array<uint8_t, N>> DecodePrefixed(std::string_view text, std::string_view what) {
  auto expected_form = fmt::format("expected \"ed25519:\" followed by the base64 of {} bytes", N);
  if (text.substr(0, kKeyPrefix.size()) != kKeyPrefix) {
    return Fail(Errc::kParse,
                fmt::format("{} does not start with \"ed25519:\"; {}", what, expected_form));
  }
  auto decoded = internal::Base64Decode(text.substr(kKeyPrefix.size()));
  if (!decoded || decoded->size() != N) {
    return Fail(Errc::kParse, fmt::format("{} is not valid: {}", what, expected_form));
  }
  std::array<uint8_t, N> out;
  std::memcpy(out.data(), decoded->data(), N);
  return out;
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.back() == '\r' || text.back() == '\n' || text.back() == ' ')) {
    text.remove_suffix(1);
  }
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  return text;
}

}  // namespace

Result<PublicKey> PublicKey::Parse(std::string_view text) {
  auto bytes = CM_TRY(DecodePrefixed<kSize>(Trim(text), "public key"));
  return PublicKey(bytes);
}

std::string PublicKey::ToString() const {
  return std::string(kKeyPrefix) + internal::Base64Encode(AsText(bytes_.data(), bytes_.size()));
}

std::string PublicKey::Fingerprint() const {
  std::string hex = ToHex(Sha256(AsText(bytes_.data(), bytes_.size())));
  return fmt::format("SHA256:{}:{}:{}:{}", hex.substr(0, 4), hex.substr(4, 4), hex.substr(8, 4),
                     hex.substr(12, 4));
}

SigningKey SigningKey::Generate() {
  EnsureSodium();
  SigningKey key;
  std::array<uint8_t, crypto_sign_PUBLICKEYBYTES> public_bytes;
  crypto_sign_keypair(public_bytes.data(), key.secret_.data());
  return key;
}

Result<SigningKey> SigningKey::Parse(std::string_view file_bytes) {
  EnsureSodium();
  std::optional<std::array<uint8_t, 32>> seed;
  std::optional<PublicKey> stated_public;
  bool saw_magic = false;
  uint32_t line_number = 0;
  while (!file_bytes.empty()) {
    ++line_number;
    size_t end = file_bytes.find('\n');
    std::string_view line = Trim(file_bytes.substr(0, end));
    file_bytes.remove_prefix(end == std::string_view::npos ? file_bytes.size() : end + 1);
    if (line.empty() || line.front() == '#') continue;
    if (!saw_magic) {
      if (line != kKeyFileMagic) {
        return Fail(
            Errc::kParse,
            fmt::format("not a cmsuite signing key: the first line must be \"{}\"", kKeyFileMagic),
            {.line = line_number});
      }
      saw_magic = true;
      continue;
    }
    size_t colon = line.find(": ");
    std::string_view name = line.substr(0, colon);
    std::string_view value = colon == std::string_view::npos ? "" : line.substr(colon + 2);
    if (name == "public") {
      auto parsed = PublicKey::Parse(value);
      if (!parsed) {
        return Fail(Errc::kParse, parsed.error().message(), {.line = line_number});
      }
      stated_public = *parsed;
    } else if (name == "secret") {
      auto parsed = DecodePrefixed<32>(value, "secret key");
      if (!parsed) {
        return Fail(Errc::kParse, parsed.error().message(), {.line = line_number});
      }
      seed = *parsed;
    } else {
      return Fail(Errc::kParse,
                  fmt::format("unknown line; a key file has only \"public: ...\" and "
                              "\"secret: ...\" lines"),
                  {.line = line_number});
    }
  }
  if (!saw_magic || !seed) {
    return Fail(Errc::kParse, "key file has no \"secret: ed25519:...\" line");
  }
  SigningKey key;
  std::array<uint8_t, crypto_sign_PUBLICKEYBYTES> public_bytes;
  crypto_sign_seed_keypair(public_bytes.data(), key.secret_.data(), seed->data());
  sodium_memzero(seed->data(), seed->size());
  if (stated_public && stated_public->bytes() != public_bytes) {
    return Fail(Errc::kCorrupt, "the key file's public key does not belong to its secret key");
  }
  return key;
}

SigningKey::SigningKey(SigningKey&& other) noexcept : secret_(other.secret_) {
  sodium_memzero(other.secret_.data(), other.secret_.size());
}

SigningKey& SigningKey::operator=(SigningKey&& other) noexcept {
  if (this != &other) {
    secret_ = other.secret_;
    sodium_memzero(other.secret_.data(), other.secret_.size());
  }
  return *this;
}

SigningKey::~SigningKey() { sodium_memzero(secret_.data(), secret_.size()); }

std::string SigningKey::Serialize() const {
  std::array<uint8_t, 32> seed;
  crypto_sign_ed25519_sk_to_seed(seed.data(), secret_.data());
  std::string out = fmt::format(
      "{}\n# Ed25519 signing key. Keep it secret: whoever holds it can publish as you.\n"
      "public: {}\nsecret: {}{}\n",
      kKeyFileMagic, public_key().ToString(), kKeyPrefix,
      internal::Base64Encode(AsText(seed.data(), seed.size())));
  sodium_memzero(seed.data(), seed.size());
  return out;
}

PublicKey SigningKey::public_key() const {
  std::array<uint8_t, PublicKey::kSize> bytes;
  crypto_sign_ed25519_sk_to_pk(bytes.data(), secret_.data());
  return PublicKey::FromBytes(bytes);
}

Signature SigningKey::Sign(std::string_view message) const {
  Signature signature;
  crypto_sign_detached(signature.data(), nullptr,
                       reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                       secret_.data());
  return signature;
}

Status Verify(const PublicKey& key, std::string_view message, const Signature& signature) {
  EnsureSodium();
  if (crypto_sign_verify_detached(signature.data(),
                                  reinterpret_cast<const unsigned char*>(message.data()),
                                  message.size(), key.bytes().data()) != 0) {
    return Fail(Errc::kSignature,
                fmt::format("signature does not verify with key {}", key.Fingerprint()));
  }
  return Ok();
}

std::string SignatureToString(const Signature& signature) {
  return std::string(kKeyPrefix) +
         internal::Base64Encode(AsText(signature.data(), signature.size()));
}

Result<Signature> ParseSignature(std::string_view text) {
  return DecodePrefixed<64>(Trim(text), "signature");
}

}  // namespace cm
