// SPDX-License-Identifier: MIT
// Table-driven tests of the per-tunnel setting rules shared by cmak new and cmak lint.
#include "tunnel_settings.h"

#include <gtest/gtest.h>

namespace cm::cmak {
namespace {

TEST(TunnelSettingsTest, ValuesByTypeAndKey) {
  struct Case {
    TunnelType type;
    const char* key;
    const char* value;
    bool ok;
  };
  const Case cases[] = {
      {TunnelType::kWireGuard, "ServerPublicKey",
       "yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=", true},
      {TunnelType::kWireGuard, "ServerPublicKey", "yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmn=",
       false},  // last character carries bits past 32 bytes
      {TunnelType::kWireGuard, "ServerPublicKey", "short=", false},
      {TunnelType::kWireGuard, "AllowedIPs", "0.0.0.0/0, ::/0", true},
      {TunnelType::kWireGuard, "AllowedIPs", "10.1.2.0/24,fd00:1::/64", true},
      {TunnelType::kWireGuard, "AllowedIPs", "10.1.2.0", false},
      {TunnelType::kWireGuard, "AllowedIPs", "fd00::/129", false},
      {TunnelType::kWireGuard, "AllowedIPs", "10.0.0.0/8,", false},
      {TunnelType::kWireGuard, "Port", "51820", true},
      {TunnelType::kWireGuard, "Port", "0", false},
      {TunnelType::kWireGuard, "Auth", "password", false},
      {TunnelType::kOpenVpn, "Protocol", "tcp", true},
      {TunnelType::kOpenVpn, "Protocol", "TCP", false},
      {TunnelType::kOpenVpn, "CAFile", "P\\ca.crt", true},
      {TunnelType::kOpenVpn, "ServerPublicKey", "x", false},
      {TunnelType::kIkev2, "Auth", "eap-tls", true},
      {TunnelType::kIkev2, "Port", "500", false},
      {TunnelType::kSstp, "Auth", "mschapv2", true},
      {TunnelType::kL2tp, "Auth", "chap", true},
      {TunnelType::kPptp, "Auth", "pap", false},
      {TunnelType::kCommand, "Port", "1", false},
  };
  for (const Case& c : cases) {
    Status status = CheckTunnelSetting(c.type, c.key, c.value);
    EXPECT_EQ(status.has_value(), c.ok) << TunnelTypeName(c.type) << " " << c.key << "=" << c.value
                                        << (status ? "" : ": " + status.error().message());
  }
}

TEST(TunnelSettingsTest, RequiredAndStructureKeys) {
  EXPECT_EQ(RequiredTunnelSettings(TunnelType::kOpenVpn), std::vector<std::string_view>{"CAFile"});
  EXPECT_EQ(RequiredTunnelSettings(TunnelType::kWireGuard),
            std::vector<std::string_view>{"ServerPublicKey"});
  EXPECT_TRUE(RequiredTunnelSettings(TunnelType::kIkev2).empty());
  EXPECT_TRUE(IsTunnelStructureKey("server12"));
  EXPECT_TRUE(IsTunnelStructureKey("Up"));
  EXPECT_FALSE(IsTunnelStructureKey("ServerPublicKey"));
  EXPECT_TRUE(IsServerChoice("random"));
  EXPECT_FALSE(IsServerChoice("Random"));
}

}  // namespace
}  // namespace cm::cmak
