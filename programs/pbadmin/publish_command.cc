// SPDX-License-Identifier: MIT
// pbadmin publish: the next version of a phone book, with its full cabinet, the deltas from
// the five previous versions and the canonical snapshot later deltas are built from.
#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <filesystem>
#include <optional>

#include "cm/crypto.h"
#include "cm/file_util.h"
#include "cm/release.h"
#include "pop_store.h"
#include "progress.h"
#include "workspace_commands.h"

namespace cm::pbadmin {
namespace {

namespace fs = std::filesystem;

struct PublishOptions {
  std::string book;
};

Status SyncFolder(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return Fail(Errc::kIo, "cannot open folder to sync it", {.file = path});
  int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) return Fail(Errc::kIo, "cannot sync folder", {.file = path});
  return Ok();
}

// The snapshot of version `version` kept in its release folder, when it is there and is what
// the database recorded; otherwise the reason it cannot serve as a delta base.
Result<ReleaseSnapshot> LoadStoredSnapshot(Workspace& workspace, const BookRow& book,
                                           uint32_t version, std::string_view pbk_sha256,
                                           std::string_view pbr_sha256) {
  std::string dir = workspace.ReleaseDir(book.name, version);
  std::string pbk = CM_TRY(ReadFile(dir + "/" + PbkMemberName(book.name)));
  std::string pbr = CM_TRY(ReadFile(dir + "/" + PbrMemberName(book.name)));
  auto snapshot = CM_TRY(SnapshotFromFiles(book.name, version, std::move(pbk), std::move(pbr)));
  if (ToHex(snapshot.pbk_sha256) != pbk_sha256 || ToHex(snapshot.pbr_sha256) != pbr_sha256) {
    return Fail(Errc::kCorrupt, "the stored snapshot differs from the one released", {.file = dir});
  }
  return snapshot;
}

struct PreviousRelease {
  uint32_t version = 0;
  std::string pbk_sha256;
  std::string pbr_sha256;
};

Result<std::vector<PreviousRelease>> RecentReleases(Db& db, const BookRow& book) {
  auto query = CM_TRY(db.Prepare(
      "SELECT version, pbk_sha256, pbr_sha256 FROM releases WHERE book_id = ?1 AND version >= ?2 "
      "ORDER BY version"));
  uint32_t first = book.version > kMaxDeltaDistance ? book.version - kMaxDeltaDistance + 1 : 1;
  query.Bind(1, book.id).Bind(2, static_cast<int64_t>(first));
  std::vector<PreviousRelease> releases;
  while (CM_TRY(query.Step())) {
    releases.push_back({static_cast<uint32_t>(query.Int(0)), std::string(query.Text(1)),
                        std::string(query.Text(2))});
  }
  return releases;
}

// Removes what a crashed publish may have left: staging folders, and a folder for a version
// the database never recorded (the crash came after the rename, before the commit).
Status RemoveLeftovers(const std::string& book_dir, const std::string& target_dir, Output& output) {
  std::error_code ec;
  fs::create_directories(book_dir, ec);
  for (const fs::directory_entry& entry : fs::directory_iterator(book_dir, ec)) {
    std::string name = entry.path().filename().string();
    if (name.size() > 1 && name[0] == '.' && name.find(".partial-") != std::string::npos) {
      fs::remove_all(entry.path(), ec);
    }
  }
  if (fs::exists(target_dir, ec)) {
    output.err << fmt::format(
        "pbadmin: note: {}: removing an unrecorded release folder left by an interrupted "
        "publish\n",
        target_dir);
    fs::remove_all(target_dir, ec);
    if (ec) {
      return Fail(Errc::kIo, "cannot remove the leftover folder: " + ec.message(),
                  {.file = target_dir});
    }
  }
  return Ok();
}

// Writes one file into the staging folder and syncs it. Atomic replacement is not needed here:
// the whole folder becomes visible by one rename, after its files and the folder are synced.
Status WriteStagedFile(const std::string& path, std::string_view bytes) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return Fail(Errc::kIo, "cannot create file", {.file = path});
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t wrote = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (wrote < 0) {
      if (errno == EINTR) continue;
      ::close(fd);
      return Fail(Errc::kIo, "cannot write file", {.file = path});
    }
    done += static_cast<size_t>(wrote);
  }
  int synced = ::fsync(fd);
  if (::close(fd) != 0 || synced != 0) return Fail(Errc::kIo, "cannot write file", {.file = path});
  return Ok();
}

// Writes the release folder aside, then renames it into place (and syncs), so the folder
// exists whole or not at all.
Status WriteReleaseFolder(const std::string& book_dir, const std::string& target_dir,
                          const ReleaseSnapshot& snapshot, const Release& release) {
  std::string temp = fmt::format("{}/.{}.partial-{}", book_dir, release.version, ::getpid());
  std::error_code ec;
  fs::create_directories(temp, ec);
  if (ec) return Fail(Errc::kIo, "cannot create folder: " + ec.message(), {.file = temp});
  CM_TRY_STATUS(WriteStagedFile(temp + "/full.cab", release.full_cabinet));
  for (const auto& [base, cabinet] : release.delta_cabinets) {
    CM_TRY_STATUS(WriteStagedFile(fmt::format("{}/delta-{}.cab", temp, base), cabinet));
  }
  CM_TRY_STATUS(WriteStagedFile(temp + "/" + PbkMemberName(snapshot.name), snapshot.pbk));
  CM_TRY_STATUS(WriteStagedFile(temp + "/" + PbrMemberName(snapshot.name), snapshot.pbr));
  CM_TRY_STATUS(SyncFolder(temp));
  CrashPoint("publish.before-rename");
  fs::rename(temp, target_dir, ec);
  if (ec) {
    fs::remove_all(temp, ec);
    return Fail(Errc::kIo, "cannot move the release into place: " + ec.message(),
                {.file = target_dir});
  }
  return SyncFolder(book_dir);
}

Status Publish(const GlobalOptions& globals, const PublishOptions& options, Output& output) {
  auto workspace = CM_TRY(OpenWorkspace(globals));
  Db& db = workspace->db();
  auto transaction = CM_TRY(Transaction::Begin(db));
  BookRow book = CM_TRY(workspace->FindBook(options.book));
  uint32_t version = book.version + 1;
  if (version > kMaxReleases) {
    return Fail(
        LimitError(book.name, "releases (updates) of a phone book", kMaxReleases, version, false));
  }
  LimitsMode mode = CM_TRY(workspace->GetLimitsMode());

  Phonebook pops;
  CM_TRY_STATUS(LoadPops(db, book.id, {.in_service = true}, &pops));
  RegionList regions = CM_TRY(LoadRegions(db, book.id));
  if (version == 1 && pops.empty()) {
    return Fail(Errc::kInvalidArgument, "nothing to publish: the phone book has no POP in service",
                {.file = book.name});
  }
  ReleaseSnapshot target = CM_TRY(MakeSnapshot(book.name, version, pops, regions));
  size_t pop_count = pops.size();
  pops = Phonebook();  // the snapshot has the text now

  std::vector<PreviousRelease> recent = CM_TRY(RecentReleases(db, book));
  if (!recent.empty() && recent.back().version == book.version &&
      recent.back().pbk_sha256 == ToHex(target.pbk_sha256) &&
      recent.back().pbr_sha256 == ToHex(target.pbr_sha256)) {
    return Fail(Errc::kInvalidArgument,
                fmt::format("nothing changed since version {}; a release needs at least one "
                            "added, edited or deleted POP in service, or a region change",
                            book.version),
                {.file = book.name});
  }
  bool key_created = false;
  SigningKey key = CM_TRY(workspace->LoadKey(Workspace::KeyMode::kCreate, &key_created));
  if (key_created) {
    output.out << fmt::format("made the workspace signing key {} ({})\n", workspace->KeyPath(),
                              key.public_key().Fingerprint());
  }
  // BuildRelease's work, one base at a time: only one earlier snapshot is in memory at once,
  // which keeps a million-POP publish within its memory budget.
  Release release;
  release.version = version;
  // Steps: the full cabinet, each delta, the files. Shown on a terminal for large books only.
  std::optional<Progress> progress;
  progress.emplace(output.err, "publishing", recent.size() + 2,
                   pop_count >= 20000 ? 0 : UINT64_MAX);
  progress->Update(0);
  release.full_cabinet = CM_TRY(BuildFullCabinet(target, key));
  uint64_t step = 1;
  for (const PreviousRelease& previous : recent) {
    progress->Update(step++);
    auto base = LoadStoredSnapshot(*workspace, book, previous.version, previous.pbk_sha256,
                                   previous.pbr_sha256);
    if (!base) {
      output.err << fmt::format("pbadmin: warning: no delta from version {}: {}\n",
                                previous.version, base.error().ToString());
      continue;
    }
    DeltaCounts delta_counts;
    release.delta_cabinets[previous.version] =
        CM_TRY(BuildDeltaCabinet(*base, target, key, &delta_counts));
    release.delta_counts[previous.version] = delta_counts;
  }

  DeltaCounts counts{static_cast<uint32_t>(pop_count), 0, 0};
  if (auto last = release.delta_counts.find(book.version); last != release.delta_counts.end()) {
    counts = last->second;
  } else if (book.version > 0) {
    // No delta from the last version (its snapshot is gone): count from the database's log.
    auto log = CM_TRY(
        db.Prepare("SELECT IFNULL(SUM(added), 0), IFNULL(SUM(edited), 0), IFNULL(SUM(deleted), 0) "
                   "FROM changes WHERE book_id = ?1 AND version IS NULL"));
    log.Bind(1, book.id);
    CM_TRY(log.Step());
    counts = {static_cast<uint32_t>(log.Int(0)), static_cast<uint32_t>(log.Int(1)),
              static_cast<uint32_t>(log.Int(2))};
  }
  uint64_t changes = uint64_t{counts.added} + counts.changed + counts.deleted;
  if (mode == LimitsMode::kCm13 && book.version > 0 && changes > kMaxChangesPerPost) {
    return Fail(LimitError(book.name,
                           fmt::format("adds, edits and deletes in a release after the first "
                                       "(since version {})",
                                       book.version),
                           kMaxChangesPerPost, changes, true));
  }

  std::string book_dir = workspace->BookDir(book.name);
  std::string target_dir = workspace->ReleaseDir(book.name, version);
  progress->Update(step);
  CM_TRY_STATUS(RemoveLeftovers(book_dir, target_dir, output));
  CM_TRY_STATUS(WriteReleaseFolder(book_dir, target_dir, target, release));
  CrashPoint("publish.after-rename");

  std::string deltas;
  for (const auto& [base, cabinet] : release.delta_cabinets) {
    deltas += (deltas.empty() ? "" : ",") + std::to_string(base);
  }
  auto insert = CM_TRY(
      db.Prepare("INSERT INTO releases(book_id, version, time, pop_count, added, changed, deleted, "
                 "pbk_sha256, pbr_sha256, full_size, deltas, signer) "
                 "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"));
  insert.Bind(1, book.id)
      .Bind(2, static_cast<int64_t>(version))
      .Bind(3, NowUtc())
      .Bind(4, static_cast<int64_t>(pop_count))
      .Bind(5, static_cast<int64_t>(counts.added))
      .Bind(6, static_cast<int64_t>(counts.changed))
      .Bind(7, static_cast<int64_t>(counts.deleted))
      .Bind(8, ToHex(target.pbk_sha256))
      .Bind(9, ToHex(target.pbr_sha256))
      .Bind(10, static_cast<int64_t>(release.full_cabinet.size()))
      .Bind(11, deltas)
      .Bind(12, key.public_key().ToString());
  CM_TRY_STATUS(insert.Run());
  auto assign =
      CM_TRY(db.Prepare("UPDATE changes SET version = ?2 WHERE book_id = ?1 AND version IS NULL"));
  assign.Bind(1, book.id).Bind(2, static_cast<int64_t>(version));
  CM_TRY_STATUS(assign.Run());
  CrashPoint("publish.before-commit");
  CM_TRY_STATUS(transaction.Commit());
  progress.reset();  // clears the progress line before the summary

  output.out << fmt::format("published {} version {} in {}: {} POPs in service", book.name, version,
                            target_dir, pop_count);
  if (book.version > 0) {
    output.out << fmt::format(" ({} added, {} changed, {} deleted since version {})", counts.added,
                              counts.changed, counts.deleted, book.version);
  }
  output.out << fmt::format("\n  full.cab      {:>9} bytes\n", release.full_cabinet.size());
  for (const auto& [base, cabinet] : release.delta_cabinets) {
    output.out << fmt::format("  delta-{}.cab {:>9} bytes  for clients at version {}\n", base,
                              cabinet.size(), base);
  }
  output.out << fmt::format("  signed by {}\n", key.public_key().Fingerprint());
  return Ok();
}

}  // namespace

void RegisterPublishCommand(CLI::App& app, CommandRegistry& registry, Globals globals) {
  auto options = std::make_shared<PublishOptions>();
  CLI::App* publish = app.add_subcommand(
      "publish",
      "Release the next version: POPs in service, full cabinet plus deltas from the five "
      "previous versions, signed with the workspace key (made on first use); refused when "
      "nothing changed");
  publish->add_option("book", options->book, "Phone book name")->required();
  registry.Add(publish, [globals, options](Output& output) {
    auto status = Publish(*globals, *options, output);
    return status ? kExitOk : Report(output, status.error());
  });
}

}  // namespace cm::pbadmin
