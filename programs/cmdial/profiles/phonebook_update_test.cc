// SPDX-License-Identifier: MIT
// UpdatePhonebook against the real pbserver (when built) and against a bad-server double, both
// on loopback with ports the kernel picks.
#include "profiles/phonebook_update.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "cm/file_util.h"
#include "cm/release.h"
#include "profile/profile_package_test_util.h"
#include "profiles/installer.h"
#include "profiles/pbserver_test_process.h"
#include "profiles/phonebook_files.h"
#include "profiles/profiles_test_util.h"

namespace cm::cmdial {
namespace {

using cm::testing::TestPackage;
using testing::TempStore;

const std::string& kPbserver = testing::kTestPbserver;

Pop MakePop(uint32_t id, std::string name) {
  Pop pop;
  pop.pop_id = id;
  pop.country = 1;
  pop.region_id = 1;
  pop.name = std::move(name);
  pop.area_code = "206";
  pop.number = "555-01" + std::to_string(10 + id);
  pop.flags = 32;
  return pop;
}

// SAMPLE versions 1..3: each adds a POP.
ReleaseSnapshot Snapshot(uint32_t version) {
  Phonebook book;
  for (uint32_t id = 1; id <= version + 1; ++id) book.Add(MakePop(id, "POP " + std::to_string(id)));
  RegionList regions;
  regions.names = {"Seattle"};
  return MakeSnapshot("SAMPLE", version, book, regions).value();
}

class PhonebookUpdateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (uint32_t v = 1; v <= 3; ++v) snapshots_.push_back(Snapshot(v));
    // The profile ships version 2, signed updates come from `publisher_`.
    TestPackage package = TestPackage::Minimal("DEMO", "Demo");
    package.files["DEMO.cms"] +=
        "[ISP]\r\nPBFile=DEMO\\SAMPLE.pbk\r\nRegionFile=DEMO\\SAMPLE.pbr\r\n"
        "PBURL=http://127.0.0.1:9/pbserver/pbserver.dll\r\n[cmsuite Phonebook]\r\nPublisherKey=" +
        publisher_.public_key().ToString() + "\r\n";
    package.files["SAMPLE.pbk"] = snapshots_[1].pbk;
    package.files["SAMPLE.pbr"] = snapshots_[1].pbr;
    package.files["SAMPLE.ver"] = VersionFileBytes(2);
    package.key = &profile_key_;
    profile_ = InstallPackage(store_.paths(), package.Build(), {}).value().installed;
    options_.log_path = store_.dir() + "/state/update.log";
  }

  std::string Installed(std::string_view name) {
    return ReadFile(profile_.FilePath(name)).value_or("(missing)");
  }

  // Starts the real pbserver serving SAMPLE 1..3 (delta 2->3, 1->3).
  std::string StartPbserver() {
    const std::string data = store_.dir() + "/pbs-data";
    testing::ServePhonebook(data, "SAMPLE", snapshots_, publisher_);
    return server_.Start(store_.dir(), data);
  }

  TempStore store_;
  SigningKey publisher_ = SigningKey::Generate();
  SigningKey profile_key_ = SigningKey::Generate();
  std::vector<ReleaseSnapshot> snapshots_;
  InstalledProfile profile_;
  UpdateOptions options_;
  testing::PbserverProcess server_;
};

TEST_F(PhonebookUpdateTest, RealPbserverDeltaThenUpToDateThenFull) {
  if (::access(kPbserver.c_str(), X_OK) != 0) {
    GTEST_SKIP() << "pbserver is not built (cmake --build ... --target pbserver)";
  }
  options_.url_override = StartPbserver();
  ASSERT_FALSE(options_.url_override.empty());
  Result<PhonebookUpdateOutcome> delta = UpdatePhonebook(profile_, options_);
  ASSERT_TRUE(delta) << delta.error().ToString();
  EXPECT_EQ(delta->kind, PhonebookUpdateKind::kDelta);
  EXPECT_EQ(delta->old_version, 2u);
  EXPECT_EQ(delta->new_version, 3u);
  EXPECT_EQ(Installed("SAMPLE.pbk"), snapshots_[2].pbk);
  EXPECT_EQ(profile_.PhonebookVersion(), 3u);

  Result<PhonebookUpdateOutcome> none = UpdatePhonebook(profile_, options_);
  ASSERT_TRUE(none) << none.error().ToString();
  EXPECT_EQ(none->kind, PhonebookUpdateKind::kUpToDate);

  // A book that is not the release its .ver claims gets the full book.
  ASSERT_TRUE(WriteFileAtomic(profile_.FilePath("SAMPLE.pbk"), snapshots_[0].pbk));
  ASSERT_TRUE(WriteFileAtomic(profile_.FilePath("SAMPLE.ver"), VersionFileBytes(2)));
  Result<PhonebookUpdateOutcome> full = UpdatePhonebook(profile_, options_);
  ASSERT_TRUE(full) << full.error().ToString();
  EXPECT_EQ(full->kind, PhonebookUpdateKind::kFull);
  EXPECT_EQ(Installed("SAMPLE.pbk"), snapshots_[2].pbk);
  const std::string log = ReadFile(options_.log_path).value_or("");
  EXPECT_NE(log.find("DEMO phone book SAMPLE 2 -> 3 (delta)"), std::string::npos) << log;
  EXPECT_NE(log.find("up to date"), std::string::npos) << log;
}

// A loopback HTTP server double that gives every request the same canned answer.
class BadServerDouble {
 public:
  explicit BadServerDouble(std::string head, std::string body, size_t repeat_body = 1)
      : head_(std::move(head)), body_(std::move(body)), repeat_(repeat_body) {
    listener_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(::bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    EXPECT_EQ(::listen(listener_, 4), 0);
    socklen_t length = sizeof address;
    ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] { Serve(); });
  }
  ~BadServerDouble() {
    stop_ = true;
    ::shutdown(listener_, SHUT_RDWR);
    ::close(listener_);
    thread_.join();
  }
  std::string url() const {
    return "http://127.0.0.1:" + std::to_string(port_) + "/pbserver/pbserver.dll";
  }

 private:
  void Serve() {
    while (!stop_) {
      int client = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
      if (client < 0) return;
      std::string request;
      char buffer[2048];
      while (request.find("\r\n\r\n") == std::string::npos) {
        ssize_t got = ::recv(client, buffer, sizeof buffer, 0);
        if (got <= 0) break;
        request.append(buffer, static_cast<size_t>(got));
      }
      ::send(client, head_.data(), head_.size(), MSG_NOSIGNAL);
      for (size_t i = 0; i < repeat_; ++i) {
        if (::send(client, body_.data(), body_.size(), MSG_NOSIGNAL) < 0) break;
      }
      ::close(client);
    }
  }

  std::string head_;
  std::string body_;
  size_t repeat_;
  int listener_ = -1;
  uint16_t port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

std::string OkHead(size_t length) {
  return "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: " +
         std::to_string(length) + "\r\nConnection: close\r\n\r\n";
}

// The update stamps the new book as plain (so the next `cmdial pops` is fast from the start):
// install stamped version 2, the delta 2 -> 3 keeps its lines and adds one, and the book in
// place afterwards reads through its stamp to the same bytes as the full check.
TEST_F(PhonebookUpdateTest, DeltaUpdateStampsThePlainNewBook) {
  const std::string cache = store_.paths().cache_dir;
  const std::string stamp = PlainStampPath(cache, profile_);
  bool stamped = false;
  ASSERT_TRUE(ReadBookFile(profile_.PhonebookPath(), stamp, stamped));
  ASSERT_TRUE(stamped) << "install stamps a plain book";
  std::string cabinet = BuildDeltaCabinet(snapshots_[1], snapshots_[2], publisher_).value();
  Result<PhonebookUpdateOutcome> outcome = ApplyPhonebookCabinet(profile_, cabinet, cache);
  ASSERT_TRUE(outcome) << outcome.error().ToString();
  ASSERT_EQ(outcome->kind, PhonebookUpdateKind::kDelta);
  ASSERT_EQ(Installed("SAMPLE.pbk"), snapshots_[2].pbk);
  ASSERT_TRUE(ReadBookFile(profile_.PhonebookPath(), stamp, stamped));
  EXPECT_TRUE(stamped);
  EXPECT_EQ(ReadPrefilteredPbk(profile_.PhonebookPath(), {1}, 4096, stamp).value_or("?"),
            PrefilterPbk(snapshots_[2].pbk, {1}));
}

// A new line that is not a plain POP line (a name longer than MS-CPSP's 31 characters) leaves
// the new book unstamped, whether it came in a delta from a stamped book or in a full book.
TEST_F(PhonebookUpdateTest, UpdateWithAnOddLineLeavesTheBookUnstamped) {
  const std::string cache = store_.paths().cache_dir;
  const std::string stamp = PlainStampPath(cache, profile_);
  Phonebook book;
  for (uint32_t id = 1; id <= 3; ++id) book.Add(MakePop(id, "POP " + std::to_string(id)));
  book.Add(MakePop(4, std::string(40, 'N')));
  RegionList regions;
  regions.names = {"Seattle"};
  Result<ReleaseSnapshot> odd = MakeSnapshot("SAMPLE", 3, book, regions);
  ASSERT_TRUE(odd) << odd.error().ToString();
  ASSERT_FALSE(IsPlainPbk(odd->pbk));
  bool stamped = false;
  ASSERT_TRUE(ReadBookFile(profile_.PhonebookPath(), stamp, stamped));
  ASSERT_TRUE(stamped);
  Result<PhonebookUpdateOutcome> outcome = ApplyPhonebookCabinet(
      profile_, BuildDeltaCabinet(snapshots_[1], *odd, publisher_).value(), cache);
  ASSERT_TRUE(outcome) << outcome.error().ToString();
  ASSERT_EQ(Installed("SAMPLE.pbk"), odd->pbk);
  ASSERT_TRUE(ReadBookFile(profile_.PhonebookPath(), stamp, stamped));
  EXPECT_FALSE(stamped);
  odd->version = 4;
  Result<PhonebookUpdateOutcome> full =
      ApplyPhonebookCabinet(profile_, BuildFullCabinet(*odd, publisher_).value(), cache);
  ASSERT_TRUE(full) << full.error().ToString();
  ASSERT_EQ(full->kind, PhonebookUpdateKind::kFull);
  ASSERT_TRUE(ReadBookFile(profile_.PhonebookPath(), stamp, stamped));
  EXPECT_FALSE(stamped);
  // Every listing still gives what the full check gives.
  EXPECT_EQ(ReadPrefilteredPbk(profile_.PhonebookPath(), {1}, 4096, stamp, 0).value_or("?"),
            PrefilterPbk(odd->pbk, {1}));
}

TEST_F(PhonebookUpdateTest, BadServerDoubleWrongSignatureKeepsTheOldBook) {
  SigningKey stranger = SigningKey::Generate();
  std::string cabinet = BuildDeltaCabinet(snapshots_[1], snapshots_[2], stranger).value();
  BadServerDouble server(OkHead(cabinet.size()), cabinet);
  options_.url_override = server.url();
  Result<PhonebookUpdateOutcome> outcome = UpdatePhonebook(profile_, options_);
  ASSERT_FALSE(outcome);
  EXPECT_EQ(outcome.error().code(), Errc::kSignature);
  EXPECT_EQ(Installed("SAMPLE.pbk"), snapshots_[1].pbk);
  EXPECT_EQ(profile_.PhonebookVersion(), 2u);
  const std::string log = ReadFile(options_.log_path).value_or("");
  EXPECT_NE(log.find("DEMO phone book update failed, kept version 2"), std::string::npos) << log;
}

TEST_F(PhonebookUpdateTest, BadServerDoubleHugeBodyIsCutOff) {
  options_.max_bytes = 1 << 20;
  // No Content-Length: the cap must hold while the body streams.
  BadServerDouble server("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n", std::string(65536, 'x'),
                         64);
  options_.url_override = server.url();
  Result<PhonebookUpdateOutcome> outcome = UpdatePhonebook(profile_, options_);
  ASSERT_FALSE(outcome);
  EXPECT_EQ(outcome.error().code(), Errc::kLimit);
  EXPECT_EQ(Installed("SAMPLE.pbk"), snapshots_[1].pbk);
  // With a Content-Length over the cap the answer is refused before the body.
  BadServerDouble announced(OkHead(size_t{1} << 30), "x");
  options_.url_override = announced.url();
  Result<PhonebookUpdateOutcome> refused = UpdatePhonebook(profile_, options_);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code(), Errc::kLimit);
}

TEST_F(PhonebookUpdateTest, BadServerDoubleRedirectIsNotFollowed) {
  BadServerDouble server(
      "HTTP/1.1 302 Found\r\nLocation: http://198.51.100.7/evil.cab\r\nContent-Length: 0\r\n"
      "Connection: close\r\n\r\n",
      "");
  options_.url_override = server.url();
  Result<PhonebookUpdateOutcome> outcome = UpdatePhonebook(profile_, options_);
  ASSERT_FALSE(outcome);
  EXPECT_EQ(outcome.error().code(), Errc::kNetwork);
  EXPECT_NE(outcome.error().message().find("http://198.51.100.7/evil.cab"), std::string::npos);
  EXPECT_NE(outcome.error().message().find("never followed"), std::string::npos);
  EXPECT_EQ(Installed("SAMPLE.pbk"), snapshots_[1].pbk);
}

TEST_F(PhonebookUpdateTest, BadServerDoubleNotACabinet) {
  const std::string page = "<html>hello</html>";
  BadServerDouble server(OkHead(page.size()), page);
  options_.url_override = server.url();
  Result<PhonebookUpdateOutcome> outcome = UpdatePhonebook(profile_, options_);
  ASSERT_FALSE(outcome);
  EXPECT_EQ(Installed("SAMPLE.ver"), VersionFileBytes(2));
}

TEST_F(PhonebookUpdateTest, OnlyHttpAndHttpsUrls) {
  options_.url_override = "file:///etc/passwd";
  Result<PhonebookUpdateOutcome> outcome = UpdatePhonebook(profile_, options_);
  ASSERT_FALSE(outcome);
  EXPECT_EQ(outcome.error().code(), Errc::kInvalidArgument);
}

// libcurl is loaded on first use; without it the update fails with a clear reason, the old book
// stays and the log says why (the connection goes on).
TEST_F(PhonebookUpdateTest, MissingLibcurlKeepsTheOldBookAndSaysWhy) {
  BadServerDouble server(OkHead(2), "no");
  options_.url_override = server.url();
  options_.curl_soname = "libcurl-cmsuite-missing.so.4";
  Result<PhonebookUpdateOutcome> outcome = UpdatePhonebook(profile_, options_);
  ASSERT_FALSE(outcome);
  EXPECT_EQ(outcome.error().code(), Errc::kUnsupported);
  EXPECT_NE(outcome.error().message().find("libcurl-cmsuite-missing.so.4 could not be loaded"),
            std::string::npos)
      << outcome.error().message();
  EXPECT_EQ(Installed("SAMPLE.pbk"), snapshots_[1].pbk);
  EXPECT_EQ(profile_.PhonebookVersion(), 2u);
  const std::string log = ReadFile(options_.log_path).value_or("");
  EXPECT_NE(log.find("kept version 2"), std::string::npos) << log;
  EXPECT_NE(log.find("apt-get install libcurl4"), std::string::npos) << log;
}

TEST(PhonebookUpdateNoServerTest, ProfileWithoutServerAsksNothing) {
  TempStore store;
  store.InstallFixture("HANDMADE");
  InstalledProfile profile = FindProfile(store.paths(), "HANDMADE").value();
  Result<PhonebookUpdateOutcome> outcome = UpdatePhonebook(profile, {});
  ASSERT_TRUE(outcome);
  EXPECT_EQ(outcome->kind, PhonebookUpdateKind::kNoServer);
}

}  // namespace
}  // namespace cm::cmdial
