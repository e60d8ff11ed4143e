// SPDX-License-Identifier: MIT
#include "engines/vpn_watch.h"

#include <poll.h>
#include <sys/epoll.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace cm::cmdial {

VpnWatch::~VpnWatch() { Close(); }

void VpnWatch::Close() {
  if (epoll_fd_ >= 0) close(epoll_fd_);
  if (timer_fd_ >= 0) close(timer_fd_);
  epoll_fd_ = timer_fd_ = -1;
}

Status VpnWatch::Open() {
  Close();
  epoll_fd_ = epoll_create1(EPOLL_CLOEXEC);
  if (epoll_fd_ < 0) return Fail(Errc::kIo, std::string("epoll_create1: ") + strerror(errno));
  return Ok();
}

Status VpnWatch::Add(int fd) {
  epoll_event event{};
  event.events = EPOLLIN;
  event.data.fd = fd;
  if (epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &event) != 0) {
    return Fail(Errc::kIo, std::string("epoll_ctl: ") + strerror(errno));
  }
  return Ok();
}

Status VpnWatch::AddTimer(std::chrono::milliseconds period) {
  timer_fd_ = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
  if (timer_fd_ < 0) return Fail(Errc::kIo, std::string("timerfd_create: ") + strerror(errno));
  itimerspec spec{};
  spec.it_interval.tv_sec = period.count() / 1000;
  spec.it_interval.tv_nsec = (period.count() % 1000) * 1000000;
  spec.it_value = spec.it_interval;
  if (timerfd_settime(timer_fd_, 0, &spec, nullptr) != 0) {
    return Fail(Errc::kIo, std::string("timerfd_settime: ") + strerror(errno));
  }
  return Add(timer_fd_);
}

bool VpnWatch::TimerFired() {
  if (timer_fd_ < 0) return false;
  uint64_t expirations = 0;
  return read(timer_fd_, &expirations, sizeof expirations) == sizeof expirations && expirations > 0;
}

bool FdReadable(int fd) {
  if (fd < 0) return false;
  pollfd entry{fd, POLLIN, 0};
  return poll(&entry, 1, 0) > 0 && (entry.revents & (POLLIN | POLLHUP | POLLERR)) != 0;
}

}  // namespace cm::cmdial
