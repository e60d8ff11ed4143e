// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>

#include <string>

#include "cm/crypto.h"

namespace cm {
namespace {

TEST(Sha256Test, KnownVectors) {
  // FIPS 180-2 examples.
  EXPECT_EQ(ToHex(Sha256("")), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(ToHex(Sha256("abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  // Two blocks, and many (the CPU's SHA instructions take whole blocks in a loop).
  EXPECT_EQ(ToHex(Sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(ToHex(Sha256(std::string(1000000, 'a'))),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Sha256Test, PiecesGiveTheDigestOfTheWhole) {
  std::string text;
  for (int i = 0; i < 1000; ++i) text += std::to_string(i) + ",";
  for (size_t piece : {1, 7, 63, 64, 65, 1000}) {
    Sha256Hasher hasher;
    for (size_t at = 0; at < text.size(); at += piece) {
      hasher.Update(std::string_view(text).substr(at, piece));
    }
    EXPECT_EQ(ToHex(hasher.Final()), ToHex(Sha256(text))) << "pieces of " << piece;
  }
  EXPECT_EQ(ToHex(Sha256Hasher().Final()), ToHex(Sha256("")));
}

TEST(Sha256Test, HexRoundTripsAndRejectsBadInput) {
  auto digest = Sha256("x");
  auto parsed = ParseSha256Hex(ToHex(digest));
  ASSERT_TRUE(parsed);
  EXPECT_EQ(*parsed, digest);
  EXPECT_FALSE(ParseSha256Hex("abc"));
  EXPECT_FALSE(ParseSha256Hex(std::string(64, 'g')));
}

}  // namespace
}  // namespace cm
