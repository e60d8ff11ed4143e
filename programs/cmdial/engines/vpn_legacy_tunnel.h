// SPDX-License-Identifier: MIT
// The tunnels this machine's kernel cannot run (no PPP, no ESP): IKEv2 (strongSwan swanctl),
// SSTP (sstpc under pppd), L2TP/IPsec (xl2tpd + swanctl) and PPTP (pptp under pppd). Each type
// turns the profile into a TunnelPlan (ikev2_config.h, sstp_config.h, l2tp_config.h,
// pptp_config.h): files to write, commands to run, a daemon to keep, and how to tell it is up.
// LegacyTunnel runs a plan. Up() first checks the kernel (vpn_kernel.h) and fails with
// kUnsupported naming what is missing; the tests here check the plans, not a live tunnel.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "cm/profile_names.h"
#include "connect/child_process.h"
#include "connect/tunnel.h"
#include "engines/vpn_support.h"
#include "engines/vpn_tunnels.h"
#include "engines/vpn_watch.h"

namespace cm::cmdial {

// What a legacy tunnel reads from the profile (docs/tunnels.md lists the keys).
struct LegacyTunnelSettings {
  TunnelType type = TunnelType::kIkev2;
  std::string name;               // connection name: letters, digits, '-' (from the short name)
  std::vector<HostPort> servers;  // in the order to try them
  std::string ca_file;            // absolute (CAFile)
  std::string auth;               // Auth; empty: the type's first method
  std::string pre_shared_key;     // L2TP/IPsec: PreSharedKey
  std::string interface;          // the ppp interface name (pppd ifname)
  std::string work_dir;           // <runtime>/<short>
  VpnTools tools;
  std::chrono::seconds timeout{60};
};

struct GeneratedFile {
  std::string path;
  std::string content;
};

struct TunnelPlan {
  bool needs_ppp = false;
  bool needs_ipsec = false;
  bool needs_charon = false;         // strongSwan's daemon must be running (vici socket)
  std::vector<GeneratedFile> files;  // written 0600 before anything runs
  // Written 0600 just before `setup` and removed right after it (swanctl reads secrets only from
  // files); empty path: none.
  GeneratedFile secrets;
  std::vector<std::vector<std::string>> setup;  // each must exit 0, in order
  std::vector<std::string> daemon;              // kept running while the tunnel is up; empty: none
  bool daemon_reads_password = false;  // the password goes to the daemon's stdin (passwordfd 0)
  // A fifo and a line to write into it once the daemon runs (xl2tpd's control file); the
  // `%PASSWORD%` in it is replaced by the password. Empty path: none.
  GeneratedFile control;
  std::string ready_file;  // exists once the tunnel is up; empty: setup done = up
  std::vector<std::vector<std::string>> teardown;  // run by Down(), failures only logged
};

// The plan of `settings` for `user` (the logon name). Errors: kInvalidArgument when a setting the
// type needs is missing or cannot be written safely into the configuration.
using PlanMaker =
    std::function<Result<TunnelPlan>(const LegacyTunnelSettings&, const std::string&)>;

class LegacyTunnel : public Tunnel {
 public:
  LegacyTunnel(LegacyTunnelSettings settings, PlanMaker make_plan)
      : settings_(std::move(settings)), make_plan_(std::move(make_plan)) {}
  ~LegacyTunnel() override;
  LegacyTunnel(const LegacyTunnel&) = delete;
  LegacyTunnel& operator=(const LegacyTunnel&) = delete;

  std::string_view name() const override { return TunnelTypeName(settings_.type); }
  // kUnsupported naming the missing kernel feature (PPP, ESP) or the missing strongSwan daemon;
  // kNotFound for a missing program; kNetwork when a command fails or the tunnel is not up in
  // time.
  [[nodiscard]] Status Up(const TunnelRequest& request) override;
  [[nodiscard]] Status Down(const MacroValues& macros) override;
  int WatchFd() const override { return watch_.fd(); }
  bool Gone() override;
  Addresses addresses() const override { return {}; }
  std::optional<uint64_t> TrafficBytes() const override;
  int64_t last_error_value() const override { return last_error_value_; }

 private:
  void Teardown();

  LegacyTunnelSettings settings_;
  PlanMaker make_plan_;
  TunnelPlan plan_;
  Child daemon_;
  VpnWatch watch_;
  bool up_ = false;
  bool gone_ = false;
  int64_t last_error_value_ = 0;
};

// The pppd options shared by SSTP, PPTP and L2TP (MS-CHAPv2 unless Auth says otherwise, no
// compression, the password from stdin through the passwordfd plugin when `password_on_stdin`).
std::vector<std::string> PppdClientOptions(const LegacyTunnelSettings& settings,
                                           const std::string& user, bool password_on_stdin);

}  // namespace cm::cmdial
