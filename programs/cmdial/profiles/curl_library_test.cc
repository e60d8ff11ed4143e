// SPDX-License-Identifier: MIT
#include "profiles/curl_library.h"

#include <gtest/gtest.h>

namespace cm::cmdial {
namespace {

TEST(CurlLibraryTest, LoadsEveryFunctionOfTheInstalledLibcurl) {
  Result<CurlLibrary> curl = OpenCurlLibrary(kLibcurlSoname);
  ASSERT_TRUE(curl) << curl.error().ToString();
  EXPECT_NE(curl->global_init, nullptr);
  EXPECT_NE(curl->easy_init, nullptr);
  EXPECT_NE(curl->easy_setopt, nullptr);
  EXPECT_NE(curl->easy_perform, nullptr);
  EXPECT_NE(curl->easy_getinfo, nullptr);
  EXPECT_NE(curl->easy_cleanup, nullptr);
  ASSERT_NE(curl->easy_strerror, nullptr);
  EXPECT_STREQ(curl->easy_strerror(CURLE_OK), "No error");
}

TEST(CurlLibraryTest, LoadedOncePerProcess) {
  Result<const CurlLibrary*> first = Libcurl();
  ASSERT_TRUE(first) << first.error().ToString();
  Result<const CurlLibrary*> second = Libcurl();
  ASSERT_TRUE(second);
  EXPECT_EQ(*first, *second);
  // The table works: an easy handle can be made and freed.
  CURL* handle = (*first)->easy_init();
  ASSERT_NE(handle, nullptr);
  (*first)->easy_cleanup(handle);
}

TEST(CurlLibraryTest, MissingLibraryIsAClearError) {
  Result<CurlLibrary> curl = OpenCurlLibrary("libcurl-cmsuite-missing.so.4");
  ASSERT_FALSE(curl);
  EXPECT_EQ(curl.error().code(), Errc::kUnsupported);
  const std::string& message = curl.error().message();
  EXPECT_NE(message.find("libcurl-cmsuite-missing.so.4 could not be loaded"), std::string::npos)
      << message;
  EXPECT_NE(message.find("apt-get install libcurl4"), std::string::npos) << message;
}

TEST(CurlLibraryTest, LibraryWithoutCurlFunctionsIsRefused) {
  Result<CurlLibrary> curl = OpenCurlLibrary("libz.so.1");
  ASSERT_FALSE(curl);
  EXPECT_EQ(curl.error().code(), Errc::kUnsupported);
  EXPECT_NE(curl.error().message().find("it has no function curl_global_init"), std::string::npos)
      << curl.error().message();
}

}  // namespace
}  // namespace cm::cmdial
