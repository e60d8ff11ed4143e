// SPDX-License-Identifier: MIT
// The profile store: roots from the environment, loading, finding and listing profiles, and the
// user settings kept in the user's .cmp.
#include "profiles/profile_store.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <filesystem>
#include <system_error>

#include "cm/ascii.h"
#include "cm/file_util.h"
#include "cm/phonebook_name.h"

namespace cm::cmdial {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kCm = "Connection Manager";
constexpr std::string_view kUser = "cmsuite User";

// An absolute XDG variable, or "" (the spec says relative values are invalid and ignored).
std::string AbsoluteEnv(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr || value[0] != '/') return {};
  return value;
}

std::string FileStem(std::string_view file) {
  size_t dot = file.rfind('.');
  return std::string(dot == std::string_view::npos ? file : file.substr(0, dot));
}

Result<IniFile> ReadIni(const std::string& path) {
  std::string bytes = CM_TRY(ReadFile(path));
  Result<IniFile> ini = IniFile::Parse(bytes);
  if (!ini) return Fail(std::move(ini).error().InFile(path));
  return ini;
}

// The short names of the .cmp files in `root`, sorted.
std::vector<std::string> ShortNamesIn(const std::string& root) {
  std::vector<std::string> names;
  std::error_code error;
  for (fs::directory_iterator it(root, error), end; !error && it != end; it.increment(error)) {
    const std::string file = it->path().filename().string();
    if (file.size() <= 4 || AsciiLower(file.substr(file.size() - 4)) != ".cmp") continue;
    std::string stem = file.substr(0, file.size() - 4);
    if (ValidatePhonebookName(stem, "profile short name")) names.push_back(std::move(stem));
  }
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace

std::string_view InstallScopeName(InstallScope scope) {
  return scope == InstallScope::kUser ? "user" : "all-users";
}

Result<StorePaths> StorePaths::FromEnvironment() {
  StorePaths paths;
  const std::string home = AbsoluteEnv("HOME");
  auto xdg = [&](const char* name, std::string_view fallback) -> Result<std::string> {
    std::string value = AbsoluteEnv(name);
    if (!value.empty()) return value + "/cmsuite";
    if (home.empty()) {
      return Fail(Errc::kInvalidArgument,
                  fmt::format("neither {} nor HOME is set to an absolute path; set one", name));
    }
    return fmt::format("{}/{}/cmsuite", home, fallback);
  };
  paths.user_root = CM_TRY(xdg("XDG_DATA_HOME", ".local/share"));
  paths.config_dir = CM_TRY(xdg("XDG_CONFIG_HOME", ".config"));
  paths.state_dir = CM_TRY(xdg("XDG_STATE_HOME", ".local/state"));
  // Only a cache: without XDG_CACHE_HOME or HOME there is none, and nothing fails for it.
  paths.cache_dir = xdg("XDG_CACHE_HOME", ".cache").value_or("");
  const char* system = std::getenv("CMSUITE_SYSTEM_DIR");
  paths.system_root = system != nullptr && system[0] != '\0' ? system : "/var/lib/cmsuite";
  return paths;
}

std::string ProfileBook::Label() const {
  return merged ? fmt::format("{} (merged {})", profile_name, book) : profile_name;
}

std::string ProfileBook::PhonebookPath() const {
  return pb_file.empty() ? std::string() : folder + "/" + pb_file;
}

std::string ProfileBook::RegionPath() const {
  return region_file.empty() ? std::string() : folder + "/" + region_file;
}

std::string ProfileBook::PhonebookName() const { return FileStem(pb_file); }

std::string ProfileBook::VersionName() const {
  return pb_file.empty() ? std::string() : PhonebookName() + ".ver";
}

uint32_t ProfileBook::PhonebookVersion() const {
  if (pb_file.empty()) return 0;
  Result<std::string> bytes = ReadFile(folder + "/" + VersionName());
  if (!bytes) return 0;
  std::string_view text = *bytes;
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  uint32_t version = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), version);
  if (error != std::errc()) return 0;
  return version;
}

std::string InstalledProfile::PhonebookPath() const { return OwnBook().PhonebookPath(); }

std::string InstalledProfile::RegionPath() const { return OwnBook().RegionPath(); }

std::string InstalledProfile::PhonebookName() const { return FileStem(profile.pb_file); }

uint32_t InstalledProfile::PhonebookVersion() const { return OwnBook().PhonebookVersion(); }

ProfileBook InstalledProfile::OwnBook() const {
  ProfileBook book;
  book.book = book.profile_name = profile.short_name;
  book.scope = scope;
  book.service_name = profile.service_name;
  book.folder = folder;
  book.pb_file = profile.pb_file;
  book.region_file = profile.region_file;
  book.pb_url = profile.pb_url;
  book.publisher_key = profile.publisher_key;
  book.pb_file_key = "[ISP] PBFile";
  book.url_key = "[ISP] PBURL";
  book.publisher_key_key = "[cmsuite Phonebook] PublisherKey";
  return book;
}

std::vector<ProfileBook> InstalledProfile::MergedBooks() const {
  std::vector<ProfileBook> books;
  books.reserve(profile.merged.size());
  for (const MergedPhonebook& merged : profile.merged) {
    ProfileBook book;
    book.book = merged.short_name;
    book.merged = true;
    book.profile_name = profile.short_name;
    book.scope = scope;
    book.service_name = merged.service_name;
    book.folder = folder;
    book.pb_file = merged.pb_file;
    book.region_file = merged.region_file;
    book.pb_url = merged.pb_url;
    book.publisher_key = merged.publisher_key;
    book.pb_file_key = fmt::format("[cmsuite Merge&{}] PBFile", merged.short_name);
    book.url_key = fmt::format("[cmsuite Merge&{}] PBURL", merged.short_name);
    book.publisher_key_key = fmt::format("[cmsuite Merge&{}] PublisherKey", merged.short_name);
    books.push_back(std::move(book));
  }
  return books;
}

std::vector<ProfileBook> InstalledProfile::Books() const {
  std::vector<ProfileBook> books = MergedBooks();
  books.insert(books.begin(), OwnBook());
  return books;
}

Result<ProfileBook> InstalledProfile::FindBook(std::string_view name) const {
  const std::string wanted = AsciiLower(name);
  std::string known;
  for (ProfileBook& book : Books()) {
    if (AsciiLower(book.book) == wanted) return std::move(book);
    known += fmt::format("{}{}", known.empty() ? "" : ", ", book.book);
  }
  return Fail(Errc::kNotFound,
              fmt::format("{}: no phone book is called '{}'; the profile's books are {} ('cmdial "
                          "show {}' lists them)",
                          short_name(), name, known, short_name()),
              {.file = cms_path});
}

std::vector<Diagnostic> InstalledProfile::MergedBookDiagnostics() const {
  std::vector<Diagnostic> out;
  for (const Diagnostic& diagnostic : diagnostics) {
    if (diagnostic.message.starts_with("[cmsuite Merge")) out.push_back(diagnostic);
  }
  return out;
}

UserSettings ReadUserSettings(const IniFile& cmp) {
  UserSettings settings;
  settings.user_name = cmp.GetString(kCm, "UserName", "");
  settings.domain = cmp.GetString(kCm, "Domain", "");
  settings.remember_password = cmp.GetInt(kCm, "RememberPassword", 0).value != 0;
  std::string type = cmp.GetString(kUser, "ConnectionType", "");
  if (Result<ConnectionType> parsed = ParseConnectionType(type); parsed && !type.empty()) {
    settings.connection_type = *parsed;
  }
  settings.country = cmp.GetString(kUser, "Country", "");
  settings.region = cmp.GetString(kUser, "Region", "");
  settings.service_type = cmp.GetString(kUser, "ServiceType", "");
  settings.pop = cmp.GetString(kUser, "Pop", "");
  return settings;
}

Status WriteUserSettings(const UserSettings& settings, IniFile& cmp) {
  auto set = [&](std::string_view section, std::string_view key, std::string_view value) -> Status {
    if (value.empty()) {
      cmp.Remove(section, key);
      return Ok();
    }
    return cmp.Set(section, key, value);
  };
  CM_TRY_STATUS(set(kCm, "UserName", settings.user_name));
  CM_TRY_STATUS(set(kCm, "Domain", settings.domain));
  CM_TRY_STATUS(set(kCm, "RememberPassword", settings.remember_password ? "1" : ""));
  CM_TRY_STATUS(set(kUser, "ConnectionType",
                    settings.connection_type ? ConnectionTypeName(*settings.connection_type)
                                             : std::string_view()));
  CM_TRY_STATUS(set(kUser, "Country", settings.country));
  CM_TRY_STATUS(set(kUser, "Region", settings.region));
  CM_TRY_STATUS(set(kUser, "ServiceType", settings.service_type));
  CM_TRY_STATUS(set(kUser, "Pop", settings.pop));
  return Ok();
}

Result<InstalledProfile> LoadProfile(const StorePaths& paths, InstallScope scope,
                                     std::string_view short_name) {
  CM_TRY_STATUS(ValidatePhonebookName(short_name, "profile short name"));
  InstalledProfile installed;
  installed.scope = scope;
  installed.root = paths.Root(scope);
  installed.cmp_path = fmt::format("{}/{}.cmp", installed.root, short_name);
  installed.folder = fmt::format("{}/{}", installed.root, short_name);
  installed.cms_path = fmt::format("{}/{}.cms", installed.folder, short_name);
  installed.settings_path = scope == InstallScope::kUser
                                ? installed.cmp_path
                                : fmt::format("{}/{}.cmp", paths.config_dir, short_name);
  IniFile cmp = CM_TRY(ReadIni(installed.cmp_path));
  IniFile cms = CM_TRY(ReadIni(installed.cms_path));
  Result<ServiceProfile> profile = ReadServiceProfile(cms, short_name, &installed.diagnostics);
  if (!profile) return Fail(std::move(profile).error().InFile(installed.cms_path));
  installed.profile = std::move(*profile);
  installed.settings = ReadUserSettings(cmp);
  if (scope == InstallScope::kAllUsers) {
    if (Result<IniFile> own = ReadIni(installed.settings_path)) {
      installed.settings = ReadUserSettings(*own);
    }
  }
  return installed;
}

std::vector<InstalledProfile> ListProfiles(const StorePaths& paths, std::vector<Error>* problems) {
  std::vector<InstalledProfile> profiles;
  for (InstallScope scope : {InstallScope::kUser, InstallScope::kAllUsers}) {
    for (const std::string& name : ShortNamesIn(paths.Root(scope))) {
      Result<InstalledProfile> loaded = LoadProfile(paths, scope, name);
      if (loaded) {
        profiles.push_back(std::move(*loaded));
      } else if (problems != nullptr) {
        problems->push_back(std::move(loaded).error());
      }
    }
  }
  return profiles;
}

Result<InstalledProfile> FindProfile(const StorePaths& paths, std::string_view service) {
  const std::string wanted = AsciiLower(service);
  // A short name wins over a service name, and the user's root over all users'.
  for (InstallScope scope : {InstallScope::kUser, InstallScope::kAllUsers}) {
    for (const std::string& name : ShortNamesIn(paths.Root(scope))) {
      if (AsciiLower(name) == wanted) return LoadProfile(paths, scope, name);
    }
  }
  std::vector<InstalledProfile> all = ListProfiles(paths);
  for (InstalledProfile& profile : all) {
    if (AsciiLower(profile.profile.service_name) == wanted) return std::move(profile);
  }
  std::string installed;
  for (const InstalledProfile& profile : all) {
    installed += fmt::format("{}{} ({})", installed.empty() ? "" : ", ", profile.short_name(),
                             profile.profile.service_name);
  }
  return Fail(Errc::kNotFound,
              fmt::format("no installed profile is called '{}' (looked in {} and {}); {}", service,
                          paths.user_root, paths.system_root,
                          installed.empty() ? "none is installed: run 'cmdial install FILE.cab'"
                                            : "installed: " + installed));
}

Result<InstalledProfile> FindProfile(std::string_view service) {
  StorePaths paths = CM_TRY(StorePaths::FromEnvironment());
  return FindProfile(paths, service);
}

Status SaveUserSettings(const InstalledProfile& profile, const UserSettings& settings) {
  Result<IniFile> cmp = ReadIni(profile.settings_path);
  if (!cmp && cmp.error().code() == Errc::kNotFound) cmp = ReadIni(profile.cmp_path);
  if (!cmp) return Fail(std::move(cmp).error());
  CM_TRY_STATUS(WriteUserSettings(settings, *cmp));
  if (profile.scope == InstallScope::kAllUsers) {
    std::error_code error;
    fs::create_directories(fs::path(profile.settings_path).parent_path(), error);
    if (error) {
      return Fail(Errc::kIo, fmt::format("{}: cannot create the folder: {}", profile.settings_path,
                                         error.message()));
    }
  }
  return WriteFileAtomic(profile.settings_path, cmp->Serialize(), 0600);
}

}  // namespace cm::cmdial
