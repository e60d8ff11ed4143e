// SPDX-License-Identifier: MIT
// Tests of the --action syntax, enum names and the rendered profile files.
#include "profile_spec.h"

#include <gtest/gtest.h>

#include "cm/ini_file.h"

namespace cm::cmak {
namespace {

TEST(ActionOptionTest, ParsesPointAttributesAndCommandLine) {
  struct Case {
    const char* text;
    ActionPoint point;
    uint32_t flags;
    const char* command_line;
    const char* description;
  };
  const Case cases[] = {
      {"pre-connect=check.sh %UserName%", ActionPoint::kPreConnect, kActionAllTypes,
       "check.sh %UserName%", "check.sh"},
      {"POST-CONNECT:dialup,interactive=/opt/x/run -v", ActionPoint::kPostConnect,
       kActionDialup | kActionInteractive, "/opt/x/run -v", "run"},
      {"monitored:direct,double-dial=mon", ActionPoint::kMonitored,
       kActionDirect | kActionDoubleDial, "mon", "mon"},
      {"on-error=+C:\\Program Files\\x.exe+ \"a b\"", ActionPoint::kOnError, kActionAllTypes,
       "+C:\\Program Files\\x.exe+ \"a b\"", "x.exe"},
  };
  for (const Case& c : cases) {
    auto action = ParseActionOption(c.text);
    ASSERT_TRUE(action.has_value()) << c.text << ": " << action.error().message();
    EXPECT_EQ(action->point, c.point) << c.text;
    EXPECT_EQ(action->flags, c.flags) << c.text;
    EXPECT_EQ(action->command_line, c.command_line) << c.text;
    EXPECT_EQ(action->description, c.description) << c.text;
  }
}

TEST(ActionOptionTest, RefusesBadInput) {
  for (const char* text : {"pre-connect", "bogus=x", "pre-dial:loud=x", "pre-dial=", "=x"}) {
    auto action = ParseActionOption(text);
    ASSERT_FALSE(action.has_value()) << text;
    EXPECT_EQ(action.error().code(), Errc::kInvalidArgument) << text;
  }
}

TEST(ActionOptionTest, EveryPointRoundTripsAndHasASection) {
  for (size_t i = 0; i < kActionPointCount; ++i) {
    auto point = static_cast<ActionPoint>(i);
    auto parsed = ParseActionPoint(ActionPointName(point));
    ASSERT_TRUE(parsed.has_value());
    EXPECT_EQ(*parsed, point);
    EXPECT_FALSE(ActionSectionName(point).empty());
  }
}

ProfileSpec DoubleDialSpec() {
  ProfileSpec spec;
  spec.short_name = "CONTOSO";
  spec.service_name = "Contoso VPN";
  spec.connection = ConnectionType::kDoubleDial;
  spec.tunnel = TunnelType::kOpenVpn;
  spec.vpn_servers = {"vpn1.contoso.com", "vpn2.contoso.com"};
  spec.phonebook_file = "contoso.pbk";
  spec.regions_file = "contoso.pbr";
  spec.pb_url = "https://pb.contoso.com/pbserver";
  spec.realm_suffix = "@contoso.com";
  spec.actions.push_back(*ParseActionOption("post-connect:include=sync.sh %UserName%"));
  return spec;
}

TEST(RenderProfileTest, CmsHoldsCmak13KeysAndOurSections) {
  auto files = RenderProfile(DoubleDialSpec());
  ASSERT_EQ(files.size(), 4u);
  auto cms = IniFile::Parse(files["CONTOSO.cms"]);
  ASSERT_TRUE(cms.has_value());
  EXPECT_TRUE(cms->diagnostics().empty());
  EXPECT_EQ(cms->Get("Profile Format", "Version"), "4");
  EXPECT_EQ(cms->Get("ISP", "PBFile"), "CONTOSO\\contoso.pbk");
  EXPECT_EQ(cms->Get("ISP", "Mask&SurchargeSignon"), "0x0041");
  EXPECT_EQ(cms->Get("ISP", "FilterB&"), "SurchargeSignon");
  EXPECT_EQ(cms->Get("Connection Manager", "Dialup"), "1");
  EXPECT_EQ(cms->Get("Connection Manager", "Tunnel"), "1");
  EXPECT_EQ(cms->Get("Connection Manager", "TunnelAddress"), "vpn1.contoso.com");
  EXPECT_EQ(cms->Get("Connection Manager", "UserNameSuffix"), "@contoso.com");
  EXPECT_EQ(cms->Get("Connect Actions", "0"), "sync.sh %UserName%");
  EXPECT_EQ(cms->Get("Connect Actions", "0&Flags"), "0x27");
  EXPECT_TRUE(cms->HasSection("Pre-Init Actions"));
  EXPECT_TRUE(cms->HasSection("On-Error Actions"));
  EXPECT_TRUE(cms->HasSection("Server&CONTOSO"));
  EXPECT_EQ(cms->Get("Networking&CONTOSO Tunnel", "VpnStrategy"), "2");
  EXPECT_EQ(cms->Get("cmsuite Tunnel", "Type"), "openvpn");
  EXPECT_EQ(cms->Get("cmsuite Tunnel", "Server1"), "vpn2.contoso.com");
  auto cmp = IniFile::Parse(files["CONTOSO.cmp"]);
  EXPECT_EQ(cmp->Get("Connection Manager", "CMSFile"), "CONTOSO\\CONTOSO.cms");
  auto inf = IniFile::Parse(files["CONTOSO.inf"]);
  EXPECT_EQ(inf->Get("Strings", "ShortSvcName"), "CONTOSO");
  EXPECT_EQ(inf->Get("CMAK Status", "UpdatePhonebook"), "1");
}

TEST(RenderProfileTest, SameSpecGivesSameBytes) {
  EXPECT_EQ(RenderProfile(DoubleDialSpec()), RenderProfile(DoubleDialSpec()));
}

TEST(RenderProfileTest, DialupProfileHasNoTunnelSections) {
  ProfileSpec spec;
  spec.short_name = "DIAL";
  spec.service_name = "Dial";
  spec.connection = ConnectionType::kDialup;
  auto cms = IniFile::Parse(RenderProfile(spec)["DIAL.cms"]);
  EXPECT_EQ(cms->Get("Connection Manager", "Tunnel"), "0");
  EXPECT_FALSE(cms->HasSection("cmsuite Tunnel"));
  EXPECT_FALSE(cms->Get("Connection Manager", "TunnelAddress").has_value());
}

}  // namespace
}  // namespace cm::cmak
