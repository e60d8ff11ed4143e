// SPDX-License-Identifier: MIT
#include "profiles/dialing.h"

#include <gtest/gtest.h>

namespace cm::cmdial {
namespace {

Pop MakePop(uint32_t country, std::string area, std::string number) {
  Pop pop;
  pop.country = country;
  pop.area_code = std::move(area);
  pop.number = std::move(number);
  return pop;
}

DialingLocation At(uint32_t country, std::string area) {
  DialingLocation location;
  location.country_tapi_id = country;
  location.area_code = std::move(area);
  const uint32_t code = FindCountryByTapiId(country)->calling_code;
  location.long_distance = DefaultLongDistancePrefix(code);
  location.international = DefaultInternationalPrefix(code);
  return location;
}

struct DialCase {
  const char* what;
  Pop pop;
  DialingLocation location;
  const char* dial;
};

TEST(DialingTest, WindowsDialingRules) {
  DialingLocation office = At(1, "206");
  office.outside_line = "9,";
  office.disable_call_waiting = "*70,";
  DialingLocation pulse = At(1, "206");
  pulse.pulse = true;
  const DialCase cases[] = {
      {"same area: local number", MakePop(1, "206", "555-0101"), At(1, "206"), "5550101"},
      {"no area code: local", MakePop(1, "", "555-0101"), At(1, "206"), "5550101"},
      {"other area: long distance", MakePop(1, "425", "555-0134"), At(1, "206"), "14255550134"},
      {"other country: international", MakePop(44, "20", "7946 0000"), At(1, "206"),
       "011442079460000"},
      {"UK long distance prefix 0", MakePop(44, "161", "7946 0002"), At(44, "20"), "016179460002"},
      {"from the UK to the US", MakePop(1, "206", "555-0101"), At(44, "20"), "0012065550101"},
      {"Canada to the US: one numbering plan", MakePop(1, "425", "555-0134"), At(107, "416"),
       "14255550134"},
      {"outside line and call waiting first", MakePop(1, "206", "555-0101"), office,
       "*70,9,5550101"},
      {"pulse", MakePop(1, "206", "555-0101"), pulse, "P5550101"},
      {"unknown POP country: as written", MakePop(999, "12", "34-56"), At(1, "206"), "123456"},
      {"no location: as written", MakePop(1, "206", "555-0101"), DialingLocation{}, "2065550101"},
  };
  for (const DialCase& c : cases) {
    EXPECT_EQ(DialableNumber(ViewOf(c.pop), c.location), c.dial) << c.what;
  }
}

TEST(DialingTest, CanonicalNumbers) {
  Pop pop = MakePop(107, "416", "555-0100");
  EXPECT_EQ(CanonicalNumber(ViewOf(pop)), "+1 (416) 555-0100");
  pop.area_code.clear();
  EXPECT_EQ(CanonicalNumber(ViewOf(pop)), "+1 555-0100");
  pop.country = 999;
  EXPECT_FALSE(CanonicalNumber(ViewOf(pop)));
}

TEST(DialingTest, ParseCountryForms) {
  EXPECT_EQ(ParseCountry("GB").value()->tapi_id, 44u);
  EXPECT_EQ(ParseCountry("uk").value()->tapi_id, 44u);
  EXPECT_EQ(ParseCountry("+44").value()->tapi_id, 44u);
  EXPECT_EQ(ParseCountry("107").value()->iso, "CA");
  EXPECT_EQ(ParseCountry("+1").value()->tapi_id, 1u);
  EXPECT_FALSE(ParseCountry("Atlantis"));
  EXPECT_FALSE(ParseCountry("+99999"));
}

TEST(DialingTest, LocationFileRoundTrip) {
  DialingLocation location = At(44, "20");
  location.outside_line = "9";
  location.disable_call_waiting = "#43#";
  location.pulse = true;
  Result<IniFile> file = IniFile::Parse(WriteLocation(location));
  ASSERT_TRUE(file);
  DialingLocation read = ReadLocation(*file);
  EXPECT_EQ(read.country_tapi_id, 44u);
  EXPECT_EQ(read.area_code, "20");
  EXPECT_EQ(read.outside_line, "9");
  EXPECT_EQ(read.long_distance, "0");
  EXPECT_EQ(read.international, "00");
  EXPECT_EQ(read.disable_call_waiting, "#43#");
  EXPECT_TRUE(read.pulse);
  // Missing prefixes take the country's defaults.
  DialingLocation us = ReadLocation(*IniFile::Parse("[Location]\nCountry=1\n"));
  EXPECT_EQ(us.long_distance, "1");
  EXPECT_EQ(us.international, "011");
}

}  // namespace
}  // namespace cm::cmdial
