// SPDX-License-Identifier: MIT
// Reading and writing POP lists in the PBA import format and CSV.
#include "pop_text.h"

#include <fmt/format.h>
#include <strings.h>

#include <array>
#include <charconv>
#include <map>

#include "cm/phonebook.h"
#include "service_types.h"

namespace cm::pbadmin {
namespace {

// The eleven fields of a POP in [MS-CPSP] §2.1 order, as CSV column names.
enum Field {
  kPopId,
  kCountry,
  kRegionId,
  kName,
  kAreaCode,
  kNumber,
  kMinSpeed,
  kMaxSpeed,
  kReserved,
  kFlags,
  kDun,
  kFieldCount
};
constexpr std::array<std::string_view, kFieldCount> kFieldNames = {
    "pop_id",    "country",   "region_id", "name",  "area_code", "number",
    "min_speed", "max_speed", "reserved",  "flags", "dun"};
// Extra CSV columns.
enum Extra { kInService = kFieldCount, kServiceTypes, kSurcharge, kSignUp, kColumnCount };
constexpr std::array<std::string_view, 4> kExtraNames = {"in_service", "service_types", "surcharge",
                                                         "sign_up"};

std::string_view Trim(std::string_view text) {
  size_t begin = text.find_first_not_of(" \t");
  if (begin == std::string_view::npos) return {};
  size_t end = text.find_last_not_of(" \t");
  return text.substr(begin, end - begin + 1);
}

// Next line of `bytes` from `*pos` without its line end (LF, CRLF or a lone CR at the end).
std::string_view NextLine(std::string_view bytes, size_t* pos) {
  size_t end = bytes.find('\n', *pos);
  if (end == std::string_view::npos) end = bytes.size();
  std::string_view line = bytes.substr(*pos, end - *pos);
  *pos = end + 1;
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

// An optional unsigned number; false when the text is not one.
bool ParseNumber(std::string_view text, std::optional<uint32_t>* out) {
  if (text.empty()) {
    out->reset();
    return true;
  }
  uint32_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return false;
  *out = value;
  return true;
}

bool ParseYesNo(std::string_view text, bool* out) {
  static constexpr std::string_view kYes[] = {"1", "yes", "true", "y"};
  static constexpr std::string_view kNo[] = {"0", "no", "false", "n", ""};
  for (std::string_view yes : kYes) {
    if (yes.size() == text.size() && strncasecmp(yes.data(), text.data(), text.size()) == 0) {
      *out = true;
      return true;
    }
  }
  for (std::string_view no : kNo) {
    if (no.size() == text.size() &&
        (text.empty() || strncasecmp(no.data(), text.data(), text.size()) == 0)) {
      *out = false;
      return true;
    }
  }
  return false;
}

// Fills `pop` from the eleven field texts; returns a problem message or "".
std::string FillPop(const std::array<std::string_view, kFieldCount>& fields, Pop* pop) {
  struct NumberField {
    Field field;
    std::optional<uint32_t>* target;
  };
  std::optional<uint32_t> country;
  const NumberField numbers[] = {{kPopId, &pop->pop_id},       {kCountry, &country},
                                 {kRegionId, &pop->region_id}, {kMinSpeed, &pop->min_speed},
                                 {kMaxSpeed, &pop->max_speed}, {kReserved, &pop->reserved},
                                 {kFlags, &pop->flags}};
  for (const NumberField& number : numbers) {
    if (!ParseNumber(fields[number.field], number.target)) {
      return fmt::format("{} '{}' is not a number (digits 0-9 only)", kFieldNames[number.field],
                         fields[number.field]);
    }
  }
  if (!country) return "country is missing (a TAPI country ID such as 1 or 44)";
  pop->country = *country;
  pop->name.assign(fields[kName]);
  pop->area_code.assign(fields[kAreaCode]);
  pop->number.assign(fields[kNumber]);
  pop->dun.assign(fields[kDun]);
  return {};
}

void ParsePba(std::string_view bytes, ParsedPops* out) {
  size_t pos = 0;
  uint32_t line_number = 0;
  Pop pop;
  std::array<std::string_view, kFieldCount> fields;
  while (pos < bytes.size()) {
    std::string_view line = NextLine(bytes, &pos);
    ++line_number;
    std::string_view trimmed = Trim(line);
    if (trimmed.empty() || trimmed.front() == '#') continue;
    // One pass over the line: split at commas without a search call per field.
    size_t count = 0;
    bool too_many = false;
    const char* item = line.data();
    const char* end = line.data() + line.size();
    for (const char* p = item;; ++p) {
      if (p != end && *p != ',') continue;
      std::string_view text(item, static_cast<size_t>(p - item));
      if (count < kFieldCount) {
        fields[count] = Trim(text);
      } else if (count > kFieldCount || !Trim(text).empty()) {
        too_many = true;  // only an empty twelfth item (a trailing comma) is allowed
      }
      ++count;
      if (p == end) break;
      item = p + 1;
    }
    if (count < kFieldCount || too_many) {
      out->problems.push_back(
          {line_number, fmt::format("{} items where the PBA format has 11 (POP index, country, "
                                    "region, name, area code, access number, minimum speed, "
                                    "maximum speed, reserved, service flags, dial-up entry)",
                                    count)});
      continue;
    }
    if (std::string problem = FillPop(fields, &pop); !problem.empty()) {
      out->problems.push_back({line_number, std::move(problem)});
      continue;
    }
    out->pops.Add(pop);
    out->lines.push_back(line_number);
    out->in_service.push_back(-1);
  }
}

// Splits one CSV record starting at `*pos` (quoted fields may span lines); advances `*pos` and
// counts the lines consumed. Returns false on an unterminated quote.
bool NextCsvRecord(std::string_view bytes, size_t* pos, uint32_t* lines,
                   std::vector<std::string>* fields) {
  fields->clear();
  std::string field;
  bool quoted = false;
  size_t i = *pos;
  *lines = 1;
  for (; i < bytes.size(); ++i) {
    char c = bytes[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < bytes.size() && bytes[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          quoted = false;
        }
      } else {
        if (c == '\n') ++*lines;
        field += c;
      }
      continue;
    }
    if (c == '"' && Trim(field).empty()) {
      field.clear();
      quoted = true;
    } else if (c == ',') {
      fields->push_back(std::move(field));
      field.clear();
    } else if (c == '\n') {
      break;
    } else if (c != '\r' || (i + 1 < bytes.size() && bytes[i + 1] != '\n')) {
      field += c;
    }
  }
  *pos = i + 1;
  fields->push_back(std::move(field));
  return !quoted;
}

void ParseCsv(std::string_view bytes, ParsedPops* out) {
  size_t pos = 0;
  uint32_t line_number = 1;
  uint32_t consumed = 0;
  std::vector<std::string> cells;
  // Skip leading blank lines, then read the header.
  while (pos < bytes.size()) {
    size_t before = pos;
    if (!NextCsvRecord(bytes, &pos, &consumed, &cells)) {
      out->problems.push_back({line_number, "unterminated quote in the header"});
      return;
    }
    if (cells.size() > 1 || !Trim(cells[0]).empty()) break;
    line_number += consumed;
    (void)before;
  }
  uint32_t header_line = line_number;
  line_number += consumed;
  std::vector<int> column_of;  // per CSV column: field or extra index, -1 unknown
  std::array<int, kColumnCount> position;
  position.fill(-1);
  for (size_t c = 0; c < cells.size(); ++c) {
    std::string name(Trim(cells[c]));
    for (char& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    int index = -1;
    for (int f = 0; f < kFieldCount; ++f) {
      if (kFieldNames[f] == name) index = f;
    }
    for (int e = 0; e < 4; ++e) {
      if (kExtraNames[e] == name) index = kFieldCount + e;
    }
    if (index < 0) {
      out->problems.push_back(
          {header_line,
           fmt::format("unknown column '{}' (columns: pop_id, country, region_id, name, "
                       "area_code, number, min_speed, max_speed, reserved, flags or "
                       "service_types/surcharge/sign_up, dun, in_service)",
                       name)});
      return;
    }
    if (position[index] >= 0) {
      out->problems.push_back({header_line, fmt::format("column '{}' appears twice", name)});
      return;
    }
    position[index] = static_cast<int>(c);
    column_of.push_back(index);
  }
  for (Field required : {kCountry, kNumber}) {
    if (position[required] < 0) {
      out->problems.push_back(
          {header_line, fmt::format("the header has no '{}' column", kFieldNames[required])});
      return;
    }
  }
  Pop pop;
  std::array<std::string_view, kFieldCount> fields;
  while (pos < bytes.size()) {
    uint32_t record_line = line_number;
    bool closed = NextCsvRecord(bytes, &pos, &consumed, &cells);
    line_number += consumed;
    if (!closed) {
      out->problems.push_back({record_line, "unterminated quote"});
      return;
    }
    if (cells.size() == 1 && Trim(cells[0]).empty()) continue;
    if (cells.size() != column_of.size()) {
      out->problems.push_back({record_line, fmt::format("{} fields where the header has {}",
                                                        cells.size(), column_of.size())});
      continue;
    }
    auto cell = [&](int index) -> std::string_view {
      return position[index] < 0 ? std::string_view() : Trim(cells[position[index]]);
    };
    for (int f = 0; f < kFieldCount; ++f) fields[f] = cell(f);
    if (std::string problem = FillPop(fields, &pop); !problem.empty()) {
      out->problems.push_back({record_line, std::move(problem)});
      continue;
    }
    std::string problem;
    bool by_name =
        position[kServiceTypes] >= 0 || position[kSurcharge] >= 0 || position[kSignUp] >= 0;
    if (by_name) {
      uint32_t named = kDefaultFlags;
      if (position[kServiceTypes] >= 0) {
        auto applied = ApplyServiceTypes(named, cell(kServiceTypes));
        if (!applied) {
          problem = applied.error().message();
        } else {
          named = *applied;
        }
      }
      bool surcharge = false;
      bool sign_up = false;
      if (problem.empty() && !ParseYesNo(cell(kSurcharge), &surcharge)) {
        problem = fmt::format("surcharge '{}' is not yes or no", cell(kSurcharge));
      }
      if (problem.empty() && !ParseYesNo(cell(kSignUp), &sign_up)) {
        problem = fmt::format("sign_up '{}' is not yes or no", cell(kSignUp));
      }
      named = WithBit(named, pop_flag::kSurcharge, surcharge);
      named = WithBit(named, pop_flag::kSignUp, sign_up);
      constexpr uint32_t kNamedBits = kServiceTypeBits | pop_flag::kSurcharge | pop_flag::kSignUp;
      if (problem.empty() && pop.flags) {
        if ((*pop.flags & kNamedBits) != named) {
          problem = fmt::format(
              "flags {} say '{}' but the named columns say '{}'; correct one or drop the "
              "flags column",
              *pop.flags, DescribeFlags(*pop.flags), DescribeFlags(named));
        }
      } else if (problem.empty()) {
        pop.flags = named;
      }
    }
    int8_t in_service = -1;
    if (problem.empty() && !cell(kInService).empty()) {
      bool value = true;
      if (!ParseYesNo(cell(kInService), &value)) {
        problem = fmt::format("in_service '{}' is not yes or no", cell(kInService));
      }
      in_service = value ? 1 : 0;
    }
    if (!problem.empty()) {
      out->problems.push_back({record_line, std::move(problem)});
      continue;
    }
    out->pops.Add(pop);
    out->lines.push_back(record_line);
    out->in_service.push_back(in_service);
  }
}

std::string OptionalText(const std::optional<uint32_t>& value) {
  return value ? std::to_string(*value) : std::string();
}

std::string CsvField(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + '"';
}

}  // namespace

ParsedPops ParsePopText(std::string_view bytes, PopTextFormat format) {
  ParsedPops out;
  size_t estimate = bytes.size() / 48 + 1;
  out.pops.Reserve(estimate, bytes.size() / 2);
  out.lines.reserve(estimate);
  out.in_service.reserve(estimate);
  if (format == PopTextFormat::kPba) {
    ParsePba(bytes, &out);
  } else {
    ParseCsv(bytes, &out);
  }
  out.pops.ShrinkToFit();
  return out;
}

std::string FormatPbaLine(const PopView& pop) {
  std::string line = fmt::format(
      "{}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}", OptionalText(pop.pop_id), pop.country,
      OptionalText(pop.region_id), pop.name, pop.area_code, pop.number, OptionalText(pop.min_speed),
      OptionalText(pop.max_speed), OptionalText(pop.reserved), OptionalText(pop.flags), pop.dun);
  while (!line.empty() && line.back() == ' ') line.pop_back();
  return line;
}

std::string CsvHeader() {
  return "pop_id,country,region_id,name,area_code,number,min_speed,max_speed,reserved,flags,"
         "service_types,surcharge,sign_up,dun,in_service";
}

std::string FormatCsvLine(const PopView& pop, bool in_service) {
  uint32_t flags = pop.flags.value_or(0);
  return fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}", OptionalText(pop.pop_id),
                     pop.country, OptionalText(pop.region_id), CsvField(pop.name),
                     CsvField(pop.area_code), CsvField(pop.number), OptionalText(pop.min_speed),
                     OptionalText(pop.max_speed), OptionalText(pop.reserved),
                     OptionalText(pop.flags), CsvField(ServiceTypeNames(flags)),
                     (flags & pop_flag::kSurcharge) != 0 ? "yes" : "no",
                     (flags & pop_flag::kSignUp) != 0 ? "yes" : "no", CsvField(pop.dun),
                     in_service ? "yes" : "no");
}

}  // namespace cm::pbadmin
