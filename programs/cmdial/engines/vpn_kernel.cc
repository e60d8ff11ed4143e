// SPDX-License-Identifier: MIT
#include "engines/vpn_kernel.h"

#include <linux/netlink.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <string_view>

namespace cm::cmdial {
namespace {

bool Exists(const char* path) {
  struct stat info {};
  return stat(path, &info) == 0;
}

bool FileHasLine(const char* path, std::string_view suffix) {
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.size() >= suffix.size() &&
        line.compare(line.size() - suffix.size(), suffix.size(), suffix) == 0) {
      return true;
    }
  }
  return false;
}

KernelFeature ComputeIpsec() {
  int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_XFRM);
  if (fd < 0) {
    return {false,
            "this kernel has no IPsec (no XFRM netlink interface: load xfrm_user, or use a "
            "kernel built with CONFIG_XFRM_USER)"};
  }
  close(fd);
  if (Exists("/sys/module/esp4") || Exists("/proc/net/pfkey")) return {true, {}};
  if (FileHasLine("/proc/kallsyms", " esp_input") ||
      FileHasLine("/proc/kallsyms", " esp4_rcv_cb")) {
    return {true, {}};
  }
  return {false,
          "this kernel has IPsec's XFRM but no ESP (esp4 is not loaded or built in; modprobe "
          "esp4, or use a kernel built with CONFIG_INET_ESP)"};
}

}  // namespace

KernelFeature KernelPpp() {
  if (!Exists("/dev/ppp")) {
    return {false,
            "this kernel has no PPP (/dev/ppp is missing: modprobe ppp_generic, or use a kernel "
            "built with CONFIG_PPP)"};
  }
  if (!FileHasLine("/proc/devices", " ppp")) {
    return {false,
            "this kernel has no PPP driver (no 'ppp' in /proc/devices: modprobe ppp_generic)"};
  }
  return {true, {}};
}

KernelFeature KernelIpsec() {
  static const KernelFeature feature = ComputeIpsec();
  return feature;
}

}  // namespace cm::cmdial
