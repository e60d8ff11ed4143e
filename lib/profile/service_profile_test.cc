// SPDX-License-Identifier: MIT
#include "cm/service_profile.h"

#include <gtest/gtest.h>

#include <string>

#include "cm/file_util.h"

namespace cm {
namespace {

IniFile Parse(std::string_view text) {
  Result<IniFile> ini = IniFile::Parse(text);
  EXPECT_TRUE(ini.has_value());
  return std::move(*ini);
}

bool HasRule(const std::vector<Diagnostic>& diagnostics, std::string_view rule) {
  for (const Diagnostic& d : diagnostics) {
    if (d.rule == rule) return true;
  }
  return false;
}

TEST(ServiceProfileTest, ReadsHandMadeCmak13Profile) {
  Result<std::string> bytes =
      ReadFile(std::string(CM_TESTDATA_DIR) + "/cmdial/HANDMADE/HANDMADE.cms");
  ASSERT_TRUE(bytes) << bytes.error().ToString();
  std::vector<Diagnostic> diagnostics;
  Result<ServiceProfile> profile = ReadServiceProfile(Parse(*bytes), "HANDMADE", &diagnostics);
  ASSERT_TRUE(profile) << profile.error().ToString();
  EXPECT_EQ(profile->short_name, "HANDMADE");
  EXPECT_EQ(profile->service_name, "Hand Made VPN");
  EXPECT_FALSE(profile->dialup);
  EXPECT_TRUE(profile->direct);
  EXPECT_TRUE(profile->tunnel);
  // ConnectionType=0 (dial-up) is ignored: the profile does not offer dial-up.
  EXPECT_EQ(profile->default_type, ConnectionType::kDirect);
  EXPECT_EQ(profile->tunnel_type, TunnelType::kIkev2);
  EXPECT_EQ(profile->vpn_servers,
            (std::vector<std::string>{"vpn.example.org", "vpn2.example.org"}));
  EXPECT_EQ(profile->realm_suffix, "@example.org");
  EXPECT_EQ(profile->realm_prefix, "");
  EXPECT_EQ(profile->dun, "HANDMADE");
  EXPECT_EQ(profile->tunnel_dun, "HANDMADE Tunnel");
  EXPECT_TRUE(profile->pb_file.empty());
  EXPECT_TRUE(profile->pb_url.empty());
  ASSERT_EQ(profile->filters.size(), 1u);
  EXPECT_EQ(profile->filters[0].name, "SignOn");
  EXPECT_EQ(profile->filters[0].mask, 1u);
  EXPECT_EQ(profile->filters[0].match, 0u);
  ASSERT_EQ(profile->service_types.size(), 1u);
  EXPECT_EQ(profile->service_types[0].first, "Modem");
  const auto& pre_connect = profile->ActionsAt(ActionPoint::kPreConnect);
  ASSERT_EQ(pre_connect.size(), 1u);
  EXPECT_EQ(pre_connect[0].command_line, "check.sh %UserName%");
  EXPECT_EQ(pre_connect[0].description, "Check");
  EXPECT_EQ(pre_connect[0].flags, 0x07u);
  EXPECT_EQ(pre_connect[0].timeout_seconds, 60u);
  EXPECT_TRUE(profile->ActionsAt(ActionPoint::kPreInit).empty());
  EXPECT_TRUE(diagnostics.empty());
}

TEST(ServiceProfileTest, ReadsProfileWrittenByCmakNew) {
  Result<std::string> bytes =
      ReadFile(std::string(CM_TESTDATA_DIR) + "/cmdial/CMAKMADE/CMAKMADE.cms");
  ASSERT_TRUE(bytes) << bytes.error().ToString();
  std::vector<Diagnostic> diagnostics;
  Result<ServiceProfile> profile = ReadServiceProfile(Parse(*bytes), "CMAKMADE", &diagnostics);
  ASSERT_TRUE(profile) << profile.error().ToString();
  EXPECT_EQ(profile->service_name, "Cmak Made");
  EXPECT_EQ(profile->tunnel_type, TunnelType::kCommand);
  EXPECT_TRUE(profile->vpn_servers.empty());
  EXPECT_EQ(profile->tunnel_up, "up.sh %ServiceDir%");
  EXPECT_EQ(profile->pb_file, "spec-example.pbk");
  EXPECT_EQ(profile->region_file, "spec-example.pbr");
  EXPECT_EQ(profile->publisher_key, "ed25519:QPqJJhjUbAvA5xzLsSwsAev+sOA7FP1/N4jMUmfa5U4=");
  EXPECT_EQ(profile->filters.size(), 12u);
  EXPECT_EQ(profile->service_types.size(), 4u);
  EXPECT_EQ(profile->base_filters,
            (std::vector<std::string>{"NosurchargeSignon", "SurchargeSignon"}));
  EXPECT_EQ(profile->realm_suffix, "@corp.example");
  const auto& pre_connect = profile->ActionsAt(ActionPoint::kPreConnect);
  ASSERT_EQ(pre_connect.size(), 1u);
  EXPECT_TRUE(pre_connect[0].included());
  EXPECT_EQ(pre_connect[0].command_line, "log.sh pre-connect %UserName%");
  const auto& post = profile->ActionsAt(ActionPoint::kPostConnect);
  ASSERT_EQ(post.size(), 1u);
  EXPECT_TRUE(post[0].interactive());
  EXPECT_FALSE(post[0].RunsFor(ConnectionType::kDialup));
  EXPECT_TRUE(diagnostics.empty());
}

TEST(ServiceProfileTest, MissingServiceNameIsAnError) {
  Result<ServiceProfile> profile =
      ReadServiceProfile(Parse("[Connection Manager]\r\nServiceName=\r\n"), "X", nullptr);
  ASSERT_FALSE(profile);
  EXPECT_EQ(profile.error().code(), Errc::kInvalidArgument);
  EXPECT_NE(profile.error().message().find("ServiceName"), std::string::npos);
}

TEST(ServiceProfileTest, DefaultsWhenKeysAreMissing) {
  Result<ServiceProfile> profile =
      ReadServiceProfile(Parse("[Connection Manager]\nServiceName=Bare\n"), "BARE", nullptr);
  ASSERT_TRUE(profile);
  EXPECT_EQ(profile->redial_count, 3u);
  EXPECT_EQ(profile->redial_delay_seconds, 5u);
  EXPECT_EQ(profile->idle_timeout_minutes, 10u);
  EXPECT_EQ(profile->download_delay_seconds, 15u);
  EXPECT_TRUE(profile->logging);
  EXPECT_EQ(profile->log_max_kib, 64u);
  EXPECT_TRUE(profile->hide_domain);
  EXPECT_TRUE(profile->use_same_user_name);
  EXPECT_FALSE(profile->hide_remember_password);
  EXPECT_EQ(profile->default_type, ConnectionType::kDirect);
  EXPECT_EQ(profile->server_choice, "in-order");
  EXPECT_TRUE(profile->vpn_servers.empty());
}

constexpr std::string_view kFull =
    "[Connection Manager]\n"
    "ServiceName=Demo Service\n"
    "Dialup=1\nDirect=0\nTunnel=1\n"
    "RedialCount=7\nRedialDelay=2\nIdleTimeout=0\nDownloadDelay=1\n"
    "EnableLogging=0\nMaxLogFileSize=128\nLogFolderPath=/var/log/x\n"
    "UserNamePrefix=CORP\\\nHideDomain=0\nHideRememberPassword=1\n"
    "TunnelAddress=ignored.example\n"
    "[ISP]\n"
    "PBFile=DEMO\\SAMPLE.pbk\nRegionFile=DEMO\\SAMPLE.pbr\n"
    "PBURL=http://127.0.0.1:8080/pbserver/pbserver.dll\n"
    "Mask&Modem=0x0004\nMatch&Modem=0x0000\n"
    "Mask&Surcharge=0x0040\nMatch&Surcharge=0x0040\n"
    "[Service Types]\nModem=Modem\n"
    "[cmsuite Phonebook]\nPublisherKey=ed25519:AAAA\n"
    "[cmsuite Tunnel]\nType=command\nServer0=gw.example\nUp=up.sh %ServiceDir%\nDown=down.sh\n"
    "Port=1194\nServerChoice=random\n"
    "[cmsuite Actions]\nTimeout=30\n"
    "[Connect Actions]\n"
    "1=second.sh\n1&Timeout=5\n"
    "0=+/opt/my tools/first+ -a %UserName%\n0&Flags=0x22\n"
    "[On-Error Actions]\n0=\n";

TEST(ServiceProfileTest, ReadsEveryKey) {
  std::vector<Diagnostic> diagnostics;
  Result<ServiceProfile> profile = ReadServiceProfile(Parse(kFull), "DEMO", &diagnostics);
  ASSERT_TRUE(profile) << profile.error().ToString();
  EXPECT_TRUE(profile->dialup);
  EXPECT_FALSE(profile->direct);
  EXPECT_EQ(profile->default_type, ConnectionType::kDoubleDial);
  EXPECT_EQ(profile->redial_count, 7u);
  EXPECT_EQ(profile->redial_delay_seconds, 2u);
  EXPECT_EQ(profile->idle_timeout_minutes, 0u);
  EXPECT_EQ(profile->download_delay_seconds, 1u);
  EXPECT_FALSE(profile->logging);
  EXPECT_EQ(profile->log_max_kib, 128u);
  EXPECT_EQ(profile->log_folder, "/var/log/x");
  EXPECT_EQ(profile->realm_prefix, "CORP\\");
  EXPECT_FALSE(profile->hide_domain);
  EXPECT_TRUE(profile->hide_remember_password);
  EXPECT_EQ(profile->pb_file, "SAMPLE.pbk");
  EXPECT_EQ(profile->region_file, "SAMPLE.pbr");
  EXPECT_EQ(profile->pb_url, "http://127.0.0.1:8080/pbserver/pbserver.dll");
  EXPECT_EQ(profile->publisher_key, "ed25519:AAAA");
  ASSERT_EQ(profile->filters.size(), 2u);
  EXPECT_EQ(profile->filters[1].name, "Surcharge");
  EXPECT_EQ(profile->filters[1].mask, 0x40u);
  EXPECT_EQ(profile->filters[1].match, 0x40u);
  EXPECT_EQ(profile->tunnel_type, TunnelType::kCommand);
  EXPECT_EQ(profile->vpn_servers, std::vector<std::string>{"gw.example"});
  EXPECT_EQ(profile->tunnel_up, "up.sh %ServiceDir%");
  EXPECT_EQ(profile->tunnel_down, "down.sh");
  EXPECT_EQ(profile->server_choice, "random");
  ASSERT_EQ(profile->tunnel_settings.size(), 1u);
  EXPECT_EQ(profile->tunnel_settings.at("port"), "1194");

  const auto& post = profile->ActionsAt(ActionPoint::kPostConnect);
  ASSERT_EQ(post.size(), 2u);
  EXPECT_EQ(post[0].index, 0u);  // sorted by index, not file order
  EXPECT_EQ(post[0].command_line, "+/opt/my tools/first+ -a %UserName%");
  EXPECT_EQ(post[0].description, "first");
  EXPECT_EQ(post[0].flags, 0x22u);
  EXPECT_TRUE(post[0].included());
  EXPECT_FALSE(post[0].RunsFor(ConnectionType::kDirect));
  EXPECT_TRUE(post[0].RunsFor(ConnectionType::kDialup));
  EXPECT_EQ(post[0].timeout_seconds, 30u);  // [cmsuite Actions] Timeout
  EXPECT_EQ(post[1].description, "second.sh");
  EXPECT_EQ(post[1].timeout_seconds, 5u);
  EXPECT_TRUE(profile->ActionsAt(ActionPoint::kOnError).empty());
  EXPECT_TRUE(HasRule(diagnostics, "profile.action-empty"));
}

TEST(ServiceProfileTest, ConnectionTypeChoosesWhenBothAreOffered) {
  auto read = [](std::string_view connection_type) {
    std::string text = "[Connection Manager]\nServiceName=S\nDialup=1\nDirect=1\nTunnel=0\n";
    text += connection_type;
    return ReadServiceProfile(Parse(text), "S", nullptr)->default_type;
  };
  EXPECT_EQ(read("ConnectionType=0\n"), ConnectionType::kDialup);
  EXPECT_EQ(read("ConnectionType=1\n"), ConnectionType::kDirect);
  EXPECT_EQ(read(""), ConnectionType::kDirect);
}

TEST(ServiceProfileTest, PhoneBookPathsNeverLeaveTheProfileFolder) {
  std::vector<Diagnostic> diagnostics;
  Result<ServiceProfile> profile = ReadServiceProfile(
      Parse("[Connection Manager]\nServiceName=S\n[ISP]\nPBFile=..\\..\\etc\\passwd\n"
            "RegionFile=..\n"),
      "S", &diagnostics);
  ASSERT_TRUE(profile);
  EXPECT_EQ(profile->pb_file, "passwd");
  EXPECT_EQ(profile->region_file, "");
  EXPECT_TRUE(HasRule(diagnostics, "profile.file-outside-folder"));
  EXPECT_TRUE(HasRule(diagnostics, "profile.file-name"));
}

TEST(ServiceProfileTest, BadValuesBecomeDiagnosticsNotErrors) {
  std::vector<Diagnostic> diagnostics;
  Result<ServiceProfile> profile = ReadServiceProfile(
      Parse("[Connection Manager]\nServiceName=S\nRedialCount=many\n[cmsuite Tunnel]\n"
            "Type=carrier-pigeon\n[ISP]\nMask&X=0x1\n"),
      "S", &diagnostics);
  ASSERT_TRUE(profile);
  EXPECT_EQ(profile->redial_count, 0u);  // GetPrivateProfileInt reads text as 0
  EXPECT_EQ(profile->tunnel_type, TunnelType::kIkev2);
  EXPECT_TRUE(HasRule(diagnostics, "profile.tunnel-type"));
  EXPECT_TRUE(HasRule(diagnostics, "profile.filter-without-match"));
  bool int_rule = false;
  for (const Diagnostic& d : diagnostics) int_rule |= d.rule.starts_with("ini.int");
  EXPECT_TRUE(int_rule);
}

}  // namespace
}  // namespace cm
