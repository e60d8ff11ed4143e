// SPDX-License-Identifier: MIT
// Round trips of the hand-made CMAK-shaped profiles in testdata/ini/ in all four encodings.
#include "cm/ini_file.h"

#include <gtest/gtest.h>

#include <string>

#include "ini/ini_test_util.h"
#include "ini/text_encoding.h"

namespace cm {
namespace {

using ini_test::ParseOk;
using ini_test::ReadTestData;
using Strings = std::vector<std::string>;

struct Variant {
  const char* folder;
  TextEncoding encoding;
  LineEnding line_ending;
};

constexpr Variant kVariants[] = {
    {"utf8-lf", TextEncoding::kUtf8, LineEnding::kLf},
    {"utf8-crlf", TextEncoding::kUtf8, LineEnding::kCrLf},
    {"utf16le-crlf", TextEncoding::kUtf16Le, LineEnding::kCrLf},
    {"cp1252-crlf", TextEncoding::kWindows1252, LineEnding::kCrLf},
};

constexpr const char* kProfileFiles[] = {"campus.cms", "campus.cmp", "campus.inf", "campus.sed"};

const char kServiceName[] = "R\xC3\xA9seau Campus \xC3\x89t\xC3\xA9";  // Réseau Campus Été

std::string PathOf(const Variant& variant, const char* name) {
  return std::string("ini/") + variant.folder + "/" + name;
}

// Every section's entries, so two parses can be compared whole.
std::vector<std::pair<std::string, std::vector<std::pair<std::string, std::string>>>> Dump(
    const IniFile& file) {
  std::vector<std::pair<std::string, std::vector<std::pair<std::string, std::string>>>> out;
  for (const std::string& section : file.SectionNames()) {
    out.emplace_back(section, file.Entries(section));
  }
  return out;
}

TEST(IniProfileFilesTest, EveryVariantRoundTripsByteForByte) {
  for (const Variant& variant : kVariants) {
    for (const char* name : kProfileFiles) {
      const std::string bytes = ReadTestData(PathOf(variant, name));
      ASSERT_FALSE(bytes.empty()) << PathOf(variant, name);
      const IniFile file = ParseOk(bytes);
      EXPECT_EQ(file.encoding(), variant.encoding) << PathOf(variant, name);
      EXPECT_EQ(file.line_ending(), variant.line_ending) << PathOf(variant, name);
      EXPECT_EQ(file.Serialize(), bytes) << PathOf(variant, name);
    }
  }
}

TEST(IniProfileFilesTest, EveryVariantReadsLikeTheUtf8Source) {
  for (const char* name : kProfileFiles) {
    const IniFile source = ParseOk(ReadTestData(PathOf(kVariants[0], name)));
    ASSERT_FALSE(source.SectionNames().empty()) << name;
    for (const Variant& variant : kVariants) {
      const IniFile file = ParseOk(ReadTestData(PathOf(variant, name)));
      EXPECT_EQ(Dump(file), Dump(source)) << PathOf(variant, name);
    }
  }
}

TEST(IniProfileFilesTest, OnlyTheExpectedDiagnostics) {
  for (const Variant& variant : kVariants) {
    for (const char* name : kProfileFiles) {
      const IniFile file = ParseOk(ReadTestData(PathOf(variant, name)));
      const Strings expected = variant.encoding == TextEncoding::kWindows1252
                                   ? Strings{"ini.windows-1252"}
                                   : Strings{};
      EXPECT_EQ(ini_test::Rules(file), expected) << PathOf(variant, name);
    }
  }
}

TEST(IniProfileFilesTest, CmsReadsLikeCmak13) {
  for (const Variant& variant : kVariants) {
    const IniFile cms = ParseOk(ReadTestData(PathOf(variant, "campus.cms")));
    SCOPED_TRACE(variant.folder);
    EXPECT_EQ(cms.Get("Connection Manager", "ServiceName"), kServiceName);
    EXPECT_EQ(cms.GetInt("Connection Manager", "RedialCount", 0).value, 3u);
    EXPECT_EQ(cms.GetInt("connection manager", "IdleTimeout", 0).value, 30u);
    EXPECT_EQ(cms.GetInt("Profile Format", "Version", 0).value, 4u);
    EXPECT_EQ(cms.GetInt("ISP", "Mask&NosurchargeSignon", 0).value, 0x41u);
    EXPECT_EQ(cms.GetInt("ISP", "Match&SurchargeSignon", 0).value, 0x40u);
    EXPECT_EQ(cms.Get("ISP", "FilterA&"), "NosurchargeSignon");
    EXPECT_EQ(cms.Get("ISP", "PBURL"), "");
    EXPECT_EQ(cms.KeyNames("ISP").size(), 29u);
    EXPECT_EQ(cms.Get("Service Types", "Modem MultiCast"), "MultiCastModem");
    for (const char* actions :
         {"Pre-Init Actions", "Pre-Connect Actions", "Pre-Dial Actions", "Pre-Tunnel Actions",
          "Connect Actions", "Auto Applications", "Disconnect Actions", "On-Cancel Actions",
          "On-Error Actions"}) {
      EXPECT_TRUE(cms.HasSection(actions)) << actions;
      EXPECT_TRUE(cms.KeyNames(actions).empty()) << actions;
    }
    const std::string dun = cms.GetString("Connection Manager", "DUN", "");
    EXPECT_EQ(cms.Get("Server&" + dun, "Require_MSCHAP2"), "1");
    EXPECT_EQ(cms.Get("TCP/IP&" + dun, "Gateway_On_Remote"), "1");
    const std::string tunnel_dun = cms.GetString("Connection Manager", "TunnelDUN", "");
    EXPECT_EQ(cms.GetInt("Networking&" + tunnel_dun, "VpnStrategy", 0).value, 2u);
  }
}

TEST(IniProfileFilesTest, InfCmpAndSedRead) {
  for (const Variant& variant : kVariants) {
    SCOPED_TRACE(variant.folder);
    const IniFile inf = ParseOk(ReadTestData(PathOf(variant, "campus.inf")));
    EXPECT_EQ(inf.Get("Version", "signature"), "$chicago$");
    EXPECT_EQ(inf.GetInt("CMAK Status", "InfVersion", 0).value, 4u);
    EXPECT_EQ(inf.Get("Strings", "ServiceName"), kServiceName);  // quotes stripped
    EXPECT_EQ(inf.Get("Strings", "AppAct"), "SOFTWARE\\Microsoft\\Connection Manager");
    EXPECT_EQ(inf.GetInt("CmDial32.Dll", "Build", 0).value, 248381440u);
    const IniFile cmp = ParseOk(ReadTestData(PathOf(variant, "campus.cmp")));
    EXPECT_EQ(cmp.Get("Connection Manager", "CMSFile"), "CAMPUS\\campus.cms");
    const IniFile sed = ParseOk(ReadTestData(PathOf(variant, "campus.sed")));
    EXPECT_EQ(sed.Get("Strings", "FILE2"), "CAMPUS.cms");
    EXPECT_EQ(sed.KeyNames("SourceFiles0").size(), 5u);
    EXPECT_EQ(sed.Get("SourceFiles0", "%FILE0%"), "");
  }
}

// The file's text as UTF-8, so that line diffs work for every encoding.
std::string AsText(const Variant& variant, const std::string& raw) {
  switch (variant.encoding) {
    case TextEncoding::kUtf16Le: return ini::DecodeUtf16Le(raw.substr(2)).utf8;
    case TextEncoding::kWindows1252: return ini::DecodeWindows1252(raw);
    default: return raw;
  }
}

TEST(IniProfileFilesTest, AnEditChangesExactlyOneLineInEveryEncoding) {
  const std::string new_value = "45 \xC3\xA9t\xC3\xA9";  // "45 été"
  for (const Variant& variant : kVariants) {
    SCOPED_TRACE(variant.folder);
    const std::string eol = variant.line_ending == LineEnding::kLf ? "\n" : "\r\n";
    const std::string bytes = ReadTestData(PathOf(variant, "campus.cms"));

    IniFile updated = ParseOk(bytes);
    ASSERT_TRUE(updated.Set("CONNECTION MANAGER", "idletimeout", new_value));
    ini_test::LineDiff diff =
        ini_test::DiffLines(AsText(variant, bytes), AsText(variant, updated.Serialize()));
    EXPECT_EQ(diff.removed, (Strings{"IdleTimeout = 30" + eol}));
    EXPECT_EQ(diff.added, (Strings{"IdleTimeout = " + new_value + eol}));

    IniFile added = ParseOk(bytes);
    ASSERT_TRUE(added.Set("Connect Actions", "0", "cmroute.dll"));
    diff = ini_test::DiffLines(AsText(variant, bytes), AsText(variant, added.Serialize()));
    EXPECT_EQ(diff.removed, Strings{});
    EXPECT_EQ(diff.added, (Strings{"0=cmroute.dll" + eol}));

    const IniFile again = ParseOk(updated.Serialize());
    EXPECT_EQ(again.encoding(), variant.encoding);
    EXPECT_EQ(again.Get("Connection Manager", "IdleTimeout"), new_value);
    EXPECT_EQ(again.Serialize(), updated.Serialize());
  }
}

}  // namespace
}  // namespace cm
