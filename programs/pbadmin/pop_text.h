// SPDX-License-Identifier: MIT
// POP lists as text for import and export: the Phone Book Administrator's command-line format
// (cm-formats.md §2.5: one POP per line, eleven items separated by comma + space) and CSV with
// a header row. Formats: docs/formats/workspace.md. Parsers take bytes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cm/phonebook.h"

namespace cm::pbadmin {

enum class PopTextFormat { kPba, kCsv };

// One line the parser refused, with its 1-based line number.
struct LineProblem {
  uint32_t line = 0;
  std::string message;
};

// The POPs of an import file in file order, stored compactly (a million-POP file must fit).
struct ParsedPops {
  Phonebook pops;
  std::vector<uint32_t> lines;  // the line each POP came from
  // Per POP: the CSV in_service column (1 yes, 0 no) or -1 when the file does not say.
  std::vector<int8_t> in_service;
  std::vector<LineProblem> problems;  // syntax problems; the POPs of those lines are left out
};

// Parses an import file. PBA: '#' lines and blank lines are skipped; each other line must have
// eleven items (a trailing comma after the eleventh is allowed); items are trimmed of spaces and
// tabs. CSV: the first line names the columns (pop_id, country, region_id, name, area_code,
// number, min_speed, max_speed, reserved, flags, dun, in_service, and instead of flags
// service_types with surcharge and sign_up); fields may be double-quoted (RFC 4180). Line ends
// may be CRLF or LF. Field values are checked later (ValidatePopStrict); this reports only what
// stops a line from being read as a POP (item count, numbers that are not numbers, unknown
// service type names, unknown columns).
ParsedPops ParsePopText(std::string_view bytes, PopTextFormat format);

// One PBA line without line end: "1, 1, 0, Redmond, 425, 555-0134, 9600, 56000, 0, 120, ISP".
std::string FormatPbaLine(const PopView& pop);
// The CSV header this writer uses (no line end).
std::string CsvHeader();
// One CSV line without line end, matching CsvHeader().
std::string FormatCsvLine(const PopView& pop, bool in_service);

}  // namespace cm::pbadmin
