// SPDX-License-Identifier: MIT
// Tests of the update query: case-insensitive names, defaults and refusals.
#include "query.h"

#include <gtest/gtest.h>

namespace cm::pbserver {
namespace {

TEST(QueryTest, TheDocumentedQuery) {
  UpdateQuery q;
  ASSERT_EQ(ParseUpdateQuery("osarch=0&ostype=0&osver=1&cmver=1&lcid=1033&pbver=7&pb=CORP", &q),
            QueryError::kNone);
  EXPECT_EQ(q.pb, "CORP");
  EXPECT_EQ(q.pbver, 7u);
  EXPECT_EQ(q.lcid, "1033");
  EXPECT_EQ(q.osarch, "0");
  EXPECT_EQ(q.cmver, "1");
}

TEST(QueryTest, ParameterNamesIgnoreCase) {
  UpdateQuery q;
  ASSERT_EQ(ParseUpdateQuery("OSArch=0&OSType=2&LCID=1033&PBVer=4&PB=CORP", &q),
            QueryError::kNone);
  EXPECT_EQ(q.pb, "CORP");
  EXPECT_EQ(q.pbver, 4u);
  EXPECT_EQ(q.ostype, "2");
}

TEST(QueryTest, MissingOrEmptyPbverMeansZero) {
  UpdateQuery q;
  ASSERT_EQ(ParseUpdateQuery("pb=CORP", &q), QueryError::kNone);
  EXPECT_EQ(q.pbver, 0u);
  ASSERT_EQ(ParseUpdateQuery("pbver=&pb=CORP&&junk", &q), QueryError::kNone);
  EXPECT_EQ(q.pbver, 0u);
}

TEST(QueryTest, Refusals) {
  UpdateQuery q;
  EXPECT_EQ(ParseUpdateQuery("", &q), QueryError::kMissingPhonebook);
  EXPECT_EQ(ParseUpdateQuery("pbver=1", &q), QueryError::kMissingPhonebook);
  EXPECT_EQ(ParseUpdateQuery("pb=", &q), QueryError::kMissingPhonebook);
  EXPECT_EQ(ParseUpdateQuery("pb=../etc", &q), QueryError::kBadPhonebook);
  EXPECT_EQ(ParseUpdateQuery("pb=123", &q), QueryError::kBadPhonebook);
  EXPECT_EQ(ParseUpdateQuery("pb=TOOLONGNAME", &q), QueryError::kBadPhonebook);
  EXPECT_EQ(ParseUpdateQuery("pb=C%4FRP", &q), QueryError::kBadPhonebook);
  EXPECT_EQ(ParseUpdateQuery("pb=CORP&pbver=x", &q), QueryError::kBadVersion);
  EXPECT_EQ(ParseUpdateQuery("pb=CORP&pbver=-1", &q), QueryError::kBadVersion);
  EXPECT_EQ(ParseUpdateQuery("pb=CORP&pbver=4294967296", &q), QueryError::kBadVersion);
  EXPECT_EQ(ParseUpdateQuery("pb=CORP&pb=OTHER", &q), QueryError::kDuplicate);
  EXPECT_EQ(ParseUpdateQuery("pb=CORP&pbver=1&PBVER=2", &q), QueryError::kDuplicate);
  EXPECT_NE(QueryErrorText(QueryError::kBadVersion), QueryErrorText(QueryError::kDuplicate));
}

TEST(QueryTest, LargestVersion) {
  UpdateQuery q;
  ASSERT_EQ(ParseUpdateQuery("pb=CORP&pbver=4294967295", &q), QueryError::kNone);
  EXPECT_EQ(q.pbver, 4294967295u);
}

TEST(QueryTest, NameRule) {
  EXPECT_TRUE(IsPhonebookName("MSC_VPN"));
  EXPECT_TRUE(IsPhonebookName("a1"));
  EXPECT_FALSE(IsPhonebookName("12"));
  EXPECT_FALSE(IsPhonebookName("a b"));
  EXPECT_FALSE(IsPhonebookName(""));
}

}  // namespace
}  // namespace cm::pbserver
