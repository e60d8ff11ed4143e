// SPDX-License-Identifier: MIT
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cm/pbk_format.h"

namespace cm {
namespace {

Pop Redmond() {
  Pop pop;
  pop.pop_id = 23;
  pop.country = 1;
  pop.region_id = 2;
  pop.name = "Redmond";
  pop.area_code = "999";
  pop.number = "5550134";
  pop.min_speed = 9600;
  pop.max_speed = 56000;
  pop.reserved = 0;
  pop.flags = 96;
  return pop;
}

TEST(PbkWriterTest, WritesTheCanonicalForm) {
  Phonebook book;
  book.Add(Redmond());
  Pop minimal;
  minimal.country = 91;
  minimal.number = "55500123";
  book.Add(minimal);
  EXPECT_EQ(WritePbk(book),
            "23,1,2,Redmond,999,5550134,9600,56000,0,96,\r\n"
            ",91,,,,55500123,,,,,\r\n");
}

TEST(PbkWriterTest, IsDeterministic) {
  Phonebook a;
  Phonebook b;
  for (uint32_t i = 0; i < 100; ++i) {
    Pop pop = Redmond();
    pop.pop_id = i;
    pop.dun = i % 2 ? "Corp" : "";
    a.Add(pop);
    b.Add(pop);
  }
  EXPECT_EQ(WritePbk(a), WritePbk(b));
}

TEST(PbkWriterTest, RoundTripsThroughTheReader) {
  Phonebook book;
  book.Add(Redmond());
  Pop uk;
  uk.pop_id = 17;
  uk.country = 44;
  uk.region_id = 1;
  uk.name = "London Docklands";
  uk.area_code = "20";
  uk.number = "7946 0000";
  uk.min_speed = 9600;
  uk.max_speed = 56000;
  uk.reserved = 0;
  uk.flags = 32;
  uk.dun = "CorpDialup";
  book.Add(uk);
  std::string bytes = WritePbk(book);
  PbkReadResult read = ReadPbk(bytes);
  EXPECT_TRUE(read.usable);
  EXPECT_TRUE(read.diagnostics.empty());
  EXPECT_EQ(read.pops, book);
  EXPECT_EQ(WritePbk(read.pops), bytes);
}

TEST(PbkWriterTest, NeverWritesAFieldSeparatorInsideText) {
  Phonebook book;
  Pop pop = Redmond();
  pop.name = "Red,mond\r\n";
  book.Add(pop);
  std::string bytes = WritePbk(book);
  EXPECT_EQ(bytes, "23,1,2,Red mond  ,999,5550134,9600,56000,0,96,\r\n");
  EXPECT_EQ(ReadPbk(bytes).pops.size(), 1u);
}

TEST(PbrWriterTest, WritesCountThenNamesAndRoundTrips) {
  RegionList regions{{"Seattle", "Hyderabad"}};
  std::string bytes = WritePbr(regions);
  EXPECT_EQ(bytes, "2\r\nSeattle\r\nHyderabad\r\n");
  RegionReadResult read = ReadPbr(bytes);
  EXPECT_EQ(read.regions, regions);
  EXPECT_TRUE(read.diagnostics.empty());
}

TEST(PbrWriterTest, EmptyNamesKeepTheirPlace) {
  RegionList regions{{"A", "", ""}};
  EXPECT_EQ(ReadPbr(WritePbr(regions)).regions, regions);
}

}  // namespace
}  // namespace cm
