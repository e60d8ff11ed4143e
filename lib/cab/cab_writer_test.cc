// SPDX-License-Identifier: MIT
// Tests of WriteCabinet: layout, determinism, the date rule and argument checks.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <optional>
#include <string>
#include <vector>

#include "cab/cab_format.h"
#include "cab/cab_test_util.h"
#include "cab/cab_writer_internal.h"
#include "cm/cab.h"

namespace cm {
namespace {

using cab::testing::Get16;
using cab::testing::Get32;
using cab::testing::LayoutOf;
using cab::testing::MixedBytes;

// Sets or unsets SOURCE_DATE_EPOCH for one scope, restoring the old value afterwards.
class ScopedSourceDateEpoch {
 public:
  explicit ScopedSourceDateEpoch(const char* value) {
    if (const char* old = std::getenv("SOURCE_DATE_EPOCH")) old_ = old;
    if (value != nullptr) {
      ::setenv("SOURCE_DATE_EPOCH", value, 1);
    } else {
      ::unsetenv("SOURCE_DATE_EPOCH");
    }
  }
  ~ScopedSourceDateEpoch() {
    if (old_) {
      ::setenv("SOURCE_DATE_EPOCH", old_->c_str(), 1);
    } else {
      ::unsetenv("SOURCE_DATE_EPOCH");
    }
  }

 private:
  std::optional<std::string> old_;
};

std::vector<CabEntry> SampleEntries() {
  return {{"pbk\\Corp.pbk", MixedBytes(70000, 1)},
          {"Corp.pbr", "[Regions]\r\n1=London\r\n"},
          {"empty.txt", ""}};
}

TEST(CabWriterTest, WritesOneMszipFolderWithMembersInOrder) {
  auto cab = WriteCabinet(SampleEntries());
  ASSERT_TRUE(cab) << cab.error().ToString();
  ASSERT_GE(cab->size(), 44u);
  EXPECT_EQ(cab->substr(0, 4), "MSCF");
  EXPECT_EQ(Get32(*cab, 8), cab->size());  // CFHEADER.cbCabinet
  EXPECT_EQ((*cab)[24], 3);                // versionMinor
  EXPECT_EQ((*cab)[25], 1);                // versionMajor
  EXPECT_EQ(Get16(*cab, 26), 1);           // cFolders
  EXPECT_EQ(Get16(*cab, 28), 3);           // cFiles
  EXPECT_EQ(Get16(*cab, 30), 0);           // flags
  EXPECT_EQ(Get16(*cab, 32), 0);           // setID: fixed, not random
  EXPECT_EQ(Get16(*cab, 34), 0);           // iCabinet
  EXPECT_EQ(Get16(*cab, 36 + 6), cab::kCompressMszip);
  auto layout = LayoutOf(*cab);
  ASSERT_EQ(layout.files.size(), 3u);
  EXPECT_EQ(cab->substr(layout.files[0] + 16, 12), "pbk\\Corp.pbk");
  EXPECT_EQ((*cab)[layout.files[0] + 16 + 12], '\0');
  EXPECT_EQ(cab->substr(layout.files[1] + 16, 8), "Corp.pbr");
  EXPECT_EQ(Get32(*cab, layout.files[1] + 4), 70000u);  // uoffFolderStart follows member 0
  EXPECT_EQ(Get16(*cab, layout.files[0] + 14), cab::kAttribArchive);
  EXPECT_EQ(layout.data_blocks.size(), 3u);  // 70023 bytes = 3 blocks of up to 32 KiB
  for (size_t block : layout.data_blocks) EXPECT_EQ(cab->substr(block + 8, 2), "CK");
}

TEST(CabWriterTest, SameInputGivesSameBytes) {
  ScopedSourceDateEpoch unset(nullptr);
  auto first = WriteCabinet(SampleEntries());
  auto second = WriteCabinet(SampleEntries());
  ASSERT_TRUE(first && second);
  EXPECT_EQ(*first, *second);
  auto none1 = WriteCabinet(SampleEntries(), {.compression = CabCompression::kNone});
  auto none2 = WriteCabinet(SampleEntries(), {.compression = CabCompression::kNone});
  ASSERT_TRUE(none1 && none2);
  EXPECT_EQ(*none1, *none2);
  EXPECT_NE(*first, *none1);
}

// The CFFILE.date and CFFILE.time of every member of `cab`.
std::vector<std::pair<uint16_t, uint16_t>> DatesOf(const std::string& cab) {
  std::vector<std::pair<uint16_t, uint16_t>> dates;
  for (size_t file : LayoutOf(cab).files) {
    dates.emplace_back(Get16(cab, file + 10), Get16(cab, file + 12));
  }
  return dates;
}

TEST(CabWriterTest, DefaultDateIs1980) {
  ScopedSourceDateEpoch unset(nullptr);
  auto cab = WriteCabinet(SampleEntries());
  ASSERT_TRUE(cab);
  for (auto [date, time] : DatesOf(*cab)) {
    EXPECT_EQ(date, (0 << 9) | (1 << 5) | 1);  // 1980-01-01
    EXPECT_EQ(time, 0);
  }
}

TEST(CabWriterTest, SourceDateEpochSetsTheDateFields) {
  ScopedSourceDateEpoch epoch("951827696");  // 2000-02-29 12:34:56 UTC
  auto cab = WriteCabinet(SampleEntries());
  ASSERT_TRUE(cab) << cab.error().ToString();
  for (auto [date, time] : DatesOf(*cab)) {
    EXPECT_EQ(date, (20 << 9) | (2 << 5) | 29);
    EXPECT_EQ(time, (12 << 11) | (34 << 5) | (56 / 2));
  }
  ScopedSourceDateEpoch unset(nullptr);
  auto plain = WriteCabinet(SampleEntries());
  ASSERT_TRUE(plain);
  EXPECT_NE(*cab, *plain);
  // Only the six date bytes per member differ.
  size_t differing = 0;
  for (size_t i = 0; i < cab->size(); ++i) differing += (*cab)[i] != (*plain)[i];
  EXPECT_LE(differing, 3u * 4u);
  EXPECT_GT(differing, 0u);
}

TEST(CabWriterTest, ExplicitTimestampWinsOverSourceDateEpoch) {
  ScopedSourceDateEpoch epoch("951827696");
  auto cab = WriteCabinet(SampleEntries(), {.timestamp = 1700000000});  // 2023-11-14 22:13:20
  ASSERT_TRUE(cab);
  for (auto [date, time] : DatesOf(*cab)) {
    EXPECT_EQ(date, (43 << 9) | (11 << 5) | 14);
    EXPECT_EQ(time, (22 << 11) | (13 << 5) | (20 / 2));
  }
}

TEST(CabWriterTest, BadSourceDateEpochIsAnError) {
  for (const char* bad : {"", "abc", "12x", "-5", "99999999999999999999999"}) {
    ScopedSourceDateEpoch epoch(bad);
    auto cab = WriteCabinet(SampleEntries());
    ASSERT_FALSE(cab) << "'" << bad << "'";
    EXPECT_EQ(cab.error().code(), Errc::kInvalidArgument);
  }
}

TEST(CabWriterTest, ResolveTimestampClampsToDosRange) {
  EXPECT_EQ(*cab::ResolveTimestamp(-1, nullptr), 315532800);
  EXPECT_EQ(*cab::ResolveTimestamp(0, nullptr), 315532800);  // 1970 is before MS-DOS dates
  EXPECT_EQ(*cab::ResolveTimestamp(-1, "0"), 315532800);
  EXPECT_EQ(*cab::ResolveTimestamp(-1, "1700000000"), 1700000000);
  EXPECT_EQ(*cab::ResolveTimestamp(5000000000, nullptr), 4354819198);  // 2107-12-31 23:59:58
}

TEST(CabWriterTest, ForwardSlashesAreStoredAsBackslashes) {
  auto cab = WriteCabinet({{"dir/sub/file.txt", "x"}});
  ASSERT_TRUE(cab);
  auto entries = ReadCabinet(*cab);
  ASSERT_TRUE(entries) << entries.error().ToString();
  ASSERT_EQ(entries->size(), 1u);
  EXPECT_EQ((*entries)[0].name, "dir\\sub\\file.txt");
}

TEST(CabWriterTest, NonAsciiNamesGetTheUtf8Attribute) {
  auto cab = WriteCabinet({{"caf\xC3\xA9.txt", "x"}});
  ASSERT_TRUE(cab);
  auto layout = LayoutOf(*cab);
  ASSERT_EQ(layout.files.size(), 1u);
  EXPECT_EQ(Get16(*cab, layout.files[0] + 14), cab::kAttribArchive | cab::kAttribNameIsUtf);
  auto entries = ReadCabinet(*cab);
  ASSERT_TRUE(entries);
  EXPECT_EQ((*entries)[0].name, "caf\xC3\xA9.txt");
}

TEST(CabWriterTest, EmptyMemberListMakesAReadableCabinet) {
  auto cab = WriteCabinet({});
  ASSERT_TRUE(cab) << cab.error().ToString();
  auto entries = ReadCabinet(*cab);
  ASSERT_TRUE(entries) << entries.error().ToString();
  EXPECT_TRUE(entries->empty());
}

TEST(CabWriterTest, RefusesBadNames) {
  struct Case {
    const char* what;
    std::vector<CabEntry> entries;
  };
  std::vector<Case> cases = {
      {"empty name", {{"", "x"}}},
      {"256-byte name", {{std::string(256, 'n'), "x"}}},
      {"NUL in name", {{std::string("a\0b", 3), "x"}}},
      {"duplicate", {{"a.txt", "1"}, {"a.txt", "2"}}},
      {"duplicate ignoring case", {{"A.TXT", "1"}, {"a.txt", "2"}}},
      {"duplicate after slash rule", {{"d/a", "1"}, {"d\\a", "2"}}},
  };
  for (const Case& c : cases) {
    auto cab = WriteCabinet(c.entries);
    ASSERT_FALSE(cab) << c.what;
    EXPECT_EQ(cab.error().code(), Errc::kInvalidArgument) << c.what;
  }
  EXPECT_TRUE(WriteCabinet({{std::string(255, 'n'), "x"}}));
}

TEST(CabWriterTest, RefusesMoreMembersThanCFilesHolds) {
  std::vector<CabEntry> entries;
  for (int i = 0; i < 65536; ++i) entries.push_back({"f" + std::to_string(i), ""});
  auto cab = WriteCabinet(entries);
  ASSERT_FALSE(cab);
  EXPECT_EQ(cab.error().code(), Errc::kInvalidArgument);
}

}  // namespace
}  // namespace cm
