// SPDX-License-Identifier: MIT
// ReadPbk: a phone book read the way a Connection Manager client reads it, [MS-CPSP] §2.1.
//
// Every rule of §2.1 is applied in field order; the first rule that drops the entry (or more)
// ends the checks of that entry. Rules that drop "this and all later entries" stop the reading:
// later lines are never looked at, as a client that stops reading never sees them. The rule ids
// and the overflow decision are documented in docs/formats/pbk.md.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstring>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "cm/pbk_format.h"
#include "phonebook/decimal.h"
#include "phonebook/line_splitter.h"
#include "phonebook/quote.h"

namespace cm {
namespace {

using internal::Decimal;
using internal::LineSplitter;
using internal::ParseDecimal;
using internal::Quote;
using Severity = Diagnostic::Severity;

// [MS-CPSP] §2.1 field positions, 0-based.
enum FieldIndex : size_t {
  kPopIndex,
  kCountry,
  kRegion,
  kName,
  kAreaCode,
  kNumber,
  kMinSpeed,
  kMaxSpeed,
  kReserved,
  kFlags,
  kDun,
  kFieldCount,
};

// 12 fields at most (11 commas) plus one slot per overflow shift (name, area code, number).
constexpr size_t kMaxSlots = 16;
constexpr size_t kMinCommas = 10;
constexpr size_t kMaxCommas = 11;

enum class Outcome { kKeep, kDropEntry, kStop, kRejectFile };

// fields[0, count) are set; count is 11 or 12, plus one per overflow shift.
struct Entry {
  std::array<std::string_view, kMaxSlots> fields;
  size_t count = 0;
  bool stop_after = false;  // an overflow rule applied: every later entry is ignored
};

// The §2.1 overflow rules: the field keeps `limit` characters, the rest is read as the next
// field and every later field of the entry moves one place right.
struct OverflowRule {
  FieldIndex field;
  size_t limit;
  const char* rule;
  const char* what;
  const char* next;
};
constexpr OverflowRule kOverflowRules[] = {
    {kName, kMaxPopNameLength, "pbk.name-too-long", "POP name", "area code"},
    {kAreaCode, kMaxAreaCodeLength, "pbk.area-code-too-long", "area code", "access number"},
    {kNumber, kMaxAccessNumberLength, "pbk.number-too-long", "access number", "minimum speed"},
};

// The numeric fields whose non-digit rule ignores the whole file.
struct WholeFileNumber {
  FieldIndex field;
  const char* rule;
  const char* what;
  std::optional<uint32_t> PopView::*member;
};
constexpr WholeFileNumber kWholeFileNumbers[] = {
    {kMinSpeed, "pbk.min-speed-not-numeric", "minimum speed", &PopView::min_speed},
    {kMaxSpeed, "pbk.max-speed-not-numeric", "maximum speed", &PopView::max_speed},
    {kReserved, "pbk.reserved-not-numeric", "reserved flag", &PopView::reserved},
    {kFlags, "pbk.flags-not-numeric", "POP flag", &PopView::flags},
};

bool IsAccessNumberChar(char c) {
  return (c >= '0' && c <= '9') || c == '#' || c == '*' || c == '-' || c == ' ';
}

// Counts LF, or CR when there is no LF: the number of lines give or take one, for Reserve.
size_t CountLineEnds(std::string_view bytes) {
  for (char end : {'\n', '\r'}) {
    size_t count = 0;
    const char* at = bytes.data();
    const char* stop = bytes.data() + bytes.size();
    while (const void* found = std::memchr(at, end, static_cast<size_t>(stop - at))) {
      ++count;
      at = static_cast<const char*>(found) + 1;
    }
    if (count > 0) return count;
  }
  return 0;
}

// Clears what ReadEntry sets only sometimes; the other fields are always assigned.
void ResetForNextEntry(PopView& pop) {
  pop.pop_id.reset();
  pop.region_id.reset();
  pop.area_code = {};
  pop.min_speed.reset();
  pop.max_speed.reset();
  pop.reserved.reset();
  pop.flags.reset();
}

std::string_view Why(const Decimal& number) {
  return number.kind == Decimal::Kind::kTooLarge ? "is larger than 4294967295"
                                                 : "has a character other than 0-9";
}

class PbkReader {
 public:
  PbkReader(std::string_view bytes, const RegionReadResult* regions)
      : lines_(bytes), regions_(regions) {}

  PbkReadResult Run(std::string_view bytes);

 private:
  Outcome ReadEntry(std::string_view line, PopView& pop, bool& stop_after);
  Outcome SplitFields(std::string_view line, Entry& entry);
  void ApplyOverflowRules(Entry& entry);
  Outcome ReadIndexCountryRegion(const Entry& entry, PopView& pop);
  void ReadNameAreaNumber(const Entry& entry, PopView& pop);
  Outcome ReadSpeedsAndFlags(const Entry& entry, PopView& pop);
  void ReadDun(const Entry& entry, PopView& pop);
  void NoteFlagBits(uint32_t flags);

  void Report(Severity severity, const char* rule, std::string message) {
    result_.diagnostics.push_back(
        Diagnostic{lines_.line_number(), rule, std::move(message), severity});
  }
  // "this entry and the N later lines are ignored" for rules that stop the reading.
  std::string AndLater() const {
    size_t later = lines_.CountNonBlankRemaining();
    if (later == 0) return "this entry is ignored (no entries follow)";
    return fmt::format("this entry and the {} later line{} are ignored", later,
                       later == 1 ? "" : "s");
  }

  LineSplitter lines_;
  const RegionReadResult* regions_;
  PbkReadResult result_;
  Entry entry_;
};

PbkReadResult PbkReader::Run(std::string_view bytes) {
  if (regions_ != nullptr && !regions_->count_valid) {
    result_.usable = false;
    result_.diagnostics.push_back(
        Diagnostic{0, "pbk.region-file-invalid",
                   "the region file's first line is not a region count: every POP entry is ignored",
                   Severity::kError});
    return std::move(result_);
  }
  if (lines_.OnlyBlankRemaining()) {
    result_.diagnostics.push_back(
        Diagnostic{0, "pbk.empty", "the phone book has no POP entries", Severity::kNote});
    return std::move(result_);
  }
  result_.pops.Reserve(CountLineEnds(bytes) + 1, bytes.size());

  PopView pop;
  while (auto line = lines_.Next()) {
    ResetForNextEntry(pop);  // cheaper than a fresh PopView per line (profiled)
    bool stop_after = false;
    Outcome outcome = ReadEntry(*line, pop, stop_after);
    if (outcome == Outcome::kRejectFile) {
      result_.usable = false;
      result_.pops.Clear();
      break;
    }
    if (outcome == Outcome::kStop) break;
    if (outcome == Outcome::kKeep) result_.pops.Add(pop);
    if (stop_after) break;
  }
  // The text reserve is the file size, more than the text needs; give it back only when the
  // book is well past the 3x budget's comfort zone (a file of mostly dropped entries).
  if (result_.pops.MemoryUsage() > 2 * bytes.size() + bytes.size() / 2 + 4096) {
    result_.pops.ShrinkToFit();
  }
  return std::move(result_);
}

Outcome PbkReader::ReadEntry(std::string_view line, PopView& pop, bool& stop_after) {
  if (line.empty()) {
    if (lines_.OnlyBlankRemaining()) {
      Report(Severity::kNote, "pbk.blank-line", "blank line at the end of the file is ignored");
      return Outcome::kStop;
    }
    Report(Severity::kWarning, "pbk.too-few-commas",
           fmt::format("blank line (an entry with 0 commas, 10 or 11 needed): {}", AndLater()));
    return Outcome::kStop;
  }
  Entry& entry = entry_;  // reused: zeroing 16 views per line showed in profiles
  entry.stop_after = false;
  if (Outcome split = SplitFields(line, entry); split != Outcome::kKeep) return split;
  ApplyOverflowRules(entry);
  stop_after = entry.stop_after;
  if (Outcome outcome = ReadIndexCountryRegion(entry, pop); outcome != Outcome::kKeep) {
    return outcome;
  }
  ReadNameAreaNumber(entry, pop);
  if (Outcome outcome = ReadSpeedsAndFlags(entry, pop); outcome != Outcome::kKeep) return outcome;
  ReadDun(entry, pop);
  return Outcome::kKeep;
}

Outcome PbkReader::SplitFields(std::string_view line, Entry& entry) {
  // Finds the commas 16 bytes at a time where SSE2 is there (every x86-64): a byte loop
  // mispredicts on every comma and was the reader's hottest spot.
  size_t commas = 0;
  size_t start = 0;
  const char* data = line.data();
  auto comma_at = [&](size_t position) {
    if (commas <= kMaxCommas) entry.fields[commas] = line.substr(start, position - start);
    ++commas;
    start = position + 1;
  };
  size_t i = 0;
#if defined(__SSE2__)
  const __m128i comma = _mm_set1_epi8(',');
  for (; i + 16 <= line.size(); i += 16) {
    __m128i chunk = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + i));
    auto mask = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(chunk, comma)));
    while (mask != 0) {
      comma_at(i + static_cast<size_t>(__builtin_ctz(mask)));
      mask &= mask - 1;
    }
  }
#endif
  for (; i < line.size(); ++i) {
    if (data[i] == ',') comma_at(i);
  }
  if (commas <= kMaxCommas) entry.fields[commas] = line.substr(start);
  if (commas > kMaxCommas) {
    Report(
        Severity::kError, "pbk.too-many-commas",
        fmt::format("entry has {} commas (10 or 11 allowed): the whole file is ignored", commas));
    return Outcome::kRejectFile;
  }
  if (commas < kMinCommas) {
    bool bom = lines_.line_number() == 1 && line.substr(0, 3) == "\xEF\xBB\xBF";
    Report(
        Severity::kWarning, "pbk.too-few-commas",
        fmt::format("entry has {} comma{} (10 or 11 needed){}: {}", commas, commas == 1 ? "" : "s",
                    bom ? " (the file starts with a UTF-8 byte-order mark)" : "", AndLater()));
    return Outcome::kStop;
  }
  entry.count = commas + 1;
  if (commas == kMaxCommas && !entry.fields[kMaxCommas].empty()) {
    Report(
        Severity::kWarning, "pbk.trailing-text",
        fmt::format("text after the 11th comma is ignored: {}", Quote(entry.fields[kMaxCommas])));
  }
  return Outcome::kKeep;
}

void PbkReader::ApplyOverflowRules(Entry& entry) {
  for (const OverflowRule& rule : kOverflowRules) {
    std::string_view value = entry.fields[rule.field];
    if (value.size() <= rule.limit) continue;
    // Move the later fields one place right; a field pushed past the last slot falls off (it is
    // past field 11 anyway).
    entry.count = std::min(entry.count + 1, kMaxSlots);
    for (size_t i = entry.count - 1; i > rule.field + 1; --i) entry.fields[i] = entry.fields[i - 1];
    entry.fields[rule.field] = value.substr(0, rule.limit);
    entry.fields[rule.field + 1] = value.substr(rule.limit);
    entry.stop_after = true;
    size_t later = lines_.CountNonBlankRemaining();
    Report(Severity::kWarning, rule.rule,
           fmt::format("{} is {} characters (at most {}): the first {} are kept, the other {} "
                       "are read as the {} and the entry's later fields move one place right; "
                       "the {} later line{} {} ignored",
                       rule.what, value.size(), rule.limit, rule.limit, value.size() - rule.limit,
                       rule.next, later, later == 1 ? "" : "s", later == 1 ? "is" : "are"));
  }
}

Outcome PbkReader::ReadIndexCountryRegion(const Entry& entry, PopView& pop) {
  Decimal index = ParseDecimal(entry.fields[kPopIndex]);
  if (index.kind == Decimal::Kind::kNotDigits || index.kind == Decimal::Kind::kTooLarge) {
    Report(
        Severity::kWarning, "pbk.pop-id-not-numeric",
        fmt::format("POP index {} {}: {}", Quote(entry.fields[kPopIndex]), Why(index), AndLater()));
    return Outcome::kStop;
  }
  if (index.kind == Decimal::Kind::kValue) pop.pop_id = index.value;

  Decimal country = ParseDecimal(entry.fields[kCountry]);
  if (country.kind == Decimal::Kind::kEmpty) {
    Report(Severity::kWarning, "pbk.country-missing",
           "country code is missing: this entry is ignored");
    return Outcome::kDropEntry;
  }
  if (country.kind != Decimal::Kind::kValue) {
    Report(Severity::kError, "pbk.country-not-numeric",
           fmt::format("country code {} {}: the whole file is ignored",
                       Quote(entry.fields[kCountry]), Why(country)));
    return Outcome::kRejectFile;
  }
  pop.country = country.value;

  Decimal region = ParseDecimal(entry.fields[kRegion]);
  if (region.kind == Decimal::Kind::kNotDigits || region.kind == Decimal::Kind::kTooLarge) {
    Report(Severity::kError, "pbk.region-not-numeric",
           fmt::format("region id {} {}: the whole file is ignored", Quote(entry.fields[kRegion]),
                       Why(region)));
    return Outcome::kRejectFile;
  }
  if (region.kind == Decimal::Kind::kValue) {
    size_t defined = regions_ != nullptr ? regions_->regions.size() : 0;
    if (regions_ != nullptr && region.value != 0 && region.value > defined) {
      Report(Severity::kWarning, "pbk.region-out-of-range",
             fmt::format("region id {} is not in the region file ({} region{}): the entry is "
                         "kept without a region",
                         region.value, defined, defined == 1 ? "" : "s"));
    } else {
      pop.region_id = region.value;
    }
  }
  return Outcome::kKeep;
}

Outcome PbkReader::ReadSpeedsAndFlags(const Entry& entry, PopView& pop) {
  for (const WholeFileNumber& field : kWholeFileNumbers) {
    Decimal number = ParseDecimal(entry.fields[field.field]);
    if (number.kind == Decimal::Kind::kNotDigits || number.kind == Decimal::Kind::kTooLarge) {
      Report(Severity::kError, field.rule,
             fmt::format("{} {} {}: the whole file is ignored", field.what,
                         Quote(entry.fields[field.field]), Why(number)));
      return Outcome::kRejectFile;
    }
    if (number.kind == Decimal::Kind::kValue) pop.*field.member = number.value;
  }
  if (pop.flags) NoteFlagBits(*pop.flags);
  return Outcome::kKeep;
}

void PbkReader::NoteFlagBits(uint32_t flags) {
  if ((flags & pop_flag::kNotSignOn) != 0) {
    Report(Severity::kNote, "pbk.sign-on-bit-set",
           fmt::format("POP flag {} has bit 0x01 set (not a sign-on POP): a dial-up client "
                       "ignores this entry; it is kept",
                       flags));
  }
  constexpr uint32_t kReservedBits = pop_flag::kCustom1 | pop_flag::kCustom2 | ~uint32_t{0xFF};
  if ((flags & kReservedBits) != 0) {
    Report(Severity::kNote, "pbk.flags-reserved-bits",
           fmt::format("POP flag {} sets reserved bits 0x{:X}: they are kept and ignored", flags,
                       flags & kReservedBits));
  }
}

void PbkReader::ReadNameAreaNumber(const Entry& entry, PopView& pop) {
  pop.name = entry.fields[kName];

  std::string_view area = entry.fields[kAreaCode];
  if (std::any_of(area.begin(), area.end(), [](char c) { return c < '0' || c > '9'; })) {
    Report(Severity::kWarning, "pbk.area-code-not-numeric",
           fmt::format("area code {} has a character other than 0-9: the area code is ignored",
                       Quote(area)));
  } else {
    pop.area_code = area;
  }

  pop.number = entry.fields[kNumber];
  if (pop.number.empty()) {
    Report(Severity::kWarning, "pbk.number-missing",
           "access number is missing: the entry is kept but cannot be dialled");
  } else if (!std::all_of(pop.number.begin(), pop.number.end(), IsAccessNumberChar)) {
    Report(Severity::kWarning, "pbk.number-bad-chars",
           fmt::format("access number {} has characters other than 0-9 # * - and space: it is "
                       "kept as written",
                       Quote(pop.number)));
  }
}

void PbkReader::ReadDun(const Entry& entry, PopView& pop) {
  std::string_view dun = entry.fields[kDun];
  if (dun.size() > kMaxDunNameLength) {
    Report(Severity::kWarning, "pbk.dun-too-long",
           fmt::format("dial-up networking name is {} characters (at most {}): the rest is "
                       "ignored",
                       dun.size(), kMaxDunNameLength));
    dun = dun.substr(0, kMaxDunNameLength);
  }
  pop.dun = dun;
}

}  // namespace

PbkReadResult ReadPbk(std::string_view bytes, const RegionReadResult* regions) {
  return PbkReader(bytes, regions).Run(bytes);
}

}  // namespace cm
