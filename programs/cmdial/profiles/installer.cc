// SPDX-License-Identifier: MIT
// Installing a verified package: pin check, staging with exclusive creates, atomic switch-in.
#include "profiles/installer.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <system_error>
#include <utility>
#include <vector>

#include "cm/file_util.h"
#include "cm/ini_file.h"
#include "cm/profile_package.h"
#include "cm/service_profile.h"
#include "profiles/phonebook_files.h"

namespace cm::cmdial {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kFavoritePrefix = "cmsuite Favorite ";

Error SysError(std::string_view what, const std::string& path, int error) {
  return Error(Errc::kIo, fmt::format("{}: {}", what, std::strerror(error)), {.file = path});
}

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

Status FsyncPath(const std::string& path) {
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
  if (fd.get() < 0) return Fail(SysError("open", path, errno));
  if (::fsync(fd.get()) != 0) return Fail(SysError("fsync", path, errno));
  return Ok();
}

// Creates `path` (which must not exist; a link is never followed), writes, fsyncs.
Status WriteNewFile(const std::string& path, std::string_view bytes, mode_t mode) {
  Fd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode));
  if (fd.get() < 0) return Fail(SysError("create", path, errno));
  while (!bytes.empty()) {
    ssize_t written = ::write(fd.get(), bytes.data(), bytes.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      return Fail(SysError("write", path, errno));
    }
    bytes.remove_prefix(static_cast<size_t>(written));
  }
  if (::fchmod(fd.get(), mode) != 0) return Fail(SysError("chmod", path, errno));
  if (::fsync(fd.get()) != 0) return Fail(SysError("fsync", path, errno));
  return Ok();
}

bool IsProgram(std::string_view bytes) {
  return bytes.starts_with("#!") || bytes.starts_with(
                                        "\x7f"
                                        "ELF");
}

bool IsRealDirectory(const std::string& path) {
  struct stat info {};
  return ::lstat(path.c_str(), &info) == 0 && S_ISDIR(info.st_mode);
}

bool Exists(const std::string& path) {
  struct stat info {};
  return ::lstat(path.c_str(), &info) == 0;
}

Status MakeRoot(const std::string& root, InstallScope scope) {
  std::error_code error;
  fs::create_directories(root, error);
  if (error) {
    return Fail(Errc::kIo, fmt::format("cannot create the profile folder: {}", error.message()),
                {.file = root});
  }
  if (scope == InstallScope::kUser) ::chmod(root.c_str(), 0700);
  return Ok();
}

// Stale staging folders of `short_name` left by a crash.
void RemoveStaleStages(const std::string& root, std::string_view short_name) {
  const std::string prefix = fmt::format(".stage-{}-", short_name);
  std::error_code error;
  for (fs::directory_iterator it(root, error), end; !error && it != end; it.increment(error)) {
    if (it->path().filename().string().starts_with(prefix)) {
      std::error_code ignored;
      fs::remove_all(it->path(), ignored);
    }
  }
}

Result<std::string> MakeStage(const std::string& root, std::string_view short_name) {
  std::string pattern = fmt::format("{}/.stage-{}-XXXXXX", root, short_name);
  if (::mkdtemp(pattern.data()) == nullptr) return Fail(SysError("mkdtemp", pattern, errno));
  return pattern;
}

std::string TrustPath(const std::string& root, std::string_view short_name) {
  return fmt::format("{}/.trust/{}.key", root, short_name);
}

uint32_t VersionOf(std::string_view bytes) {
  while (!bytes.empty() && (bytes.front() == ' ' || bytes.front() == '\t')) bytes.remove_prefix(1);
  uint32_t version = 0;
  std::from_chars(bytes.data(), bytes.data() + bytes.size(), version);
  return version;
}

std::string Stem(std::string_view file) {
  size_t dot = file.rfind('.');
  return std::string(dot == std::string_view::npos ? file : file.substr(0, dot));
}

// The new .cmp with the old one's user settings and favourites carried over.
Result<std::string> MergedCmp(const std::string& new_cmp, const std::string& old_path) {
  Result<std::string> old_bytes = ReadFile(old_path);
  if (!old_bytes) return new_cmp;  // first install
  Result<IniFile> old_cmp = IniFile::Parse(*old_bytes);
  Result<IniFile> merged = IniFile::Parse(new_cmp);
  if (!old_cmp || !merged) return new_cmp;
  CM_TRY_STATUS(WriteUserSettings(ReadUserSettings(*old_cmp), *merged));
  for (const std::string& section : old_cmp->SectionNames()) {
    if (!section.starts_with(kFavoritePrefix) || merged->HasSection(section)) continue;
    for (const auto& [key, value] : old_cmp->Entries(section)) {
      CM_TRY_STATUS(merged->Set(section, key, value));
    }
  }
  return merged->Serialize();
}

struct Staged {
  bool kept_newer_phonebook = false;
};

// Writes the package's folder into STAGE/SHORT and the .cmp into STAGE/SHORT.cmp.
Result<Staged> StageFiles(const ProfilePackage& package, const ServiceProfile& profile,
                          const std::string& stage, const std::string& root, InstallScope scope) {
  const std::string& short_name = package.short_name;
  const std::string folder = fmt::format("{}/{}", stage, short_name);
  const mode_t dir_mode = 0755;
  if (::mkdir(folder.c_str(), dir_mode) != 0) return Fail(SysError("mkdir", folder, errno));
  const std::string cmp_name = short_name + ".cmp";
  for (const auto& [name, bytes] : package.members) {
    if (name == cmp_name) continue;
    CM_TRY_STATUS(
        WriteNewFile(fmt::format("{}/{}", folder, name), bytes, IsProgram(bytes) ? 0755 : 0644));
  }
  Staged staged;
  // A phone book the server updated since is newer than the one the package ships: keep it.
  // Each book on its own: the profile's and every merged profile's.
  const std::string old_folder = fmt::format("{}/{}", root, short_name);
  if (IsRealDirectory(old_folder)) {
    std::vector<std::pair<std::string, std::string>> books = {
        {profile.pb_file, profile.region_file}};
    for (const MergedPhonebook& merged : profile.merged) {
      books.emplace_back(merged.pb_file, merged.region_file);
    }
    for (const auto& [pb_file, region_file] : books) {
      if (pb_file.empty()) continue;
      const std::string stem = Stem(pb_file);
      auto member = package.members.find(stem + ".ver");
      const uint32_t shipped = member == package.members.end() ? 0 : VersionOf(member->second);
      Result<std::string> old_ver = ReadFile(fmt::format("{}/{}.ver", old_folder, stem));
      if (!old_ver || VersionOf(*old_ver) <= shipped) continue;
      for (const std::string& name : {pb_file, region_file, stem + ".ver"}) {
        if (name.empty()) continue;
        Result<std::string> bytes = ReadFile(fmt::format("{}/{}", old_folder, name));
        if (!bytes) continue;
        const std::string target = fmt::format("{}/{}", folder, name);
        ::unlink(target.c_str());
        CM_TRY_STATUS(WriteNewFile(target, *bytes, 0644));
      }
      staged.kept_newer_phonebook = true;
    }
  }
  CM_TRY_STATUS(FsyncPath(folder));
  const std::string cmp =
      CM_TRY(MergedCmp(package.members.at(cmp_name), fmt::format("{}/{}", root, cmp_name)));
  CM_TRY_STATUS(WriteNewFile(fmt::format("{}/{}", stage, cmp_name), cmp,
                             scope == InstallScope::kUser ? 0600 : 0644));
  CM_TRY_STATUS(FsyncPath(stage));
  return staged;
}

// Puts STAGE/SHORT and STAGE/SHORT.cmp in place; the old folder ends up in STAGE.
Status SwitchIn(const std::string& stage, const std::string& root, std::string_view short_name) {
  const std::string staged_folder = fmt::format("{}/{}", stage, short_name);
  const std::string folder = fmt::format("{}/{}", root, short_name);
  if (Exists(folder) && !IsRealDirectory(folder)) {
    return Fail(Errc::kIo, "is not a folder (a link or a file); remove it and install again",
                {.file = folder});
  }
  if (IsRealDirectory(folder)) {
    if (::renameat2(AT_FDCWD, staged_folder.c_str(), AT_FDCWD, folder.c_str(), RENAME_EXCHANGE) !=
        0) {
      return Fail(SysError("rename (exchange)", folder, errno));
    }
  } else if (::rename(staged_folder.c_str(), folder.c_str()) != 0) {
    return Fail(SysError("rename", folder, errno));
  }
  const std::string cmp = fmt::format("{}/{}.cmp", root, short_name);
  if (::rename(fmt::format("{}/{}.cmp", stage, short_name).c_str(), cmp.c_str()) != 0) {
    return Fail(SysError("rename", cmp, errno));
  }
  return FsyncPath(root);
}

Status CheckPin(const std::optional<PublicKey>& pinned, const ProfilePackage& package,
                const InstallOptions& options, const std::string& pin_path) {
  if (!pinned || options.trust_new_key) return Ok();
  if (!package.signer) {
    return Fail(Errc::kSignature,
                fmt::format("profile {} was installed from packages signed by {}; this package "
                            "is unsigned. Refusing it (use --trust-new-key only if the "
                            "administrator told you the key changed)",
                            package.short_name, pinned->Fingerprint()),
                {.file = pin_path});
  }
  if (*package.signer != *pinned) {
    return Fail(
        Errc::kSignature,
        fmt::format("profile {} is pinned to key {} but this package is signed by {}. "
                    "Refusing it: ask your administrator whether the key changed, then "
                    "install with --trust-new-key",
                    package.short_name, pinned->Fingerprint(), package.signer->Fingerprint()),
        {.file = pin_path});
  }
  return Ok();
}

Status WritePin(const std::string& root, std::string_view short_name,
                const std::optional<PublicKey>& key) {
  const std::string path = TrustPath(root, short_name);
  if (!key) {
    ::unlink(path.c_str());
    return Ok();
  }
  std::error_code error;
  fs::create_directories(fs::path(path).parent_path(), error);
  if (error) return Fail(Errc::kIo, error.message(), {.file = path});
  return WriteFileAtomic(path, key->ToString() + "\n", 0644);
}

}  // namespace

Result<std::string_view> PackageCabinet(std::string_view file_bytes) {
  if (LooksLikeCabinet(file_bytes)) return file_bytes;
  Result<std::string_view> cab = SelfExtractingCabinet(file_bytes);
  if (!cab) {
    return Fail(Errc::kParse,
                "neither a cabinet (SHORT.cab) nor a self-extracting package (SHORT.run); " +
                    cab.error().message());
  }
  return cab;
}

Result<std::optional<PublicKey>> PinnedKey(const std::string& root, std::string_view short_name) {
  const std::string path = TrustPath(root, short_name);
  Result<std::string> bytes = ReadFile(path);
  if (!bytes) {
    if (bytes.error().code() == Errc::kNotFound) return std::optional<PublicKey>();
    return Fail(std::move(bytes).error());
  }
  std::string_view text = *bytes;
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.remove_suffix(1);
  Result<PublicKey> key = PublicKey::Parse(text);
  if (!key) {
    return Fail(Errc::kCorrupt,
                fmt::format("pinned key does not read ({}); restore it or remove the file to "
                            "trust the next package's key",
                            key.error().message()),
                {.file = path});
  }
  return std::optional<PublicKey>(*key);
}

Result<InstallReport> InstallPackage(const StorePaths& paths, std::string_view cabinet,
                                     const InstallOptions& options) {
  ProfilePackage package = CM_TRY(ReadProfilePackage(
      cabinet, options.allow_unsigned ? UnsignedPackages::kAllow : UnsignedPackages::kRefuse));
  const std::string& short_name = package.short_name;
  const std::string& root = paths.Root(options.scope);

  Result<IniFile> cms = IniFile::Parse(package.members.at(short_name + ".cms"));
  if (!cms) return Fail(std::move(cms).error().InFile(short_name + ".cms"));
  Result<ServiceProfile> profile = ReadServiceProfile(*cms, short_name, nullptr);
  if (!profile) return Fail(std::move(profile).error().InFile(short_name + ".cms"));

  std::optional<PublicKey> pinned = CM_TRY(PinnedKey(root, short_name));
  CM_TRY_STATUS(CheckPin(pinned, package, options, TrustPath(root, short_name)));

  CM_TRY_STATUS(MakeRoot(root, options.scope));
  RemoveStaleStages(root, short_name);
  const std::string stage = CM_TRY(MakeStage(root, short_name));
  InstallReport report;
  report.updated = Exists(fmt::format("{}/{}.cmp", root, short_name));
  Result<Staged> staged = StageFiles(package, *profile, stage, root, options.scope);
  Status switched = staged ? SwitchIn(stage, root, short_name) : Status();
  std::error_code ignored;
  fs::remove_all(stage, ignored);  // the staging folder, or the old profile after the exchange
  if (!staged) return Fail(std::move(staged).error());
  if (!switched) return Fail(std::move(switched).error());

  if (pinned && package.signer != pinned) report.old_key = pinned;
  if (!pinned || options.trust_new_key) {
    CM_TRY_STATUS(WritePin(root, short_name, package.signer));
  }
  report.short_name = short_name;
  report.service_name = profile->service_name;
  report.signer = package.signer;
  report.kept_newer_phonebook = staged->kept_newer_phonebook;
  report.installed = CM_TRY(LoadProfile(paths, options.scope, short_name));
  // The first `cmdial pops` then reads the books as every later one does.
  for (const ProfileBook& book : report.installed.Books()) {
    StampIfPlain(book.PhonebookPath(), PlainStampPath(paths.cache_dir, book));
  }
  return report;
}

Status UninstallProfile(const InstalledProfile& profile) {
  const std::string stage = CM_TRY(MakeStage(profile.root, profile.short_name()));
  const std::string aside = fmt::format("{}/{}", stage, profile.short_name());
  if (IsRealDirectory(profile.folder) && ::rename(profile.folder.c_str(), aside.c_str()) != 0) {
    return Fail(SysError("rename", profile.folder, errno));
  }
  if (::unlink(profile.cmp_path.c_str()) != 0 && errno != ENOENT) {
    return Fail(SysError("unlink", profile.cmp_path, errno));
  }
  CM_TRY_STATUS(FsyncPath(profile.root));
  std::error_code error;
  fs::remove_all(stage, error);
  if (error) return Fail(Errc::kIo, error.message(), {.file = stage});
  return Ok();
}

}  // namespace cm::cmdial
