// SPDX-License-Identifier: MIT
// pbadmin pop add|edit|delete|list|show: one POP at a time.
#include <fmt/format.h>

#include "cm/phonebook.h"
#include "pop_fields.h"
#include "pop_store.h"
#include "service_types.h"
#include "workspace_commands.h"

namespace cm::pbadmin {
namespace {

// The options of pop add and pop edit; each Option* tells whether it was given.
struct PopOptions {
  std::string book;
  uint32_t id = 0;            // edit, delete, show
  std::vector<uint32_t> ids;  // delete
  std::string pop_id, country, number, region, city, area_code, min_speed, max_speed, service_types,
      dun;
  int surcharge = 0;  // 1 --surcharge, -1 --no-surcharge, 0 not given
  int sign_up = 0;
  int service = 0;  // 1 --in-service, -1 --out-of-service
  bool json = false;
  CLI::Option* pop_id_option = nullptr;
  CLI::Option* country_option = nullptr;
  CLI::Option* number_option = nullptr;
  CLI::Option* region_option = nullptr;
  CLI::Option* city_option = nullptr;
  CLI::Option* area_code_option = nullptr;
  CLI::Option* min_speed_option = nullptr;
  CLI::Option* max_speed_option = nullptr;
  CLI::Option* service_types_option = nullptr;
  CLI::Option* dun_option = nullptr;
};

bool Given(const CLI::Option* option) { return option != nullptr && option->count() > 0; }

// Applies every given option to `stored`.
Status ApplyOptions(Db& db, int64_t book_id, const PopOptions& options, StoredPop* stored) {
  Pop& pop = stored->pop;
  if (Given(options.pop_id_option)) {
    auto id = CM_TRY(ParseOptionalNumber(options.pop_id, "--pop-id"));
    if (!id || *id == 0) {
      return Fail(Errc::kInvalidArgument, "--pop-id must be a number from 1 up");
    }
    pop.pop_id = id;
  }
  if (Given(options.country_option)) pop.country = CM_TRY(ParseCountry(options.country));
  if (Given(options.region_option))
    pop.region_id = CM_TRY(ResolveRegion(db, book_id, options.region));
  if (Given(options.city_option)) pop.name = options.city;
  if (Given(options.area_code_option)) pop.area_code = options.area_code;
  if (Given(options.number_option)) pop.number = options.number;
  if (Given(options.min_speed_option)) {
    pop.min_speed = CM_TRY(ParseOptionalNumber(options.min_speed, "--min-speed"));
  }
  if (Given(options.max_speed_option)) {
    pop.max_speed = CM_TRY(ParseOptionalNumber(options.max_speed, "--max-speed"));
  }
  uint32_t flags = pop.flags.value_or(0);
  if (Given(options.service_types_option)) {
    flags = CM_TRY(ApplyServiceTypes(flags, options.service_types));
  }
  if (options.surcharge != 0) flags = WithBit(flags, pop_flag::kSurcharge, options.surcharge > 0);
  if (options.sign_up != 0) flags = WithBit(flags, pop_flag::kSignUp, options.sign_up > 0);
  pop.flags = flags;
  if (Given(options.dun_option)) pop.dun = options.dun;
  if (options.service != 0) stored->in_service = options.service > 0;
  return Ok();
}

Status CheckPopCount(Workspace& workspace, const BookRow& book, uint64_t adding) {
  LimitsMode mode = CM_TRY(workspace.GetLimitsMode());
  if (mode == LimitsMode::kCmdial) return Ok();
  uint64_t count = CM_TRY(CountPops(workspace.db(), book.id));
  if (count + adding > kMaxPopsPerBook) {
    return Fail(
        LimitError(book.name, "POPs in a phone book", kMaxPopsPerBook, count + adding, true));
  }
  return Ok();
}

Status Add(const GlobalOptions& globals, const PopOptions& options, Output& output) {
  auto workspace = CM_TRY(OpenWorkspace(globals));
  Db& db = workspace->db();
  auto transaction = CM_TRY(Transaction::Begin(db));
  BookRow book = CM_TRY(workspace->FindBook(options.book));
  CM_TRY_STATUS(CheckPopCount(*workspace, book, 1));
  StoredPop stored;
  stored.pop.region_id = 0;
  stored.pop.reserved = 0;
  stored.pop.flags = kDefaultFlags;
  CM_TRY_STATUS(ApplyOptions(db, book.id, options, &stored));
  if (!stored.pop.pop_id) stored.pop.pop_id = CM_TRY(MaxPopId(db, book.id)) + 1;
  if (CM_TRY(LoadPop(db, book.id, *stored.pop.pop_id))) {
    return Fail(
        Errc::kInvalidArgument,
        fmt::format("POP {} already exists (pbadmin pop edit changes it)", *stored.pop.pop_id),
        {.file = book.name});
  }
  RegionList regions = CM_TRY(LoadRegions(db, book.id));
  CM_TRY_STATUS(CheckPop(stored.pop, regions.size(), book.name));
  auto writer = CM_TRY(PopWriter::Create(db, book.id));
  CM_TRY_STATUS(writer.Insert(ViewOf(stored.pop), stored.in_service));
  CM_TRY_STATUS(
      workspace->LogChange(book.id, fmt::format("pop add {}", *stored.pop.pop_id), 1, 0, 0));
  CM_TRY_STATUS(transaction.Commit());
  output.out << fmt::format("added POP {} to {}{}\n", *stored.pop.pop_id, book.name,
                            stored.in_service ? "" : " (out of service)");
  return Ok();
}

Status Edit(const GlobalOptions& globals, const PopOptions& options, Output& output) {
  auto workspace = CM_TRY(OpenWorkspace(globals));
  Db& db = workspace->db();
  auto transaction = CM_TRY(Transaction::Begin(db));
  BookRow book = CM_TRY(workspace->FindBook(options.book));
  auto found = CM_TRY(LoadPop(db, book.id, options.id));
  if (!found) {
    return Fail(Errc::kNotFound, fmt::format("no POP {} in this phone book", options.id),
                {.file = book.name});
  }
  StoredPop edited = *found;
  CM_TRY_STATUS(ApplyOptions(db, book.id, options, &edited));
  if (edited.pop == found->pop && edited.in_service == found->in_service) {
    output.out << fmt::format("POP {} of {} is unchanged\n", options.id, book.name);
    return Ok();
  }
  RegionList regions = CM_TRY(LoadRegions(db, book.id));
  CM_TRY_STATUS(CheckPop(edited.pop, regions.size(), book.name));
  auto writer = CM_TRY(PopWriter::Create(db, book.id));
  uint32_t new_id = *edited.pop.pop_id;
  if (new_id != options.id) {
    if (CM_TRY(LoadPop(db, book.id, new_id))) {
      return Fail(Errc::kInvalidArgument, fmt::format("POP {} already exists", new_id),
                  {.file = book.name});
    }
    CM_TRY_STATUS(writer.Delete(options.id));
    CM_TRY_STATUS(writer.Insert(ViewOf(edited.pop), edited.in_service));
  } else {
    CM_TRY_STATUS(writer.Update(ViewOf(edited.pop), edited.in_service));
  }
  CM_TRY_STATUS(workspace->LogChange(book.id, fmt::format("pop edit {}", options.id), 0, 1, 0));
  CM_TRY_STATUS(transaction.Commit());
  output.out << fmt::format(
      "edited POP {} of {}{}\n", new_id, book.name,
      edited.in_service == found->in_service
          ? ""
          : (edited.in_service ? " (now in service)" : " (now out of service)"));
  return Ok();
}

Status Delete(const GlobalOptions& globals, const PopOptions& options, Output& output) {
  auto workspace = CM_TRY(OpenWorkspace(globals));
  Db& db = workspace->db();
  auto transaction = CM_TRY(Transaction::Begin(db));
  BookRow book = CM_TRY(workspace->FindBook(options.book));
  auto writer = CM_TRY(PopWriter::Create(db, book.id));
  for (uint32_t id : options.ids) {
    if (!CM_TRY(LoadPop(db, book.id, id))) {
      return Fail(Errc::kNotFound,
                  fmt::format("no POP {} in this phone book; nothing was deleted", id),
                  {.file = book.name});
    }
    CM_TRY_STATUS(writer.Delete(id));
  }
  std::string ids;
  for (uint32_t id : options.ids) ids += (ids.empty() ? "" : " ") + std::to_string(id);
  CM_TRY_STATUS(workspace->LogChange(book.id, "pop delete " + ids, 0, 0, options.ids.size()));
  CM_TRY_STATUS(transaction.Commit());
  output.out << fmt::format("deleted POP{} {} from {}\n", options.ids.size() > 1 ? "s" : "", ids,
                            book.name);
  return Ok();
}

nlohmann::json PopJson(const PopView& pop, bool in_service, const RegionList& regions) {
  uint32_t flags = pop.flags.value_or(0);
  uint32_t region = pop.region_id.value_or(0);
  nlohmann::json service_types = nlohmann::json::array();
  if ((flags & pop_flag::kNoModem) == 0) service_types.push_back("Modem");
  if ((flags & pop_flag::kNoIsdn) == 0) service_types.push_back("ISDN");
  if ((flags & pop_flag::kNoMulticast) == 0) service_types.push_back("Multicast");
  return {{"pop_id", JsonNumber(pop.pop_id)},
          {"country", pop.country},
          {"region_id", JsonNumber(pop.region_id)},
          {"region", region >= 1 && region <= regions.size() ? regions.names[region - 1] : ""},
          {"name", pop.name},
          {"area_code", pop.area_code},
          {"number", pop.number},
          {"min_speed", JsonNumber(pop.min_speed)},
          {"max_speed", JsonNumber(pop.max_speed)},
          {"reserved", JsonNumber(pop.reserved)},
          {"flags", JsonNumber(pop.flags)},
          {"service_types", service_types},
          {"surcharge", (flags & pop_flag::kSurcharge) != 0},
          {"sign_up", (flags & pop_flag::kSignUp) != 0},
          {"dun", pop.dun},
          {"in_service", in_service}};
}

Status List(const GlobalOptions& globals, const PopOptions& options, Output& output) {
  auto workspace = CM_TRY(OpenWorkspace(globals));
  Db& db = workspace->db();
  BookRow book = CM_TRY(workspace->FindBook(options.book));
  PopFilter filter;
  if (!options.country.empty()) filter.country = CM_TRY(ParseCountry(options.country));
  if (!options.region.empty())
    filter.region_id = CM_TRY(ResolveRegion(db, book.id, options.region));
  if (options.service != 0) filter.in_service = options.service > 0;
  RegionList regions = CM_TRY(LoadRegions(db, book.id));
  if (options.json) {
    // Streamed one POP at a time: a million-POP book must not become one JSON tree.
    bool first = true;
    output.out << "[";
    CM_TRY_STATUS(ForEachPop(db, book.id, filter, [&](const PopView& pop, bool in_service) {
      output.out << (first ? "" : ",")
                 << PopJson(pop, in_service, regions)
                        .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
      first = false;
    }));
    output.out << "]\n";
    return Ok();
  }
  std::string text;
  CM_TRY_STATUS(ForEachPop(db, book.id, filter, [&](const PopView& pop, bool in_service) {
    text += fmt::format("{:>6}  {:>4} {:>3}  {:<30}  {:>6} {:<20}  {}{}\n", pop.pop_id.value_or(0),
                        pop.country, pop.region_id.value_or(0), pop.name, pop.area_code, pop.number,
                        ServiceTypeNames(pop.flags.value_or(0)),
                        in_service ? "" : "  (out of service)");
    if (text.size() > (1u << 16)) {
      output.out << text;
      text.clear();
    }
  }));
  output.out << text;
  return Ok();
}

std::string OptionalText(const std::optional<uint32_t>& value) {
  return value ? std::to_string(*value) : "(empty)";
}

Status Show(const GlobalOptions& globals, const PopOptions& options, Output& output) {
  auto workspace = CM_TRY(OpenWorkspace(globals));
  Db& db = workspace->db();
  BookRow book = CM_TRY(workspace->FindBook(options.book));
  auto found = CM_TRY(LoadPop(db, book.id, options.id));
  if (!found) {
    return Fail(Errc::kNotFound, fmt::format("no POP {} in this phone book", options.id),
                {.file = book.name});
  }
  RegionList regions = CM_TRY(LoadRegions(db, book.id));
  PopView pop = ViewOf(found->pop);
  if (options.json) {
    PrintJson(output, PopJson(pop, found->in_service, regions));
    return Ok();
  }
  uint32_t region = pop.region_id.value_or(0);
  uint32_t flags = pop.flags.value_or(0);
  output.out << fmt::format(
      "POP {} of {}\n"
      "  status         {}\n"
      "  country        {}\n"
      "  region         {}\n"
      "  name (city)    {}\n"
      "  area code      {}\n"
      "  access number  {}\n"
      "  speeds         {} to {}\n"
      "  service types  {}\n"
      "  surcharge      {}\n"
      "  sign-up POP    {}\n"
      "  flags          {} (0x{:02X}), as written to the phone book\n"
      "  dial-up entry  {}\n",
      pop.pop_id.value_or(0), book.name, found->in_service ? "in service" : "out of service",
      CountryLabel(pop.country),
      region == 0 ? std::string("0 (all regions)")
                  : fmt::format("{} {}", region,
                                region <= regions.size() ? regions.names[region - 1] : "?"),
      pop.name, pop.area_code, pop.number, OptionalText(pop.min_speed), OptionalText(pop.max_speed),
      ServiceTypeNames(flags), (flags & pop_flag::kSurcharge) != 0 ? "yes" : "no",
      (flags & pop_flag::kSignUp) != 0 ? "yes" : "no", flags, flags, pop.dun);
  std::string all = DescribeFlags(flags);
  if (all.find("not sign-on") != std::string::npos || all.find("custom") != std::string::npos ||
      all.find("reserved") != std::string::npos) {
    output.out << "  other flag bits " << all << "\n";
  }
  return Ok();
}

void AddFieldOptions(CLI::App* sub, PopOptions& options) {
  options.pop_id_option =
      sub->add_option("--pop-id", options.pop_id, "POP index (default: the highest + 1)");
  options.country_option = sub->add_option(
      "--country", options.country, "TAPI country ID (1, 44, 107...) or ISO code (US, GB, CA)");
  options.number_option = sub->add_option("--number", options.number,
                                          "Access number: digits, #, *, - and spaces (at most 35)");
  options.region_option =
      sub->add_option("--region", options.region, "Region name or id; 0 or 'all' for all regions");
  options.city_option =
      sub->add_option("--city,--name", options.city, "POP name, usually the city (at most 30)");
  options.area_code_option =
      sub->add_option("--area-code", options.area_code, "Area code (digits, - and spaces)");
  options.min_speed_option =
      sub->add_option("--min-speed", options.min_speed, "Minimum analog speed (bps)");
  options.max_speed_option =
      sub->add_option("--max-speed", options.max_speed, "Maximum analog speed (bps)");
  options.service_types_option = sub->add_option(
      "--service-types", options.service_types,
      "What the POP offers: Modem, ISDN, Multicast (comma-separated) or none; default for a "
      "new POP: Modem,ISDN");
  sub->add_flag("--surcharge,!--no-surcharge", options.surcharge, "A surcharge applies (or not)");
  sub->add_flag("--sign-up,!--no-sign-up", options.sign_up, "A sign-up POP (or not)");
  options.dun_option =
      sub->add_option("--dun", options.dun, "Dial-up Networking entry name (at most 50)");
  sub->add_flag("--in-service,!--out-of-service", options.service,
                "Whether the POP goes into releases (default: in service)");
}

}  // namespace

void RegisterPopCommands(CLI::App& app, CommandRegistry& registry, Globals globals) {
  CLI::App* pop = app.add_subcommand("pop", "Add, edit, delete, list and show POPs");
  pop->require_subcommand(1);
  using Fn = Status (*)(const GlobalOptions&, const PopOptions&, Output&);
  auto add = [&](const char* name, const char* help, Fn fn) {
    auto options = std::make_shared<PopOptions>();
    CLI::App* sub = pop->add_subcommand(name, help);
    sub->add_option("book", options->book, "Phone book name")->required();
    registry.Add(sub, [globals, options, fn](Output& output) {
      auto status = fn(*globals, *options, output);
      return status ? kExitOk : Report(output, status.error());
    });
    return std::pair{sub, options};
  };
  auto [add_cmd, add_options] = add("add", "Add a POP (in service unless --out-of-service)", Add);
  AddFieldOptions(add_cmd, *add_options);
  add_options->country_option->required();
  add_options->number_option->required();

  auto [edit_cmd, edit_options] =
      add("edit", "Change a POP's fields; options not given keep their value", Edit);
  edit_cmd->add_option("id", edit_options->id, "POP index")->required();
  AddFieldOptions(edit_cmd, *edit_options);

  auto [delete_cmd, delete_options] = add("delete", "Delete POPs", Delete);
  delete_cmd->add_option("id", delete_options->ids, "POP index (several allowed)")->required();

  auto [list_cmd, list_options] = add("list", "List POPs, in POP-index order", List);
  list_cmd->add_option("--country", list_options->country, "Only this country (ID or ISO code)");
  list_cmd->add_option("--region", list_options->region, "Only this region (name or id)");
  list_cmd->add_flag("--in-service,!--out-of-service", list_options->service,
                     "Only POPs in (or out of) service");
  list_cmd->add_flag("--json", list_options->json, "Print a JSON array");

  auto [show_cmd, show_options] = add("show", "Show one POP with its flags by name", Show);
  show_cmd->add_option("id", show_options->id, "POP index")->required();
  show_cmd->add_flag("--json", show_options->json, "Print JSON");
}

}  // namespace cm::pbadmin
