// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>

#include <algorithm>

#include "engines/ikev2_config.h"
#include "engines/l2tp_config.h"
#include "engines/pptp_config.h"
#include "engines/sstp_config.h"
#include "engines/vpn_kernel.h"
#include "engines/vpn_legacy_tunnel.h"

namespace cm::cmdial {
namespace {

LegacyTunnelSettings Sample(TunnelType type) {
  LegacyTunnelSettings settings;
  settings.type = type;
  settings.name = "CORP";
  settings.servers = {{"vpn.example.com", 443}, {"10.0.0.9", 443}};
  settings.ca_file = "/p/CORP/ca.pem";
  settings.interface = "cm-CORP";
  settings.work_dir = "/run/cm/CORP";
  settings.tools = {"/usr/sbin/openvpn", "/usr/bin/wireguard-go", "/usr/bin/wg",
                    "/sbin/ip",          "/usr/sbin/swanctl",     "/usr/sbin/pppd",
                    "/usr/sbin/pptp",    "/usr/sbin/sstpc",       "/usr/sbin/xl2tpd"};
  settings.pre_shared_key = "shared-secret";
  settings.timeout = std::chrono::seconds(30);
  return settings;
}

bool Has(const std::vector<std::string>& args, const std::vector<std::string>& run) {
  return std::search(args.begin(), args.end(), run.begin(), run.end()) != args.end();
}

bool Mentions(const TunnelPlan& plan, std::string_view text) {
  for (const GeneratedFile& file : plan.files) {
    if (file.content.find(text) != std::string::npos) return true;
  }
  for (const auto& command : plan.setup) {
    for (const std::string& arg : command) {
      if (arg.find(text) != std::string::npos) return true;
    }
  }
  for (const std::string& arg : plan.daemon) {
    if (arg.find(text) != std::string::npos) return true;
  }
  return false;
}

TEST(Ikev2Config, SwanctlConnectionWithEapAndCa) {
  Result<std::string> conf = Ikev2SwanctlConf(Sample(TunnelType::kIkev2), "alice@corp");
  ASSERT_TRUE(conf) << conf.error().message();
  for (const char* text :
       {"version = 2\n", "remote_addrs = vpn.example.com,10.0.0.9\n", "vips = 0.0.0.0,::\n",
        "auth = eap-mschapv2\n", "eap_id = \"alice@corp\"\n", "id = \"vpn.example.com\"\n",
        "remote_ts = 0.0.0.0/0,::/0\n", "cacert = \"/p/CORP/ca.pem\"\n"}) {
    EXPECT_NE(conf->find(text), std::string::npos) << text << " in\n" << *conf;
  }
  LegacyTunnelSettings tls = Sample(TunnelType::kIkev2);
  tls.auth = "certificate";
  EXPECT_NE(Ikev2SwanctlConf(tls, "alice")->find("auth = pubkey\n    }"), std::string::npos);
  tls.auth = "pap";
  EXPECT_FALSE(Ikev2SwanctlConf(tls, "alice"));
}

TEST(Ikev2Config, PlanLoadsSecretsFromATemporaryFileAndInitiates) {
  Result<TunnelPlan> plan = Ikev2Plan(Sample(TunnelType::kIkev2), "alice");
  ASSERT_TRUE(plan);
  EXPECT_TRUE(plan->needs_ipsec);
  EXPECT_FALSE(plan->needs_ppp);
  EXPECT_EQ(plan->secrets.path, "/run/cm/CORP/secrets.conf");
  EXPECT_NE(plan->secrets.content.find("secret = \"%PASSWORD%\""), std::string::npos);
  ASSERT_EQ(plan->setup.size(), 4u);
  EXPECT_EQ(plan->setup[0],
            (std::vector<std::string>{"/usr/sbin/swanctl", "--load-creds", "--noprompt", "--file",
                                      "/run/cm/CORP/secrets.conf"}));
  EXPECT_EQ(plan->setup[3], (std::vector<std::string>{"/usr/sbin/swanctl", "--initiate", "--child",
                                                      "CORP", "--timeout", "30"}));
  EXPECT_TRUE(plan->daemon.empty());
}

TEST(SstpConfig, PppdRunsSstpcAndReadsThePasswordFromStdin) {
  Result<std::vector<std::string>> command = SstpPppdCommand(Sample(TunnelType::kSstp), "alice");
  ASSERT_TRUE(command) << command.error().message();
  EXPECT_EQ(command->at(0), "/usr/sbin/pppd");
  EXPECT_EQ(command->at(1), "pty");
  EXPECT_EQ(command->at(2),
            "/usr/sbin/sstpc --nolaunchpppd --ipparam CORP --log-stderr --ca-cert /p/CORP/ca.pem "
            "vpn.example.com:443");
  EXPECT_TRUE(Has(*command, {"name", "alice"}));
  EXPECT_TRUE(Has(*command, {"plugin", "passwordfd.so", "passwordfd", "0"}));
  EXPECT_TRUE(Has(*command, {"require-mschap-v2"}));
  EXPECT_TRUE(Has(*command, {"linkname", "CORP"}));
  EXPECT_TRUE(Has(*command, {"ifname", "cm-CORP"}));
  EXPECT_FALSE(Has(*command, {"password"}));
  Result<TunnelPlan> plan = SstpPlan(Sample(TunnelType::kSstp), "alice");
  ASSERT_TRUE(plan);
  EXPECT_TRUE(plan->needs_ppp);
  EXPECT_TRUE(plan->daemon_reads_password);
  EXPECT_EQ(plan->ready_file, "/var/run/ppp-CORP.pid");
}

TEST(PptpConfig, PppdRunsPptpWithMppe) {
  Result<std::vector<std::string>> command = PptpPppdCommand(Sample(TunnelType::kPptp), "bob");
  ASSERT_TRUE(command);
  EXPECT_EQ(command->at(2), "/usr/sbin/pptp vpn.example.com --nolaunchpppd");
  EXPECT_TRUE(Has(*command, {"require-mppe-128"}));
  EXPECT_TRUE(Has(*command, {"name", "bob"}));
  LegacyTunnelSettings bad = Sample(TunnelType::kPptp);
  bad.auth = "eap-tls";
  EXPECT_FALSE(PptpPppdCommand(bad, "bob"));
  bad = Sample(TunnelType::kPptp);
  bad.servers.clear();
  EXPECT_FALSE(PptpPppdCommand(bad, "bob"));
}

TEST(L2tpConfig, IpsecTransportXl2tpdAndPppdOptions) {
  LegacyTunnelSettings settings = Sample(TunnelType::kL2tp);
  settings.auth = "chap";
  Result<TunnelPlan> plan = L2tpPlan(settings, "carol");
  ASSERT_TRUE(plan) << plan.error().message();
  EXPECT_TRUE(plan->needs_ppp);
  EXPECT_TRUE(plan->needs_ipsec);
  EXPECT_TRUE(Mentions(*plan, "mode = transport"));
  EXPECT_TRUE(Mentions(*plan, "remote_ts = dynamic[udp/l2tp]"));
  EXPECT_TRUE(Mentions(*plan, "[lac CORP]\nlns = vpn.example.com\n"));
  EXPECT_TRUE(Mentions(*plan, "pppoptfile = /run/cm/CORP/options.l2tpd.client\n"));
  EXPECT_TRUE(Mentions(*plan, "name \"carol\"\n"));
  EXPECT_TRUE(Mentions(*plan, "require-chap\n"));
  EXPECT_FALSE(Mentions(*plan, "shared-secret"));  // only in the temporary secrets file
  EXPECT_NE(plan->secrets.content.find("secret = \"shared-secret\""), std::string::npos);
  EXPECT_EQ(plan->control.content, "c CORP carol %PASSWORD%\n");
  EXPECT_TRUE(Has(plan->daemon, {"-C", "/run/cm/CORP/l2tp-control"}));
  settings.pre_shared_key.clear();
  EXPECT_FALSE(L2tpPlan(settings, "carol"));
}

// On a kernel without PPP (this project's build machine), Up() says so instead of starting pppd.
TEST(LegacyTunnel, UpWithoutKernelPppIsUnsupported) {
  KernelFeature ppp = KernelPpp();
  if (ppp.present) GTEST_SKIP() << "this kernel has PPP; the refusal cannot be checked here";
  LegacyTunnel tunnel(Sample(TunnelType::kSstp), SstpPlan);
  Status up = tunnel.Up(TunnelRequest{});
  ASSERT_FALSE(up);
  EXPECT_EQ(up.error().code(), Errc::kUnsupported);
  EXPECT_NE(up.error().message().find("no PPP"), std::string::npos) << up.error().message();
  EXPECT_NE(up.error().message().find("sstp"), std::string::npos) << up.error().message();
}

TEST(LegacyTunnel, UpWithoutKernelIpsecIsUnsupported) {
  KernelFeature ipsec = KernelIpsec();
  if (ipsec.present) GTEST_SKIP() << "this kernel has IPsec; the refusal cannot be checked here";
  LegacyTunnel tunnel(Sample(TunnelType::kIkev2), Ikev2Plan);
  Status up = tunnel.Up(TunnelRequest{});
  ASSERT_FALSE(up);
  EXPECT_EQ(up.error().code(), Errc::kUnsupported);
  EXPECT_NE(up.error().message().find("IPsec"), std::string::npos) << up.error().message();
}

}  // namespace
}  // namespace cm::cmdial
