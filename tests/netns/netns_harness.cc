// SPDX-License-Identifier: MIT
#include "tests/netns/netns_harness.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <sstream>

#include "engines/vpn_support.h"

namespace cm::netns {
namespace {

using Clock = std::chrono::steady_clock;
constexpr std::chrono::seconds kIpTimeout{10};

std::string Ip() { return cmdial::FindSystemTool("ip"); }

Status RunIp(const std::vector<std::string>& args) {
  return cmdial::RunToolOk(fmt::format("ip {}", args.empty() ? "" : args.front()), Ip(), args,
                           kIpTimeout);
}

void KillNamespacePids(const std::string& name) {
  Result<cmdial::ToolRun> pids = cmdial::RunTool(Ip(), {"netns", "pids", name}, kIpTimeout);
  if (!pids || pids->exit != 0) return;
  std::istringstream in(pids->output);
  pid_t pid = 0;
  while (in >> pid) {
    if (pid > 1) kill(pid, SIGKILL);
  }
}

void DeleteNamespace(const std::string& name) {
  KillNamespacePids(name);
  (void)cmdial::RunTool(Ip(), {"netns", "del", name}, kIpTimeout);
}

}  // namespace

std::string WhyNotRunnable(const std::vector<std::string>& tools) {
  if (geteuid() != 0) return "the namespace tests need root (CI runs them as root)";
  if (access("/dev/net/tun", R_OK | W_OK) != 0) return "/dev/net/tun is not usable here";
  for (const std::string& tool : tools) {
    std::string path = cmdial::FindSystemTool(tool);
    if (access(path.c_str(), X_OK) != 0) {
      return fmt::format("{} is not installed (scripts/install-deps installs it)", tool);
    }
  }
  return {};
}

void SweepStaleNamespaces() {
  Result<cmdial::ToolRun> list = cmdial::RunTool(Ip(), {"netns", "list"}, kIpTimeout);
  if (!list || list->exit != 0) return;
  std::istringstream in(list->output);
  std::string line;
  while (std::getline(in, line)) {
    std::string name = line.substr(0, line.find(' '));
    if (name.rfind("cmt-", 0) != 0) continue;
    pid_t owner = static_cast<pid_t>(atoi(name.c_str() + 4));
    if (owner > 0 && (kill(owner, 0) == 0 || errno == EPERM)) continue;
    DeleteNamespace(name);
  }
}

NetnsPair::~NetnsPair() { Destroy(); }

Status NetnsPair::Create() {
  static std::atomic<int> counter{0};
  int n = counter++;
  tag_ = fmt::format("{:x}{}", getpid(), n);
  if (tag_.size() > 9) tag_ = tag_.substr(tag_.size() - 9);
  near_ = fmt::format("cmt-{}-{}-near", getpid(), n);
  far_ = fmt::format("cmt-{}-{}-far", getpid(), n);
  created_ = true;
  std::string near_veth = "vn" + tag_;
  std::string far_veth = "vf" + tag_;
  CM_TRY_STATUS(RunIp({"netns", "add", near_}));
  CM_TRY_STATUS(RunIp({"netns", "add", far_}));
  CM_TRY_STATUS(RunIp({"link", "add", near_veth, "netns", near_, "type", "veth", "peer", "name",
                       far_veth, "netns", far_}));
  CM_TRY_STATUS(
      RunIp({"-n", near_, "address", "add", std::string(kNearAddress) + "/24", "dev", near_veth}));
  CM_TRY_STATUS(
      RunIp({"-n", far_, "address", "add", std::string(kFarAddress) + "/24", "dev", far_veth}));
  for (const std::string& ns : {near_, far_}) {
    CM_TRY_STATUS(RunIp({"-n", ns, "link", "set", "lo", "up"}));
  }
  CM_TRY_STATUS(RunIp({"-n", near_, "link", "set", near_veth, "up"}));
  CM_TRY_STATUS(RunIp({"-n", far_, "link", "set", far_veth, "up"}));
  return Ok();
}

Status NetnsPair::EnterNear() {
  if (original_netns_fd_ < 0) {
    original_netns_fd_ = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
    if (original_netns_fd_ < 0) return Fail(Errc::kIo, std::string("open ns: ") + strerror(errno));
  }
  std::string path = "/run/netns/" + near_;
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Fail(Errc::kIo, fmt::format("open {}: {}", path, strerror(errno)));
  int status = setns(fd, CLONE_NEWNET);
  close(fd);
  if (status != 0) return Fail(Errc::kIo, std::string("setns: ") + strerror(errno));
  return Ok();
}

void NetnsPair::LeaveNear() {
  if (original_netns_fd_ < 0) return;
  (void)setns(original_netns_fd_, CLONE_NEWNET);
  close(original_netns_fd_);
  original_netns_fd_ = -1;
}

void NetnsPair::Destroy() {
  LeaveNear();
  if (!created_) return;
  DeleteNamespace(near_);
  DeleteNamespace(far_);
  // wireguard-go killed with SIGKILL leaves its control socket behind.
  if (DIR* dir = opendir("/var/run/wireguard")) {
    std::string suffix = tag_ + ".sock";
    while (dirent* entry = readdir(dir)) {
      std::string name = entry->d_name;
      if (name.size() > suffix.size() &&
          name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0) {
        unlink(("/var/run/wireguard/" + name).c_str());
      }
    }
    closedir(dir);
  }
  created_ = false;
}

Result<int> NetnsPair::RunFar(const std::vector<std::string>& args,
                              std::chrono::milliseconds timeout, std::string* output) {
  std::vector<std::string> all = {"netns", "exec", far_};
  all.insert(all.end(), args.begin(), args.end());
  cmdial::ToolRun run = CM_TRY(cmdial::RunTool(Ip(), all, timeout));
  if (output) *output = run.output;
  return static_cast<int>(run.exit);
}

Result<cmdial::Child> NetnsPair::StartFar(const std::vector<std::string>& args) {
  std::vector<std::string> all = {"netns", "exec", far_};
  all.insert(all.end(), args.begin(), args.end());
  return cmdial::Spawn(Ip(), all, cmdial::SpawnOptions{cmdial::ChildOutput::kDiscard, {}});
}

Result<std::string> HttpGet(const std::string& host, int port, const std::string& path,
                            std::chrono::milliseconds timeout) {
  Clock::time_point deadline = Clock::now() + timeout;
  auto left = [&] {
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    return ms.count() < 0 ? 0 : static_cast<int>(ms.count());
  };
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  if (inet_pton(AF_INET, host.c_str(), &address.sin_addr) != 1) {
    return Fail(Errc::kInvalidArgument, "not an IPv4 address: " + host);
  }
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return Fail(Errc::kIo, std::string("socket: ") + strerror(errno));
  auto fail = [&](std::string message) {
    close(fd);
    return Fail(Errc::kNetwork, fmt::format("GET http://{}:{}{}: {}", host, port, path, message));
  };
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 &&
      errno != EINPROGRESS) {
    return fail(strerror(errno));
  }
  pollfd out{fd, POLLOUT, 0};
  if (poll(&out, 1, left()) != 1) return fail("no connection in time");
  int error = 0;
  socklen_t length = sizeof error;
  getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length);
  if (error != 0) return fail(strerror(error));
  std::string request =
      fmt::format("GET {} HTTP/1.0\r\nHost: {}\r\nConnection: close\r\n\r\n", path, host);
  if (send(fd, request.data(), request.size(), MSG_NOSIGNAL) !=
      static_cast<ssize_t>(request.size())) {
    return fail("cannot send");
  }
  std::string answer;
  while (true) {
    pollfd in{fd, POLLIN, 0};
    if (poll(&in, 1, left()) != 1) return fail("no answer in time");
    char buffer[4096];
    ssize_t got = recv(fd, buffer, sizeof buffer, 0);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) return fail(strerror(errno));
    if (got == 0) break;
    answer.append(buffer, static_cast<size_t>(got));
    if (answer.size() > (1 << 20)) return fail("answer too large");
  }
  close(fd);
  if (answer.rfind("HTTP/1.0 200", 0) != 0 && answer.rfind("HTTP/1.1 200", 0) != 0) {
    return Fail(Errc::kNetwork, "not a 200 answer: " + answer.substr(0, answer.find('\r')));
  }
  size_t body = answer.find("\r\n\r\n");
  return body == std::string::npos ? std::string() : answer.substr(body + 4);
}

TempDir::TempDir() {
  char base[] = "/tmp/cm-netns-XXXXXX";
  path_ = mkdtemp(base) ? base : "/tmp/cm-netns-failed";
}

TempDir::~TempDir() { (void)cmdial::RunTool("/bin/rm", {"-rf", path_}, std::chrono::seconds(10)); }

}  // namespace cm::netns
