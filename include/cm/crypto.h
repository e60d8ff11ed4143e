// SPDX-License-Identifier: MIT
// Hashes and signatures: SHA-256 (OpenSSL) and Ed25519 keys and signatures (libsodium).
//
// Publishers (pbadmin, cmak) hold a SigningKey and sign manifests; everyone else pins the
// PublicKey and verifies. Keys and signatures travel as text: "ed25519:<base64>". The key file
// format is in docs/formats/keys.md.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "cm/result.h"

namespace cm {

using Sha256Digest = std::array<uint8_t, 32>;

// SHA-256 of `bytes`.
Sha256Digest Sha256(std::string_view bytes);

// SHA-256 of bytes that arrive in pieces: Update in order, then Final once.
class Sha256Hasher {
 public:
  Sha256Hasher();
  void Update(std::string_view bytes);
  Sha256Digest Final();

 private:
  alignas(8) unsigned char state_[128];  // OpenSSL's SHA256_CTX (checked in sha256.cc)
};
// Lower-case hex of a digest (64 characters).
std::string ToHex(const Sha256Digest& digest);
// Parses 64 hex digits. kParse otherwise.
[[nodiscard]] Result<Sha256Digest> ParseSha256Hex(std::string_view hex);

using Signature = std::array<uint8_t, 64>;

class PublicKey {
 public:
  static constexpr size_t kSize = 32;

  // Parses "ed25519:<base64 of 32 bytes>". kParse with a message saying what form is expected.
  [[nodiscard]] static Result<PublicKey> Parse(std::string_view text);
  static PublicKey FromBytes(const std::array<uint8_t, kSize>& bytes) { return PublicKey(bytes); }

  // "ed25519:<base64>", the form profiles pin and `pubkey` commands print.
  std::string ToString() const;
  // A short name for people to compare: "SHA256:" and the first 16 hex digits of the key's hash,
  // grouped in fours ("SHA256:1a2b:3c4d:5e6f:7a8b").
  std::string Fingerprint() const;
  const std::array<uint8_t, kSize>& bytes() const { return bytes_; }

  bool operator==(const PublicKey&) const = default;

 private:
  explicit PublicKey(const std::array<uint8_t, kSize>& bytes) : bytes_(bytes) {}
  std::array<uint8_t, kSize> bytes_;
};

// An Ed25519 secret key. Move-only; the secret is wiped when the object dies.
class SigningKey {
 public:
  // A new random key.
  static SigningKey Generate();
  // Parses a key file (docs/formats/keys.md). kParse naming the line that is wrong; kCorrupt
  // when the stored public key does not belong to the secret.
  [[nodiscard]] static Result<SigningKey> Parse(std::string_view file_bytes);

  SigningKey(SigningKey&& other) noexcept;
  SigningKey& operator=(SigningKey&& other) noexcept;
  SigningKey(const SigningKey&) = delete;
  SigningKey& operator=(const SigningKey&) = delete;
  ~SigningKey();

  // The key file's bytes. Store them with mode 0600.
  std::string Serialize() const;
  PublicKey public_key() const;
  Signature Sign(std::string_view message) const;

 private:
  SigningKey() = default;
  std::array<uint8_t, 64> secret_{};  // libsodium's form: seed followed by the public key
};

// Ok when `signature` is `key`'s signature of `message`; kSignature otherwise.
[[nodiscard]] Status Verify(const PublicKey& key, std::string_view message,
                            const Signature& signature);

// "ed25519:<base64>" for signatures, and its parser (kParse on a bad form).
std::string SignatureToString(const Signature& signature);
[[nodiscard]] Result<Signature> ParseSignature(std::string_view text);

}  // namespace cm
