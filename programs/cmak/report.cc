// SPDX-License-Identifier: MIT
// cmak's error and finding lines.
#include "report.h"

namespace cm::cmak {

int Report(Output& output, const Error& error) {
  output.err << "cmak: error: " << error.ToString() << "\n";
  return kExitFailed;
}

void PrintDiagnostic(Output& output, std::string_view file, const Diagnostic& diagnostic) {
  std::string_view severity = "warning";
  if (diagnostic.severity == Diagnostic::Severity::kNote) severity = "note";
  if (diagnostic.severity == Diagnostic::Severity::kError) severity = "error";
  output.err << "cmak: " << severity << ": " << file;
  if (diagnostic.line != 0) output.err << ":" << diagnostic.line;
  output.err << ": " << diagnostic.message << " [" << diagnostic.rule << "]\n";
}

}  // namespace cm::cmak
