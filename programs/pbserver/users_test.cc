// SPDX-License-Identifier: MIT
// Tests of poster credentials and editing the [users] table.
#include "users.h"

#include <gtest/gtest.h>

#include "config.h"

namespace cm::pbserver {
namespace {

TEST(UsersTest, HashAndVerify) {
  auto hash = HashPassword("s3cret-pass");
  ASSERT_TRUE(hash);
  EXPECT_EQ(hash->rfind("$argon2id$", 0), 0u);
  EXPECT_TRUE(VerifyPassword(*hash, "s3cret-pass"));
  EXPECT_FALSE(VerifyPassword(*hash, "s3cret-pasS"));
  EXPECT_FALSE(VerifyPassword("garbage", "s3cret-pass"));
}

TEST(UsersTest, BasicAuthorization) {
  std::string user, password;
  ASSERT_TRUE(ParseBasicAuthorization("Basic YWxpY2U6cGE6c3M=", &user, &password));  // alice:pa:ss
  EXPECT_EQ(user, "alice");
  EXPECT_EQ(password, "pa:ss");
  EXPECT_TRUE(ParseBasicAuthorization("basic YWxpY2U6cGE6c3M=", &user, &password));
  EXPECT_FALSE(ParseBasicAuthorization("Basic !!!", &user, &password));
  EXPECT_FALSE(ParseBasicAuthorization("Basic YWxpY2U=", &user, &password));  // no colon
  EXPECT_FALSE(ParseBasicAuthorization("Digest x", &user, &password));
}

TEST(UsersTest, EditingKeepsTheRestOfTheFile) {
  std::string text = "# my server\nlisten = [\"0.0.0.0:80\"]  # clients\n";
  auto added = ConfigWithUser(text, "alice", "$argon2id$A");
  ASSERT_TRUE(added);
  EXPECT_EQ(added->rfind(text, 0), 0u);
  auto both = ConfigWithUser(*added + "\n[other]\n", "bob", "$argon2id$B");
  ASSERT_TRUE(both);
  auto replaced = ConfigWithUser(*both, "alice", "$argon2id$C");
  ASSERT_TRUE(replaced);
  EXPECT_EQ(replaced->find("$argon2id$A"), std::string::npos);
  EXPECT_NE(replaced->find("alice = \"$argon2id$C\""), std::string::npos);
  EXPECT_NE(replaced->find("# my server"), std::string::npos);
  EXPECT_NE(replaced->find("[other]"), std::string::npos);
  auto removed = ConfigWithoutUser(*replaced, "bob");
  ASSERT_TRUE(removed);
  EXPECT_EQ(removed->find("bob"), std::string::npos);
  EXPECT_EQ(ConfigWithoutUser(*removed, "bob").error().code(), Errc::kNotFound);
  EXPECT_FALSE(ConfigWithUser(text, "bad name", "$argon2id$X"));
}

}  // namespace
}  // namespace cm::pbserver
