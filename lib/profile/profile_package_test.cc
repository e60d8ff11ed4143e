// SPDX-License-Identifier: MIT
#include "cm/profile_package.h"

#include <gtest/gtest.h>

#include "cm/file_util.h"
#include "profile/profile_package_test_util.h"

namespace cm {
namespace {

using testing::TestPackage;

TEST(ProfilePackageTest, ReadsPackageBuiltByCmak) {
  Result<std::string> cab = ReadFile(std::string(CM_TESTDATA_DIR) + "/cmdial/CMAKMADE.cab");
  ASSERT_TRUE(cab);
  Result<ProfilePackage> package = ReadProfilePackage(*cab);
  ASSERT_TRUE(package) << package.error().ToString();
  EXPECT_EQ(package->short_name, "CMAKMADE");
  ASSERT_TRUE(package->signer);
  EXPECT_EQ(package->signer->ToString(), "ed25519:QPqJJhjUbAvA5xzLsSwsAev+sOA7FP1/N4jMUmfa5U4=");
  EXPECT_EQ(package->members.count("manifest.json"), 0u);
  EXPECT_EQ(package->members.count("log.sh"), 1u);
  Result<std::string> cms =
      ReadFile(std::string(CM_TESTDATA_DIR) + "/cmdial/CMAKMADE/CMAKMADE.cms");
  ASSERT_TRUE(cms);
  EXPECT_EQ(package->members.at("CMAKMADE.cms"), *cms);
  EXPECT_EQ(package->members.size(), 7u);
}

TEST(ProfilePackageTest, SignedTestPackageVerifies) {
  SigningKey key = SigningKey::Generate();
  TestPackage test = TestPackage::Minimal("ACME", "Acme VPN");
  test.key = &key;
  Result<ProfilePackage> package = ReadProfilePackage(test.Build());
  ASSERT_TRUE(package) << package.error().ToString();
  EXPECT_EQ(package->signer, key.public_key());
  EXPECT_EQ(package->members.size(), 3u);
}

struct RefusalCase {
  const char* what;
  Errc code;
  const char* message_part;
};

// Each case tampers with a signed package one way.
class ProfilePackageRefusalTest : public ::testing::TestWithParam<RefusalCase> {};

TestPackage Tampered(std::string_view what, const SigningKey& key) {
  TestPackage test = TestPackage::Minimal("ACME", "Acme VPN");
  test.key = &key;
  if (what == std::string_view("altered-member")) test.altered["ACME.cms"] = "[x]\r\n";
  if (what == std::string_view("unlisted-member")) test.extra_members.push_back({"evil.sh", "x"});
  if (what == std::string_view("folder-member")) test.files["sub/evil.sh"] = "x";
  if (what == std::string_view("dotdot-member")) test.files[".."] = "x";
  if (what == std::string_view("absolute-member")) test.files["/etc/passwd"] = "x";
  if (what == std::string_view("backslash-member")) test.files["..\\evil"] = "x";
  if (what == std::string_view("control-member")) test.files["a\nb"] = "x";
  if (what == std::string_view("no-inf")) test.files.erase("ACME.inf");
  if (what == std::string_view("unsigned")) test.key = nullptr;
  if (what == std::string_view("other-format")) test.format = "cmsuite-profile/2";
  if (what == std::string_view("bad-short-name")) test.short_name = "TOO-LONG-NAME";
  return test;
}

TEST_P(ProfilePackageRefusalTest, IsRefused) {
  SigningKey key = SigningKey::Generate();
  std::string cabinet = Tampered(GetParam().what, key).Build();
  Result<ProfilePackage> package = ReadProfilePackage(cabinet);
  ASSERT_FALSE(package) << GetParam().what;
  EXPECT_EQ(package.error().code(), GetParam().code) << package.error().ToString();
  EXPECT_NE(package.error().message().find(GetParam().message_part), std::string::npos)
      << package.error().ToString();
}

INSTANTIATE_TEST_SUITE_P(
    Cases, ProfilePackageRefusalTest,
    ::testing::Values(
        RefusalCase{"altered-member", Errc::kCorrupt, "ACME.cms"},
        RefusalCase{"unlisted-member", Errc::kCorrupt, "not listed"},
        RefusalCase{"folder-member", Errc::kInvalidArgument, "not a plain file name"},
        RefusalCase{"dotdot-member", Errc::kInvalidArgument, "not a plain file name"},
        RefusalCase{"absolute-member", Errc::kInvalidArgument, "not a plain file name"},
        RefusalCase{"backslash-member", Errc::kInvalidArgument, "not a plain file name"},
        RefusalCase{"control-member", Errc::kInvalidArgument, "not a plain file name"},
        RefusalCase{"no-inf", Errc::kInvalidArgument, "ACME.inf"},
        RefusalCase{"unsigned", Errc::kSignature, "unsigned"},
        RefusalCase{"other-format", Errc::kUnsupported, "cmsuite-profile/2"},
        RefusalCase{"bad-short-name", Errc::kInvalidArgument, "short name"}),
    [](const ::testing::TestParamInfo<RefusalCase>& param_info) {
      std::string name = param_info.param.what;
      for (char& c : name) {
        if (c == '-') c = '_';
      }
      return name;
    });

TEST(ProfilePackageTest, ForgedSignatureIsRefused) {
  SigningKey key = SigningKey::Generate();
  SigningKey other = SigningKey::Generate();
  TestPackage test = TestPackage::Minimal("ACME", "Acme VPN");
  test.key = &key;
  // A manifest claiming `key`, signed by `other`.
  std::string manifest = test.Manifest();
  std::vector<CabEntry> members;
  for (const auto& [name, data] : test.files) members.push_back({name, data});
  members.push_back({"manifest.json", manifest});
  members.push_back({"manifest.sig", SignatureToString(other.Sign(manifest)) + "\n"});
  Result<ProfilePackage> package =
      ReadProfilePackage(WriteCabinet(members, {.timestamp = 0}).value());
  ASSERT_FALSE(package);
  EXPECT_EQ(package.error().code(), Errc::kSignature);
}

TEST(ProfilePackageTest, UnsignedAllowedOnRequest) {
  TestPackage test = TestPackage::Minimal("ACME", "Acme VPN");
  Result<ProfilePackage> package = ReadProfilePackage(test.Build(), UnsignedPackages::kAllow);
  ASSERT_TRUE(package) << package.error().ToString();
  EXPECT_FALSE(package->signer);
}

TEST(ProfilePackageTest, NotACabinetIsRefused) {
  Result<ProfilePackage> package = ReadProfilePackage("#!/bin/sh\necho hi\n");
  ASSERT_FALSE(package);
  EXPECT_EQ(package.error().code(), Errc::kCorrupt);
}

TEST(ProfilePackageTest, SelfExtractingCabinetStartsAfterTheMarkerLine) {
  std::string run =
      "#!/bin/sh\n# __CMSUITE_CAB_FOLLOWS__ in a comment\nexit 0\n"
      "__CMSUITE_CAB_FOLLOWS__\nMSCF\n__CMSUITE_CAB_FOLLOWS__\nrest";
  Result<std::string_view> cab = SelfExtractingCabinet(run);
  ASSERT_TRUE(cab);
  EXPECT_EQ(*cab, "MSCF\n__CMSUITE_CAB_FOLLOWS__\nrest");
  EXPECT_TRUE(LooksLikeCabinet(*cab));
  EXPECT_FALSE(SelfExtractingCabinet("#!/bin/sh\n__CMSUITE_CAB_FOLLOWS__"));  // no LF
  EXPECT_FALSE(SelfExtractingCabinet("MSCF...."));
}

TEST(ProfilePackageTest, PlainNames) {
  EXPECT_TRUE(IsPlainMemberName("SAMPLE.pbk"));
  EXPECT_TRUE(IsPlainMemberName(".hidden"));
  for (std::string_view bad : {"", ".", "..", "a/b", "a\\b", "c:x", " x", "x ", "a\tb"}) {
    EXPECT_FALSE(IsPlainMemberName(bad)) << bad;
  }
  EXPECT_FALSE(IsPlainMemberName(std::string(256, 'a')));
}

}  // namespace
}  // namespace cm
