// SPDX-License-Identifier: MIT
// Fuzzes pbadmin's import parser (the administrator's PBA and CSV files, outside input) and the
// checks an import runs on every parsed POP.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "cm/pbk_format.h"
#include "pop_text.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  for (cm::pbadmin::PopTextFormat format :
       {cm::pbadmin::PopTextFormat::kPba, cm::pbadmin::PopTextFormat::kCsv}) {
    cm::pbadmin::ParsedPops parsed = cm::pbadmin::ParsePopText(bytes, format);
    // Every POP keeps its line and status: import reports by line and sets status from them.
    if (parsed.lines.size() != parsed.pops.size() ||
        parsed.in_service.size() != parsed.pops.size()) {
      std::abort();
    }
    for (size_t i = 0; i < parsed.pops.size(); ++i) {
      cm::Pop pop = parsed.pops[i].ToPop();
      (void)cm::ValidatePopStrict(pop, 40);
      (void)cm::pbadmin::FormatPbaLine(parsed.pops[i]);
      (void)cm::pbadmin::FormatCsvLine(parsed.pops[i], parsed.in_service[i] != 0);
    }
  }
  return 0;
}
