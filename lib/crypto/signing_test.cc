// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>

#include "cm/crypto.h"

namespace cm {
namespace {

TEST(SigningTest, SignedMessageVerifies) {
  SigningKey key = SigningKey::Generate();
  Signature signature = key.Sign("manifest");
  EXPECT_TRUE(Verify(key.public_key(), "manifest", signature));
}

TEST(SigningTest, TamperedMessageOrSignatureFails) {
  SigningKey key = SigningKey::Generate();
  Signature signature = key.Sign("manifest");
  auto tampered = Verify(key.public_key(), "manifesT", signature);
  ASSERT_FALSE(tampered);
  EXPECT_EQ(tampered.error().code(), Errc::kSignature);
  EXPECT_NE(tampered.error().message().find("does not verify"), std::string::npos);
  signature[10] ^= 1;
  EXPECT_FALSE(Verify(key.public_key(), "manifest", signature));
}

TEST(SigningTest, OtherKeyFails) {
  SigningKey key = SigningKey::Generate();
  SigningKey other = SigningKey::Generate();
  EXPECT_FALSE(Verify(other.public_key(), "m", key.Sign("m")));
}

TEST(SigningTest, KeyFileRoundTrips) {
  SigningKey key = SigningKey::Generate();
  std::string file = key.Serialize();
  auto parsed = SigningKey::Parse(file);
  ASSERT_TRUE(parsed) << parsed.error().ToString();
  EXPECT_EQ(parsed->public_key(), key.public_key());
  EXPECT_TRUE(Verify(key.public_key(), "m", parsed->Sign("m")));
}

TEST(SigningTest, KeyFileErrorsNameTheLine) {
  auto wrong_magic = SigningKey::Parse("hello\n");
  ASSERT_FALSE(wrong_magic);
  EXPECT_EQ(wrong_magic.error().location().line, 1u);
  auto bad_secret = SigningKey::Parse("cmsuite signing key v1\nsecret: ed25519:AAAA\n");
  ASSERT_FALSE(bad_secret);
  EXPECT_EQ(bad_secret.error().location().line, 2u);
  EXPECT_FALSE(SigningKey::Parse("cmsuite signing key v1\n"));
}

TEST(SigningTest, MismatchedPublicKeyInFileIsCorrupt) {
  SigningKey key = SigningKey::Generate();
  SigningKey other = SigningKey::Generate();
  std::string file = key.Serialize();
  std::string own = key.public_key().ToString();
  file.replace(file.find(own), own.size(), other.public_key().ToString());
  auto parsed = SigningKey::Parse(file);
  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error().code(), Errc::kCorrupt);
}

TEST(SigningTest, PublicKeyTextForm) {
  SigningKey key = SigningKey::Generate();
  std::string text = key.public_key().ToString();
  EXPECT_EQ(text.rfind("ed25519:", 0), 0u);
  auto parsed = PublicKey::Parse(text);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(*parsed, key.public_key());
  EXPECT_FALSE(PublicKey::Parse("rsa:AAAA"));
  EXPECT_FALSE(PublicKey::Parse("ed25519:AAAA"));
  EXPECT_EQ(key.public_key().Fingerprint().size(),
            std::string("SHA256:0000:0000:0000:0000").size());
}

TEST(SigningTest, SignatureTextForm) {
  SigningKey key = SigningKey::Generate();
  Signature signature = key.Sign("x");
  auto parsed = ParseSignature(SignatureToString(signature));
  ASSERT_TRUE(parsed);
  EXPECT_EQ(*parsed, signature);
  EXPECT_FALSE(ParseSignature("ed25519:" + std::string(10, 'A')));
}

}  // namespace
}  // namespace cm
