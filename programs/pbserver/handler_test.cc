// SPDX-License-Identifier: MIT
// Tests of the pure request handler: every answer of the update query, metrics and post heads.
#include "handler.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "test_releases.h"

namespace cm::pbserver {
namespace {

class HandlerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // CORP versions 1..7; the current release 7 has deltas from 2..6. Remove the delta from 4
    // to test "delta missing".
    Release release;
    for (uint32_t v = 1; v <= 7; ++v) release = publisher_.Make("CORP", v);
    release.delta_cabinets.erase(4);
    full_ = release.full_cabinet;
    delta6_ = release.delta_cabinets.at(6);
    Catalog::Map books;
    books["CORP"] = PrepareEntry("CORP", 7, release.full_cabinet, release.delta_cabinets, {});
    catalog_ = Catalog(std::move(books));
  }

  Response Get(const std::string& target, const std::string& extra_headers = "",
               const std::string& method = "GET") {
    raw_ = method + " " + target + " HTTP/1.1\r\nHost: t\r\n" + extra_headers + "\r\n";
    ParseResult parsed = ParseRequestHead(raw_, {}, &request_);
    EXPECT_EQ(parsed.state, ParseState::kComplete) << raw_;
    return HandleRequest(request_, catalog_, counters_.worker(0), context_);
  }

  static std::string Query(uint32_t pbver, const std::string& pb = "CORP") {
    return "/pbserver/pbserver.dll?osarch=0&ostype=0&osver=1&cmver=1&lcid=1033&pbver=" +
           std::to_string(pbver) + "&pb=" + pb;
  }

  static bool HasHeader(const Response& r, std::string_view header) {
    return r.head().find(header) != std::string_view::npos;
  }

  testing::TestPublisher publisher_;
  Catalog catalog_;
  Counters counters_{1};
  HandlerContext context_{false, false, 1 << 20, &counters_};
  std::string full_, delta6_;
  std::string raw_;
  HttpRequest request_;
};

TEST_F(HandlerTest, UpToDateOrNewerGets204) {
  for (uint32_t v : {7u, 8u, 4000000000u}) {
    Response r = Get(Query(v));
    EXPECT_EQ(r.status(), 204) << v;
    EXPECT_TRUE(r.body().empty());
    EXPECT_TRUE(HasHeader(r, "X-Phonebook-Version: 7\r\n"));
    EXPECT_EQ(r.hit, HitKind::kNoUpgrade);
  }
}

TEST_F(HandlerTest, OneToFiveBehindGetsTheDelta) {
  Response r = Get(Query(6));
  ASSERT_EQ(r.status(), 200);
  EXPECT_EQ(r.body(), delta6_);
  EXPECT_TRUE(HasHeader(r, "Content-Type: application/vnd.ms-cab-compressed\r\n"));
  EXPECT_TRUE(HasHeader(r, "X-Phonebook-Update: delta\r\n"));
  EXPECT_TRUE(HasHeader(r, "X-Phonebook-Version: 7\r\n"));
  EXPECT_TRUE(HasHeader(r, "ETag: \""));
  EXPECT_TRUE(HasHeader(r, "Cache-Control: public, max-age=60\r\n"));
  EXPECT_TRUE(HasHeader(r, "Content-Length: " + std::to_string(delta6_.size()) + "\r\n"));
  for (uint32_t v : {2u, 3u, 5u}) {
    Response d = Get(Query(v));
    EXPECT_TRUE(HasHeader(d, "X-Phonebook-Update: delta")) << v;
    EXPECT_NE(d.body(), full_) << v;
  }
}

TEST_F(HandlerTest, ZeroTooOldOrDeltaMissingGetsTheFullBook) {
  for (uint32_t v : {0u, 1u, 4u}) {  // 0: none; 1: six behind; 4: its delta is missing
    Response r = Get(Query(v));
    ASSERT_EQ(r.status(), 200) << v;
    EXPECT_EQ(r.body(), full_) << v;
    EXPECT_TRUE(HasHeader(r, "X-Phonebook-Update: full\r\n")) << v;
    EXPECT_EQ(r.hit, HitKind::kFull);
  }
}

TEST_F(HandlerTest, MissingPbverMeansZeroAndNamesIgnoreCase) {
  Response r = Get("/pbserver/pbserver.dll?PB=CORP");
  EXPECT_EQ(r.body(), full_);
  Response mixed = Get("/PBServer/PBSERVER.DLL?OSArch=0&PBVer=6&Pb=CORP");
  EXPECT_EQ(mixed.body(), delta6_);
  Response lower_name = Get(Query(6, "corp"));
  EXPECT_EQ(lower_name.body(), delta6_);
}

TEST_F(HandlerTest, UnknownPhonebookIs404) {
  Response r = Get(Query(0, "OTHER"));
  EXPECT_EQ(r.status(), 404);
  EXPECT_EQ(r.hit, HitKind::kError);
}

TEST_F(HandlerTest, MalformedQueryIs400) {
  EXPECT_EQ(Get("/pbserver/pbserver.dll").status(), 400);
  EXPECT_EQ(Get(Query(0, "../../etc")).status(), 400);
  EXPECT_EQ(Get("/pbserver/pbserver.dll?pb=CORP&pbver=seven").status(), 400);
}

TEST_F(HandlerTest, OtherMethodsAre405WithAllow) {
  for (std::string method : {"POST", "PUT", "DELETE", "OPTIONS"}) {
    Response r = Get(Query(0), method == "POST" ? "Content-Length: 0\r\n" : "", method);
    EXPECT_EQ(r.status(), 405) << method;
    EXPECT_TRUE(HasHeader(r, "Allow: GET, HEAD\r\n")) << method;
  }
}

TEST_F(HandlerTest, HeadAnswersLikeGet) {
  Response r = Get(Query(0), "", "HEAD");
  EXPECT_EQ(r.status(), 200);
  EXPECT_TRUE(HasHeader(r, "Content-Length: " + std::to_string(full_.size())));
}

TEST_F(HandlerTest, IfNoneMatchGives304) {
  Response first = Get(Query(6));
  std::string_view head = first.head();
  size_t at = head.find("ETag: ");
  ASSERT_NE(at, std::string_view::npos);
  std::string etag(head.substr(at + 6, head.find("\r\n", at) - at - 6));
  Response again = Get(Query(6), "If-None-Match: " + etag + "\r\n");
  EXPECT_EQ(again.status(), 304);
  EXPECT_TRUE(again.body().empty());
  EXPECT_TRUE(HasHeader(again, "ETag: " + etag));
  EXPECT_EQ(Get(Query(6), "If-None-Match: \"other\", W/" + etag + "\r\n").status(), 304);
  EXPECT_EQ(Get(Query(6), "If-None-Match: *\r\n").status(), 304);
  EXPECT_EQ(Get(Query(6), "If-None-Match: \"other\"\r\n").status(), 200);
  // The full book's tag does not match the delta.
  EXPECT_EQ(Get(Query(0), "If-None-Match: " + etag + "\r\n").status(), 200);
}

TEST_F(HandlerTest, CountersFollowTheAnswers) {
  Get(Query(7));
  Get(Query(6));
  Get(Query(0));
  Get(Query(0, "NOPE"));
  Get("/healthz");
  CounterTotals t = counters_.Sum();
  EXPECT_EQ(t.hits, 4u);
  EXPECT_EQ(t.no_upgrade, 1u);
  EXPECT_EQ(t.delta_upgrade, 1u);
  EXPECT_EQ(t.full_upgrade, 1u);
  EXPECT_EQ(t.error_hits, 1u);
  EXPECT_EQ(t.requests, 5u);
  counters_.Tick();
  EXPECT_EQ(counters_.hits_per_second.load(), 4u);
  counters_.Tick();
  EXPECT_EQ(counters_.hits_per_second.load(), 0u);
}

TEST_F(HandlerTest, MetricsInPrometheusText) {
  Get(Query(6));
  Response r = Get("/metrics");
  ASSERT_EQ(r.status(), 200);
  std::string body(r.body());
  EXPECT_NE(body.find("# TYPE pbserver_hits_total counter\npbserver_hits_total 1\n"),
            std::string::npos)
      << body;
  EXPECT_NE(body.find("pbserver_delta_upgrade_hits_total 1\n"), std::string::npos);
  EXPECT_NE(body.find("pbserver_hits_per_second"), std::string::npos);
  EXPECT_NE(body.find("pbserver_phonebook_version{phonebook=\"CORP\"} 7\n"), std::string::npos);
  EXPECT_TRUE(HasHeader(r, "Content-Type: text/plain; version=0.0.4"));
}

TEST_F(HandlerTest, HealthzAndUnknownPaths) {
  EXPECT_EQ(Get("/healthz").status(), 200);
  EXPECT_EQ(Get("/etc/passwd").status(), 404);
  EXPECT_EQ(Get("/pbserver/../../etc/passwd").status(), 404);
}

TEST_F(HandlerTest, ConnectionCloseIsKept) {
  EXPECT_TRUE(Get(Query(0), "Connection: close\r\n").close);
  EXPECT_FALSE(Get(Query(0)).close);
}

TEST_F(HandlerTest, PostHeadChecks) {
  Response ok = Get("/pbserver/post/CORP", "Content-Length: 100\r\n", "POST");
  EXPECT_TRUE(ok.post);
  EXPECT_EQ(ok.post_name, "CORP");
  EXPECT_EQ(Get("/pbserver/post/CORP", "", "POST").status(), 411);
  EXPECT_EQ(Get("/pbserver/post/C.RP", "Content-Length: 1\r\n", "POST").status(), 400);
  Response big = Get("/pbserver/post/CORP", "Content-Length: 99999999\r\n", "POST");
  EXPECT_EQ(big.status(), 413);
  EXPECT_TRUE(big.close);
  EXPECT_EQ(Get("/pbserver/post/CORP").status(), 405);
  context_.require_tls_for_posting = true;
  Response plain = Get("/pbserver/post/CORP", "Content-Length: 100\r\n", "POST");
  EXPECT_EQ(plain.status(), 403);
  EXPECT_FALSE(plain.post);
  context_.is_tls = true;
  EXPECT_TRUE(Get("/pbserver/post/CORP", "Content-Length: 100\r\n", "POST").post);
}

TEST_F(HandlerTest, ParseErrorsCountAndClose) {
  Response r = ParseErrorResponse(414, "request line too long", counters_.worker(0));
  EXPECT_EQ(r.status(), 414);
  EXPECT_TRUE(r.close);
  EXPECT_TRUE(HasHeader(r, "HTTP/1.1 414 URI Too Long\r\n"));
  EXPECT_EQ(counters_.Sum().error_hits, 1u);
}

// Large cabinets are also kept in a file (O_TMPFILE, or a memfd) that plain-HTTP answers send
// with sendfile(2): its bytes must be exactly the body; small cabinets have none.
TEST(BodyFileTest, LargeCabinetsGetAnIdenticalFile) {
  std::string big(kBodyFileThreshold + 12345, '\0');
  for (size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>((i * 7919) >> 3);
  auto entry = PrepareEntry("BIG", 3, big, {{2, std::string(100, 'd')}}, {});
  ASSERT_NE(entry->full.body_file, nullptr);
  std::string read(big.size() + 10, '\0');
  ssize_t n = ::pread(entry->full.body_file->fd(), read.data(), read.size(), 0);
  ASSERT_EQ(n, static_cast<ssize_t>(big.size()));
  read.resize(static_cast<size_t>(n));
  EXPECT_EQ(read, big);
  ASSERT_TRUE(entry->deltas[1].has_value());
  EXPECT_EQ(entry->deltas[1]->body_file, nullptr);

  Catalog::Map books;
  books["BIG"] = entry;
  Catalog catalog(std::move(books));
  Counters counters{1};
  HandlerContext context{false, false, 1 << 20, &counters};
  std::string raw = "GET /pbserver/pbserver.dll?pb=BIG HTTP/1.1\r\nHost: t\r\n\r\n";
  HttpRequest request;
  ASSERT_EQ(ParseRequestHead(raw, {}, &request).state, ParseState::kComplete);
  Response full = HandleRequest(request, catalog, counters.worker(0), context);
  EXPECT_EQ(full.body_fd, entry->full.body_file->fd());
  EXPECT_EQ(full.body(), big);
  raw = "GET /pbserver/pbserver.dll?pb=BIG&pbver=2 HTTP/1.1\r\nHost: t\r\n\r\n";
  ASSERT_EQ(ParseRequestHead(raw, {}, &request).state, ParseState::kComplete);
  EXPECT_EQ(HandleRequest(request, catalog, counters.worker(0), context).body_fd, -1);
}

// In a folder that allows O_TMPFILE, the body file is an unnamed file there (nothing appears in
// the folder) with exactly the body's bytes; a folder that cannot hold one falls back to memfd.
TEST(BodyFileTest, UnnamedFileInTheDataFolderElseMemfd) {
  std::string pattern = (std::filesystem::temp_directory_path() / "pbs-body-XXXXXX").string();
  ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
  const std::string dir = pattern;
  std::string big(kBodyFileThreshold * 3 + 7, '\0');
  for (size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>((i * 31) >> 2);
  for (const std::string& where : {dir, dir + "/missing"}) {
    auto file = BodyFile::Create(big, where);
    ASSERT_NE(file, nullptr) << where;
    std::string read(big.size() + 1, '\0');
    ASSERT_EQ(::pread(file->fd(), read.data(), read.size(), 0), static_cast<ssize_t>(big.size()));
    read.resize(big.size());
    EXPECT_EQ(read, big) << where;
    char link[256] = {};
    const std::string proc = "/proc/self/fd/" + std::to_string(file->fd());
    ASSERT_GT(::readlink(proc.c_str(), link, sizeof link - 1), 0);
    const std::string target = link;
    if (where == dir) {
      EXPECT_TRUE(target.starts_with(dir + "/#") || target.starts_with("/memfd:")) << target;
    } else {
      EXPECT_TRUE(target.starts_with("/memfd:pbserver-cabinet")) << target;
    }
  }
  EXPECT_TRUE(std::filesystem::is_empty(dir));
  std::filesystem::remove_all(dir);
}

TEST(IfNoneMatchTest, Forms) {
  EXPECT_TRUE(IfNoneMatchMatches("\"a\"", "\"a\""));
  EXPECT_TRUE(IfNoneMatchMatches("W/\"a\"", "\"a\""));
  EXPECT_TRUE(IfNoneMatchMatches(" \"x\" , \"a\"", "\"a\""));
  EXPECT_FALSE(IfNoneMatchMatches("\"ab\"", "\"a\""));
  EXPECT_FALSE(IfNoneMatchMatches("a", "\"a\""));
  EXPECT_FALSE(IfNoneMatchMatches("\"a", "\"a\""));
}

}  // namespace
}  // namespace cm::pbserver
