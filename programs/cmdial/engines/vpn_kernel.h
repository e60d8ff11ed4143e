// SPDX-License-Identifier: MIT
// What the running kernel offers the tunnels that need more than TUN: PPP (SSTP, L2TP, PPTP run
// pppd) and IPsec with ESP (IKEv2, L2TP/IPsec). Read from /dev, /proc and /sys, so a tunnel can
// refuse clearly instead of failing deep inside a daemon.
#pragma once

#include <string>

namespace cm::cmdial {

struct KernelFeature {
  bool present = false;
  std::string missing;  // when absent: what is missing and what to do, for the error message
};

// PPP: /dev/ppp and "ppp" in /proc/devices (ppp_generic).
KernelFeature KernelPpp();
// IPsec: the XFRM netlink interface (xfrm_user) and ESP (esp4: /sys/module/esp4, or its symbols
// in /proc/kallsyms when the module is built in). The answer is computed once per process.
KernelFeature KernelIpsec();

}  // namespace cm::cmdial
