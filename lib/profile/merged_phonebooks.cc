// SPDX-License-Identifier: MIT
// ReadMergedPhonebooks: the merged profiles' phone books of a .cms, with the rules cmak lint and
// cmdial share.
#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "cm/ascii.h"
#include "cm/crypto.h"
#include "cm/phonebook_name.h"
#include "cm/service_profile.h"

namespace cm {
namespace {

constexpr std::string_view kList = "cmsuite Merged Profiles";

bool IsHttpUrl(std::string_view url) {
  return AsciiStartsWithNoCase(url, "http://") || AsciiStartsWithNoCase(url, "https://");
}

std::string Stem(std::string_view file) {
  const size_t dot = file.rfind('.');
  return std::string(dot == std::string_view::npos ? file : file.substr(0, dot));
}

// The files an update of a book with `pbk` and `pbr` writes (cmdial's phonebook_update.cc):
// the .pbk, the .pbr (STEM.pbr when the profile names none) and STEM.ver, lower-cased.
std::vector<std::string> BookFileNames(std::string_view pbk, std::string_view pbr) {
  if (pbk.empty()) return {};
  const std::string stem = Stem(pbk);
  return {AsciiLower(pbk), AsciiLower(pbr.empty() ? stem + ".pbr" : std::string(pbr)),
          AsciiLower(stem + ".ver")};
}

class Reader {
 public:
  Reader(const IniFile& cms, const ServiceProfile& own, std::vector<MergedProfileFinding>* sink)
      : cms_(cms), own_(own), sink_(sink) {
    // The profile's own files: an update of a merged book must never write over them.
    for (std::string_view ext : {".cms", ".cmp", ".inf"}) {
      taken_.push_back(AsciiLower(own.short_name + std::string(ext)));
    }
    for (std::string& name : BookFileNames(own.pb_file, own.region_file)) {
      taken_.push_back(std::move(name));
    }
  }

  std::vector<MergedPhonebook> Read() {
    std::vector<MergedPhonebook> books;
    for (const auto& [key, name] : cms_.Entries(kList)) {
      std::optional<MergedPhonebook> book = ReadOne(key, name);
      if (book) books.push_back(std::move(*book));
    }
    return books;
  }

 private:
  void Add(Diagnostic::Severity severity, std::string section, std::string key, std::string rule,
           std::string message) {
    if (sink_ == nullptr) return;
    sink_->push_back(
        {severity, std::move(section), std::move(key), std::move(rule), std::move(message)});
  }
  void AddError(std::string section, std::string key, std::string rule, std::string message) {
    Add(Diagnostic::Severity::kError, std::move(section), std::move(key), std::move(rule),
        std::move(message));
  }

  std::optional<MergedPhonebook> ReadOne(const std::string& key, const std::string& name) {
    const std::string list(kList);
    if (Status valid = ValidatePhonebookName(name, "merged profile short name"); !valid) {
      AddError(list, key, "profile.merge-name",
               valid.error().message() + "; clients ignore the entry (fix or remove the line)");
      return std::nullopt;
    }
    if (AsciiLower(name) == AsciiLower(own_.short_name)) {
      AddError(list, key, "profile.merge-self",
               fmt::format("{} is this profile itself; clients ignore the entry (remove the line)",
                           name));
      return std::nullopt;
    }
    if (std::find(seen_.begin(), seen_.end(), AsciiLower(name)) != seen_.end()) {
      AddError(
          list, key, "profile.merge-duplicate",
          fmt::format("{} is listed twice; clients ignore the second entry (remove it)", name));
      return std::nullopt;
    }
    seen_.push_back(AsciiLower(name));
    const std::string section = "cmsuite Merge&" + name;
    if (!cms_.HasSection(section)) {
      AddError(
          list, key, "profile.merge-no-section",
          fmt::format("no [{}] section describes {}; clients ignore the entry (add the section or "
                      "remove this line)",
                      section, name));
      return std::nullopt;
    }
    MergedPhonebook book;
    book.short_name = name;
    book.service_name = cms_.GetString(section, "ServiceName", "");
    book.pb_file = FileName(section, "PBFile");
    book.region_file = book.pb_file.empty() ? std::string() : FileName(section, "RegionFile");
    if (!ClaimFiles(section, book)) return std::nullopt;
    book.pb_url = cms_.GetString(section, "PBURL", "");
    if (!book.pb_url.empty() && !IsHttpUrl(book.pb_url)) {
      AddError(section, "PBURL", "profile.merge-url",
               fmt::format("'{}' is not an http:// or https:// URL; {}'s phone book is not updated "
                           "(write the URL of its phone book server)",
                           book.pb_url, name));
      book.pb_url.clear();
    }
    book.publisher_key = cms_.GetString(section, "PublisherKey", "");
    if (!book.publisher_key.empty()) {
      if (Result<PublicKey> parsed = PublicKey::Parse(book.publisher_key); !parsed) {
        AddError(section, "PublisherKey", "profile.merge-key",
                 fmt::format("{}; {}'s phone book is not updated (paste what `pbadmin pubkey` "
                             "prints for it)",
                             parsed.error().message(), name));
        book.publisher_key.clear();
      }
    }
    return book;
  }

  // `SHORT\name` or `name` -> `name`, as ReadServiceProfile reads [ISP] PBFile.
  std::string FileName(const std::string& section, std::string_view key) {
    const std::string value = cms_.GetString(section, key, "");
    if (value.empty()) return value;
    const size_t slash = value.find_last_of("\\/");
    std::string base = slash == std::string::npos ? value : value.substr(slash + 1);
    const std::string prefix = AsciiLower(own_.short_name + "\\");
    const bool in_folder =
        slash == std::string::npos ||
        (slash + 1 == prefix.size() && AsciiLower(value.substr(0, slash + 1)) == prefix);
    if (base.empty() || base == "." || base == "..") {
      AddError(
          section, std::string(key), "profile.file-name",
          fmt::format("'{}' is not a file name; ignored (write {}\\NAME)", value, own_.short_name));
      return {};
    }
    if (!in_folder) {
      Add(Diagnostic::Severity::kWarning, section, std::string(key), "profile.file-outside-folder",
          fmt::format("'{}' is not in the profile folder; only the file name '{}' there is used "
                      "(write {}\\{})",
                      value, base, own_.short_name, base));
    }
    return base;
  }

  // Records the book's files; false (with a finding) when one is another book's.
  bool ClaimFiles(const std::string& section, const MergedPhonebook& book) {
    std::vector<std::string> names = BookFileNames(book.pb_file, book.region_file);
    for (const std::string& name : names) {
      if (std::find(taken_.begin(), taken_.end(), name) != taken_.end()) {
        AddError(section, "PBFile", "profile.merge-file-clash",
                 fmt::format("{}'s phone book would use '{}', a file of this profile or of another "
                             "merged book; {} is ignored (rename its phone book)",
                             book.short_name, name, book.short_name));
        return false;
      }
    }
    taken_.insert(taken_.end(), names.begin(), names.end());
    return true;
  }

  const IniFile& cms_;
  const ServiceProfile& own_;
  std::vector<MergedProfileFinding>* sink_;
  std::vector<std::string> taken_;  // lower-cased file names in use
  std::vector<std::string> seen_;   // lower-cased short names listed so far
};

}  // namespace

std::vector<MergedPhonebook> ReadMergedPhonebooks(const IniFile& cms, const ServiceProfile& own,
                                                  std::vector<MergedProfileFinding>* findings) {
  return Reader(cms, own, findings).Read();
}

}  // namespace cm
