// SPDX-License-Identifier: MIT
// Runs the built pbadmin binary: SIGKILL at named and random points of import and publish,
// concurrent processes on one workspace, posting over FTP to a real vsftpd and over HTTP to a
// loopback server that checks each request against docs/formats/post.md.
#include <arpa/inet.h>
#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sqlite3.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>
#include <random>
#include <thread>

#include "cm/cab.h"
#include "cm/crypto.h"
#include "cm/release.h"
#include "workspace_test_util.h"

extern char** environ;

namespace cm::pbadmin {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using testing::Ran;
using testing::ReadText;
using testing::WriteText;

const std::string kPbadmin = std::string(CM_BIN_DIR) + "/pbadmin";
const std::string kPbserver = std::string(CM_BIN_DIR) + "/pbserver";
const char* const kVsftpd = "/usr/sbin/vsftpd";

// Starts `args` with extra environment variables; stdout and stderr go to files.
pid_t Spawn(const std::vector<std::string>& args, const std::vector<std::string>& extra_env,
            const std::string& out, const std::string& err) {
  std::vector<std::string> env_strings;
  for (char** e = environ; *e != nullptr; ++e) {
    std::string entry = *e;
    if (entry.rfind("PBADMIN_", 0) == 0) continue;
    env_strings.push_back(entry);
  }
  for (const std::string& entry : extra_env) env_strings.push_back(entry);
  std::vector<char*> argv;
  for (const std::string& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);
  std::vector<char*> envp;
  for (std::string& entry : env_strings) envp.push_back(entry.data());
  envp.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  pid_t pid = -1;
  int rc = posix_spawn(&pid, args[0].c_str(), &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  return rc == 0 ? pid : -1;
}

// The exit code, or 128 + signal when a signal ended the process.
int WaitFor(pid_t pid) {
  int status = 0;
  if (::waitpid(pid, &status, 0) != pid) return -1;
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return WEXITSTATUS(status);
}

class ProcessTest : public ::testing::Test {
 protected:
  std::vector<std::string> Args(const std::string& workspace, std::vector<std::string> args) {
    args.insert(args.begin(), {kPbadmin, "--workspace", workspace});
    return args;
  }
  Ran RunBinary(const std::string& workspace, std::vector<std::string> args,
                const std::vector<std::string>& env = {}) {
    std::string out = temp_ / "out.txt";
    std::string err = temp_ / "err.txt";
    pid_t pid = Spawn(Args(workspace, std::move(args)), env, out, err);
    Ran ran;
    ran.code = WaitFor(pid);
    ran.out = ReadText(out);
    ran.err = ReadText(err);
    return ran;
  }
  // A workspace with CORP and the sample's regions (and POPs unless `empty`).
  std::string MakeWorkspace(const std::string& name, bool with_pops = true) {
    std::string ws = temp_ / name;
    EXPECT_EQ(testing::RunIn(ws, {"create", "CORP"}).code, 0);
    std::vector<std::string> args{"region", "add", "CORP"};
    for (const std::string& region : testing::SampleRegions()) args.push_back(region);
    EXPECT_EQ(testing::RunIn(ws, args).code, 0);
    if (with_pops) {
      EXPECT_EQ(testing::RunIn(ws, {"import", "CORP", testing::SampleDir() + "/sample.txt"}).code,
                0);
    }
    return ws;
  }
  static size_t PopCount(const std::string& ws) {
    Ran ran = testing::RunIn(ws, {"list", "--json"});
    nlohmann::json list = nlohmann::json::parse(ran.out);
    return list.empty() ? 0 : list[0]["pops"].get<size_t>();
  }
  static uint32_t Version(const std::string& ws) {
    Ran ran = testing::RunIn(ws, {"list", "--json"});
    return nlohmann::json::parse(ran.out)[0]["version"].get<uint32_t>();
  }
  static std::string Integrity(const std::string& ws) {
    sqlite3* db = nullptr;
    std::string result = "cannot open";
    if (sqlite3_open_v2((ws + "/pbadmin.db").c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) ==
        SQLITE_OK) {
      sqlite3_stmt* stmt = nullptr;
      sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &stmt, nullptr);
      if (sqlite3_step(stmt) == SQLITE_ROW) {
        result = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
      }
      sqlite3_finalize(stmt);
    }
    sqlite3_close(db);
    return result;
  }
  // Every release folder the database records verifies, and its deltas reproduce it.
  static void ExpectReleasesConsistent(const std::string& ws) {
    uint32_t version = Version(ws);
    if (version == 0) return;
    auto key = PublicKey::Parse([&] {
      std::string text = testing::RunIn(ws, {"pubkey"}).out;
      return text.substr(0, text.find('\n'));
    }());
    ASSERT_TRUE(key);
    std::string dir = ws + "/CORP/" + std::to_string(version);
    auto full = ApplyUpdate(nullptr, ReadText(dir + "/full.cab"), *key, "CORP");
    ASSERT_TRUE(full) << full.error().ToString();
    EXPECT_EQ(full->pbk, ReadText(dir + "/CORP.pbk"));
    for (uint32_t base = version > 5 ? version - 5 : 1; base < version; ++base) {
      std::string base_dir = ws + "/CORP/" + std::to_string(base);
      auto installed = SnapshotFromFiles("CORP", base, ReadText(base_dir + "/CORP.pbk"),
                                         ReadText(base_dir + "/CORP.pbr"));
      ASSERT_TRUE(installed) << base;
      auto updated = ApplyUpdate(
          &*installed, ReadText(dir + "/delta-" + std::to_string(base) + ".cab"), *key, "CORP");
      ASSERT_TRUE(updated) << base << ": " << updated.error().ToString();
      EXPECT_EQ(updated->pbk, full->pbk);
    }
  }

  testing::TempDir temp_;
};

TEST_F(ProcessTest, KillAtEveryNamedPointLeavesTheWorkspaceBeforeOrAfter) {
  struct Case {
    const char* point;
    std::vector<std::string> command;
    size_t pops_after;
    uint32_t version_after;
  };
  const std::string sample = testing::SampleDir() + "/sample.txt";
  const Case cases[] = {
      {"import.before-commit", {"import", "CORP", sample}, 0, 0},
      {"import.after-commit", {"import", "CORP", sample}, 309, 0},
      {"publish.before-rename", {"publish", "CORP"}, 309, 0},
      {"publish.after-rename", {"publish", "CORP"}, 309, 0},
      {"publish.before-commit", {"publish", "CORP"}, 309, 0},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.point);
    bool publish = c.command[0] == "publish";
    std::string ws = MakeWorkspace(std::string("ws-") + c.point, publish);
    Ran ran = RunBinary(ws, c.command, {std::string("PBADMIN_TEST_CRASH_AT=") + c.point});
    EXPECT_EQ(ran.code, 128 + SIGKILL);
    EXPECT_EQ(Integrity(ws), "ok");
    EXPECT_EQ(PopCount(ws), c.pops_after);
    EXPECT_EQ(Version(ws), c.version_after);
    // The next run completes the work.
    Ran again = RunBinary(ws, c.command);
    EXPECT_EQ(again.code, 0) << again.err;
    EXPECT_EQ(Version(ws), publish ? 1u : 0u);
    ExpectReleasesConsistent(ws);
  }
}

TEST_F(ProcessTest, KillAtRandomTimesDuringImportAndPublish) {
  std::mt19937 random(20240501);
  std::string file = temp_ / "big.txt";
  WriteText(file, testing::PbaLines(1, 30000));
  // How long an undisturbed import takes, to spread the kills over it.
  std::string timing_ws = MakeWorkspace("ws-timing", false);
  auto start = std::chrono::steady_clock::now();
  ASSERT_EQ(RunBinary(timing_ws, {"import", "CORP", file}).code, 0);
  auto import_time = std::chrono::steady_clock::now() - start;
  int imports_cut = 0;
  int publishes_cut = 0;
  for (int round = 0; round < 12; ++round) {
    std::string ws = MakeWorkspace("ws-import-" + std::to_string(round), false);
    pid_t pid = Spawn(Args(ws, {"import", "CORP", file}), {}, temp_ / "o", temp_ / "e");
    std::uniform_int_distribution<int64_t> delay(
        0, std::chrono::duration_cast<std::chrono::microseconds>(import_time).count() * 6 / 5);
    std::this_thread::sleep_for(std::chrono::microseconds(delay(random)));
    ::kill(pid, SIGKILL);
    int code = WaitFor(pid);
    EXPECT_TRUE(code == 0 || code == 128 + SIGKILL) << code;
    EXPECT_EQ(Integrity(ws), "ok");
    size_t pops = PopCount(ws);
    EXPECT_TRUE(pops == 0 || pops == 30000) << "round " << round << ": " << pops << " POPs";
    imports_cut += pops == 0 ? 1 : 0;
  }

  // Publish: each round changes one POP, publishes and kills at a random time.
  std::string ws = timing_ws;
  ASSERT_EQ(RunBinary(ws, {"publish", "CORP"}).code, 0);
  ASSERT_EQ(testing::RunIn(ws, {"pop", "delete", "CORP", "30000"}).code, 0);
  start = std::chrono::steady_clock::now();
  ASSERT_EQ(RunBinary(ws, {"publish", "CORP"}).code, 0);  // timed with a delta
  auto publish_time = std::chrono::steady_clock::now() - start;
  for (int round = 0; round < 12; ++round) {
    uint32_t before = Version(ws);
    ASSERT_EQ(testing::RunIn(ws, {"pop", "edit", "CORP", std::to_string(round + 1), "--city",
                                  "Round " + std::to_string(round)})
                  .code,
              0);
    pid_t pid = Spawn(Args(ws, {"publish", "CORP"}), {}, temp_ / "o", temp_ / "e");
    std::uniform_int_distribution<int64_t> delay(
        0, std::chrono::duration_cast<std::chrono::microseconds>(publish_time).count() * 3 / 2);
    std::this_thread::sleep_for(std::chrono::microseconds(delay(random)));
    ::kill(pid, SIGKILL);
    int code = WaitFor(pid);
    EXPECT_TRUE(code == 0 || code == 128 + SIGKILL) << code;
    EXPECT_EQ(Integrity(ws), "ok");
    uint32_t after = Version(ws);
    EXPECT_TRUE(after == before || after == before + 1) << before << " -> " << after;
    publishes_cut += after == before ? 1 : 0;
    ExpectReleasesConsistent(ws);
  }
  // For the log only (timing varies): how many kills landed before the commit.
  std::cout << "killed before commit: " << imports_cut << " of 12 imports, " << publishes_cut
            << " of 12 publishes\n";
  Ran last = RunBinary(ws, {"publish", "CORP"});
  EXPECT_TRUE(last.code == 0 || last.err.find("nothing changed") != std::string::npos) << last.err;
  ExpectReleasesConsistent(ws);
}

TEST_F(ProcessTest, ConcurrentProcessesDoNotCorruptTheWorkspace) {
  std::string ws = MakeWorkspace("ws-concurrent", false);
  std::vector<pid_t> pids;
  for (int i = 0; i < 4; ++i) {
    std::string file = temp_ / ("part" + std::to_string(i) + ".txt");
    WriteText(file, testing::PbaLines(1 + i * 2000, 2000));
    pids.push_back(Spawn(Args(ws, {"import", "CORP", file}), {}, temp_ / ("io" + std::to_string(i)),
                         temp_ / ("ie" + std::to_string(i))));
    pids.push_back(Spawn(Args(ws, {"pop", "add", "CORP", "--country", "1", "--number", "555-0101",
                                   "--pop-id", std::to_string(100000 + i)}),
                         {}, temp_ / ("po" + std::to_string(i)),
                         temp_ / ("pe" + std::to_string(i))));
  }
  size_t expected = 0;
  for (size_t i = 0; i < pids.size(); ++i) {
    int code = WaitFor(pids[i]);
    bool import = i % 2 == 0;
    std::string err = ReadText(temp_ / ((import ? "ie" : "pe") + std::to_string(i / 2)));
    if (code == 0) {
      expected += import ? 2000 : 1;
    } else {
      EXPECT_EQ(code, 1);
      EXPECT_THAT(err, HasSubstr("workspace is busy"));
    }
  }
  EXPECT_EQ(Integrity(ws), "ok");
  EXPECT_EQ(PopCount(ws), expected);
}

// ---- posting ------------------------------------------------------------------------------

uint16_t FreePort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
  socklen_t length = sizeof(addr);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &length);
  ::close(fd);
  return ntohs(addr.sin_port);
}

bool WaitForPort(uint16_t port) {
  for (int attempt = 0; attempt < 100; ++attempt) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(port);
    bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0;
    ::close(fd);
    if (ok) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

// Starts vsftpd on a free loopback port with anonymous upload into `root`; returns its pid
// (-1 when it does not come up). Config, logs and the chroot folder live in the test's temp dir.
// A self-signed certificate for 127.0.0.1 (EC P-256, made with openssl) in DIR/cert.pem and
// DIR/key.pem; false when openssl is missing or fails.
bool MakeSelfSignedCert(const std::string& dir) {
  std::string command =
      "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 "
      "-nodes -days 2 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 "
      "-keyout " +
      dir + "/key.pem -out " + dir + "/cert.pem >/dev/null 2>&1";
  return std::system(command.c_str()) == 0;
}

// vsftpd on 127.0.0.1 with anonymous uploads into `root`. With `tls_dir` (cert.pem, key.pem):
// explicit TLS (AUTH TLS) required for logins and data, as FTPS servers are usually set up.
pid_t StartVsftpd(const testing::TempDir& temp, const std::string& root, uint16_t* port,
                  const std::string& tls_dir = "") {
  fs::create_directories(temp / "ftp-empty");
  *port = FreePort();
  uint16_t pasv = FreePort();
  std::string config = temp / "vsftpd.conf";
  WriteText(
      config,
      "listen=YES\nlisten_ipv6=NO\nlisten_address=127.0.0.1\nlisten_port=" + std::to_string(*port) +
          "\nbackground=NO\nrun_as_launching_user=YES\nanonymous_enable=YES\n"
          "no_anon_password=YES\nanon_root=" +
          root +
          "\nlocal_enable=NO\nwrite_enable=YES\nanon_upload_enable=YES\n"
          "anon_mkdir_write_enable=YES\nanon_other_write_enable=YES\n"
          "anon_umask=022\npasv_enable=YES\npasv_address=127.0.0.1\npasv_min_port=" +
          std::to_string(pasv) + "\npasv_max_port=" + std::to_string(pasv) +
          "\nsecure_chroot_dir=" + (temp / "ftp-empty") +
          "\nseccomp_sandbox=NO\nxferlog_enable=NO\nconnect_from_port_20=NO\n"
          "vsftpd_log_file=" +
          (temp / "vsftpd.log") + "\n" +
          (tls_dir.empty()
               ? std::string()
               : "ssl_enable=YES\nallow_anon_ssl=YES\nforce_anon_logins_ssl=YES\n"
                 "force_anon_data_ssl=YES\nrequire_ssl_reuse=NO\n"
                 "rsa_cert_file=" +
                     tls_dir + "/cert.pem\nrsa_private_key_file=" + tls_dir + "/key.pem\n"));
  pid_t server = Spawn({kVsftpd, config}, {}, temp / "ftp.out", temp / "ftp.err");
  if (server > 0 && !WaitForPort(*port)) {
    ::kill(server, SIGTERM);
    WaitFor(server);
    return -1;
  }
  return server;
}

TEST_F(ProcessTest, PostUploadsTheReleaseToARealVsftpd) {
  if (::access(kVsftpd, X_OK) != 0)
    GTEST_SKIP() << "vsftpd is not installed (scripts/install-deps)";
  std::string ws = MakeWorkspace("ws-ftp");
  ASSERT_EQ(testing::RunIn(ws, {"publish", "CORP"}).code, 0);
  ASSERT_EQ(testing::RunIn(ws, {"pop", "delete", "CORP", "7"}).code, 0);
  ASSERT_EQ(testing::RunIn(ws, {"publish", "CORP"}).code, 0);

  std::string root = temp_ / "ftp-root";
  fs::create_directories(root + "/incoming");
  uint16_t port = 0;
  pid_t server = StartVsftpd(temp_, root, &port);
  ASSERT_GT(server, 0) << ReadText(temp_ / "ftp.err");

  std::string url = "ftp://127.0.0.1:" + std::to_string(port) + "/incoming";
  Ran ran = RunBinary(ws, {"post", "CORP", "--server", url});
  EXPECT_EQ(ran.code, 0) << ran.err;
  for (const char* file : {"full.cab", "delta-1.cab"}) {
    EXPECT_EQ(ReadText(root + "/incoming/CORP/2/" + file), ReadText(ws + "/CORP/2/" + file))
        << file;
  }
  EXPECT_TRUE(fs::exists(root + "/incoming/CORP/2/READY"));
  EXPECT_FALSE(fs::exists(root + "/incoming/CORP/2/CORP.pbk"));  // the snapshot stays home

  // A second server that is down: the post fails, says why, and history records both.
  std::string down = "ftp://127.0.0.1:" + std::to_string(FreePort()) + "/incoming";
  Ran failed = RunBinary(ws, {"post", "CORP", "--server", down});
  EXPECT_EQ(failed.code, 1);
  EXPECT_THAT(failed.err, HasSubstr("post failed"));
  ::kill(server, SIGTERM);
  WaitFor(server);

  nlohmann::json history =
      nlohmann::json::parse(testing::RunIn(ws, {"history", "CORP", "--json"}).out);
  const nlohmann::json& posts = history["releases"][1]["posts"];
  ASSERT_EQ(posts.size(), 2u);
  EXPECT_EQ(posts[0]["server"], url);
  EXPECT_EQ(posts[0]["ok"], true);
  EXPECT_EQ(posts[1]["ok"], false);
  EXPECT_EQ(history["servers"][url], 2);
}

// What the loopback HTTP server saw of one request.
struct SeenRequest {
  std::string head;
  std::string body;
};

// Serves `replies.size()` connections on `fd`, one request each, answering in order.
void ServeHttp(int fd, std::vector<std::string> replies, std::vector<SeenRequest>* seen) {
  for (const std::string& reply : replies) {
    int client = ::accept(fd, nullptr, nullptr);
    if (client < 0) return;
    std::string data;
    char buffer[65536];
    size_t header_end = std::string::npos;
    size_t content_length = 0;
    for (;;) {
      ssize_t got = ::recv(client, buffer, sizeof(buffer), 0);
      if (got <= 0) break;
      data.append(buffer, static_cast<size_t>(got));
      if (header_end == std::string::npos) {
        header_end = data.find("\r\n\r\n");
        if (header_end != std::string::npos) {
          size_t at = data.find("Content-Length: ");
          if (at != std::string::npos && at < header_end) {
            content_length = std::stoul(data.substr(at + 16));
          }
        }
      }
      if (header_end != std::string::npos && data.size() >= header_end + 4 + content_length) {
        break;
      }
    }
    seen->push_back({data.substr(0, header_end), data.substr(header_end + 4)});
    ::send(client, reply.data(), reply.size(), MSG_NOSIGNAL);
    ::close(client);
  }
}

std::string Base64(std::string_view in) {
  static const char* table = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  for (size_t i = 0; i < in.size(); i += 3) {
    uint32_t n = static_cast<uint8_t>(in[i]) << 16;
    if (i + 1 < in.size()) n |= static_cast<uint8_t>(in[i + 1]) << 8;
    if (i + 2 < in.size()) n |= static_cast<uint8_t>(in[i + 2]);
    out += table[(n >> 18) & 63];
    out += table[(n >> 12) & 63];
    out += i + 1 < in.size() ? table[(n >> 6) & 63] : '=';
    out += i + 2 < in.size() ? table[n & 63] : '=';
  }
  return out;
}

TEST_F(ProcessTest, HttpPostToLoopbackServerFollowsPostMd) {
  std::string ws = MakeWorkspace("ws-http");
  ASSERT_EQ(testing::RunIn(ws, {"publish", "CORP"}).code, 0);
  ASSERT_EQ(testing::RunIn(ws, {"pop", "delete", "CORP", "7"}).code, 0);
  ASSERT_EQ(testing::RunIn(ws, {"publish", "CORP"}).code, 0);

  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
  ASSERT_EQ(::listen(fd, 4), 0);
  socklen_t length = sizeof(addr);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &length);
  std::string body201 = R"({"phonebook": "CORP", "version": 2, "deltas": [1]})";
  std::string body409 = "version 2 is not newer than the served version 5";
  std::vector<SeenRequest> seen;
  std::thread server(
      ServeHttp, fd,
      std::vector<std::string>{
          "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\n"
          "Content-Length: " +
              std::to_string(body201.size()) + "\r\nConnection: close\r\n\r\n" + body201,
          "HTTP/1.1 409 Conflict\r\nContent-Type: text/plain\r\nContent-Length: " +
              std::to_string(body409.size()) + "\r\nConnection: close\r\n\r\n" + body409},
      &seen);
  std::string url = "http://127.0.0.1:" + std::to_string(ntohs(addr.sin_port));
  WriteText(temp_ / "password", "s3cret\n");
  Ran ok = RunBinary(ws, {"post", "CORP", "--server", url, "--user", "poster", "--password-file",
                          temp_ / "password"});
  Ran refused = RunBinary(ws, {"post", "CORP", "--server", url, "--user", "poster"},
                          {"PBADMIN_PASSWORD=other"});
  server.join();
  ::close(fd);
  EXPECT_EQ(ok.code, 0) << ok.err;
  EXPECT_EQ(refused.code, 1);
  EXPECT_THAT(refused.err, HasSubstr("HTTP 409"));
  EXPECT_THAT(refused.err, HasSubstr(body409));
  ASSERT_EQ(seen.size(), 2u);
  const SeenRequest& first = seen[0];
  EXPECT_THAT(first.head, HasSubstr("POST /pbserver/post/CORP HTTP/1.1\r\n"));
  EXPECT_THAT(first.head, HasSubstr("Authorization: Basic " + Base64("poster:s3cret")));
  EXPECT_THAT(first.head, HasSubstr("Content-Type: application/vnd.ms-cab-compressed"));
  EXPECT_THAT(first.head, HasSubstr("X-Phonebook-Version: 2"));
  EXPECT_THAT(seen[1].head, HasSubstr("Authorization: Basic " + Base64("poster:other")));
  auto bundle = ReadCabinet(first.body);
  ASSERT_TRUE(bundle) << bundle.error().ToString();
  ASSERT_EQ(bundle->size(), 2u);
  EXPECT_EQ((*bundle)[0].name, "full.cab");
  EXPECT_EQ((*bundle)[0].data, ReadText(ws + "/CORP/2/full.cab"));
  EXPECT_EQ((*bundle)[1].name, "delta-1.cab");

  nlohmann::json history =
      nlohmann::json::parse(testing::RunIn(ws, {"history", "CORP", "--json"}).out);
  const nlohmann::json& posts = history["releases"][1]["posts"];
  ASSERT_EQ(posts.size(), 2u);
  EXPECT_EQ(posts[0]["ok"], true);
  EXPECT_EQ(posts[1]["ok"], false);
  EXPECT_THAT(posts[1]["message"].get<std::string>(), HasSubstr("409"));
}

TEST_F(ProcessTest, HttpPostNeedsAUserAndNeverTakesAPasswordOption) {
  std::string ws = MakeWorkspace("ws-http-user");
  ASSERT_EQ(testing::RunIn(ws, {"publish", "CORP"}).code, 0);
  Ran ran = RunBinary(ws, {"post", "CORP", "--server", "http://127.0.0.1:9"});
  EXPECT_EQ(ran.code, 1);
  EXPECT_THAT(ran.err, HasSubstr("needs --user"));
  EXPECT_EQ(
      RunBinary(ws, {"post", "CORP", "--server", "http://127.0.0.1:9", "--password", "x"}).code, 2);
}

// The whole path against the real server (issue: pbserver), when its binary has been built:
// an HTTP post, a refused repeat, and an FTP post into its incoming folder through vsftpd.
TEST_F(ProcessTest, PostsToARealPbserverOverHttpAndFtp) {
  if (::access(kPbserver.c_str(), X_OK) != 0) {
    GTEST_SKIP() << "pbserver is not built (cmake --build ... --target pbserver)";
  }
  std::string ws = MakeWorkspace("ws-pbserver");
  ASSERT_EQ(testing::RunIn(ws, {"publish", "CORP"}).code, 0);
  ASSERT_EQ(testing::RunIn(ws, {"pop", "delete", "CORP", "7"}).code, 0);
  ASSERT_EQ(testing::RunIn(ws, {"publish", "CORP"}).code, 0);
  std::string data = temp_ / "pbserver-data";
  std::string config = temp_ / "pbserver.toml";
  fs::create_directories(data + "/incoming");
  WriteText(config, "");
  std::string add_user = "printf 's3cret-password' | " + kPbserver +
                         " user add poster --password-stdin --config " + config +
                         " >/dev/null 2>&1";
  ASSERT_EQ(std::system(add_user.c_str()), 0);
  std::string ready = temp_ / "pbserver.ready";
  pid_t server = Spawn({kPbserver, "--config", config, "--data", data, "--listen", "127.0.0.1:0",
                        "--ready-file", ready},
                       {}, temp_ / "pbserver.out", temp_ / "pbserver.err");
  ASSERT_GT(server, 0);
  std::string address;
  for (int attempt = 0; attempt < 100 && address.empty(); ++attempt) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    address = ReadText(ready);
    address = address.substr(0, address.find('\n'));
  }
  ASSERT_FALSE(address.empty()) << ReadText(temp_ / "pbserver.err");
  WriteText(temp_ / "password", "s3cret-password\n");
  std::string url = "http://" + address;
  Ran posted = RunBinary(ws, {"post", "CORP", "--server", url, "--user", "poster",
                              "--password-file", temp_ / "password"});
  EXPECT_EQ(posted.code, 0) << posted.err;
  EXPECT_THAT(posted.out, HasSubstr("HTTP 201"));
  Ran again = RunBinary(ws, {"post", "CORP", "--server", url, "--user", "poster", "--password-file",
                             temp_ / "password"});
  EXPECT_EQ(again.code, 1);
  EXPECT_THAT(again.err, HasSubstr("HTTP 409"));
  Ran wrong = RunBinary(ws, {"post", "CORP", "--server", url, "--user", "poster"},
                        {"PBADMIN_PASSWORD=wrong"});
  EXPECT_EQ(wrong.code, 1);
  EXPECT_THAT(wrong.err, HasSubstr("HTTP 401"));

  if (::access(kVsftpd, X_OK) == 0) {
    ASSERT_EQ(testing::RunIn(ws, {"pop", "delete", "CORP", "8"}).code, 0);
    ASSERT_EQ(testing::RunIn(ws, {"publish", "CORP"}).code, 0);
    uint16_t port = 0;
    pid_t ftp = StartVsftpd(temp_, data, &port);
    ASSERT_GT(ftp, 0);
    Ran uploaded = RunBinary(
        ws, {"post", "CORP", "--server", "ftp://127.0.0.1:" + std::to_string(port) + "/incoming"});
    EXPECT_EQ(uploaded.code, 0) << uploaded.err;
    // pbserver scans incoming/ every 2 s; wait (bounded) until it serves version 3.
    std::string list =
        kPbserver + " phonebook list --data " + data + " > " + (temp_ / "list.txt") + " 2>&1";
    bool served = false;
    for (int attempt = 0; attempt < 50 && !served; ++attempt) {
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
      EXPECT_EQ(std::system(list.c_str()), 0);
      std::string text = ReadText(temp_ / "list.txt");
      served = text.find("CORP") != std::string::npos && text.find('3') != std::string::npos &&
               !fs::exists(data + "/incoming/CORP/3");
    }
    EXPECT_TRUE(served) << ReadText(temp_ / "list.txt");
    ::kill(ftp, SIGTERM);
    WaitFor(ftp);
  }
  ::kill(server, SIGTERM);
  WaitFor(server);
}

// FTPS with explicit TLS against a real vsftpd that requires it: the post goes through with the
// server's self-signed certificate trusted by --ca-file, and is refused without it; plain FTP to
// the same server is refused by the server, so the successful post did use TLS.
TEST_F(ProcessTest, PostsOverFtpsWithExplicitTlsToARealVsftpd) {
  if (::access(kVsftpd, X_OK) != 0)
    GTEST_SKIP() << "vsftpd is not installed (scripts/install-deps)";
  if (!MakeSelfSignedCert(temp_.path().string()))
    GTEST_SKIP() << "openssl could not make a certificate";
  std::string ws = MakeWorkspace("ws-ftps");
  ASSERT_EQ(testing::RunIn(ws, {"publish", "CORP"}).code, 0);
  std::string root = temp_ / "ftps-root";
  fs::create_directories(root + "/incoming");
  uint16_t port = 0;
  pid_t server = StartVsftpd(temp_, root, &port, temp_.path().string());
  ASSERT_GT(server, 0) << ReadText(temp_ / "ftp.err");
  std::string where = "127.0.0.1:" + std::to_string(port) + "/incoming";
  std::string cert = temp_ / "cert.pem";

  Ran plain = RunBinary(ws, {"post", "CORP", "--server", "ftp://" + where});
  EXPECT_EQ(plain.code, 1);
  EXPECT_THAT(plain.err, HasSubstr("post failed"));
  Ran untrusted = RunBinary(ws, {"post", "CORP", "--server", "ftps://" + where});
  EXPECT_EQ(untrusted.code, 1);
  EXPECT_THAT(untrusted.err, HasSubstr("ftps://" + where));
  EXPECT_FALSE(fs::exists(root + "/incoming/CORP/1/READY"));
  Ran posted = RunBinary(ws, {"post", "CORP", "--server", "ftps://" + where, "--ca-file", cert});
  EXPECT_EQ(posted.code, 0) << posted.err;
  EXPECT_THAT(posted.out, HasSubstr("ftps://" + where + "/CORP/1/"));
  EXPECT_EQ(ReadText(root + "/incoming/CORP/1/full.cab"), ReadText(ws + "/CORP/1/full.cab"));
  EXPECT_TRUE(fs::exists(root + "/incoming/CORP/1/READY"));
  ::kill(server, SIGTERM);
  WaitFor(server);
}

// HTTPS to a real pbserver that refuses plain-HTTP posts: trusted with --ca-file the post is
// accepted and served; without it pbadmin refuses the self-signed certificate.
TEST_F(ProcessTest, PostsToARealPbserverOverHttps) {
  if (::access(kPbserver.c_str(), X_OK) != 0) {
    GTEST_SKIP() << "pbserver is not built (cmake --build ... --target pbserver)";
  }
  if (!MakeSelfSignedCert(temp_.path().string()))
    GTEST_SKIP() << "openssl could not make a certificate";
  std::string ws = MakeWorkspace("ws-https");
  ASSERT_EQ(testing::RunIn(ws, {"publish", "CORP"}).code, 0);
  std::string data = temp_ / "pbserver-tls-data";
  std::string config = temp_ / "pbserver-tls.toml";
  fs::create_directories(data);
  WriteText(config, "");
  std::string add_user = "printf 's3cret-password' | " + kPbserver +
                         " user add poster --password-stdin --config " + config +
                         " >/dev/null 2>&1";
  ASSERT_EQ(std::system(add_user.c_str()), 0);
  std::string ready = temp_ / "pbserver-tls.ready";
  pid_t server = Spawn({kPbserver, "--config", config, "--data", data, "--listen",
                        "https://127.0.0.1:0", "--tls-cert", temp_ / "cert.pem", "--tls-key",
                        temp_ / "key.pem", "--require-tls-for-posting", "--ready-file", ready},
                       {}, temp_ / "pbserver-tls.out", temp_ / "pbserver-tls.err");
  ASSERT_GT(server, 0);
  std::string url;
  for (int attempt = 0; attempt < 100 && url.empty(); ++attempt) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    url = ReadText(ready);
    url = url.substr(0, url.find('\n'));
  }
  ASSERT_EQ(url.rfind("https://127.0.0.1:", 0), 0u) << url << ReadText(temp_ / "pbserver-tls.err");
  WriteText(temp_ / "password", "s3cret-password\n");
  std::vector<std::string> post = {"post",   "CORP",   "--server",        url,
                                   "--user", "poster", "--password-file", temp_ / "password"};
  Ran untrusted = RunBinary(ws, post);
  EXPECT_EQ(untrusted.code, 1);
  EXPECT_THAT(untrusted.err, HasSubstr("post failed"));
  post.insert(post.end(), {"--ca-file", temp_ / "cert.pem"});
  Ran posted = RunBinary(ws, post);
  EXPECT_EQ(posted.code, 0) << posted.err;
  EXPECT_THAT(posted.out, HasSubstr("HTTP 201"));
  std::string list = kPbserver + " phonebook list --data " + data + " > " + (temp_ / "list.txt");
  EXPECT_EQ(std::system(list.c_str()), 0);
  EXPECT_EQ(ReadText(temp_ / "list.txt"), "CORP 1\n");
  ::kill(server, SIGTERM);
  WaitFor(server);
}

}  // namespace
}  // namespace cm::pbadmin
