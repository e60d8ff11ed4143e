// SPDX-License-Identifier: MIT
// Tests of the TOML config file.
#include "config.h"

#include <gtest/gtest.h>

namespace cm::pbserver {
namespace {

TEST(ConfigTest, ReadsEveryKindOfKey) {
  auto config = ParseConfig(
      "listen = [\"127.0.0.1:8080\", \"https://0.0.0.0:8443\"]\n"
      "data = \"/srv/pb\"\nrequire_tls_for_posting = true\nworkers = 3\n"
      "max_post_bytes = 1000\nheader_timeout_seconds = 5\n"
      "[users]\nalice = \"$argon2id$v=19$x\"\n",
      "pbserver.toml");
  ASSERT_TRUE(config) << config.error().ToString();
  EXPECT_EQ(config->listen.size(), 2u);
  EXPECT_EQ(config->data, "/srv/pb");
  EXPECT_TRUE(config->require_tls_for_posting);
  EXPECT_EQ(config->workers, 3u);
  EXPECT_EQ(config->max_post_bytes, 1000u);
  EXPECT_EQ(config->header_timeout_seconds, 5u);
  EXPECT_EQ(config->idle_timeout_seconds, 30u);  // default kept
  EXPECT_EQ(config->users.at("alice"), "$argon2id$v=19$x");
}

TEST(ConfigTest, RefusesTyposWrongTypesAndBadSyntax) {
  auto typo = ParseConfig("listne = \"x\"\n", "f.toml");
  ASSERT_FALSE(typo);
  EXPECT_NE(typo.error().message().find("listne"), std::string::npos);
  EXPECT_FALSE(ParseConfig("workers = \"two\"\n", "f.toml"));
  EXPECT_FALSE(ParseConfig("workers = -1\n", "f.toml"));
  EXPECT_FALSE(ParseConfig("[users]\nalice = \"plaintext\"\n", "f.toml"));
  auto syntax = ParseConfig("a = = 1\n", "f.toml");
  ASSERT_FALSE(syntax);
  EXPECT_EQ(syntax.error().location().line, 1u);
}

}  // namespace
}  // namespace cm::pbserver
