// SPDX-License-Identifier: MIT
// Integration tests: the real pbserver binary on 127.0.0.1, real sockets, real signed releases.
#include <arpa/inet.h>
#include <curl/curl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sodium.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include "catalog.h"
#include "cm/file_util.h"
#include "test_releases.h"
#include "users.h"

namespace cm::pbserver {
namespace {

namespace fs = std::filesystem;

struct HttpReply {
  int status = 0;
  std::string head;
  std::string body;
  bool Has(std::string_view header) const { return head.find(header) != std::string::npos; }
};

int Connect(uint16_t port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  timeval timeout{20, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

void SendAll(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n <= 0) return;
    bytes.remove_prefix(static_cast<size_t>(n));
  }
}

std::string ReadAll(int fd) {
  std::string out;
  char buffer[65536];
  while (true) {
    ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) break;
    out.append(buffer, static_cast<size_t>(n));
  }
  return out;
}

// Splits a byte stream into replies (Content-Length framed; 204/304 have no body).
std::vector<HttpReply> SplitReplies(std::string_view bytes, bool head_request = false) {
  std::vector<HttpReply> replies;
  while (!bytes.empty()) {
    size_t end = bytes.find("\r\n\r\n");
    if (end == std::string_view::npos || bytes.substr(0, 9).find("HTTP/1.1 ") != 0) break;
    HttpReply reply;
    reply.head = std::string(bytes.substr(0, end + 4));
    reply.status = std::stoi(reply.head.substr(9, 3));
    bytes.remove_prefix(end + 4);
    size_t length = 0;
    if (size_t at = reply.head.find("Content-Length: "); at != std::string::npos) {
      length = std::stoul(reply.head.substr(at + 16));
    }
    if (head_request || reply.status == 100 || reply.status == 204 || reply.status == 304) {
      length = 0;
    }
    if (reply.status == 100) continue;
    reply.body = std::string(bytes.substr(0, length));
    bytes.remove_prefix(std::min(length, bytes.size()));
    replies.push_back(std::move(reply));
  }
  return replies;
}

HttpReply Exchange(uint16_t port, const std::string& request) {
  int fd = Connect(port);
  if (fd < 0) return {};
  SendAll(fd, request);
  std::string bytes = ReadAll(fd);
  ::close(fd);
  std::vector<HttpReply> replies = SplitReplies(bytes, request.rfind("HEAD", 0) == 0);
  return replies.empty() ? HttpReply{} : replies.front();
}

HttpReply Get(uint16_t port, const std::string& target, const std::string& headers = "") {
  return Exchange(port, "GET " + target + " HTTP/1.1\r\nHost: t\r\nConnection: close\r\n" +
                            headers + "\r\n");
}

std::string Query(uint32_t pbver, const std::string& pb = "CORP") {
  return "/pbserver/pbserver.dll?osarch=0&ostype=0&osver=1&cmver=1&lcid=1033&pbver=" +
         std::to_string(pbver) + "&pb=" + pb;
}

std::string Basic(const std::string& user, const std::string& password) {
  std::string plain = user + ":" + password;
  std::string out(sodium_base64_ENCODED_LEN(plain.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(plain.data()),
                    plain.size(), sodium_base64_VARIANT_ORIGINAL);
  out.resize(out.size() - 1);
  return "Basic " + out;
}

std::string PostRequest(const Release& release, const std::string& password,
                        bool expect_continue = false, const std::string& name = "CORP") {
  std::string bundle = testing::Bundle(release);
  return "POST /pbserver/post/" + name + " HTTP/1.1\r\nHost: t\r\nConnection: close\r\n" +
         "Authorization: " + Basic("alice", password) + "\r\n" +
         "Content-Type: application/vnd.ms-cab-compressed\r\n" +
         "X-Phonebook-Version: " + std::to_string(release.version) + "\r\n" +
         (expect_continue ? "Expect: 100-continue\r\n" : "") +
         "Content-Length: " + std::to_string(bundle.size()) + "\r\n\r\n" + bundle;
}

class ServerProcess {
 public:
  ~ServerProcess() { Kill(SIGKILL); }

  // Starts pbserver on 127.0.0.1 (a free port) and waits (bounded) until it listens.
  bool Start(const std::string& config, const std::string& data,
             std::vector<std::string> extra = {}) {
    ready_ = data + ".ready";
    fs::remove(ready_);
    std::vector<std::string> args = {CM_BIN_DIR "/pbserver", "--config", config, "--data", data,
                                     "--listen", "127.0.0.1:0", "--workers", "2",
                                     "--ready-file", ready_};
    args.insert(args.end(), extra.begin(), extra.end());
    pid_ = ::fork();
    if (pid_ == 0) {
      std::vector<char*> argv;
      for (std::string& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      ::execv(argv[0], argv.data());
      ::_exit(127);
    }
    for (int i = 0; i < 600; ++i) {  // up to 60 s on a loaded machine
      auto text = ReadFile(ready_);
      if (text && !text->empty()) {
        endpoints_ = *text;
        port_ = static_cast<uint16_t>(std::stoi(text->substr(text->find(':') + 1)));
        return true;
      }
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        return false;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
  }
  // Sends `signal` and waits for the exit; returns the wait status.
  int Kill(int signal) {
    if (pid_ <= 0) return -1;
    ::kill(pid_, signal);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    return status;
  }
  uint16_t port() const { return port_; }  // of the first listener (plain HTTP)
  // The port of the https:// listener, 0 if none.
  uint16_t tls_port() const {
    size_t at = endpoints_.find("https://");
    if (at == std::string::npos) return 0;
    size_t colon = endpoints_.find(':', at + 8);
    return static_cast<uint16_t>(std::stoi(endpoints_.substr(colon + 1)));
  }

 private:
  pid_t pid_ = -1;
  uint16_t port_ = 0;
  std::string ready_;
  std::string endpoints_;  // the ready file's lines: HOST:PORT, https://HOST:PORT
};

class ServerIntegrationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::MakeTempDir("integration");
    data_ = dir_ + "/data";
    config_ = dir_ + "/pbserver.toml";
    static const std::string hash = HashPassword("correct horse").value();
    ASSERT_TRUE(WriteFileAtomic(config_, "incoming_scan_seconds = 1\nheader_timeout_seconds = 2\n"
                                         "[users]\nalice = \"" + hash + "\"\n"));
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string dir_, data_, config_;
  testing::TestPublisher publisher_;
};

TEST_F(ServerIntegrationTest, ServesPostedReleasesOverSockets) {
  ServerProcess server;
  ASSERT_TRUE(server.Start(config_, data_));
  uint16_t port = server.port();
  EXPECT_EQ(Get(port, Query(0)).status, 404);  // nothing posted yet
  HttpReply first = Exchange(port, PostRequest(publisher_.Make("CORP", 1), "correct horse"));
  ASSERT_EQ(first.status, 201) << first.body;
  publisher_.Make("CORP", 2);
  Release v3 = publisher_.Make("CORP", 3);
  HttpReply third = Exchange(port, PostRequest(v3, "correct horse", /*expect_continue=*/true));
  ASSERT_EQ(third.status, 201) << third.body;
  EXPECT_EQ(third.body, "{\"phonebook\": \"CORP\", \"version\": 3, \"deltas\": [1,2]}\n");

  EXPECT_EQ(Get(port, Query(3)).status, 204);
  HttpReply delta = Get(port, "/pbserver/pbserver.dll?PBVer=1&PB=CORP");
  EXPECT_EQ(delta.status, 200);
  EXPECT_EQ(delta.body, v3.delta_cabinets.at(1));
  EXPECT_TRUE(delta.Has("X-Phonebook-Update: delta\r\n"));
  EXPECT_TRUE(delta.Has("Date: "));
  HttpReply full = Get(port, Query(0));
  EXPECT_EQ(full.body, v3.full_cabinet);
  EXPECT_TRUE(full.Has("X-Phonebook-Version: 3\r\n"));
  size_t at = full.head.find("ETag: ");
  std::string etag = full.head.substr(at + 6, full.head.find("\r\n", at) - at - 6);
  EXPECT_EQ(Get(port, Query(0), "If-None-Match: " + etag + "\r\n").status, 304);
  EXPECT_EQ(Get(port, Query(0, "NOPE")).status, 404);
  EXPECT_EQ(Get(port, "/pbserver/pbserver.dll?pbver=1").status, 400);
  EXPECT_EQ(Get(port, "/pbserver/pbserver.dll?pb=CORP&x=" + std::string(1100, 'a')).status, 414);
  EXPECT_EQ(Exchange(port, "PUT " + Query(0) + " HTTP/1.1\r\nConnection: close\r\n\r\n").status,
            405);

  // Keep-alive and pipelining: three requests in one write, three answers in order.
  int fd = Connect(port);
  ASSERT_GE(fd, 0);
  std::string r = "GET " + Query(3) + " HTTP/1.1\r\nHost: t\r\n\r\n";
  SendAll(fd, r + "GET " + Query(1) + " HTTP/1.1\r\nHost: t\r\n\r\n" + "GET " + Query(0) +
                  " HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
  std::vector<HttpReply> replies = SplitReplies(ReadAll(fd));
  ::close(fd);
  ASSERT_EQ(replies.size(), 3u);
  EXPECT_EQ(replies[0].status, 204);
  EXPECT_EQ(replies[1].body, v3.delta_cabinets.at(1));
  EXPECT_EQ(replies[2].body, v3.full_cabinet);

  HttpReply metrics = Get(port, "/metrics");
  EXPECT_NE(metrics.body.find("pbserver_no_upgrade_hits_total 2\n"), std::string::npos)
      << metrics.body;
  EXPECT_NE(metrics.body.find("pbserver_posts_accepted_total 2\n"), std::string::npos);
  EXPECT_EQ(Get(port, "/healthz").status, 200);
  EXPECT_EQ(server.Kill(SIGTERM), 0);  // graceful: exit status 0
}

TEST_F(ServerIntegrationTest, RefusedPostsLeaveTheOldVersionServed) {
  ServerProcess server;
  ASSERT_TRUE(server.Start(config_, data_));
  uint16_t port = server.port();
  ASSERT_EQ(Exchange(port, PostRequest(publisher_.Make("CORP", 1), "correct horse")).status, 201);
  Release v2 = publisher_.Make("CORP", 2);
  HttpReply wrong = Exchange(port, PostRequest(v2, "wrong password"));
  EXPECT_EQ(wrong.status, 401);
  EXPECT_TRUE(wrong.Has("WWW-Authenticate: Basic"));
  Release tampered = v2;
  tampered.full_cabinet[tampered.full_cabinet.size() / 2] ^= 0x20;
  EXPECT_EQ(Exchange(port, PostRequest(tampered, "correct horse")).status, 422);
  testing::TestPublisher intruder;
  intruder.Make("CORP", 1);
  EXPECT_EQ(Exchange(port, PostRequest(intruder.Make("CORP", 2), "correct horse")).status, 422);
  EXPECT_TRUE(Get(port, Query(0)).Has("X-Phonebook-Version: 1\r\n"));
  EXPECT_EQ(Exchange(port, PostRequest(v2, "correct horse")).status, 201);
  EXPECT_EQ(Exchange(port, PostRequest(v2, "correct horse")).status, 409);
}

TEST_F(ServerIntegrationTest, PlainPostIsRefusedWhenTlsIsRequired) {
  ServerProcess server;
  ASSERT_TRUE(server.Start(config_, data_, {"--require-tls-for-posting"}));
  HttpReply r = Exchange(server.port(), PostRequest(publisher_.Make("CORP", 1), "correct horse"));
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(Get(server.port(), Query(0)).status, 404);
}

// HTTPS with libcurl, verifying the server's certificate against the CA file `ca`.
HttpReply CurlExchange(const std::string& url, const std::string& ca, const std::string& method,
                       const std::vector<std::string>& headers = {}, const std::string& body = "") {
  HttpReply reply;
  CURL* curl = curl_easy_init();
  if (curl == nullptr) return reply;
  curl_slist* list = nullptr;
  for (const std::string& h : headers) list = curl_slist_append(list, h.c_str());
  list = curl_slist_append(list, "Expect:");  // no 100-continue round trip
  auto append = +[](char* data, size_t size, size_t count, void* out) -> size_t {
    static_cast<std::string*>(out)->append(data, size * count);
    return size * count;
  };
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_CAINFO, ca.c_str());
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
  curl_easy_setopt(curl, CURLOPT_NOPROXY, "*");
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, 60L);
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, list);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, append);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &reply.body);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, append);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &reply.head);
  if (method == "POST") {
    curl_easy_setopt(curl, CURLOPT_POST, 1L);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  }
  CURLcode code = curl_easy_perform(curl);
  long status = 0;
  if (code == CURLE_OK) curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  else reply.body = curl_easy_strerror(code);
  reply.status = static_cast<int>(status);
  curl_slist_free_all(list);
  curl_easy_cleanup(curl);
  return reply;
}

std::vector<std::string> PostHeaders(const Release& release, const std::string& password) {
  return {"Authorization: " + Basic("alice", password),
          "Content-Type: application/vnd.ms-cab-compressed",
          "X-Phonebook-Version: " + std::to_string(release.version)};
}

TEST_F(ServerIntegrationTest, PostsAndQueriesOverTls) {
  // A self-signed certificate for 127.0.0.1, made with the openssl command.
  std::string cert = dir_ + "/cert.pem", key = dir_ + "/key.pem";
  std::string command = "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 "
                        "-nodes -days 2 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 "
                        "-keyout " + key + " -out " + cert + " >/dev/null 2>&1";
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
  ServerProcess server;
  ASSERT_TRUE(server.Start(config_, data_,
                           {"--listen", "https://127.0.0.1:0", "--tls-cert", cert, "--tls-key",
                            key, "--require-tls-for-posting"}));
  ASSERT_NE(server.tls_port(), 0);
  std::string https = "https://127.0.0.1:" + std::to_string(server.tls_port());
  Release v1 = publisher_.Make("CORP", 1);
  Release v2 = publisher_.Make("CORP", 2);

  // Plain HTTP posting is refused; nothing is published.
  EXPECT_EQ(Exchange(server.port(), PostRequest(v1, "correct horse")).status, 403);
  EXPECT_EQ(CurlExchange(https + Query(0), cert, "GET").status, 404);

  // Over HTTPS: a wrong password is refused, the right one publishes.
  EXPECT_EQ(CurlExchange(https + "/pbserver/post/CORP", cert, "POST",
                         PostHeaders(v1, "wrong password"), testing::Bundle(v1)).status, 401);
  HttpReply first = CurlExchange(https + "/pbserver/post/CORP", cert, "POST",
                                 PostHeaders(v1, "correct horse"), testing::Bundle(v1));
  ASSERT_EQ(first.status, 201) << first.body;
  HttpReply second = CurlExchange(https + "/pbserver/post/CORP", cert, "POST",
                                  PostHeaders(v2, "correct horse"), testing::Bundle(v2));
  ASSERT_EQ(second.status, 201) << second.body;
  EXPECT_EQ(Exchange(server.port(), PostRequest(publisher_.Make("CORP", 3), "correct horse"))
                .status, 403);

  // Queries over HTTPS: the three answers.
  EXPECT_EQ(CurlExchange(https + Query(2), cert, "GET").status, 204);
  HttpReply delta = CurlExchange(https + Query(1), cert, "GET");
  EXPECT_EQ(delta.status, 200);
  EXPECT_TRUE(delta.Has("X-Phonebook-Update: delta\r\n"));
  EXPECT_EQ(delta.body, v2.delta_cabinets.at(1));
  HttpReply full = CurlExchange(https + Query(0), cert, "GET");
  EXPECT_EQ(full.status, 200);
  EXPECT_TRUE(full.Has("X-Phonebook-Version: 2\r\n"));
  EXPECT_EQ(full.body, v2.full_cabinet);
  // And plain HTTP still serves queries.
  EXPECT_EQ(Get(server.port(), Query(0)).body, v2.full_cabinet);

  // A client that does not trust the certificate is refused by the handshake.
  EXPECT_EQ(CurlExchange(https + Query(0), dir_ + "/missing-ca.pem", "GET").status, 0);
  EXPECT_EQ(server.Kill(SIGTERM), 0);
}

TEST_F(ServerIntegrationTest, KillDuringAPostKeepsTheOldVersion) {
  Release v1 = publisher_.Make("CORP", 1);
  Release v2 = publisher_.Make("CORP", 2);
  {
    ServerProcess server;
    ASSERT_TRUE(server.Start(config_, data_));
    ASSERT_EQ(Exchange(server.port(), PostRequest(v1, "correct horse")).status, 201);
    // Half a post is in flight when the server dies.
    int fd = Connect(server.port());
    ASSERT_GE(fd, 0);
    std::string request = PostRequest(v2, "correct horse");
    SendAll(fd, std::string_view(request).substr(0, request.size() - 100));
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    server.Kill(SIGKILL);
    ::close(fd);
  }
  ServerProcess restarted;
  ASSERT_TRUE(restarted.Start(config_, data_));
  HttpReply full = Get(restarted.port(), Query(0));
  EXPECT_EQ(full.status, 200);
  EXPECT_TRUE(full.Has("X-Phonebook-Version: 1\r\n"));
  EXPECT_EQ(full.body, v1.full_cabinet);
  // And the post can be made again.
  EXPECT_EQ(Exchange(restarted.port(), PostRequest(v2, "correct horse")).status, 201);
}

TEST_F(ServerIntegrationTest, IncomingFolderIsPickedUp) {
  ServerProcess server;
  ASSERT_TRUE(server.Start(config_, data_));
  Release v1 = publisher_.Make("CORP", 1);
  std::string dir = data_ + "/incoming/CORP/1";
  fs::create_directories(dir);
  ASSERT_TRUE(WriteFileAtomic(dir + "/full.cab", v1.full_cabinet));
  ASSERT_TRUE(WriteFileAtomic(dir + "/READY", ""));
  int status = 0;
  for (int i = 0; i < 200 && status != 200; ++i) {  // the scan runs every second
    status = Get(server.port(), Query(0)).status;
    if (status != 200) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(status, 200);
  EXPECT_FALSE(fs::exists(dir));
}

TEST_F(ServerIntegrationTest, SlowClientIsDisconnected) {
  ServerProcess server;
  ASSERT_TRUE(server.Start(config_, data_));
  int fd = Connect(server.port());
  ASSERT_GE(fd, 0);
  SendAll(fd, "GET /healthz HTTP/1.1\r\nHost: t\r\n");  // never finishes its head
  char byte = 0;
  ssize_t n = ::recv(fd, &byte, 1, 0);  // the server closes it (header timeout 2 s)
  ::close(fd);
  EXPECT_EQ(n, 0);
  EXPECT_EQ(Get(server.port(), "/healthz").status, 200);  // and still serves others
}

// Reads one answer (head and Content-Length body) from a kept-alive connection.
HttpReply ReadReply(int fd) {
  std::string bytes;
  char buffer[65536];
  size_t end = std::string::npos, length = 0;
  while (end == std::string::npos || bytes.size() < end + 4 + length) {
    ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) return {};
    bytes.append(buffer, static_cast<size_t>(n));
    if (end == std::string::npos && (end = bytes.find("\r\n\r\n")) != std::string::npos) {
      size_t at = bytes.find("Content-Length: ");
      length = at < end && bytes.compare(9, 3, "204") != 0 ? std::stoul(bytes.substr(at + 16)) : 0;
    }
  }
  std::vector<HttpReply> replies = SplitReplies(bytes);
  return replies.size() == 1 ? replies.front() : HttpReply{};
}

// A cabinet over the body-file threshold goes out with sendfile(2) under TCP_CORK: it must
// arrive whole, the kept-alive connection must go on to the next answers, and with
// Connection: close the answer must end with the connection.
TEST_F(ServerIntegrationTest, LargeCabinetsGoOutWholeAndTheConnectionGoesOn) {
  ServerProcess server;
  ASSERT_TRUE(server.Start(config_, data_));
  Release big = publisher_.Make("CORP", 1, 20000);
  ASSERT_GE(big.full_cabinet.size(), kBodyFileThreshold);  // or this tests the memory path
  ASSERT_EQ(Exchange(server.port(), PostRequest(big, "correct horse")).status, 201);
  int fd = Connect(server.port());
  ASSERT_GE(fd, 0);
  for (int i = 0; i < 2; ++i) {
    SendAll(fd, "GET " + Query(0) + " HTTP/1.1\r\nHost: t\r\n\r\n");
    HttpReply full = ReadReply(fd);
    EXPECT_EQ(full.status, 200);
    EXPECT_TRUE(full.body == big.full_cabinet) << "answer " << i << ": " << full.body.size()
                                               << " bytes, expected " << big.full_cabinet.size();
    SendAll(fd, "GET " + Query(1) + " HTTP/1.1\r\nHost: t\r\n\r\n");
    EXPECT_EQ(ReadReply(fd).status, 204);
  }
  SendAll(fd, "GET " + Query(0) + " HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
  std::vector<HttpReply> last = SplitReplies(ReadAll(fd));  // up to the end of the connection
  ::close(fd);
  ASSERT_EQ(last.size(), 1u);
  EXPECT_TRUE(last[0].body == big.full_cabinet);
}

// The listeners defer accepting (TCP_DEFER_ACCEPT): a client that connects and stays silent
// costs the server nothing until its request arrives, and is then served as usual.
TEST_F(ServerIntegrationTest, SilentConnectionIsAcceptedOnceItSpeaks) {
  ServerProcess server;
  ASSERT_TRUE(server.Start(config_, data_));
  int fd = Connect(server.port());
  ASSERT_GE(fd, 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  HttpReply metrics = Get(server.port(), "/metrics");
  // Only the connection asking for the counters is open.
  EXPECT_NE(metrics.body.find("pbserver_connections_open 1\n"), std::string::npos) << metrics.body;
  SendAll(fd, "GET /healthz HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
  std::vector<HttpReply> replies = SplitReplies(ReadAll(fd));
  ::close(fd);
  ASSERT_EQ(replies.size(), 1u);
  EXPECT_EQ(replies[0].status, 200);
}

}  // namespace
}  // namespace cm::pbserver
