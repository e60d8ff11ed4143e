// SPDX-License-Identifier: MIT
// ReadPbr: a region file read the way a Connection Manager client reads it, [MS-CPSP] §2.2.
//
// The file is a list of items separated by line ends or ','. The first item is the region
// count N; the next N items are the region names, index 1 first. Empty items inside the first
// N are empty names, so the indexes of later names do not move.
#include <fmt/format.h>

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

class PbrReader {
 public:
  explicit PbrReader(std::string_view bytes) : lines_(bytes) {}

  RegionReadResult Run() {
    while (auto line = lines_.Next()) {
      size_t start = 0;
      while (true) {
        size_t comma = line->find(',', start);
        size_t end = comma == std::string_view::npos ? line->size() : comma;
        Item(line->substr(start, end - start));
        if (comma == std::string_view::npos) break;
        start = comma + 1;
      }
    }
    Finish();
    return std::move(result_);
  }

 private:
  void Report(Severity severity, const char* rule, std::string message, uint32_t line) {
    result_.diagnostics.push_back(Diagnostic{line, rule, std::move(message), severity});
  }

  void Item(std::string_view item) {
    if (!have_count_) {
      have_count_ = true;
      Count(item);
      return;
    }
    if (!result_.count_valid) return;
    if (result_.regions.names.size() >= count_) {
      if (!item.empty()) ++extra_;
      if (!item.empty() && first_extra_line_ == 0) first_extra_line_ = lines_.line_number();
      return;
    }
    if (item.size() > kMaxRegionNameLength) {
      Report(Severity::kWarning, "pbr.name-too-long",
             fmt::format("region name {} is {} characters (at most {}): the rest is ignored",
                         Quote(item), item.size(), kMaxRegionNameLength),
             lines_.line_number());
      item = item.substr(0, kMaxRegionNameLength);
    }
    result_.regions.names.emplace_back(item);
  }

  void Count(std::string_view item) {
    Decimal count = ParseDecimal(item);
    switch (count.kind) {
      case Decimal::Kind::kValue:
        count_ = count.value;
        return;
      case Decimal::Kind::kTooLarge:
        count_ = UINT32_MAX;
        return;
      case Decimal::Kind::kEmpty:
      case Decimal::Kind::kNotDigits:
        break;
    }
    result_.count_valid = false;
    Report(Severity::kError, "pbr.count-not-numeric",
           fmt::format("the first item {} is not a region count: every POP entry of the phone "
                       "book is ignored",
                       Quote(item)),
           lines_.line_number() == 0 ? 1 : lines_.line_number());
  }

  void Finish() {
    if (!have_count_) {
      result_.count_valid = false;
      Report(Severity::kError, "pbr.count-not-numeric",
             "the region file is empty, so it has no region count: every POP entry of the "
             "phone book is ignored",
             1);
      return;
    }
    if (!result_.count_valid) return;
    if (extra_ > 0) {
      Report(Severity::kWarning, "pbr.extra-names",
             fmt::format("the count says {} region{} but {} more name{} follow: they are ignored",
                         count_, count_ == 1 ? "" : "s", extra_, extra_ == 1 ? "" : "s"),
             first_extra_line_);
    } else if (result_.regions.names.size() < count_) {
      Report(Severity::kNote, "pbr.fewer-names",
             fmt::format("the count says {} region{} but the file has {}: all {} are read", count_,
                         count_ == 1 ? "" : "s", result_.regions.names.size(),
                         result_.regions.names.size()),
             1);
    }
  }

  LineSplitter lines_;
  RegionReadResult result_;
  bool have_count_ = false;
  uint32_t count_ = 0;
  size_t extra_ = 0;
  uint32_t first_extra_line_ = 0;
};

}  // namespace

RegionReadResult ReadPbr(std::string_view bytes) { return PbrReader(bytes).Run(); }

}  // namespace cm
