// SPDX-License-Identifier: MIT
// Tests of the [MS-CAB] CFDATA checksum against hand-computed values and real cabinets.
#include "cab/cab_checksum.h"

#include <gtest/gtest.h>

#include "cab/cab_test_util.h"
#include "cm/cab.h"

namespace cm::cab {
namespace {

using testing::Get16;
using testing::Get32;
using testing::LayoutOf;
using testing::Testdata;

TEST(CabChecksumTest, EmptyInputReturnsSeed) {
  EXPECT_EQ(ChecksumBytes("", 0), 0u);
  EXPECT_EQ(ChecksumBytes("", 0xDEADBEEF), 0xDEADBEEFu);
}

TEST(CabChecksumTest, WholeWordsAreLittleEndianXor) {
  EXPECT_EQ(ChecksumBytes(std::string_view("\x01\x02\x03\x04", 4), 0), 0x04030201u);
  EXPECT_EQ(ChecksumBytes(std::string_view("\x01\x02\x03\x04\x01\x00\x00\x00", 8), 0), 0x04030200u);
  EXPECT_EQ(ChecksumBytes(std::string_view("\xFF\xFF\xFF\xFF", 4), 0xFFFFFFFF), 0u);
}

TEST(CabChecksumTest, TailBytesArePackedFirstByteHighest) {
  // CSUMCompute: a 3-byte tail b0 b1 b2 becomes b0<<16 | b1<<8 | b2 (not little-endian).
  EXPECT_EQ(ChecksumBytes("abc", 0), (uint32_t{'a'} << 16) | (uint32_t{'b'} << 8) | 'c');
  EXPECT_EQ(ChecksumBytes("ab", 0), (uint32_t{'a'} << 8) | 'b');
  EXPECT_EQ(ChecksumBytes("a", 0), uint32_t{'a'});
  EXPECT_EQ(ChecksumBytes(std::string_view("\x01\x00\x00\x00z", 5), 0), 0x01u ^ 'z');
}

TEST(CabChecksumTest, CfDataSumsPayloadThenHeader) {
  std::string header("\x05\x00\x09\x00", 4);  // cbData 5, cbUncomp 9
  uint32_t payload = ChecksumBytes("hello", 0);
  EXPECT_EQ(CfDataChecksum(header, "hello"), ChecksumBytes(header, payload));
  EXPECT_EQ(CfDataChecksum(header, "hello"), payload ^ 0x00090005u);
}

// Every CFDATA.csum in `cab` matches our computation; returns how many were checked.
int CheckAllBlocks(const std::string& cab) {
  int checked = 0;
  for (size_t offset : LayoutOf(cab).data_blocks) {
    uint32_t stored = Get32(cab, offset);
    uint16_t cb_data = Get16(cab, offset + 4);
    EXPECT_NE(stored, 0u) << "block at " << offset << " has no checksum";
    EXPECT_EQ(stored, CfDataChecksum(std::string_view(cab).substr(offset + 4, 4),
                                     std::string_view(cab).substr(offset + 8, cb_data)))
        << "block at " << offset;
    ++checked;
  }
  return checked;
}

TEST(CabChecksumTest, MatchesCabinetsMadeByTheGcabTool) {
  EXPECT_EQ(CheckAllBlocks(Testdata("cab/gcab-mszip.cab")), 10);
  EXPECT_EQ(CheckAllBlocks(Testdata("cab/gcab-none.cab")), 2);
  EXPECT_EQ(CheckAllBlocks(Testdata("cab/gcab-small.cab")), 1);
}

TEST(CabChecksumTest, MatchesCabinetsMadeByLibgcabThroughWriteCabinet) {
  std::vector<CabEntry> entries = {{"a.txt", testing::MixedBytes(100000, 3)},
                                   {"b.txt", "odd length: 13"}};
  auto mszip = WriteCabinet(entries);
  ASSERT_TRUE(mszip) << mszip.error().ToString();
  EXPECT_EQ(CheckAllBlocks(*mszip), 4);
  auto none = WriteCabinet(entries, {.compression = CabCompression::kNone});
  ASSERT_TRUE(none) << none.error().ToString();
  EXPECT_EQ(CheckAllBlocks(*none), 4);
}

}  // namespace
}  // namespace cm::cab
