// SPDX-License-Identifier: MIT
// Property test: any member set written by WriteCabinet reads back unchanged.
#include <gtest/gtest.h>

#include <random>
#include <set>
#include <string>
#include <vector>

#include "cab/cab_test_util.h"
#include "cm/cab.h"

namespace cm {
namespace {

// A random member set: 0..12 members with unique names, sizes skewed towards block edges.
std::vector<CabEntry> RandomMembers(std::mt19937& rng) {
  static const size_t kEdges[] = {0, 1, 2, 3, 4, 5, 32767, 32768, 32769, 65536, 65537};
  std::vector<CabEntry> entries;
  std::set<std::string> names;
  size_t count = rng() % 13;
  while (entries.size() < count) {
    std::string name = "f" + std::to_string(rng() % 1000);
    if (rng() % 4 == 0) name = "dir\\" + name;
    if (!names.insert(name).second) continue;
    size_t size = rng() % 2 ? kEdges[rng() % std::size(kEdges)] : rng() % 100000;
    std::string data = rng() % 2 ? cab::testing::MixedBytes(size, rng())
                                 : std::string(size, static_cast<char>(rng()));
    entries.push_back({name, std::move(data)});
  }
  return entries;
}

TEST(CabRoundTripTest, RandomMemberSetsReadBackUnchanged) {
  std::mt19937 rng(20240601);
  for (int round = 0; round < 40; ++round) {
    std::vector<CabEntry> entries = RandomMembers(rng);
    for (CabCompression compression : {CabCompression::kMszip, CabCompression::kNone}) {
      auto cab = WriteCabinet(entries, {.compression = compression});
      ASSERT_TRUE(cab) << "round " << round << ": " << cab.error().ToString();
      auto read = ReadCabinet(*cab);
      ASSERT_TRUE(read) << "round " << round << ": " << read.error().ToString();
      ASSERT_EQ(read->size(), entries.size()) << "round " << round;
      for (size_t i = 0; i < entries.size(); ++i) {
        EXPECT_EQ((*read)[i].name, entries[i].name) << "round " << round;
        EXPECT_TRUE((*read)[i].data == entries[i].data) << "round " << round << " member " << i;
      }
      // The hand encoder's history-carrying MSZIP reads back the same.
      auto hand = ReadCabinet(cab::testing::BuildCabinet(entries));
      ASSERT_TRUE(hand) << "round " << round << ": " << hand.error().ToString();
      EXPECT_TRUE(*hand == entries) << "round " << round;
    }
  }
}

}  // namespace
}  // namespace cm
