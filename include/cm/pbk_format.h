// SPDX-License-Identifier: MIT
// Reading and writing phone book (.pbk) and region (.pbr) files, [MS-CPSP] §2.1–2.2.
//
// The reader behaves as a Connection Manager client does: it never fails, it applies the
// specification's error rules (drop an entry, drop the rest of the file, drop the whole file)
// and reports each rule it applied as a Diagnostic naming the line and the rule. The writer
// emits the canonical form: CRLF line ends, ten commas per entry, no trailing comma.
// Parsers take bytes and never touch the disk.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "cm/phonebook.h"
#include "cm/result.h"

namespace cm {

// What a client would make of a region file.
struct RegionReadResult {
  RegionList regions;
  // False when the first line is not a number: then every POP entry is ignored (§2.2).
  bool count_valid = true;
  std::vector<Diagnostic> diagnostics;
};

// Reads a .pbr file as a client does (§2.2): line 1 is the count N, then one name per line
// (a ',' also separates names); names past N are ignored; names over 31 characters are cut.
RegionReadResult ReadPbr(std::string_view bytes);

// What a client would make of a phone book.
struct PbkReadResult {
  // False when a rule rejected the whole file (more than 11 commas in an entry, a non-digit in
  // a numeric field whose rule says so, an invalid region file count). `pops` is then empty.
  bool usable = true;
  Phonebook pops;  // the entries a client keeps, in file order
  std::vector<Diagnostic> diagnostics;
};

// Reads a .pbk file as a client does (§2.1). Line ends may be CRLF, LF, LFCR or CR. When
// `regions` is given, region ids out of its range are dropped from the entry (the entry is kept
// without a region), and an invalid region count makes every entry ignored.
PbkReadResult ReadPbk(std::string_view bytes, const RegionReadResult* regions = nullptr);

// The canonical file bytes: one line per POP, CRLF, fields in §2.1 order, absent fields empty,
// ten commas and no trailing comma. Deterministic: the same book gives the same bytes.
std::string WritePbk(const Phonebook& book);
// Count line then one name per line, CRLF.
std::string WritePbr(const RegionList& regions);

// The Phone Book Administrator's stricter limits (cm-formats.md §2.5): POP index numeric;
// POP name at most 30 characters without ',' or '"'; area code at most 10 characters of digits,
// '-' and space; access number at most 35 characters of digits, '#', '*', '-' and space; DUN
// name at most 50 characters without ','; reserved flag bit 0x80 and bits above 0xFF clear (0x10
// is allowed: PBA's own documented example, service flag 120, sets it); POP index present;
// country a known TAPI country ID (cm/country.h); region id at most `region_count`. Returns one
// Diagnostic (severity error) per rule broken, `line` left 0; an empty vector means the POP is
// acceptable. `region_count` is the number of regions defined.
std::vector<Diagnostic> ValidatePopStrict(const Pop& pop, size_t region_count);

}  // namespace cm
