// SPDX-License-Identifier: MIT
#include "engines/pppd_options.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace cm::cmdial {
namespace {

bool Has(const std::vector<std::string>& args, std::string_view arg) {
  return std::find(args.begin(), args.end(), arg) != args.end();
}

IniFile Cms(std::string_view text) { return IniFile::Parse(text).value(); }

TEST(PppdOptionsTest, CmakDefaultsBecomePppdOptions) {
  // The networking sections cmak writes for a dial-up profile.
  IniFile cms =
      Cms("[Server&CORP]\r\nNetworkLogon=0\r\nSW_Compress=1\r\nNegotiate_TCP/IP=1\r\n"
          "Require_MSCHAP2=1\r\nPW_EncryptMS=1\r\nDataEncrypt=1\r\n"
          "[TCP/IP&CORP]\r\nIP_Header_Compress=1\r\nGateway_On_Remote=1\r\n");
  PppdRequest request{"/dev/ttyS0", 57600, "alice@corp"};
  auto invocation = BuildPppdInvocation(cms, "CORP", request);
  ASSERT_TRUE(invocation) << invocation.error().ToString();
  const auto& args = invocation->args;
  EXPECT_EQ(args[0], "/dev/ttyS0");
  EXPECT_EQ(args[1], "57600");
  EXPECT_TRUE(Has(args, "nodetach"));
  EXPECT_TRUE(Has(args, "refuse-pap"));
  EXPECT_TRUE(Has(args, "refuse-chap"));
  EXPECT_TRUE(Has(args, "refuse-mschap"));
  EXPECT_FALSE(Has(args, "refuse-mschap-v2"));
  EXPECT_TRUE(Has(args, "require-mppe"));
  EXPECT_TRUE(Has(args, "defaultroute"));
  EXPECT_TRUE(Has(args, "usepeerdns"));
  EXPECT_FALSE(Has(args, "novj"));
  EXPECT_FALSE(Has(args, "noccp"));
  // The user name is in the options text, never on the command line.
  EXPECT_EQ(invocation->options_text, "user \"alice@corp\"\n");
  for (const std::string& arg : args) EXPECT_EQ(arg.find("alice"), std::string::npos) << arg;
  EXPECT_TRUE(Has(args, "/dev/fd/3"));
  EXPECT_TRUE(Has(args, "passwordfd.so"));
}

TEST(PppdOptionsTest, SwitchedOffFeaturesAndStaticDns) {
  IniFile cms =
      Cms("[Server&ISP]\r\nSW_Compress=0\r\nRequire_PAP=1\r\nRequire_CHAP=1\r\n"
          "[TCP/IP&ISP]\r\nIP_Header_Compress=0\r\nGateway_On_Remote=0\r\n"
          "Specify_Server_Address=1\r\nDNS_Address=192.0.2.53\r\n");
  auto invocation = BuildPppdInvocation(cms, "ISP", PppdRequest{"/dev/ttyUSB0", 115200, "bob"});
  ASSERT_TRUE(invocation);
  const auto& args = invocation->args;
  EXPECT_TRUE(Has(args, "noccp"));
  EXPECT_TRUE(Has(args, "novj"));
  EXPECT_FALSE(Has(args, "defaultroute"));
  EXPECT_FALSE(Has(args, "usepeerdns"));
  EXPECT_TRUE(Has(args, "192.0.2.53"));
  EXPECT_FALSE(Has(args, "refuse-pap"));
  EXPECT_FALSE(Has(args, "refuse-chap"));
  EXPECT_TRUE(Has(args, "refuse-mschap-v2"));
}

TEST(PppdOptionsTest, RefusesUnsafeUserNamesAndBadDns) {
  IniFile cms = Cms("[TCP/IP&X]\r\nSpecify_Server_Address=1\r\nDNS_Address=dns.example\r\n");
  EXPECT_FALSE(BuildPppdInvocation(cms, "Y", PppdRequest{"/dev/ttyS0", 9600, "a\"b"}));
  EXPECT_FALSE(BuildPppdInvocation(cms, "Y", PppdRequest{"/dev/ttyS0", 9600, "a\nplugin x"}));
  auto bad_dns = BuildPppdInvocation(cms, "X", PppdRequest{"/dev/ttyS0", 9600, "ok"});
  ASSERT_FALSE(bad_dns);
  EXPECT_NE(bad_dns.error().message().find("DNS_Address"), std::string::npos);
}

}  // namespace
}  // namespace cm::cmdial
