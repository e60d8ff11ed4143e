// SPDX-License-Identifier: MIT
// Tests of `cmak keygen`: mode 0600, a parsable key whose public half is printed, no overwrite.
#include <sys/stat.h>

#include "cm/crypto.h"
#include "cmak_test_util.h"

namespace cm::cmak::test {
namespace {

class KeygenTest : public TempDirTest {};

TEST_F(KeygenTest, WritesPrivateKeyFileAndPrintsPublicKey) {
  RunResult r = Cmak({"keygen", "--out", Path("k.key")});
  ASSERT_EQ(r.code, 0) << r.err;
  struct stat info {};
  ASSERT_EQ(::stat(Path("k.key").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  auto key = SigningKey::Parse(Read("k.key"));
  ASSERT_TRUE(key.has_value());
  EXPECT_EQ(r.out.substr(0, r.out.find('\n')), key->public_key().ToString());
}

TEST_F(KeygenTest, RefusesToReplaceAKeyWithoutForce) {
  ASSERT_EQ(Cmak({"keygen", "--out", Path("k.key")}).code, 0);
  std::string first = Read("k.key");
  RunResult r = Cmak({"keygen", "--out", Path("k.key")});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("k.key"), std::string::npos);
  EXPECT_EQ(Read("k.key"), first);
  EXPECT_EQ(Cmak({"keygen", "--force", "--out", Path("k.key")}).code, 0);
  EXPECT_NE(Read("k.key"), first);
}

}  // namespace
}  // namespace cm::cmak::test
