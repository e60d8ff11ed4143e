// SPDX-License-Identifier: MIT
// Tests of the request head parser: complete, incomplete, limits and refused forms.
#include "http_request.h"

#include <gtest/gtest.h>

#include <string>

namespace cm::pbserver {
namespace {

ParseResult Parse(std::string_view bytes, HttpRequest* request, HttpLimits limits = {}) {
  return ParseRequestHead(bytes, limits, request);
}

TEST(HttpRequestTest, ParsesAGetWithHeaders) {
  std::string bytes =
      "GET /pbserver/pbserver.dll?pb=CORP&pbver=3 HTTP/1.1\r\nHost: pb\r\n"
      "If-None-Match: \"abc\"\r\nUser-Agent: Microsoft Connection Manager\r\n\r\nNEXT";
  HttpRequest request;
  ParseResult result = Parse(bytes, &request);
  ASSERT_EQ(result.state, ParseState::kComplete);
  EXPECT_EQ(request.method, HttpMethod::kGet);
  EXPECT_EQ(request.path, "/pbserver/pbserver.dll");
  EXPECT_EQ(request.query, "pb=CORP&pbver=3");
  EXPECT_EQ(request.host, "pb");
  EXPECT_EQ(request.if_none_match, "\"abc\"");
  EXPECT_EQ(request.user_agent, "Microsoft Connection Manager");
  EXPECT_TRUE(request.keep_alive);
  EXPECT_EQ(request.head_size, bytes.size() - 4);
}

TEST(HttpRequestTest, IncompleteUntilTheBlankLine) {
  HttpRequest request;
  EXPECT_EQ(Parse("GET / HTTP/1.1\r\nHost: x\r\n", &request).state, ParseState::kIncomplete);
  EXPECT_EQ(Parse("GET / HT", &request).state, ParseState::kIncomplete);
  EXPECT_EQ(Parse("", &request).state, ParseState::kIncomplete);
}

TEST(HttpRequestTest, AcceptsBareLineFeeds) {
  HttpRequest request;
  ASSERT_EQ(Parse("GET /healthz HTTP/1.0\nHost: x\n\n", &request).state, ParseState::kComplete);
  EXPECT_EQ(request.version_minor, 0);
  EXPECT_FALSE(request.keep_alive);  // HTTP/1.0 without keep-alive
}

TEST(HttpRequestTest, RequestLineOver1024BytesIs414EvenBeforeItEnds) {
  std::string line = "GET /" + std::string(1100, 'a');
  HttpRequest request;
  ParseResult partial = Parse(line, &request);
  EXPECT_EQ(partial.state, ParseState::kError);
  EXPECT_EQ(partial.status, 414);
  ParseResult whole = Parse(line + " HTTP/1.1\r\n\r\n", &request);
  EXPECT_EQ(whole.status, 414);
  std::string fits = "GET /" + std::string(1000, 'a') + " HTTP/1.1\r\n\r\n";
  EXPECT_EQ(Parse(fits, &request).state, ParseState::kComplete);
}

TEST(HttpRequestTest, HeadOverTheLimitIs431) {
  std::string bytes = "GET / HTTP/1.1\r\nX-Big: " + std::string(9000, 'b') + "\r\n\r\n";
  HttpRequest request;
  EXPECT_EQ(Parse(bytes, &request).status, 431);
  std::string many = "GET / HTTP/1.1\r\n";
  for (int i = 0; i < 70; ++i) many += "X-A: b\r\n";
  EXPECT_EQ(Parse(many + "\r\n", &request).status, 431);
}

TEST(HttpRequestTest, RefusedForms) {
  struct Case {
    std::string bytes;
    int status;
  };
  const Case cases[] = {
      {"GET\r\n\r\n", 400},
      {"GET  / HTTP/1.1\r\n\r\n", 400},
      {"GET / HTTP/2.0\r\n\r\n", 505},
      {"GET / FTP/1.1\r\n\r\n", 400},
      {"GET nopath HTTP/1.1\r\n\r\n", 400},
      {"G(T / HTTP/1.1\r\n\r\n", 400},
      {"GET / HTTP/1.1\r\nBad Header: x\r\n\r\n", 400},
      {"GET / HTTP/1.1\r\nNoColon\r\n\r\n", 400},
      {"GET / HTTP/1.1\r\nA: b\r\n folded\r\n\r\n", 400},
      {"POST / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n", 400},
      {"POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n", 400},
      {"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n", 501},
      {"POST / HTTP/1.1\r\nExpect: something\r\n\r\n", 417},
      {"GET / HTTP/1.1\r\nA: b\x01\r\n\r\n", 400},
  };
  for (const Case& c : cases) {
    HttpRequest request;
    ParseResult result = Parse(c.bytes, &request);
    EXPECT_EQ(result.state, ParseState::kError) << c.bytes;
    EXPECT_EQ(result.status, c.status) << c.bytes;
    EXPECT_FALSE(result.reason.empty()) << c.bytes;
  }
}

TEST(HttpRequestTest, PostHeaders) {
  HttpRequest request;
  ASSERT_EQ(Parse("POST /pbserver/post/CORP HTTP/1.1\r\nContent-Length: 42\r\n"
                  "Authorization: Basic eDp5\r\nX-Phonebook-Version: 7\r\n"
                  "Expect: 100-continue\r\nConnection: close\r\n\r\n",
                  &request)
                .state,
            ParseState::kComplete);
  EXPECT_EQ(request.method, HttpMethod::kPost);
  EXPECT_TRUE(request.has_content_length);
  EXPECT_EQ(request.content_length, 42u);
  EXPECT_EQ(request.authorization, "Basic eDp5");
  EXPECT_EQ(request.phonebook_version, "7");
  EXPECT_TRUE(request.expect_continue);
  EXPECT_FALSE(request.keep_alive);
}

TEST(HttpRequestTest, AbsoluteFormKeepsThePath) {
  HttpRequest request;
  ASSERT_EQ(Parse("GET http://pb.example/pbserver/pbserver.dll?pb=A HTTP/1.1\r\n\r\n", &request)
                .state,
            ParseState::kComplete);
  EXPECT_EQ(request.path, "/pbserver/pbserver.dll");
  EXPECT_EQ(request.query, "pb=A");
}

TEST(HttpRequestTest, PipelinedRequestsParseOneAtATime) {
  std::string one = "GET /a HTTP/1.1\r\n\r\n";
  std::string two = "HEAD /b HTTP/1.1\r\n\r\n";
  std::string bytes = one + two;
  HttpRequest request;
  ASSERT_EQ(Parse(bytes, &request).state, ParseState::kComplete);
  EXPECT_EQ(request.path, "/a");
  ASSERT_EQ(request.head_size, one.size());
  ASSERT_EQ(Parse(std::string_view(bytes).substr(request.head_size), &request).state,
            ParseState::kComplete);
  EXPECT_EQ(request.method, HttpMethod::kHead);
  EXPECT_EQ(request.path, "/b");
}

}  // namespace
}  // namespace cm::pbserver
