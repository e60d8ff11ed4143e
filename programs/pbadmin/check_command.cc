// SPDX-License-Identifier: MIT
// The `check` subcommand.
#include "check_command.h"

#include <fmt/format.h>
#include <fmt/ostream.h>

#include <memory>
#include <optional>

#include "cm/file_util.h"

namespace cm::pbadmin {
namespace {

nlohmann::json OptionalNumber(const std::optional<uint32_t>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

nlohmann::json PopJson(const PopView& pop) {
  return nlohmann::json{
      {"pop_id", OptionalNumber(pop.pop_id)},
      {"country", pop.country},
      {"region_id", OptionalNumber(pop.region_id)},
      {"name", std::string(pop.name)},
      {"area_code", std::string(pop.area_code)},
      {"number", std::string(pop.number)},
      {"min_speed", OptionalNumber(pop.min_speed)},
      {"max_speed", OptionalNumber(pop.max_speed)},
      {"reserved", OptionalNumber(pop.reserved)},
      {"flags", OptionalNumber(pop.flags)},
      {"dun", std::string(pop.dun)},
  };
}

void AppendDiagnostics(nlohmann::json& list, const std::vector<Diagnostic>& diagnostics) {
  for (const Diagnostic& diagnostic : diagnostics) {
    list.push_back(
        {{"line", diagnostic.line}, {"rule", diagnostic.rule}, {"message", diagnostic.message}});
  }
}

std::string_view SeverityName(Diagnostic::Severity severity) {
  switch (severity) {
    case Diagnostic::Severity::kNote:
      return "note";
    case Diagnostic::Severity::kWarning:
      return "warning";
    case Diagnostic::Severity::kError:
      return "error";
  }
  return "warning";
}

void PrintDiagnostics(std::ostream& err, const std::string& path,
                      const std::vector<Diagnostic>& diagnostics) {
  for (const Diagnostic& diagnostic : diagnostics) {
    std::string where = diagnostic.line == 0 ? path : fmt::format("{}:{}", path, diagnostic.line);
    fmt::print(err, "pbadmin: {}: {}: {} [{}]\n", SeverityName(diagnostic.severity), where,
               diagnostic.message, diagnostic.rule);
  }
}

void PrintHuman(const CheckOptions& options, const PbkReadResult& pbk,
                const RegionReadResult* regions, Output& output) {
  if (regions != nullptr) PrintDiagnostics(output.err, options.pbr_path, regions->diagnostics);
  PrintDiagnostics(output.err, options.pbk_path, pbk.diagnostics);
  std::string lines = WritePbk(pbk.pops);
  for (size_t start = 0; start < lines.size();) {
    size_t end = lines.find("\r\n", start);
    fmt::print(output.out, "  {}\n", std::string_view(lines).substr(start, end - start));
    start = end + 2;
  }
  if (!pbk.usable) {
    fmt::print(output.out, "{}: rejected: a client ignores every POP in this file\n",
               options.pbk_path);
    return;
  }
  fmt::print(output.out, "{}: usable: {} POP{} kept, {} diagnostic{}\n", options.pbk_path,
             pbk.pops.size(), pbk.pops.size() == 1 ? "" : "s", pbk.diagnostics.size(),
             pbk.diagnostics.size() == 1 ? "" : "s");
}

// Reads a file named on the command line; a failure is a usage error naming the path.
std::optional<std::string> ReadInput(const std::string& path, std::string_view what,
                                     Output& output) {
  Result<std::string> bytes = ReadFile(path);
  if (bytes) return std::move(*bytes);
  fmt::print(output.err, "pbadmin: error: cannot read {} '{}': {}\n", what, path,
             bytes.error().message());
  return std::nullopt;
}

}  // namespace

nlohmann::json CheckReportJson(const PbkReadResult& pbk, const RegionReadResult* regions) {
  nlohmann::json pops = nlohmann::json::array();
  for (size_t i = 0; i < pbk.pops.size(); ++i) pops.push_back(PopJson(pbk.pops[i]));
  nlohmann::json diagnostics = nlohmann::json::array();
  if (regions != nullptr) AppendDiagnostics(diagnostics, regions->diagnostics);
  AppendDiagnostics(diagnostics, pbk.diagnostics);
  return nlohmann::json{{"usable", pbk.usable}, {"pops", pops}, {"diagnostics", diagnostics}};
}

int RunCheck(const CheckOptions& options, Output& output) {
  std::optional<std::string> pbk_bytes = ReadInput(options.pbk_path, "phone book", output);
  if (!pbk_bytes) return kExitUsage;
  std::optional<RegionReadResult> regions;
  if (!options.pbr_path.empty()) {
    std::optional<std::string> pbr_bytes = ReadInput(options.pbr_path, "region file", output);
    if (!pbr_bytes) return kExitUsage;
    regions = ReadPbr(*pbr_bytes);
  }
  const RegionReadResult* region_ptr = regions ? &*regions : nullptr;
  PbkReadResult pbk = ReadPbk(*pbk_bytes, region_ptr);
  if (options.json) {
    // Phone books are ANSI text; bytes that are not UTF-8 are shown as U+FFFD.
    output.out << CheckReportJson(pbk, region_ptr)
                      .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
               << "\n";
  } else {
    PrintHuman(options, pbk, region_ptr, output);
  }
  return pbk.usable ? kExitOk : kExitFailed;
}

void RegisterCheckCommand(CLI::App& app, CommandRegistry& registry) {
  auto options = std::make_shared<CheckOptions>();
  CLI::App* check = app.add_subcommand(
      "check",
      "Read a phone book as a Connection Manager client would ([MS-CPSP] 2.1) and "
      "report the POPs kept and every rule applied");
  check->add_option("phonebook", options->pbk_path, "The phone book (.pbk) to read")
      ->required()
      ->type_name("FILE.pbk");
  check
      ->add_option("--regions", options->pbr_path,
                   "The region file (.pbr) of the phone book; region ids are checked against "
                   "it")
      ->type_name("FILE.pbr");
  check->add_flag("--json", options->json,
                  "Print one JSON object {usable, pops, diagnostics} instead of text");
  check->footer(
      "Exit status: 0 the file is usable (diagnostics may still be printed), 1 a rule "
      "rejected the whole file, 2 usage error or a file that cannot be read.\n");
  registry.Add(check, [options](Output& output) { return RunCheck(*options, output); });
}

}  // namespace cm::pbadmin
