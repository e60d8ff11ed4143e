// SPDX-License-Identifier: MIT
// pbadmin import and export: POP lists in the PBA import format, CSV, and (export) .pbk.
#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <unordered_map>

#include "cm/file_util.h"
#include "cm/pbk_format.h"
#include "pop_store.h"
#include "pop_text.h"
#include "progress.h"
#include "workspace_commands.h"

namespace cm::pbadmin {
namespace {

struct ImportOptions {
  std::string book;
  std::string file;
  std::string format;  // pba, csv or empty (by extension)
  bool replace = false;
};

Result<PopTextFormat> ChooseFormat(const std::string& format, const std::string& file) {
  if (format == "pba") return PopTextFormat::kPba;
  if (format == "csv") return PopTextFormat::kCsv;
  if (!format.empty()) {
    return Fail(Errc::kInvalidArgument, fmt::format("unknown format '{}' (pba or csv)", format));
  }
  bool csv = file.size() >= 4 && (file.compare(file.size() - 4, 4, ".csv") == 0 ||
                                  file.compare(file.size() - 4, 4, ".CSV") == 0);
  return csv ? PopTextFormat::kCsv : PopTextFormat::kPba;
}

// What an import does to the phone book, decided before anything is written.
struct ImportPlan {
  std::vector<size_t> adds;   // indexes into the parsed POPs
  std::vector<size_t> edits;  // indexes into the parsed POPs
  std::vector<uint32_t> deletes;
  std::vector<bool> new_status;  // per parsed POP: its service status after the import
};

// Every POP field and uniqueness check, collected per line.
void CheckParsed(const ParsedPops& parsed, size_t region_count, std::vector<LineProblem>* out) {
  Pop pop;
  std::vector<std::pair<uint32_t, uint32_t>> ids;  // POP index, line
  ids.reserve(parsed.pops.size());
  for (size_t i = 0; i < parsed.pops.size(); ++i) {
    pop = parsed.pops[i].ToPop();
    for (const Diagnostic& d : ValidatePopStrict(pop, region_count)) {
      out->push_back({parsed.lines[i], fmt::format("{} [{}]", d.message, d.rule)});
    }
    if (pop.pop_id) ids.emplace_back(*pop.pop_id, parsed.lines[i]);
  }
  std::sort(ids.begin(), ids.end());
  for (size_t i = 1; i < ids.size(); ++i) {
    if (ids[i].first == ids[i - 1].first) {
      out->push_back({ids[i].second, fmt::format("POP index {} is also on line {}; each POP "
                                                 "may appear once",
                                                 ids[i].first, ids[i - 1].second)});
    }
  }
}

Result<ImportPlan> Plan(Db& db, int64_t book_id, const ParsedPops& parsed, bool replace) {
  Phonebook existing;
  std::vector<bool> existing_status;
  CM_TRY_STATUS(LoadPops(db, book_id, {}, &existing, &existing_status));
  std::unordered_map<uint32_t, size_t> by_id;
  by_id.reserve(existing.size());
  for (size_t i = 0; i < existing.size(); ++i) by_id.emplace(*existing[i].pop_id, i);
  ImportPlan plan;
  plan.new_status.resize(parsed.pops.size(), true);
  std::vector<bool> kept(existing.size(), false);
  for (size_t i = 0; i < parsed.pops.size(); ++i) {
    PopView pop = parsed.pops[i];
    auto found = by_id.find(*pop.pop_id);
    if (found == by_id.end()) {
      plan.new_status[i] = parsed.in_service[i] != 0;
      plan.adds.push_back(i);
      continue;
    }
    kept[found->second] = true;
    bool status =
        parsed.in_service[i] < 0 ? existing_status[found->second] : parsed.in_service[i] == 1;
    plan.new_status[i] = status;
    if (!(existing[found->second] == pop) || status != existing_status[found->second]) {
      plan.edits.push_back(i);
    }
  }
  if (replace) {
    for (size_t i = 0; i < existing.size(); ++i) {
      if (!kept[i]) plan.deletes.push_back(*existing[i].pop_id);
    }
  }
  return plan;
}

Status CheckImportLimits(Workspace& workspace, const BookRow& book, const std::string& file,
                         const ParsedPops& parsed, const ImportPlan& plan) {
  if (CM_TRY(workspace.GetLimitsMode()) == LimitsMode::kCmdial) return Ok();
  if (book.version == 0 && parsed.pops.size() > kMaxFirstImportPops) {
    return Fail(LimitError(file, "POPs in an import before the phone book's first release",
                           kMaxFirstImportPops, parsed.pops.size(), true));
  }
  uint64_t changes = plan.adds.size() + plan.edits.size() + plan.deletes.size();
  if (book.version > 0 && changes > kMaxChangesPerPost) {
    return Fail(LimitError(file, "adds, edits and deletes in an import after the first release",
                           kMaxChangesPerPost, changes, true));
  }
  uint64_t count = CM_TRY(CountPops(workspace.db(), book.id));
  uint64_t after = count + plan.adds.size() - plan.deletes.size();
  if (after > kMaxPopsPerBook) {
    return Fail(LimitError(book.name, "POPs in a phone book", kMaxPopsPerBook, after, true));
  }
  return Ok();
}

// POPs inserted between progress reports (a multiple of PopWriter::kBatchRows).
constexpr size_t kImportChunk = 64 * PopWriter::kBatchRows;

Status Import(const GlobalOptions& globals, const ImportOptions& options, Output& output) {
  PopTextFormat format = CM_TRY(ChooseFormat(options.format, options.file));
  std::string bytes = CM_TRY(ReadFile(options.file));
  ParsedPops parsed = ParsePopText(bytes, format);
  bytes = std::string();

  auto workspace = CM_TRY(OpenWorkspace(globals));
  Db& db = workspace->db();
  auto transaction = CM_TRY(Transaction::Begin(db));
  BookRow book = CM_TRY(workspace->FindBook(options.book));
  RegionList regions = CM_TRY(LoadRegions(db, book.id));
  std::vector<LineProblem> problems = std::move(parsed.problems);
  CheckParsed(parsed, regions.size(), &problems);
  if (!problems.empty()) {
    std::stable_sort(problems.begin(), problems.end(),
                     [](const LineProblem& a, const LineProblem& b) { return a.line < b.line; });
    for (const LineProblem& problem : problems) {
      output.err << fmt::format("pbadmin: error: {}:{}: {}\n", options.file, problem.line,
                                problem.message);
    }
    return Fail(Errc::kInvalidArgument,
                fmt::format("{} problem(s) in the file (listed above); nothing was imported",
                            problems.size()),
                {.file = options.file});
  }
  ImportPlan plan = CM_TRY(Plan(db, book.id, parsed, options.replace));
  CM_TRY_STATUS(CheckImportLimits(*workspace, book, options.file, parsed, plan));

  auto writer = CM_TRY(PopWriter::Create(db, book.id));
  uint64_t total = plan.adds.size() + plan.edits.size() + plan.deletes.size();
  uint64_t done = 0;
  std::optional<Progress> progress;
  progress.emplace(output.err, "importing", total);
  std::vector<PopToInsert> chunk;
  chunk.reserve(kImportChunk);
  for (size_t first = 0; first < plan.adds.size(); first += kImportChunk) {
    size_t end = std::min(first + kImportChunk, plan.adds.size());
    chunk.clear();
    for (size_t k = first; k < end; ++k) {
      chunk.push_back({parsed.pops[plan.adds[k]], plan.new_status[plan.adds[k]]});
    }
    CM_TRY_STATUS(writer.InsertMany(chunk));
    done += chunk.size();
    progress->Update(done);
  }
  for (size_t i : plan.edits) {
    CM_TRY_STATUS(writer.Update(parsed.pops[i], plan.new_status[i]));
    if ((++done & 4095) == 0) progress->Update(done);
  }
  for (uint32_t id : plan.deletes) {
    CM_TRY_STATUS(writer.Delete(id));
    if ((++done & 4095) == 0) progress->Update(done);
  }
  progress->Update(total);
  std::string file_name = options.file.substr(options.file.find_last_of('/') + 1);
  CM_TRY_STATUS(workspace->LogChange(book.id, "import " + file_name, plan.adds.size(),
                                     plan.edits.size(), plan.deletes.size()));
  CrashPoint("import.before-commit");
  CM_TRY_STATUS(transaction.Commit());
  CrashPoint("import.after-commit");
  progress.reset();
  output.out << fmt::format(
      "imported {} POPs into {}: {} added, {} edited, {} deleted, {} "
      "unchanged\n",
      parsed.pops.size(), book.name, plan.adds.size(), plan.edits.size(), plan.deletes.size(),
      parsed.pops.size() - plan.adds.size() - plan.edits.size());
  return Ok();
}

struct ExportOptions {
  std::string book;
  std::string format = "pba";
  std::string out;
  std::string pbr;
};

Status Export(const GlobalOptions& globals, const ExportOptions& options, Output& output) {
  if (options.format != "pba" && options.format != "csv" && options.format != "pbk") {
    return Fail(Errc::kInvalidArgument,
                fmt::format("unknown format '{}' (pba, csv or pbk)", options.format));
  }
  auto workspace = CM_TRY(OpenWorkspace(globals));
  Db& db = workspace->db();
  BookRow book = CM_TRY(workspace->FindBook(options.book));
  std::string text;
  if (options.format == "pbk") {
    // What the next release would hold: POPs in service, in canonical order.
    Phonebook pops;
    CM_TRY_STATUS(LoadPops(db, book.id, {.in_service = true}, &pops));
    text = WritePbk(pops);
  } else {
    bool csv = options.format == "csv";
    text = csv ? CsvHeader() + "\r\n" : "";
    CM_TRY_STATUS(ForEachPop(db, book.id, {}, [&](const PopView& pop, bool in_service) {
      text += csv ? FormatCsvLine(pop, in_service) : FormatPbaLine(pop);
      text += "\r\n";
    }));
  }
  if (!options.pbr.empty()) {
    RegionList regions = CM_TRY(LoadRegions(db, book.id));
    CM_TRY_STATUS(WriteFileAtomic(options.pbr, WritePbr(regions)));
  }
  if (options.out.empty() || options.out == "-") {
    output.out << text;
    return Ok();
  }
  return WriteFileAtomic(options.out, text);
}

}  // namespace

void RegisterImportExportCommands(CLI::App& app, CommandRegistry& registry, Globals globals) {
  auto import_options = std::make_shared<ImportOptions>();
  CLI::App* import = app.add_subcommand(
      "import",
      "Add or edit POPs from a file, all or nothing: every rejected line is reported with its "
      "line number and nothing changes unless every line passes");
  import->add_option("book", import_options->book, "Phone book name")->required();
  import->add_option("file", import_options->file, "POP list")
      ->required()
      ->check(CLI::ExistingFile);
  import->add_option("--format", import_options->format,
                     "pba (one POP per line: index, country, region, name, area code, number, "
                     "min speed, max speed, reserved, flags, dial-up entry, separated by ', ') or "
                     "csv (header row); default: csv for *.csv, else pba");
  import->add_flag("--replace", import_options->replace,
                   "The file is the whole phone book: POPs not in it are deleted");
  registry.Add(import, [globals, import_options](Output& output) {
    auto status = Import(*globals, *import_options, output);
    return status ? kExitOk : Report(output, status.error());
  });

  auto export_options = std::make_shared<ExportOptions>();
  CLI::App* exp = app.add_subcommand(
      "export",
      "Write a phone book's POPs: pba and csv hold every POP (csv with its service status), pbk "
      "the POPs in service as the next release would");
  exp->add_option("book", export_options->book, "Phone book name")->required();
  exp->add_option("--format", export_options->format, "pba (default), csv or pbk");
  exp->add_option("--out", export_options->out, "Output file (default: standard output)");
  exp->add_option("--pbr", export_options->pbr, "Also write the region file here");
  registry.Add(exp, [globals, export_options](Output& output) {
    auto status = Export(*globals, *export_options, output);
    return status ? kExitOk : Report(output, status.error());
  });
}

}  // namespace cm::pbadmin
