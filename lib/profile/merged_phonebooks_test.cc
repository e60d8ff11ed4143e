// SPDX-License-Identifier: MIT
// ReadMergedPhonebooks through ReadServiceProfile: merged books read, broken entries reported
// and left out (never a failure of the whole profile).
#include <gtest/gtest.h>

#include <string>

#include "cm/service_profile.h"

namespace cm {
namespace {

constexpr std::string_view kKey = "ed25519:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

std::string Cms(std::string_view merged) {
  return "[Connection Manager]\r\nServiceName=Main\r\n"
         "[ISP]\r\nPBFile=MAIN\\main.pbk\r\nRegionFile=MAIN\\main.pbr\r\n" +
         std::string(merged);
}

std::string Section(std::string_view name, std::string_view pbk, std::string_view url = "",
                    std::string_view key = kKey) {
  return "[cmsuite Merge&" + std::string(name) + "]\r\nServiceName=" + std::string(name) +
         " service\r\nPBFile=MAIN\\" + std::string(pbk) +
         "\r\nRegionFile=\r\nPBURL=" + std::string(url) + "\r\nPublisherKey=" + std::string(key) +
         "\r\n";
}

ServiceProfile Read(const std::string& text, std::vector<Diagnostic>* diagnostics) {
  Result<IniFile> ini = IniFile::Parse(text);
  EXPECT_TRUE(ini.has_value());
  Result<ServiceProfile> profile = ReadServiceProfile(*ini, "MAIN", diagnostics);
  EXPECT_TRUE(profile.has_value()) << profile.error().ToString();
  return profile ? *std::move(profile) : ServiceProfile{};
}

TEST(MergedPhonebooksTest, ReadsEachMergedBookInOrder) {
  std::vector<Diagnostic> diagnostics;
  ServiceProfile profile =
      Read(Cms("[cmsuite Merged Profiles]\r\n0=PARTNER\r\n1=OTHER\r\n" +
               Section("PARTNER", "partner.pbk", "https://pb.partner.example/pbserver.dll") +
               "[cmsuite Merge&OTHER]\r\nServiceName=Other\r\nPBFile=\r\n"),
           &diagnostics);
  EXPECT_TRUE(diagnostics.empty()) << diagnostics.front().message;
  ASSERT_EQ(profile.merged.size(), 2u);
  const MergedPhonebook& partner = profile.merged[0];
  EXPECT_EQ(partner.short_name, "PARTNER");
  EXPECT_EQ(partner.service_name, "PARTNER service");
  EXPECT_EQ(partner.pb_file, "partner.pbk");
  EXPECT_EQ(partner.region_file, "");
  EXPECT_EQ(partner.pb_url, "https://pb.partner.example/pbserver.dll");
  EXPECT_EQ(partner.publisher_key, kKey);
  EXPECT_EQ(profile.merged[1].short_name, "OTHER");
  EXPECT_EQ(profile.merged[1].pb_file, "");
}

TEST(MergedPhonebooksTest, NoMergedSectionsNoBooks) {
  std::vector<Diagnostic> diagnostics;
  ServiceProfile profile = Read(Cms(""), &diagnostics);
  EXPECT_TRUE(profile.merged.empty());
  EXPECT_TRUE(diagnostics.empty());
}

// Each broken entry: the rule it breaks, the [section] key the message names, and how many
// books are still read (PARTNER, listed first, is always fine).
TEST(MergedPhonebooksTest, BrokenEntriesAreReportedAndLeftOut) {
  const std::string partner = Section("PARTNER", "partner.pbk");
  struct Case {
    std::string merged;
    std::string rule;
    std::string where;
    size_t books;
  };
  const std::vector<Case> cases = {
      {"1=GHOST\r\n" + partner, "profile.merge-no-section", "[cmsuite Merged Profiles] 1", 1},
      {"1=MAIN\r\n" + partner, "profile.merge-self", "[cmsuite Merged Profiles] 1", 1},
      {"1=partner\r\n" + partner, "profile.merge-duplicate", "[cmsuite Merged Profiles] 1", 1},
      {"1=a/b\r\n" + partner, "profile.merge-name", "[cmsuite Merged Profiles] 1", 1},
      {"1=X\r\n" + partner + Section("X", "main.pbk"), "profile.merge-file-clash",
       "[cmsuite Merge&X] PBFile", 1},
      {"1=X\r\n" + partner + Section("X", "MAIN.cms"), "profile.merge-file-clash",
       "[cmsuite Merge&X] PBFile", 1},
      {"1=X\r\n" + partner + Section("X", "PARTNER.PBK"), "profile.merge-file-clash",
       "[cmsuite Merge&X] PBFile", 1},
      {"1=X\r\n" + partner + Section("X", "x.pbk", "ftp://pb.example/"), "profile.merge-url",
       "[cmsuite Merge&X] PBURL", 2},
      {"1=X\r\n" + partner + Section("X", "x.pbk", "", "ed25519:short"), "profile.merge-key",
       "[cmsuite Merge&X] PublisherKey", 2},
      {"1=X\r\n" + partner + "[cmsuite Merge&X]\r\nPBFile=..\\..\\etc\\x.pbk\r\n",
       "profile.file-outside-folder", "[cmsuite Merge&X] PBFile", 2},
      {"1=X\r\n" + partner + "[cmsuite Merge&X]\r\nPBFile=MAIN\\..\r\n", "profile.file-name",
       "[cmsuite Merge&X] PBFile", 2},
  };
  for (const Case& c : cases) {
    std::vector<Diagnostic> diagnostics;
    ServiceProfile profile =
        Read(Cms("[cmsuite Merged Profiles]\r\n0=PARTNER\r\n" + c.merged), &diagnostics);
    ASSERT_EQ(diagnostics.size(), 1u) << c.rule;
    EXPECT_EQ(diagnostics[0].rule, c.rule);
    EXPECT_TRUE(diagnostics[0].message.starts_with(c.where)) << diagnostics[0].message;
    ASSERT_EQ(profile.merged.size(), c.books) << c.rule;
    EXPECT_EQ(profile.merged[0].short_name, "PARTNER") << c.rule;
    if (c.books == 2) {
      const MergedPhonebook& x = profile.merged[1];
      EXPECT_TRUE(x.pb_url.empty()) << c.rule;  // a dropped URL is never asked
      if (c.rule == "profile.merge-key") {
        EXPECT_TRUE(x.publisher_key.empty());
      }
      if (c.rule == "profile.file-outside-folder") {
        EXPECT_EQ(x.pb_file, "x.pbk");
      }
      if (c.rule == "profile.file-name") {
        EXPECT_EQ(x.pb_file, "");
      }
    }
  }
}

}  // namespace
}  // namespace cm
