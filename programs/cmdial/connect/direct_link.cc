// SPDX-License-Identifier: MIT
#include "connect/direct_link.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>

namespace cm::cmdial {

std::string LocalAddressToward(const std::string& target) {
  addrinfo hints{};
  hints.ai_flags = AI_NUMERICHOST;  // never a DNS query: the tunnel may be what DNS needs
  hints.ai_socktype = SOCK_DGRAM;
  addrinfo* found = nullptr;
  if (target.empty() || getaddrinfo(target.c_str(), "9", &hints, &found) != 0) return {};
  std::string local;
  int fd = socket(found->ai_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  // connect() on a UDP socket only picks a route and a source address.
  if (fd >= 0 && connect(fd, found->ai_addr, found->ai_addrlen) == 0) {
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    std::array<char, NI_MAXHOST> text{};
    if (getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0 &&
        getnameinfo(reinterpret_cast<sockaddr*>(&address), length, text.data(), text.size(),
                    nullptr, 0, NI_NUMERICHOST) == 0) {
      local = text.data();
    }
  }
  if (fd >= 0) close(fd);
  freeaddrinfo(found);
  return local;
}

Status DirectLink::Dial(const DialRequest& request) {
  addresses_.client_ip = LocalAddressToward(request.target);
  return Ok();
}

}  // namespace cm::cmdial
