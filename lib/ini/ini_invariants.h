// SPDX-License-Identifier: MIT
// The properties every input must keep, checked by fuzz/ini_fuzzer.cc and by the test that
// replays testdata/fuzz-regressions/ini_fuzzer/. Header-only, test support: not in cm_ini.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cm/ini_file.h"
#include "ini/ini_line.h"

namespace cm::ini {

// Returns "" when `bytes` keeps every property, otherwise what broke:
// * Parse succeeds and Serialize() gives back exactly `bytes`;
// * for the first section, Get() agrees with the first matching entry of Entries();
// * Set() on its first key and on a new section succeeds, and a re-parse reads the new values
//   (when the re-parse finds the same encoding; removing the only non-UTF-8 bytes of a
//   Windows-1252 file makes it UTF-8 on the next read);
// * Remove() then exposes the next duplicate of the key, or nothing.
inline std::string CheckIniInvariants(std::string_view bytes) {
  Result<IniFile> parsed = IniFile::Parse(bytes);
  if (!parsed) return "parse failed: " + parsed.error().ToString();
  IniFile file = *std::move(parsed);
  if (file.Serialize() != bytes) return "unmodified file does not round-trip";

  auto reread_ok = [&](const IniFile& edited, std::string_view section, std::string_view key,
                       std::string_view value) -> std::string {
    Result<IniFile> again = IniFile::Parse(edited.Serialize());
    if (!again) return "re-parse failed: " + again.error().ToString();
    if (again->Serialize() != edited.Serialize()) return "edited file does not round-trip";
    if (edited.Get(section, key) != value) return "edit not visible before re-parse";
    if (again->encoding() == edited.encoding() && again->Get(section, key) != value) {
      return "edit not visible after re-parse";
    }
    return "";
  };

  const std::vector<std::string> sections = file.SectionNames();
  if (!sections.empty()) {
    const std::string& section = sections.front();
    const auto entries = file.Entries(section);
    for (const auto& [key, value] : entries) {
      const std::optional<std::string> got = file.Get(section, key);
      if (!got) return "listed key not found";
      for (const auto& [other_key, other_value] : entries) {
        if (NamesEqual(other_key, key)) {
          if (*got != other_value) return "Get does not return the first duplicate";
          break;
        }
      }
      (void)file.GetInt(section, key, -1);
    }
    if (!entries.empty()) {
      const std::string key = entries.front().first;
      IniFile edited = file;
      if (const Status status = edited.Set(section, key, "x"); !status) {
        return "Set on an existing key failed: " + status.error().ToString();
      }
      if (std::string failure = reread_ok(edited, section, key, "x"); !failure.empty()) {
        return failure;
      }
      IniFile removed = file;
      if (!removed.Remove(section, key)) return "Remove of a listed key failed";
      std::optional<std::string> next;
      for (size_t i = 1; i < entries.size() && !next; ++i) {
        if (NamesEqual(entries[i].first, key)) next = entries[i].second;
      }
      if (removed.Get(section, key) != next) return "Remove did not expose the next duplicate";
    }
    IniFile without = file;
    if (!without.RemoveSection(section)) return "RemoveSection of a listed section failed";
  }

  IniFile added = file;
  if (const Status status = added.Set("Fuzz Section", "FuzzKey", "v 1"); !status) {
    return "Set of a new key failed: " + status.error().ToString();
  }
  return reread_ok(added, "Fuzz Section", "FuzzKey", "v 1");
}

}  // namespace cm::ini
