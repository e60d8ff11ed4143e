// SPDX-License-Identifier: MIT
// Our cabinets checked by cabextract (libmspack), and gcab's cabinets read by ReadCabinet.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cab/cab_test_util.h"
#include "cm/cab.h"
#include "cm/file_util.h"

namespace cm {
namespace {

using cab::testing::BuildCabinet;
using cab::testing::HaveTool;
using cab::testing::MixedBytes;
using cab::testing::RunCommand;
using cab::testing::TempDir;

std::string Quote(const std::string& path) { return "'" + path + "'"; }

std::vector<CabEntry> SizedMembers() {
  std::vector<CabEntry> entries = {
      {"zero.bin", ""},
      {"one.bin", "1"},
      {"exact32k.bin", MixedBytes(32768, 1)},
      {"just-over-32k.bin", MixedBytes(32769, 2)},
      {"multi-block.txt", MixedBytes(150000, 3)},
  };
  std::string noise;
  for (size_t i = 0; i < 120000; ++i) noise.push_back(static_cast<char>((i * 2654435761u) >> 13));
  entries.push_back({"incompressible.bin", noise});
  return entries;
}

std::vector<CabEntry> ManyMembers() {
  std::vector<CabEntry> entries;
  for (int i = 0; i < 400; ++i) {
    entries.push_back(
        {"m" + std::to_string(i) + ".txt", MixedBytes(static_cast<size_t>(i * 37 % 900), i)});
  }
  return entries;
}

// Runs `cabextract -t` and `cabextract -d` on `cab` and checks every member's bytes.
void CheckWithCabextract(const std::string& cab, const std::vector<CabEntry>& entries) {
  ASSERT_TRUE(HaveTool("cabextract")) << "cabextract is missing: run scripts/install-deps";
  TempDir dir;
  ASSERT_FALSE(dir.path().empty());
  std::string path = dir.path() + "/test.cab";
  ASSERT_TRUE(WriteFileAtomic(path, cab));
  auto tested = RunCommand("cabextract -t " + Quote(path));
  EXPECT_EQ(tested.exit_code, 0) << tested.output;
  EXPECT_NE(tested.output.find("All done, no errors."), std::string::npos) << tested.output;
  std::string out = dir.path() + "/out";
  auto extracted = RunCommand("cabextract -q -d " + Quote(out) + " " + Quote(path));
  ASSERT_EQ(extracted.exit_code, 0) << extracted.output;
  for (const CabEntry& entry : entries) {
    auto bytes = ReadFile(out + "/" + entry.name);
    ASSERT_TRUE(bytes) << entry.name;
    EXPECT_TRUE(*bytes == entry.data)
        << entry.name << ": " << bytes->size() << " vs " << entry.data.size() << " bytes";
  }
}

TEST(CabInteropTest, CabextractAcceptsOurMszipCabinet) {
  auto cab = WriteCabinet(SizedMembers());
  ASSERT_TRUE(cab) << cab.error().ToString();
  CheckWithCabextract(*cab, SizedMembers());
}

TEST(CabInteropTest, CabextractAcceptsOurUncompressedCabinet) {
  auto cab = WriteCabinet(SizedMembers(), {.compression = CabCompression::kNone});
  ASSERT_TRUE(cab) << cab.error().ToString();
  CheckWithCabextract(*cab, SizedMembers());
}

TEST(CabInteropTest, CabextractAcceptsManyMembers) {
  auto cab = WriteCabinet(ManyMembers());
  ASSERT_TRUE(cab) << cab.error().ToString();
  CheckWithCabextract(*cab, ManyMembers());
}

TEST(CabInteropTest, CabextractAgreesWithTheHandEncoderUsedByReaderTests) {
  // The hand encoder carries MSZIP history between blocks; libmspack must agree it is valid,
  // or the reader tests that use it would prove nothing.
  CheckWithCabextract(BuildCabinet(SizedMembers()), SizedMembers());
}

TEST(CabInteropTest, CabextractShowsTheFixedDate) {
  ASSERT_TRUE(HaveTool("cabextract")) << "cabextract is missing: run scripts/install-deps";
  auto cab = WriteCabinet({{"a.txt", "a"}}, {.timestamp = 951827696});
  ASSERT_TRUE(cab);
  TempDir dir;
  ASSERT_TRUE(WriteFileAtomic(dir.path() + "/d.cab", *cab));
  auto listed = RunCommand("TZ=UTC cabextract -l " + Quote(dir.path() + "/d.cab"));
  EXPECT_NE(listed.output.find("29.02.2000 12:34:56"), std::string::npos) << listed.output;
}

// Makes a cabinet of `entries` with the gcab tool and returns its bytes.
std::string MakeWithGcab(const std::vector<CabEntry>& entries, bool compress) {
  EXPECT_TRUE(HaveTool("gcab")) << "gcab is missing: run scripts/install-deps";
  TempDir dir;
  std::string names;
  for (const CabEntry& entry : entries) {
    EXPECT_TRUE(WriteFileAtomic(dir.path() + "/" + entry.name, entry.data));
    names += " " + Quote(entry.name);
  }
  auto made = RunCommand("cd " + Quote(dir.path()) + " && gcab -c " + (compress ? "-z " : "") +
                         "out.cab" + names);
  EXPECT_EQ(made.exit_code, 0) << made.output;
  auto bytes = ReadFile(dir.path() + "/out.cab");
  EXPECT_TRUE(bytes);
  return bytes ? *bytes : std::string();
}

TEST(CabInteropTest, ReadsCabinetsMadeByGcabWithMszip) {
  for (const auto& entries : {SizedMembers(), ManyMembers()}) {
    auto read = ReadCabinet(MakeWithGcab(entries, true));
    ASSERT_TRUE(read) << read.error().ToString();
    EXPECT_TRUE(*read == entries);
  }
}

TEST(CabInteropTest, ReadsCabinetsMadeByGcabWithoutCompression) {
  auto read = ReadCabinet(MakeWithGcab(SizedMembers(), false));
  ASSERT_TRUE(read) << read.error().ToString();
  EXPECT_TRUE(*read == SizedMembers());
}

TEST(CabInteropTest, GcabListsOurCabinet) {
  ASSERT_TRUE(HaveTool("gcab")) << "gcab is missing: run scripts/install-deps";
  auto cab = WriteCabinet(SizedMembers());
  ASSERT_TRUE(cab);
  TempDir dir;
  ASSERT_TRUE(WriteFileAtomic(dir.path() + "/ours.cab", *cab));
  auto listed = RunCommand("gcab -t " + Quote(dir.path() + "/ours.cab"));
  EXPECT_EQ(listed.exit_code, 0) << listed.output;
  for (const CabEntry& entry : SizedMembers()) {
    EXPECT_NE(listed.output.find(entry.name), std::string::npos) << listed.output;
  }
}

}  // namespace
}  // namespace cm
