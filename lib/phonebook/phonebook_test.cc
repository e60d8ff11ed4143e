// SPDX-License-Identifier: MIT
#include "cm/phonebook.h"

#include <gtest/gtest.h>

namespace cm {
namespace {

TEST(PhonebookTest, AddAndViewRoundTrip) {
  Pop pop;
  pop.pop_id = 7;
  pop.country = 44;
  pop.name = "Leeds";
  pop.number = "7946 0001";
  pop.flags = 0;
  Phonebook book;
  book.Add(pop);
  ASSERT_EQ(book.size(), 1u);
  EXPECT_EQ(book[0].ToPop(), pop);
  EXPECT_FALSE(book[0].region_id);
  EXPECT_EQ(book[0].flags, 0u);  // present and zero differs from absent
  EXPECT_FALSE(book[0].min_speed);
}

TEST(PhonebookTest, ViewsStayValidAcrossReads) {
  Phonebook book;
  for (int i = 0; i < 100; ++i) {
    Pop pop;
    pop.country = 1;
    pop.name = "POP " + std::to_string(i);
    book.Add(pop);
  }
  EXPECT_EQ(book[42].name, "POP 42");
  EXPECT_EQ(book[99].name, "POP 99");
}

TEST(PhonebookTest, CutsOverlongTextAt65535Bytes) {
  Pop pop;
  pop.name = std::string(70000, 'x');
  Phonebook book;
  book.Add(pop);
  EXPECT_EQ(book[0].name.size(), 65535u);
}

TEST(PhonebookTest, EqualityComparesEveryField) {
  Pop pop;
  pop.country = 1;
  Phonebook a;
  Phonebook b;
  a.Add(pop);
  pop.dun = "x";
  b.Add(pop);
  EXPECT_FALSE(a == b);
  a.Clear();
  a.Add(pop);
  EXPECT_TRUE(a == b);
}

TEST(PopFlagTest, BitsHaveTheSpecifiedSense) {
  // [MS-CPSP] §2.1 example: 96 = 0x60 is a sign-on, modem, ISDN, not-multicast, surcharge POP.
  constexpr uint32_t kFlags = 96;
  EXPECT_EQ(kFlags & pop_flag::kNotSignOn, 0u);
  EXPECT_EQ(kFlags & pop_flag::kNoModem, 0u);
  EXPECT_EQ(kFlags & pop_flag::kNoIsdn, 0u);
  EXPECT_NE(kFlags & pop_flag::kNoMulticast, 0u);
  EXPECT_NE(kFlags & pop_flag::kSurcharge, 0u);
  EXPECT_EQ(pop_flag::kNotSignOn | pop_flag::kSignUp | pop_flag::kNoModem | pop_flag::kNoIsdn |
                pop_flag::kCustom1 | pop_flag::kNoMulticast | pop_flag::kSurcharge |
                pop_flag::kCustom2,
            0xFFu);
}

}  // namespace
}  // namespace cm
