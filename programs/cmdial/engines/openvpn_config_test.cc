// SPDX-License-Identifier: MIT
#include "engines/openvpn_config.h"

#include <gtest/gtest.h>

namespace cm::cmdial {
namespace {

OpenVpnClientOptions Sample() {
  OpenVpnClientOptions options;
  options.profile_name = "CORP";
  options.remotes = {{"vpn1.example.com", 1194}, {"10.0.0.2", 443}};
  options.ca_file = "/home/u/.local/share/cmsuite/CORP/ca.crt";
  options.management_socket = "/run/user/1000/cmsuite-vpn/CORP/management.sock";
  options.log_file = "/run/user/1000/cmsuite-vpn/CORP/openvpn.log";
  return options;
}

TEST(OpenVpnConfig, RemotesInOrderAndPasswordsByManagement) {
  Result<std::string> config = OpenVpnClientConfig(Sample());
  ASSERT_TRUE(config) << config.error().message();
  size_t first = config->find("remote \"vpn1.example.com\" 1194 udp\n");
  size_t second = config->find("remote \"10.0.0.2\" 443 udp\n");
  ASSERT_NE(first, std::string::npos) << *config;
  ASSERT_NE(second, std::string::npos) << *config;
  EXPECT_LT(first, second);
  for (const char* line : {"client\n", "dev tun\n", "remote-cert-tls server\n", "auth-user-pass\n",
                           "management-query-passwords\n", "management-hold\n",
                           "management \"/run/user/1000/cmsuite-vpn/CORP/management.sock\" unix\n",
                           "ca \"/home/u/.local/share/cmsuite/CORP/ca.crt\"\n"}) {
    EXPECT_NE(config->find(line), std::string::npos) << line << " in\n" << *config;
  }
  // auth-user-pass without a file name: OpenVPN asks over the management socket.
  EXPECT_EQ(config->find("auth-user-pass \""), std::string::npos);
  EXPECT_EQ(config->find("cert \""), std::string::npos);
}

TEST(OpenVpnConfig, TcpCipherCertificateAndDevice) {
  OpenVpnClientOptions options = Sample();
  options.protocol = "tcp";
  options.cipher = "AES-256-GCM";
  options.auth = "certificate";
  options.cert_file = "/k/client.crt";
  options.key_file = "/k/client.key";
  options.device = "cm-CORP";
  Result<std::string> config = OpenVpnClientConfig(options);
  ASSERT_TRUE(config) << config.error().message();
  EXPECT_NE(config->find("remote \"vpn1.example.com\" 1194 tcp-client\n"), std::string::npos);
  EXPECT_NE(config->find("data-ciphers \"AES-256-GCM\"\n"), std::string::npos);
  EXPECT_NE(config->find("cert \"/k/client.crt\"\nkey \"/k/client.key\"\n"), std::string::npos);
  EXPECT_NE(config->find("dev-type tun\ndev \"cm-CORP\"\n"), std::string::npos);
  EXPECT_EQ(config->find("auth-user-pass"), std::string::npos);
  EXPECT_EQ(config->find("management-query-passwords"), std::string::npos);
}

TEST(OpenVpnConfig, RefusesWhatCannotBeWrittenSafely) {
  OpenVpnClientOptions options = Sample();
  options.ca_file = "/x\"\nscript-security 3\nup \"/bin/evil";
  EXPECT_FALSE(OpenVpnClientConfig(options));
  options = Sample();
  options.remotes.clear();
  EXPECT_FALSE(OpenVpnClientConfig(options));
  options = Sample();
  options.protocol = "sctp";
  EXPECT_FALSE(OpenVpnClientConfig(options));
  options = Sample();
  options.auth = "token";
  EXPECT_FALSE(OpenVpnClientConfig(options));
  options = Sample();
  options.ca_file.clear();
  EXPECT_FALSE(OpenVpnClientConfig(options));
}

}  // namespace
}  // namespace cm::cmdial
