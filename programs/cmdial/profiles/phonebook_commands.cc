// SPDX-License-Identifier: MIT
// `cmdial location set|show` and `cmdial pops`.
#include <fmt/format.h>

#include <algorithm>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "cm/file_util.h"
#include "cm/pbk_format.h"
#include "profiles/book_pops.h"
#include "profiles/commands.h"
#include "profiles/dialing.h"
#include "profiles/phonebook_files.h"
#include "profiles/pop_list.h"
#include "profiles/profile_store.h"

namespace cm::cmdial {
namespace {

using cli::kExitFailed;
using cli::kExitOk;
using cli::kExitUsage;
using cli::Output;
using nlohmann::json;

struct LocationArgs {
  std::string country;
  std::string area_code;
  std::optional<std::string> outside_line;
  std::optional<std::string> long_distance;
  std::optional<std::string> international;
  std::optional<std::string> disable_call_waiting;
  bool pulse = false;
};

// A prefix a user typed: dial characters only, so it can't smuggle text into the file.
Status CheckPrefix(std::string_view option, std::string_view value) {
  if (DialDigits(value) != value || value.find_first_of("PTW") != std::string_view::npos) {
    return Fail(Errc::kInvalidArgument,
                fmt::format("{} '{}': use only digits, '*', '#' and ',' (a pause)", option, value));
  }
  return Ok();
}

int RunLocationSet(const LocationArgs& args, Output& output) {
  Result<StorePaths> paths = StorePaths::FromEnvironment();
  if (!paths) return ReportError(output, paths.error());
  Result<const Country*> country = ParseCountry(args.country);
  if (!country) return ReportError(output, country.error());
  DialingLocation location;
  location.country_tapi_id = (*country)->tapi_id;
  location.area_code = args.area_code;
  location.outside_line = args.outside_line.value_or("");
  location.long_distance =
      args.long_distance.value_or(DefaultLongDistancePrefix((*country)->calling_code));
  location.international =
      args.international.value_or(DefaultInternationalPrefix((*country)->calling_code));
  location.disable_call_waiting = args.disable_call_waiting.value_or("");
  location.pulse = args.pulse;
  for (const auto& [option, value] :
       {std::pair<std::string_view, std::string_view>{"--area-code", location.area_code},
        {"--outside-line", location.outside_line},
        {"--long-distance", location.long_distance},
        {"--international", location.international},
        {"--disable-call-waiting", location.disable_call_waiting}}) {
    if (Status valid = CheckPrefix(option, value); !valid) {
      output.err << "cmdial: error: " << valid.error().message() << "\n";
      return kExitUsage;
    }
  }
  std::error_code error;
  std::filesystem::create_directories(paths->config_dir, error);
  const std::string path = LocationPath(*paths);
  if (Status written = WriteFileAtomic(path, WriteLocation(location)); !written) {
    return ReportError(output, written.error());
  }
  output.out << fmt::format(
      "location: {} (+{}), area code {}, outside line '{}', long distance '{}', international "
      "'{}', disable call waiting '{}', {} dialling\n",
      (*country)->name, (*country)->calling_code, location.area_code, location.outside_line,
      location.long_distance, location.international, location.disable_call_waiting,
      location.pulse ? "pulse" : "tone");
  return kExitOk;
}

int RunLocationShow(Output& output) {
  Result<StorePaths> paths = StorePaths::FromEnvironment();
  if (!paths) return ReportError(output, paths.error());
  DialingLocation location = LoadLocation(*paths);
  if (!location.configured()) {
    output.out << "no dialing location set (cmdial location set --country C --area-code A)\n";
    return kExitOk;
  }
  const Country* country = FindCountryByTapiId(location.country_tapi_id);
  output.out << fmt::format(
      "country {} ({}, +{})\narea code {}\noutside line {}\n"
      "long distance {}\ninternational {}\ndisable call waiting {}\n{}\n",
      location.country_tapi_id, country ? country->name : "unknown",
      country ? country->calling_code : 0, location.area_code, location.outside_line,
      location.long_distance, location.international, location.disable_call_waiting,
      location.pulse ? "pulse" : "tone");
  return kExitOk;
}

struct PopsArgs {
  std::string service;
  std::string country;
  std::string region;
  std::string service_type;
  bool json = false;
};

json PopJson(const ListedPop& listed, const std::string& book) {
  const PopView& pop = listed.pop;
  const Country* country = FindCountryByTapiId(pop.country);
  json out{{"book", book},
           {"name", pop.name},
           {"country", pop.country},
           {"country_iso", country ? std::string(country->iso) : std::string()},
           {"region", listed.region},
           {"area_code", pop.area_code},
           {"number", pop.number},
           {"canonical", listed.canonical},
           {"dial", listed.dialable},
           {"surcharge", listed.surcharge},
           {"flags", pop.flags.value_or(0)},
           {"dun", pop.dun}};
  out["pop_id"] = pop.pop_id ? json(*pop.pop_id) : json();
  out["min_speed"] = pop.min_speed ? json(*pop.min_speed) : json();
  out["max_speed"] = pop.max_speed ? json(*pop.max_speed) : json();
  return out;
}

// Appends `value` padded with blanks to `width` (on the left when `right`), as fmt's "{:>N}" and
// "{:<N}" do; ASCII text is padded here, anything else by fmt (which counts display width).
void AppendPadded(fmt::memory_buffer& out, std::string_view value, size_t width, bool right) {
  const bool ascii = std::all_of(value.begin(), value.end(),
                                 [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  if (!ascii) {
    if (right) {
      fmt::format_to(fmt::appender(out), "{:>{}}", value, width);
    } else {
      fmt::format_to(fmt::appender(out), "{:<{}}", value, width);
    }
    return;
  }
  constexpr std::string_view kBlanks = "                                ";  // 32
  size_t pad = value.size() < width ? width - value.size() : 0;
  if (!right) out.append(value);
  while (pad > 0) {
    const size_t chunk = std::min(pad, kBlanks.size());
    out.append(kBlanks.substr(0, chunk));
    pad -= chunk;
  }
  if (right) out.append(value);
}

// One line of the POP table: "{:>6}  {:<31}  {:<20}  {:<28}  {}{}\n", after "{:<12}  " with the
// book's name when `book` is set (a profile with merged phone books).
void AppendRow(fmt::memory_buffer& out, const std::string* book, std::string_view id,
               std::string_view name, std::string_view region, std::string_view number,
               std::string_view dial, std::string_view note) {
  if (book != nullptr) {
    AppendPadded(out, *book, 12, false);
    out.append(std::string_view("  "));
  }
  AppendPadded(out, id, 6, true);
  out.append(std::string_view("  "));
  AppendPadded(out, name, 31, false);
  out.append(std::string_view("  "));
  AppendPadded(out, region, 20, false);
  out.append(std::string_view("  "));
  AppendPadded(out, number, 28, false);
  out.append(std::string_view("  "));
  out.append(dial);
  out.append(note);
  out.push_back('\n');
}

// The table goes out in pieces of about this size, so its buffer stays small (a 600 KB table
// built whole cost more in fresh pages than in formatting).
constexpr size_t kTablePiece = size_t{64} << 10;

// Appends the rows of `pops` to `text`, writing `text` to `out` whenever it reaches kTablePiece.
void AppendPopRows(fmt::memory_buffer& text, const std::string* book,
                   const std::vector<ListedPop>& pops, std::ostream& out) {
  for (const ListedPop& listed : pops) {
    if (text.size() >= kTablePiece) {
      out.write(text.data(), static_cast<std::streamsize>(text.size()));
      text.clear();
    }
    const PopView& pop = listed.pop;
    const fmt::format_int id(pop.pop_id.value_or(0));
    AppendRow(text, book,
              pop.pop_id ? std::string_view(id.data(), id.size()) : std::string_view("-"), pop.name,
              listed.region,
              listed.canonical.empty() ? pop.number : std::string_view(listed.canonical),
              listed.dialable, listed.surcharge ? "  (surcharge)" : "");
  }
}

// `cmdial pops` of a profile with merged phone books: every book's POPs, the profile's own
// first, each row naming its book.
int PrintBookPops(const InstalledProfile& profile, const PopQuery& query, bool as_json,
                  const StorePaths& paths, Output& output) {
  for (const Diagnostic& diagnostic : profile.MergedBookDiagnostics()) {
    ReportDiagnostic(output, profile.cms_path, diagnostic);
  }
  std::vector<Error> problems;
  Result<std::vector<BookPops>> books =
      ListBookPops(profile, query, LoadLocation(paths), &problems, paths.cache_dir);
  for (const Error& problem : problems) {
    output.err << "cmdial: warning: " << problem.ToString() << "\n";
  }
  if (!books) return ReportError(output, books.error());
  if (as_json) {
    json list = json::array();
    for (const BookPops& book : *books) {
      for (const ListedPop& listed : book.pops) list.push_back(PopJson(listed, book.book.book));
    }
    output.out << list.dump(2) << "\n";
    return kExitOk;
  }
  fmt::memory_buffer text;
  text.reserve(kTablePiece + 1024);
  const std::string header = "BOOK";
  AppendRow(text, &header, "POP", "NAME", "REGION", "NUMBER", "DIAL", "");
  for (const BookPops& book : *books) AppendPopRows(text, &book.book.book, book.pops, output.out);
  output.out.write(text.data(), static_cast<std::streamsize>(text.size()));
  return kExitOk;
}

int RunPops(const PopsArgs& args, Output& output) {
  Result<StorePaths> paths = StorePaths::FromEnvironment();
  if (!paths) return ReportError(output, paths.error());
  Result<InstalledProfile> profile = FindProfile(*paths, args.service);
  if (!profile) return ReportError(output, profile.error());
  PopQuery query;
  query.region = args.region.empty() ? profile->settings.region : args.region;
  query.service_type =
      args.service_type.empty() ? profile->settings.service_type : args.service_type;
  const std::string country_text = args.country.empty() ? profile->settings.country : args.country;
  if (!country_text.empty()) {
    if (country_text.starts_with("+")) {
      // Every country of that calling code (+1: the United States, Canada, the Caribbean).
      Result<const Country*> country = ParseCountry(country_text);
      if (!country) return ReportError(output, country.error());
      for (const Country* match : FindCountriesByCallingCode((*country)->calling_code)) {
        query.countries.push_back(match->tapi_id);
      }
    } else {
      Result<const Country*> country = ParseCountry(country_text);
      if (!country) return ReportError(output, country.error());
      query.countries.push_back((*country)->tapi_id);
    }
  }
  if (!profile->profile.merged.empty()) {
    return PrintBookPops(*profile, query, args.json, *paths, output);
  }
  for (const Diagnostic& diagnostic : profile->MergedBookDiagnostics()) {
    ReportDiagnostic(output, profile->cms_path, diagnostic);
  }
  Result<LoadedPhonebook> book = LoadPhonebook(*profile, query.countries, paths->cache_dir);
  if (!book) return ReportError(output, book.error());
  Result<std::vector<ListedPop>> pops = ListPops(
      profile->profile, book->pbk.pops, book->regions.regions, query, LoadLocation(*paths));
  if (!pops) return ReportError(output, pops.error());
  if (args.json) {
    json list = json::array();
    for (const ListedPop& listed : *pops) list.push_back(PopJson(listed, profile->short_name()));
    output.out << list.dump(2) << "\n";
    return kExitOk;
  }
  fmt::memory_buffer text;
  text.reserve(kTablePiece + 1024);
  AppendRow(text, nullptr, "POP", "NAME", "REGION", "NUMBER", "DIAL", "");
  AppendPopRows(text, nullptr, *pops, output.out);
  output.out.write(text.data(), static_cast<std::streamsize>(text.size()));
  return kExitOk;
}

}  // namespace

void RegisterPhonebookCommands(CLI::App& app, cli::CommandRegistry& registry) {
  CLI::App* location = app.add_subcommand(
      "location", "Your dialing location (Windows' dialing rules turn POP numbers into digits)");
  location->require_subcommand(1);
  auto set = std::make_shared<LocationArgs>();
  CLI::App* command =
      location->add_subcommand("set", "Set where you dial from (saved in your config folder)");
  command->add_option("--country", set->country, "ISO code (GB), +calling code or TAPI ID")
      ->required();
  command->add_option("--area-code", set->area_code, "Your area code")->required();
  command->add_option("--outside-line", set->outside_line,
                      "Prefix for an outside line (for example 9, or '9,' to pause)");
  command->add_option("--long-distance", set->long_distance,
                      "Long-distance prefix (default: 1 in +1 countries, else 0)");
  command->add_option("--international", set->international,
                      "International prefix (default: 011 in +1 countries, else 00)");
  command->add_option("--disable-call-waiting", set->disable_call_waiting,
                      "Code that disables call waiting (for example '*70,')");
  command->add_flag("--pulse", set->pulse, "Pulse dialling (default tone)");
  registry.Add(command, [set](Output& output) { return RunLocationSet(*set, output); });
  command = location->add_subcommand("show", "Show your dialing location");
  registry.Add(command, [](Output& output) { return RunLocationShow(output); });

  auto pops = std::make_shared<PopsArgs>();
  command = app.add_subcommand(
      "pops",
      "List the access numbers (POPs) of a profile's phone book you may pick, with the digits "
      "to dial from your location; a profile with merged profiles lists their books' POPs "
      "after its own, each row naming its book (BOOK column, \"book\" in JSON); pick one with "
      "'cmdial connect SERVICE --pop ID' (own book) or '--pop BOOK:ID' (a merged book)");
  command->add_option("SERVICE", pops->service, "Short name or service name")->required();
  command->add_option("--country", pops->country,
                      "ISO code, +calling code (every country sharing it) or TAPI ID "
                      "(default: your saved country, else all)");
  command->add_option("--region", pops->region, "Region name or number");
  command->add_option("--service-type", pops->service_type,
                      "A service type of the profile ([Service Types], e.g. Modem)");
  command->add_flag("--json", pops->json, "Print JSON");
  registry.Add(command, [pops](Output& output) { return RunPops(*pops, output); });
}

}  // namespace cm::cmdial
