// SPDX-License-Identifier: MIT
#include "cm/file_util.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <string>

namespace cm {
namespace {

class FileUtilTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/cm-file-util-XXXXXX";
    ASSERT_NE(::mkdtemp(pattern), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string dir_;
};

TEST_F(FileUtilTest, WriteThenReadRoundTrips) {
  std::string path = dir_ + "/a.bin";
  std::string bytes("x\0y\r\n", 5);
  ASSERT_TRUE(WriteFileAtomic(path, bytes));
  auto read = ReadFile(path);
  ASSERT_TRUE(read);
  EXPECT_EQ(*read, bytes);
}

TEST_F(FileUtilTest, ReplaceLeavesNoTemporaryFiles) {
  std::string path = dir_ + "/a.txt";
  ASSERT_TRUE(WriteFileAtomic(path, "old"));
  ASSERT_TRUE(WriteFileAtomic(path, "new"));
  EXPECT_EQ(*ReadFile(path), "new");
  int count = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir_)) {
    (void)entry;
    ++count;
  }
  EXPECT_EQ(count, 1);
}

TEST_F(FileUtilTest, MissingFileIsNotFoundAndNamesThePath) {
  auto read = ReadFile(dir_ + "/none");
  ASSERT_FALSE(read);
  EXPECT_EQ(read.error().code(), Errc::kNotFound);
  EXPECT_NE(read.error().ToString().find("/none"), std::string::npos);
}

TEST_F(FileUtilTest, WriteIntoMissingFolderFails) {
  auto written = WriteFileAtomic(dir_ + "/no/such/file", "x");
  ASSERT_FALSE(written);
  EXPECT_EQ(written.error().code(), Errc::kNotFound);
}

TEST_F(FileUtilTest, ModeIsApplied) {
  std::string path = dir_ + "/secret";
  ASSERT_TRUE(WriteFileAtomic(path, "k", 0600));
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
}

}  // namespace
}  // namespace cm
