// SPDX-License-Identifier: MIT
// Tests of ReadCabinet: cabinets from gcab, libgcab and a hand encoder, and hostile inputs.
#include <gtest/gtest.h>
#include <zlib.h>

#include <filesystem>
#include <string>
#include <vector>

#include "cab/cab_format.h"
#include "cab/cab_test_util.h"
#include "cm/cab.h"

namespace cm {
namespace {

using cab::testing::BuildCabinet;
using cab::testing::Get16;
using cab::testing::Get32;
using cab::testing::HandOptions;
using cab::testing::LayoutOf;
using cab::testing::MixedBytes;
using cab::testing::Put16;
using cab::testing::Put32;
using cab::testing::Testdata;

std::vector<CabEntry> TestdataMembers(const std::vector<std::string>& names) {
  std::vector<CabEntry> entries;
  for (const std::string& name : names) entries.push_back({name, Testdata("cab/src/" + name)});
  return entries;
}

std::vector<CabEntry> Members() {
  return {{"one.txt", MixedBytes(40000, 1)},
          {"empty", ""},
          {"two.bin", MixedBytes(70000, 2)},
          {"three.txt", "three\r\n"}};
}

// Reads `cab` and expects an error with `code`; returns it for further checks.
Error ExpectError(const std::string& cab, Errc code, const CabReadLimits& limits = {}) {
  auto entries = ReadCabinet(cab, limits);
  EXPECT_FALSE(entries);
  if (entries) return Error(Errc::kInternal, "no error");
  EXPECT_EQ(entries.error().code(), code) << entries.error().ToString();
  return entries.error();
}

TEST(CabReaderTest, ReadsGcabToolMszipCabinet) {
  auto entries = ReadCabinet(Testdata("cab/gcab-mszip.cab"));
  ASSERT_TRUE(entries) << entries.error().ToString();
  EXPECT_EQ(*entries, TestdataMembers({"hello.txt", "empty.txt", "phonebook.txt", "random.bin",
                                       "block32k.bin"}));
}

TEST(CabReaderTest, ReadsGcabToolUncompressedCabinet) {
  auto entries = ReadCabinet(Testdata("cab/gcab-none.cab"));
  ASSERT_TRUE(entries) << entries.error().ToString();
  EXPECT_EQ(*entries, TestdataMembers({"hello.txt", "empty.txt", "block32k.bin"}));
}

TEST(CabReaderTest, ReadsHistoryCarriedAcrossBlocks) {
  // The second block repeats the first block's last 16 KiB twice, so it is tiny only because
  // it copies from the first block's output.
  std::string first = MixedBytes(32768, 9);
  std::string tail = first.substr(16384);
  std::vector<CabEntry> entries = {{"twice.bin", first + tail + tail}};
  std::string cab = BuildCabinet(entries);
  auto layout = LayoutOf(cab);
  ASSERT_EQ(layout.data_blocks.size(), 2u);
  EXPECT_LT(Get16(cab, layout.data_blocks[1] + 4), 1000);
  auto read = ReadCabinet(cab);
  ASSERT_TRUE(read) << read.error().ToString();
  EXPECT_EQ(*read, entries);
}

TEST(CabReaderTest, ReadsHandBuiltCabinetsOfEveryShape) {
  for (uint16_t compression : {cab::kCompressNone, cab::kCompressMszip}) {
    for (bool history : {false, true}) {
      for (bool checksums : {false, true}) {
        HandOptions options{
            .compression = compression, .carry_history = history, .checksums = checksums};
        auto read = ReadCabinet(BuildCabinet(Members(), options));
        ASSERT_TRUE(read) << read.error().ToString();
        EXPECT_EQ(*read, Members());
      }
    }
  }
}

TEST(CabReaderTest, ReadsReserveAreas) {
  HandOptions options{.header_reserve = 20, .folder_reserve = 3, .data_reserve = 5};
  std::string cab = BuildCabinet(Members(), options);
  auto read = ReadCabinet(cab);
  ASSERT_TRUE(read) << read.error().ToString();
  EXPECT_EQ(*read, Members());
  // The CFDATA checksum covers abReserve: damaging it is detected.
  size_t first_block = Get32(cab, 36 + 4 + 20);
  cab[first_block + 8] ^= 1;
  EXPECT_NE(ExpectError(cab, Errc::kCorrupt).message().find("checksum"), std::string::npos);
}

TEST(CabReaderTest, ReadsEmptyReserveFlag) {
  auto read = ReadCabinet(BuildCabinet(Members(), {.reserve_flag = true}));
  ASSERT_TRUE(read) << read.error().ToString();
  EXPECT_EQ(*read, Members());
}

TEST(CabReaderTest, IgnoresBytesAfterCbCabinet) {
  std::string cab = BuildCabinet(Members()) + "trailing junk";
  auto read = ReadCabinet(cab);
  ASSERT_TRUE(read) << read.error().ToString();
  EXPECT_EQ(*read, Members());
}

TEST(CabReaderTest, EveryTruncationIsAnError) {
  for (const std::string& cab :
       {Testdata("cab/gcab-small.cab"), *WriteCabinet(Members()), BuildCabinet(Members())}) {
    for (size_t size = 0; size < cab.size(); ++size) {
      auto read = ReadCabinet(std::string_view(cab).substr(0, size));
      ASSERT_FALSE(read) << "prefix of " << size << " bytes";
      EXPECT_EQ(read.error().code(), Errc::kCorrupt) << size;
    }
  }
}

// Truncated at each record boundary with CFHEADER.cbCabinet patched to match, so the parser
// of the cut record itself (not the size check) must notice.
TEST(CabReaderTest, TruncationAtEachRecordWithPatchedSizeIsAnError) {
  std::string cab = BuildCabinet(Members());
  auto layout = LayoutOf(cab);
  std::vector<size_t> cuts = {40, 44, layout.first_file + 8};
  for (size_t file : layout.files) cuts.push_back(file + 18);
  for (size_t block : layout.data_blocks) {
    cuts.push_back(block + 4);
    cuts.push_back(block + 12);
  }
  for (size_t cut : cuts) {
    std::string prefix = cab.substr(0, cut);
    Put32(prefix, 8, static_cast<uint32_t>(cut));
    Error error = ExpectError(prefix, Errc::kCorrupt);
    EXPECT_TRUE(error.location().offset.has_value()) << cut;
    EXPECT_LE(*error.location().offset, cut) << cut << ": " << error.ToString();
  }
}

TEST(CabReaderTest, BadSignature) {
  std::string cab = BuildCabinet(Members());
  cab[0] = 'Z';
  Error error = ExpectError(cab, Errc::kCorrupt);
  EXPECT_EQ(error.location().offset, 0u);
  EXPECT_EQ(ExpectError("PK\x03\x04 not a cabinet at all, but long enough to have a header",
                        Errc::kCorrupt)
                .location()
                .offset,
            0u);
}

TEST(CabReaderTest, CoffFilesPastTheEnd) {
  std::string cab = BuildCabinet(Members());
  Put32(cab, 16, static_cast<uint32_t>(cab.size()) + 100);
  EXPECT_EQ(ExpectError(cab, Errc::kCorrupt).location().offset, 16u);
  Put32(cab, 16, 0xFFFFFFF0u);
  EXPECT_EQ(ExpectError(cab, Errc::kCorrupt).location().offset, 16u);
}

TEST(CabReaderTest, CoffCabStartPastTheEnd) {
  std::string cab = BuildCabinet(Members());
  Put32(cab, 36, 0xFFFFFFFFu);
  EXPECT_EQ(ExpectError(cab, Errc::kCorrupt).location().offset, 36u);
}

TEST(CabReaderTest, TooManyFoldersForTheInput) {
  std::string cab = BuildCabinet(Members());
  Put16(cab, 26, 60000);  // cFolders
  ExpectError(cab, Errc::kCorrupt);
}

TEST(CabReaderTest, CbCabinetSmallerThanHeader) {
  std::string cab = BuildCabinet(Members());
  Put32(cab, 8, 20);
  EXPECT_EQ(ExpectError(cab, Errc::kCorrupt).location().offset, 8u);
}

TEST(CabReaderTest, BadChecksum) {
  std::string cab = BuildCabinet(Members());
  size_t block = LayoutOf(cab).data_blocks[1];
  cab[block + 20] ^= 0x40;
  Error error = ExpectError(cab, Errc::kCorrupt);
  EXPECT_EQ(error.location().offset, block);
  EXPECT_NE(error.message().find("checksum"), std::string::npos) << error.message();
}

TEST(CabReaderTest, DamageWithoutChecksumIsCaughtByInflate) {
  std::string cab = BuildCabinet(Members(), {.checksums = false});
  size_t block = LayoutOf(cab).data_blocks[0];
  cab[block + 8] = 'X';  // "CK" -> "XK"
  Error error = ExpectError(cab, Errc::kCorrupt);
  EXPECT_EQ(error.location().offset, block);
  EXPECT_NE(error.message().find("CK"), std::string::npos);
}

TEST(CabReaderTest, CbUncompOver32K) {
  std::string cab = BuildCabinet(Members(), {.checksums = false});
  size_t block = LayoutOf(cab).data_blocks[0];
  Put16(cab, block + 6, 32769);
  EXPECT_EQ(ExpectError(cab, Errc::kCorrupt).location().offset, block);
  Put16(cab, block + 6, 0);
  EXPECT_EQ(ExpectError(cab, Errc::kCorrupt).location().offset, block);
}

TEST(CabReaderTest, CbUncompThatDisagreesWithTheDeflateStream) {
  std::string cab = BuildCabinet(Members(), {.checksums = false});
  size_t block = LayoutOf(cab).data_blocks[0];
  Put16(cab, block + 6, 32767);  // the stream holds 32768
  EXPECT_EQ(ExpectError(cab, Errc::kCorrupt).location().offset, block);
  std::string last = BuildCabinet({{"x", "short"}}, {.checksums = false});
  size_t only = LayoutOf(last).data_blocks[0];
  Put16(last, only + 6, 6);  // the stream holds 5
  EXPECT_EQ(ExpectError(last, Errc::kCorrupt).location().offset, only);
}

TEST(CabReaderTest, UncompressedBlockSizesMustAgree) {
  std::string cab =
      BuildCabinet(Members(), {.compression = cab::kCompressNone, .checksums = false});
  size_t block = LayoutOf(cab).data_blocks[0];
  Put16(cab, block + 6, 100);
  EXPECT_EQ(ExpectError(cab, Errc::kCorrupt).location().offset, block);
}

TEST(CabReaderTest, SumOfSizesOverTheLimit) {
  std::string cab = BuildCabinet(Members());
  ExpectError(cab, Errc::kLimit, {.max_total_uncompressed = 100000});
  EXPECT_TRUE(ReadCabinet(cab, {.max_total_uncompressed = 110007}));
  // A CFFILE claiming 4 GiB is refused before anything is inflated.
  Put32(cab, LayoutOf(cab).files[0], 0xFFFFFFFFu);
  ExpectError(cab, Errc::kLimit);
}

TEST(CabReaderTest, FolderDataOverTheLimit) {
  // The files are small but the folder's CFDATA claims more than the limit.
  std::string cab = BuildCabinet(Members());
  auto layout = LayoutOf(cab);
  for (size_t file : layout.files) Put32(cab, file, 0);
  ExpectError(cab, Errc::kLimit, {.max_total_uncompressed = 50000});
}

TEST(CabReaderTest, MemberCountOverTheLimit) {
  std::string cab = BuildCabinet(Members());
  Error error = ExpectError(cab, Errc::kLimit, {.max_members = 3});
  EXPECT_EQ(error.location().offset, 28u);
  EXPECT_TRUE(ReadCabinet(cab, {.max_members = 4}));
}

TEST(CabReaderTest, FileRangeBeyondItsFolder) {
  std::string cab = BuildCabinet(Members());
  auto layout = LayoutOf(cab);
  Put32(cab, layout.files[3] + 4, 110001);  // uoffFolderStart: 110001 + 7 > 110007
  Error error = ExpectError(cab, Errc::kCorrupt);
  EXPECT_EQ(error.location().offset, layout.files[3]);
  EXPECT_NE(error.message().find("three.txt"), std::string::npos);
}

TEST(CabReaderTest, QuantumAndLzxAreUnsupported) {
  for (uint16_t type : {uint16_t{0x0002}, uint16_t{0x1503}, uint16_t{0x0F03}}) {
    std::string cab = BuildCabinet(Members());
    Put16(cab, 36 + 6, type);
    EXPECT_EQ(ExpectError(cab, Errc::kUnsupported).location().offset, 42u) << type;
  }
  std::string cab = BuildCabinet(Members());
  Put16(cab, 36 + 6, 0x0007);
  ExpectError(cab, Errc::kCorrupt);
}

TEST(CabReaderTest, MultiVolumeIsUnsupported) {
  for (uint16_t flags : {cab::kFlagPrevCabinet, cab::kFlagNextCabinet}) {
    std::string cab = BuildCabinet(Members());
    Put16(cab, 30, flags);
    ExpectError(cab, Errc::kUnsupported);
  }
  for (uint16_t folder : {cab::kFolderContinuedFromPrev, cab::kFolderContinuedToNext,
                          cab::kFolderContinuedPrevAndNext}) {
    std::string cab = BuildCabinet(Members());
    Put16(cab, LayoutOf(cab).files[1] + 8, folder);
    ExpectError(cab, Errc::kUnsupported);
  }
}

TEST(CabReaderTest, OtherFormatVersionsAreUnsupported) {
  std::string cab = BuildCabinet(Members());
  cab[25] = 2;
  ExpectError(cab, Errc::kUnsupported);
}

TEST(CabReaderTest, FolderIndexOutOfRange) {
  std::string cab = BuildCabinet(Members());
  size_t file = LayoutOf(cab).files[2];
  Put16(cab, file + 8, 1);
  EXPECT_EQ(ExpectError(cab, Errc::kCorrupt).location().offset, file);
}

TEST(CabReaderTest, NameWithoutTerminator) {
  std::vector<CabEntry> entries = {{std::string(255, 'n'), "x"}};
  std::string cab = BuildCabinet(entries);
  size_t file = LayoutOf(cab).files[0];
  ASSERT_TRUE(ReadCabinet(cab));
  cab[file + 16 + 255] = 'n';  // the NUL, and everything after it is data
  cab.insert(file + 16 + 256, std::string(10, 'n'));
  Put32(cab, 36, Get32(cab, 36) + 10);
  Put32(cab, 8, static_cast<uint32_t>(cab.size()));
  EXPECT_EQ(ExpectError(cab, Errc::kCorrupt).location().offset, file);
}

TEST(CabReaderTest, HeaderReserveOver60000) {
  std::string cab = BuildCabinet(Members(), {.header_reserve = 4});
  Put16(cab, 36, 60001);
  EXPECT_EQ(ExpectError(cab, Errc::kCorrupt).location().offset, 36u);
}

TEST(CabReaderTest, EmptyCabinetWithNoFolders) {
  std::string cab = BuildCabinet({});
  Put16(cab, 26, 0);
  auto read = ReadCabinet(cab);
  ASSERT_TRUE(read) << read.error().ToString();
  EXPECT_TRUE(read->empty());
}

// Inputs that once crashed or misbehaved under cab_fuzzer: each must give a clean answer, and
// when it reads, writing the members and reading them back must agree.
TEST(CabReaderTest, FuzzRegressionsGiveCleanAnswers) {
  std::filesystem::path dir = std::string(CM_TESTDATA_DIR) + "/fuzz-regressions/cab_fuzzer";
  int count = 0;
  for (const auto& file : std::filesystem::directory_iterator(dir)) {
    if (file.path().filename() == "README.md") continue;
    std::string bytes = Testdata("fuzz-regressions/cab_fuzzer/" + file.path().filename().string());
    auto read = ReadCabinet(bytes, {.max_total_uncompressed = 1 << 20, .max_members = 1000});
    ++count;
    if (!read) continue;
    auto written = WriteCabinet(*read);
    if (!written) {
      EXPECT_EQ(written.error().code(), Errc::kInvalidArgument) << file.path();
      continue;
    }
    auto again = ReadCabinet(*written);
    ASSERT_TRUE(again) << file.path() << ": " << again.error().ToString();
    ASSERT_EQ(again->size(), read->size());
    for (size_t i = 0; i < read->size(); ++i) {
      EXPECT_EQ((*again)[i].data, (*read)[i].data) << file.path();
    }
  }
  EXPECT_GT(count, 0);
}

TEST(CabReaderTest, FuzzRegressionsGiveTheExpectedAnswers) {
  CabReadLimits limits{.max_total_uncompressed = 1 << 20, .max_members = 1000};
  const std::string dir = "fuzz-regressions/cab_fuzzer/";
  auto slash = ReadCabinet(Testdata(dir + "slash-in-name.cab"), limits);
  ASSERT_TRUE(slash) << slash.error().ToString();
  EXPECT_EQ(*slash, (std::vector<CabEntry>{{"dir/a.txt", "hello"}}));

  auto dupes = ReadCabinet(Testdata(dir + "case-duplicate-names.cab"), limits);
  ASSERT_TRUE(dupes) << dupes.error().ToString();
  EXPECT_EQ(*dupes, (std::vector<CabEntry>{{"A.TXT", "he"}, {"a.txt", "llo"}}));
  EXPECT_EQ(WriteCabinet(*dupes).error().code(), Errc::kInvalidArgument);

  auto overlap = ReadCabinet(Testdata(dir + "overlapping-members.cab"), limits);
  ASSERT_TRUE(overlap) << overlap.error().ToString();
  EXPECT_EQ(*overlap, (std::vector<CabEntry>{{"x", "hello"}, {"y", "hello"}, {"z", ""}}));

  ExpectError(Testdata(dir + "two-folders.cab"), Errc::kCorrupt, limits);
}

}  // namespace
}  // namespace cm
