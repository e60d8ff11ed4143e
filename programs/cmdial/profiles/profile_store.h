// SPDX-License-Identifier: MIT
// Where cmdial keeps installed service profiles, and how a command finds one.
//
// A store root holds, as the seed's Windows layout does:
//   ROOT/SHORT.cmp         the connection profile file (user settings, favourites)
//   ROOT/SHORT/            everything else: SHORT.cms, SHORT.inf, the phone book, action programs
//   ROOT/trust/SHORT.key   the publisher key pinned at first install
//   (docs/formats/installed-profile.md)
// Two roots exist: the user's ($XDG_DATA_HOME/cmsuite, default ~/.local/share/cmsuite) and all
// users' (/var/lib/cmsuite, or $CMSUITE_SYSTEM_DIR). A user's own profile wins over an all-users
// profile of the same name.
//
// User settings: for a per-user profile they are in ROOT/SHORT.cmp itself; for an all-users
// profile (whose .cmp the user cannot write) in $XDG_CONFIG_HOME/cmsuite/SHORT.cmp, with the
// all-users .cmp's values as the first-use defaults. The administrator's values in a .cmp only
// fill the first use, as the seed says.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cm/ini_file.h"
#include "cm/profile_names.h"
#include "cm/result.h"
#include "cm/service_profile.h"

namespace cm::cmdial {

enum class InstallScope { kUser, kAllUsers };

std::string_view InstallScopeName(InstallScope scope);  // "user", "all-users"

// The folders cmdial uses, resolved once from the environment.
struct StorePaths {
  std::string user_root;    // $XDG_DATA_HOME/cmsuite (default $HOME/.local/share/cmsuite)
  std::string system_root;  // $CMSUITE_SYSTEM_DIR (default /var/lib/cmsuite)
  std::string config_dir;   // $XDG_CONFIG_HOME/cmsuite (default $HOME/.config/cmsuite)
  std::string state_dir;    // $XDG_STATE_HOME/cmsuite (default $HOME/.local/state/cmsuite)
  std::string cache_dir;    // $XDG_CACHE_HOME/cmsuite (default $HOME/.cache/cmsuite); empty
                            // (no cache) when neither is set

  // Reads XDG_DATA_HOME, XDG_CONFIG_HOME, XDG_STATE_HOME, XDG_CACHE_HOME, HOME and
  // CMSUITE_SYSTEM_DIR. Relative
  // XDG values are ignored, as the XDG spec says. Errors: kInvalidArgument when HOME is needed
  // and unset.
  [[nodiscard]] static Result<StorePaths> FromEnvironment();

  const std::string& Root(InstallScope scope) const {
    return scope == InstallScope::kUser ? user_root : system_root;
  }
};

// What the user changed (saved in the user's .cmp, kept across profile updates). Empty strings
// and nullopt mean "not chosen": the profile's default applies.
struct UserSettings {
  std::string user_name;           // [Connection Manager] UserName
  std::string domain;              // [Connection Manager] Domain
  bool remember_password = false;  // [Connection Manager] RememberPassword (the secret is in
                                   // the Secret Service, never in the file)
  std::optional<ConnectionType> connection_type;  // [cmsuite User] ConnectionType
  std::string country;       // [cmsuite User] Country: TAPI country ID, as the phone book's
  std::string region;        // [cmsuite User] Region: region name (.pbr) or empty
  std::string service_type;  // [cmsuite User] ServiceType: a [Service Types] display name
  std::string pop;           // [cmsuite User] Pop: the chosen POP's index in the phone book
};

// One phone book of an installed profile: the profile's own ([ISP] PBFile, RegionFile, PBURL,
// [cmsuite Phonebook] PublisherKey) or a merged profile's ([cmsuite Merge&OTHER]). It says all
// that listing POPs and updating the book need, so that code never reads the .cms again. File
// names are plain names in `folder` (ReadServiceProfile and ReadMergedPhonebooks made them so).
struct ProfileBook {
  std::string book;          // the short name shown for it: SHORT (own) or OTHER (merged)
  bool merged = false;       // a merged profile's book
  std::string profile_name;  // SHORT, the installed profile it belongs to
  InstallScope scope = InstallScope::kUser;  // the scope that profile is installed in
  std::string service_name;                  // the profile's or the merged profile's ServiceName
  std::string folder;                        // ROOT/SHORT
  std::string pb_file;                       // "" when the book has none
  std::string region_file;                   // "" when it has none
  std::string pb_url;                        // "" = no server to ask
  std::string publisher_key;
  // Where each value is written, for messages: "[ISP] PBFile", "[ISP] PBURL",
  // "[cmsuite Phonebook] PublisherKey", or "[cmsuite Merge&OTHER] ...".
  std::string pb_file_key;
  std::string url_key;
  std::string publisher_key_key;

  // What the update log and messages call it: "SHORT", or "SHORT (merged OTHER)".
  std::string Label() const;
  // Files in `folder`; "" when the book names none.
  std::string PhonebookPath() const;
  std::string RegionPath() const;
  // The phone book's stem ("SAMPLE" for SAMPLE.pbk): its name on the phone book server.
  std::string PhonebookName() const;
  // STEM.ver, the file holding the installed release's number ("" without a phone book).
  std::string VersionName() const;
  // The decimal number in VersionName(); 0 when absent, unreadable or without a phone book.
  uint32_t PhonebookVersion() const;
};

// An installed profile as commands use it. Paths are absolute.
struct InstalledProfile {
  InstallScope scope = InstallScope::kUser;
  std::string root;           // the store root it is installed in
  std::string cmp_path;       // ROOT/SHORT.cmp
  std::string folder;         // ROOT/SHORT
  std::string cms_path;       // ROOT/SHORT/SHORT.cms
  std::string settings_path;  // the .cmp the user's settings are read from and written to
  ServiceProfile profile;
  UserSettings settings;
  std::vector<Diagnostic> diagnostics;  // from reading the .cms (lines of cms_path)

  const std::string& short_name() const { return profile.short_name; }
  // ROOT/SHORT/<name>; `name` must be a plain file name (no folder).
  std::string FilePath(std::string_view name) const { return folder + "/" + std::string(name); }
  // The installed phone book's full path, or "" when the profile has none.
  std::string PhonebookPath() const;
  std::string RegionPath() const;
  // The installed phone book version: the decimal number in `<pb stem>.ver` in the folder; 0
  // when the file is absent, unreadable or the profile has no phone book.
  uint32_t PhonebookVersion() const;
  // The phone book's stem ("SAMPLE" for SAMPLE.pbk): its name on the phone book server.
  std::string PhonebookName() const;

  // The profile's own phone book (book == SHORT; pb_file "" when it has none).
  ProfileBook OwnBook() const;
  // The merged profiles' books, in [cmsuite Merged Profiles] order (those ReadMergedPhonebooks
  // kept; the others are in `diagnostics`).
  std::vector<ProfileBook> MergedBooks() const;
  // OwnBook() then MergedBooks().
  std::vector<ProfileBook> Books() const;
  // The book called `name` (any case): the profile's short name, or a merged profile's.
  // Errors: kNotFound naming the books there are.
  [[nodiscard]] Result<ProfileBook> FindBook(std::string_view name) const;
  // The diagnostics about merged profiles ([cmsuite Merged Profiles], [cmsuite Merge&X]):
  // what commands that use merged books warn about.
  std::vector<Diagnostic> MergedBookDiagnostics() const;
};

// Reads the profile installed as SHORT in `root` (`scope` says which root it is).
// Errors: kNotFound when ROOT/SHORT.cmp or ROOT/SHORT/SHORT.cms is missing; kIo/kParse when
// one cannot be read; kInvalidArgument from ReadServiceProfile.
[[nodiscard]] Result<InstalledProfile> LoadProfile(const StorePaths& paths, InstallScope scope,
                                                   std::string_view short_name);

// Finds an installed profile by short name or service name (any case), the user's first.
// Errors: kNotFound naming the service and where it looked (and listing what is installed).
[[nodiscard]] Result<InstalledProfile> FindProfile(const StorePaths& paths,
                                                   std::string_view service);

// FindProfile with StorePaths::FromEnvironment().
[[nodiscard]] Result<InstalledProfile> FindProfile(std::string_view service);

// Every installed profile, the user's root first, each sorted by short name. Profiles that fail
// to load are skipped; their errors go to `problems` when non-null.
std::vector<InstalledProfile> ListProfiles(const StorePaths& paths,
                                           std::vector<Error>* problems = nullptr);

// Reads the user settings of a .cmp (bytes of an IniFile).
UserSettings ReadUserSettings(const IniFile& cmp);

// Writes `settings` into `cmp` (only the user-setting keys change; every other line stays).
// Errors: kInvalidArgument from IniFile::Set (a value with a line break).
[[nodiscard]] Status WriteUserSettings(const UserSettings& settings, IniFile& cmp);

// Saves `settings` for `profile` into profile.settings_path atomically (creating the file from
// the all-users .cmp when it does not exist yet). Errors: kIo.
[[nodiscard]] Status SaveUserSettings(const InstalledProfile& profile,
                                      const UserSettings& settings);

}  // namespace cm::cmdial
