// SPDX-License-Identifier: MIT
// Merging another profile's phone book and settings into a new profile.
#include "merge.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <filesystem>

#include "cm/ascii.h"
#include "cm/file_util.h"
#include "cm/ini_file.h"
#include "cm/pbk_format.h"
#include "cm/phonebook_name.h"

namespace cm::cmak {
namespace {

namespace fs = std::filesystem;

std::string BaseName(const std::string& value) {
  size_t slash = value.find_last_of("\\/");
  return slash == std::string::npos ? value : value.substr(slash + 1);
}

Status Conflict(const std::string& other, std::string message) {
  return Fail(
      Errc::kInvalidArgument,
      fmt::format("--merge {}: {}; merged profiles must agree (edit one of them)", other, message));
}

// The section names this profile renders for its own connections.
std::vector<std::string> OwnNetworkingSections(const ProfileSpec& spec) {
  return {"Server&" + spec.short_name, "TCP/IP&" + spec.short_name,
          "Networking&" + spec.short_name + " Tunnel"};
}

// Copies OTHER's file named by `value` (SHORT\x or x) into `files`; returns its name.
Result<std::string> CopyFile(const fs::path& dir, const std::string& value, ProfileSpec& spec,
                             ProfileFiles& files) {
  if (value.empty()) return std::string();
  std::string name = CM_TRY(files.Add((dir / BaseName(value)).string()));
  spec.other_files.push_back(name);
  return name;
}

Status MergePhonebook(const fs::path& dir, const IniFile& cms, MergedProfile& merged,
                      ProfileSpec& spec, ProfileFiles& files, Output& output) {
  merged.phonebook_file = CM_TRY(CopyFile(dir, cms.GetString("ISP", "PBFile", ""), spec, files));
  merged.regions_file = CM_TRY(CopyFile(dir, cms.GetString("ISP", "RegionFile", ""), spec, files));
  merged.pb_url = cms.GetString("ISP", "PBURL", "");
  merged.pb_key = cms.GetString("cmsuite Phonebook", "PublisherKey", "");
  if (merged.phonebook_file.empty()) {
    output.err << fmt::format(
        "cmak: warning: --merge {}: it has no phone book; only its "
        "settings are merged\n",
        dir.string());
    return Ok();
  }
  RegionReadResult regions;
  if (!merged.regions_file.empty()) regions = ReadPbr(files.bytes(merged.regions_file));
  PbkReadResult book =
      ReadPbk(files.bytes(merged.phonebook_file), merged.regions_file.empty() ? nullptr : &regions);
  std::string pbk_path = (dir / merged.phonebook_file).string();
  for (const Diagnostic& d : book.diagnostics) PrintDiagnostic(output, pbk_path, d);
  if (!book.usable) {
    return Fail(Errc::kParse, "a client would ignore this whole merged phone book",
                {.file = pbk_path});
  }
  fs::path ver = dir / fs::path(merged.phonebook_file).replace_extension(".ver");
  std::error_code ec;
  if (fs::exists(ver, ec)) {
    std::string name = CM_TRY(CopyFile(dir, ver.filename().string(), spec, files));
    CM_TRY_STATUS(CheckVersionText(files.bytes(name), ver.string()));
  }
  return Ok();
}

// A filter value as written: 0x hexadecimal (as CMAK writes them) or decimal.
Result<uint32_t> ReadMask(const std::string& other, const IniFile& cms, const std::string& key) {
  std::string text = cms.GetString("ISP", key, "0");
  std::string_view digits = text;
  int base = 10;
  if (digits.size() > 2 && digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X')) {
    digits.remove_prefix(2);
    base = 16;
  }
  uint32_t value = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value, base);
  if (ec != std::errc() || end != digits.data() + digits.size()) {
    return Fail(Errc::kParse,
                fmt::format("--merge {}: [ISP] {}={} is not a number (write 0x0041 or 65)", other,
                            key, text));
  }
  return value;
}

Status MergeFilters(const std::string& other, const IniFile& cms, ProfileSpec& spec) {
  for (const auto& [key, value] : cms.Entries("ISP")) {
    if (!AsciiStartsWithNoCase(key, "Mask&")) continue;
    std::string name = key.substr(5);
    ServiceFilter filter{name, CM_TRY(ReadMask(other, cms, key)),
                         CM_TRY(ReadMask(other, cms, "Match&" + name))};
    auto same = std::find_if(spec.filters.begin(), spec.filters.end(), [&](const ServiceFilter& f) {
      return AsciiLower(f.name) == AsciiLower(name);
    });
    if (same == spec.filters.end()) {
      spec.filters.push_back(filter);
    } else if (same->mask != filter.mask || same->match != filter.match) {
      return Conflict(other, fmt::format("[ISP] filter {} is 0x{:04X}/0x{:04X} there and "
                                         "0x{:04X}/0x{:04X} here",
                                         name, filter.mask, filter.match, same->mask, same->match));
    }
  }
  for (const auto& [display, filter] : cms.Entries("Service Types")) {
    const std::string& name = display;  // (clang 14 cannot capture a structured binding)
    auto same =
        std::find_if(spec.service_types.begin(), spec.service_types.end(),
                     [&](const auto& t) { return AsciiLower(t.first) == AsciiLower(name); });
    if (same == spec.service_types.end()) {
      spec.service_types.emplace_back(display, filter);
    } else if (AsciiLower(same->second) != AsciiLower(filter)) {
      return Conflict(other, fmt::format("[Service Types] {} uses filter {} there and {} here",
                                         display, filter, same->second));
    }
  }
  return Ok();
}

Status MergeNetworking(const std::string& other, const IniFile& cms, ProfileSpec& spec) {
  std::vector<std::string> own = OwnNetworkingSections(spec);
  for (const std::string& name : cms.SectionNames()) {
    if (!AsciiStartsWithNoCase(name, "Server&") && !AsciiStartsWithNoCase(name, "TCP/IP&") &&
        !AsciiStartsWithNoCase(name, "Networking&")) {
      continue;
    }
    RawSection section{name, cms.Entries(name)};
    if (std::any_of(own.begin(), own.end(),
                    [&](const auto& o) { return AsciiLower(o) == AsciiLower(name); })) {
      return Conflict(other, fmt::format("its section [{}] is also this profile's own", name));
    }
    auto same =
        std::find_if(spec.merged_sections.begin(), spec.merged_sections.end(),
                     [&](const RawSection& s) { return AsciiLower(s.name) == AsciiLower(name); });
    if (same == spec.merged_sections.end()) {
      spec.merged_sections.push_back(std::move(section));
    } else if (same->entries != section.entries) {
      return Conflict(other, fmt::format("section [{}] differs from the one another merged "
                                         "profile brings",
                                         name));
    }
  }
  return Ok();
}

}  // namespace

Status MergeProfile(const std::string& other, ProfileSpec& spec, ProfileFiles& files,
                    Output& output) {
  fs::path dir = fs::path(other).lexically_normal();
  if (!dir.has_filename()) dir = dir.parent_path();
  std::string name = dir.filename().string();
  if (auto valid = ValidatePhonebookName(name, "merged profile's short name"); !valid) {
    return Fail(std::move(valid).error().InFile(other));
  }
  if (AsciiLower(name) == AsciiLower(spec.short_name)) {
    return Fail(Errc::kInvalidArgument,
                fmt::format("--merge {}: a profile cannot be merged into itself (same short "
                            "name {})",
                            other, name));
  }
  for (const MergedProfile& merged : spec.merged) {
    if (AsciiLower(merged.short_name) == AsciiLower(name)) {
      return Fail(
          Errc::kInvalidArgument,
          fmt::format("--merge {}: {} is already merged; give each profile once", other, name));
    }
  }
  std::string cms_path = (dir / (name + ".cms")).string();
  std::string bytes = CM_TRY(ReadFile(cms_path));
  auto cms = IniFile::Parse(bytes);
  if (!cms) return Fail(std::move(cms).error().InFile(cms_path));
  MergedProfile merged;
  merged.short_name = name;
  merged.service_name = cms->GetString("Connection Manager", "ServiceName", "");
  if (merged.service_name.empty()) {
    return Fail(Errc::kParse, "[Connection Manager] ServiceName is missing; is this a profile?",
                {.file = cms_path});
  }
  CM_TRY_STATUS(MergePhonebook(dir, *cms, merged, spec, files, output));
  CM_TRY_STATUS(MergeFilters(other, *cms, spec));
  CM_TRY_STATUS(MergeNetworking(other, *cms, spec));
  if (!cms->Entries("cmsuite Merged Profiles").empty()) {
    output.err << fmt::format(
        "cmak: warning: --merge {}: the profiles merged into {} are not carried over; merge "
        "them here too if you want their phone books\n",
        other, name);
  }
  spec.merged.push_back(std::move(merged));
  return Ok();
}

}  // namespace cm::cmak
