// SPDX-License-Identifier: MIT
#include "profiles/phonebook_files.h"

#include <fmt/format.h>

#include <algorithm>

#include "cm/file_util.h"

namespace cm::cmdial {

std::string LocationPath(const StorePaths& paths) { return paths.config_dir + "/location.ini"; }

DialingLocation LoadLocation(const StorePaths& paths) {
  Result<std::string> bytes = ReadFile(LocationPath(paths));
  if (!bytes) return {};
  Result<IniFile> file = IniFile::Parse(*bytes);
  if (!file) return {};
  return ReadLocation(*file);
}

namespace {

bool DigitsUpTo9(std::string_view field, bool may_be_empty) {
  if (field.empty()) return may_be_empty;
  if (field.size() > 9) return false;
  for (char c : field) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

uint32_t SmallNumber(std::string_view digits) {
  uint32_t value = 0;
  for (char c : digits) value = value * 10 + static_cast<uint32_t>(c - '0');
  return value;
}

// The country of a line that ReadPbk would certainly keep as one POP without affecting other
// lines, or 0 when the line is anything else.
uint32_t CountryOfPlainLine(std::string_view line) {
  std::string_view fields[12];
  size_t count = 0;
  size_t start = 0;
  for (size_t i = 0; i <= line.size(); ++i) {
    if (i == line.size() || line[i] == ',') {
      if (count == 12) return 0;
      fields[count++] = line.substr(start, i - start);
      start = i + 1;
    }
  }
  if (count != 11 && !(count == 12 && fields[11].empty())) return 0;
  if (!DigitsUpTo9(fields[0], false) || !DigitsUpTo9(fields[1], false) ||
      !DigitsUpTo9(fields[2], true)) {
    return 0;
  }
  for (size_t i = 6; i <= 9; ++i) {
    if (!DigitsUpTo9(fields[i], true)) return 0;
  }
  if (fields[3].size() > kMaxPopNameLength || fields[4].size() > kMaxAreaCodeLength ||
      fields[5].size() > kMaxAccessNumberLength || fields[10].size() > kMaxDunNameLength) {
    return 0;
  }
  return SmallNumber(fields[1]);
}

}  // namespace

std::string PrefilterPbk(std::string_view bytes, const std::vector<uint32_t>& countries) {
  if (countries.empty() || bytes.starts_with("\xEF\xBB\xBF")) return std::string(bytes);
  for (size_t cr = bytes.find('\r'); cr != std::string_view::npos; cr = bytes.find('\r', cr + 1)) {
    if (cr + 1 >= bytes.size() || bytes[cr + 1] != '\n') return std::string(bytes);
  }
  std::string out;
  out.reserve(bytes.size() / 4);
  size_t start = 0;
  while (start < bytes.size()) {
    size_t end = bytes.find('\n', start);
    const size_t next = end == std::string_view::npos ? bytes.size() : end + 1;
    std::string_view line =
        bytes.substr(start, (end == std::string_view::npos ? bytes.size() : end) - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    const uint32_t country = CountryOfPlainLine(line);
    if (country == 0 || std::find(countries.begin(), countries.end(), country) != countries.end()) {
      out.append(bytes.substr(start, next - start));
    }
    start = next;
  }
  return out;
}

Result<LoadedPhonebook> LoadPhonebook(const InstalledProfile& profile,
                                      const std::vector<uint32_t>& countries) {
  if (profile.profile.pb_file.empty()) {
    return Fail(
        Errc::kNotFound,
        fmt::format("profile {} has no phone book ([ISP] PBFile is empty)", profile.short_name()),
        {.file = profile.cms_path});
  }
  LoadedPhonebook loaded;
  if (!profile.profile.region_file.empty()) {
    Result<std::string> pbr = ReadFile(profile.RegionPath());
    if (!pbr && pbr.error().code() != Errc::kNotFound) return Fail(std::move(pbr).error());
    if (pbr) loaded.regions = ReadPbr(*pbr);
  }
  std::string pbk = CM_TRY(ReadFile(profile.PhonebookPath()));
  if (!countries.empty()) pbk = PrefilterPbk(pbk, countries);
  loaded.pbk = ReadPbk(pbk, profile.profile.region_file.empty() ? nullptr : &loaded.regions);
  loaded.version = profile.PhonebookVersion();
  return loaded;
}

}  // namespace cm::cmdial
