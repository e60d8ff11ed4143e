// SPDX-License-Identifier: MIT
#include "cm/release.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "cm/cab.h"

namespace cm {
namespace {

Pop MakePop(uint32_t id, std::string name, std::string number, uint32_t region = 1) {
  Pop pop;
  pop.pop_id = id;
  pop.country = 44;
  pop.region_id = region;
  pop.name = std::move(name);
  pop.area_code = "20";
  pop.number = std::move(number);
  pop.min_speed = 9600;
  pop.max_speed = 56000;
  pop.reserved = 0;
  pop.flags = 32;
  return pop;
}

Phonebook Book(std::initializer_list<Pop> pops) {
  Phonebook book;
  for (const Pop& pop : pops) book.Add(pop);
  return book;
}

class ReleaseTest : public ::testing::Test {
 protected:
  ReleaseSnapshot Snapshot(uint32_t version, const Phonebook& book,
                           RegionList regions = {{"London", "Leeds"}}) {
    auto snapshot = MakeSnapshot("CORP", version, book, regions);
    EXPECT_TRUE(snapshot) << snapshot.error().ToString();
    return *snapshot;
  }
  SigningKey key_ = SigningKey::Generate();
  Phonebook v1_ = Book({MakePop(2, "Leeds", "7946 0002", 2), MakePop(1, "London", "7946 0001")});
  Phonebook v2_ = Book({MakePop(1, "London", "7946 0011"), MakePop(3, "Hull", "7946 0003", 2)});
};

TEST(DecideUpdateTest, FollowsTheSeedsRule) {
  // The seed's example: the server has version 10.
  EXPECT_EQ(DecideUpdate(10, 10, true), UpdateKind::kNone);
  EXPECT_EQ(DecideUpdate(7, 10, true), UpdateKind::kDelta);
  EXPECT_EQ(DecideUpdate(3, 10, true), UpdateKind::kFull);
  EXPECT_EQ(DecideUpdate(11, 10, true), UpdateKind::kNone);
  EXPECT_EQ(DecideUpdate(5, 10, true), UpdateKind::kDelta);  // exactly five behind
  EXPECT_EQ(DecideUpdate(4, 10, true), UpdateKind::kFull);   // six behind
  EXPECT_EQ(DecideUpdate(9, 10, false), UpdateKind::kFull);  // delta missing
  EXPECT_EQ(DecideUpdate(0, 3, true), UpdateKind::kFull);    // no phone book yet
}

TEST_F(ReleaseTest, SnapshotIsSortedAndCanonical) {
  ReleaseSnapshot snapshot = Snapshot(1, v1_);
  EXPECT_EQ(snapshot.pbk.substr(0, 2), "1,");
  EXPECT_NE(snapshot.pbk.find("\r\n2,"), std::string::npos);
  EXPECT_EQ(snapshot.pbr, "2\r\nLondon\r\nLeeds\r\n");
  EXPECT_EQ(snapshot.pbk_sha256, Sha256(snapshot.pbk));
  auto again = SnapshotFromFiles("CORP", 1, snapshot.pbk, snapshot.pbr);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->pbk_sha256, snapshot.pbk_sha256);
}

TEST_F(ReleaseTest, SnapshotRefusesWhatDeltasCannotName) {
  Pop no_id = MakePop(1, "X", "1");
  no_id.pop_id.reset();
  auto missing = MakeSnapshot("CORP", 1, Book({no_id}), {});
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message().find("no POP index"), std::string::npos);
  auto twice = MakeSnapshot("CORP", 1, Book({MakePop(4, "A", "1"), MakePop(4, "B", "2")}), {});
  ASSERT_FALSE(twice);
  EXPECT_NE(twice.error().message().find("used twice"), std::string::npos);
  EXPECT_FALSE(MakeSnapshot("CORP", 0, v1_, {}));
  EXPECT_FALSE(MakeSnapshot("BAD NAME", 1, v1_, {}));
}

TEST_F(ReleaseTest, FullCabinetInstallsOnAnEmptyClient) {
  ReleaseSnapshot v1 = Snapshot(1, v1_);
  auto cabinet = BuildFullCabinet(v1, key_);
  ASSERT_TRUE(cabinet) << cabinet.error().ToString();
  auto installed = ApplyUpdate(nullptr, *cabinet, key_.public_key(), "CORP");
  ASSERT_TRUE(installed) << installed.error().ToString();
  EXPECT_EQ(installed->version, 1u);
  EXPECT_EQ(installed->pbk, v1.pbk);
  EXPECT_EQ(installed->pbr, v1.pbr);
}

TEST_F(ReleaseTest, FullCabinetHoldsTheDocumentedMembers) {
  auto cabinet = BuildFullCabinet(Snapshot(1, v1_), key_);
  ASSERT_TRUE(cabinet);
  auto members = ReadCabinet(*cabinet);
  ASSERT_TRUE(members);
  std::vector<std::string> names;
  for (const CabEntry& entry : *members) names.push_back(entry.name);
  EXPECT_EQ(names, (std::vector<std::string>{"CORP.pbk", "CORP.pbr", "CORP.ver", "manifest.json",
                                             "manifest.sig"}));
  EXPECT_EQ((*members)[2].data, "1\r\n");
}

TEST_F(ReleaseTest, DeltaReproducesTheTargetExactly) {
  ReleaseSnapshot v1 = Snapshot(1, v1_);
  ReleaseSnapshot v2 = Snapshot(2, v2_);
  DeltaCounts counts;
  auto cabinet = BuildDeltaCabinet(v1, v2, key_, &counts);
  ASSERT_TRUE(cabinet) << cabinet.error().ToString();
  EXPECT_EQ(counts.added, 1u);
  EXPECT_EQ(counts.changed, 1u);
  EXPECT_EQ(counts.deleted, 1u);
  auto updated = ApplyUpdate(&v1, *cabinet, key_.public_key(), "CORP");
  ASSERT_TRUE(updated) << updated.error().ToString();
  EXPECT_EQ(updated->version, 2u);
  EXPECT_EQ(updated->pbk, v2.pbk);
  EXPECT_EQ(updated->pbr, v2.pbr);
}

TEST_F(ReleaseTest, DeltaCarriesTheRegionFileOnlyWhenItChanged) {
  ReleaseSnapshot v1 = Snapshot(1, v1_);
  auto has_pbr = [](const std::string& cabinet) {
    Result<std::vector<CabEntry>> members = ReadCabinet(cabinet);
    EXPECT_TRUE(members);
    if (!members) return false;
    return std::any_of(members->begin(), members->end(),
                       [](const CabEntry& entry) { return entry.name == "CORP.pbr"; });
  };
  EXPECT_FALSE(has_pbr(*BuildDeltaCabinet(v1, Snapshot(2, v2_), key_)));
  ReleaseSnapshot renamed = Snapshot(2, v2_, {{"Greater London", "Leeds"}});
  auto cabinet = BuildDeltaCabinet(v1, renamed, key_);
  ASSERT_TRUE(cabinet);
  EXPECT_TRUE(has_pbr(*cabinet));
  auto updated = ApplyUpdate(&v1, *cabinet, key_.public_key(), "CORP");
  ASSERT_TRUE(updated) << updated.error().ToString();
  EXPECT_EQ(updated->pbr, "2\r\nGreater London\r\nLeeds\r\n");
}

TEST_F(ReleaseTest, ReleaseHasDeltasFromTheFivePreviousVersions) {
  std::vector<ReleaseSnapshot> history;
  for (uint32_t v = 1; v <= 7; ++v) {
    history.push_back(Snapshot(v, Book({MakePop(1, "London", "7946 000" + std::to_string(v))})));
  }
  auto release = BuildRelease(history.back(), history, key_);
  ASSERT_TRUE(release) << release.error().ToString();
  std::vector<uint32_t> bases;
  for (const auto& [base, cabinet] : release->delta_cabinets) bases.push_back(base);
  EXPECT_EQ(bases, (std::vector<uint32_t>{2, 3, 4, 5, 6}));
  for (const auto& [base, cabinet] : release->delta_cabinets) {
    auto updated = ApplyUpdate(&history[base - 1], cabinet, key_.public_key(), "CORP");
    ASSERT_TRUE(updated) << updated.error().ToString();
    EXPECT_EQ(updated->pbk, history.back().pbk);
  }
}

TEST_F(ReleaseTest, BuildsAreDeterministic) {
  ReleaseSnapshot v1 = Snapshot(1, v1_);
  EXPECT_EQ(*BuildFullCabinet(v1, key_), *BuildFullCabinet(v1, key_));
}

TEST_F(ReleaseTest, WrongKeyIsRefusedAndNamesBothKeys) {
  auto cabinet = BuildFullCabinet(Snapshot(1, v1_), key_);
  SigningKey other = SigningKey::Generate();
  auto installed = ApplyUpdate(nullptr, *cabinet, other.public_key(), "CORP");
  ASSERT_FALSE(installed);
  EXPECT_EQ(installed.error().code(), Errc::kSignature);
  EXPECT_NE(installed.error().message().find(other.public_key().Fingerprint()), std::string::npos);
  EXPECT_NE(installed.error().message().find(key_.public_key().Fingerprint()), std::string::npos);
}

TEST_F(ReleaseTest, TamperedMembersAreRefused) {
  ReleaseSnapshot v1 = Snapshot(1, v1_);
  // Rebuild the cabinet with an edited phone book but the original manifest and signature.
  auto members = ReadCabinet(*BuildFullCabinet(v1, key_));
  ASSERT_TRUE(members);
  (*members)[0].data[2] = '9';
  auto tampered = WriteCabinet(*members);
  ASSERT_TRUE(tampered);
  auto installed = ApplyUpdate(nullptr, *tampered, key_.public_key(), "CORP");
  ASSERT_FALSE(installed);
  EXPECT_EQ(installed.error().code(), Errc::kCorrupt);
  EXPECT_NE(installed.error().message().find("CORP.pbk"), std::string::npos);
}

TEST_F(ReleaseTest, ExtraOrMissingMembersAreRefused) {
  Result<std::vector<CabEntry>> read = ReadCabinet(*BuildFullCabinet(Snapshot(1, v1_), key_));
  ASSERT_TRUE(read);
  std::vector<CabEntry> members = *read;
  auto extra = members;
  extra.push_back({"evil.sh", "rm -rf /"});
  auto with_extra = ApplyUpdate(nullptr, *WriteCabinet(extra), key_.public_key(), "CORP");
  ASSERT_FALSE(with_extra);
  EXPECT_NE(with_extra.error().message().find("not in the manifest"), std::string::npos);
  auto missing = members;
  missing.erase(missing.begin() + 1);
  auto without = ApplyUpdate(nullptr, *WriteCabinet(missing), key_.public_key(), "CORP");
  ASSERT_FALSE(without);
  EXPECT_NE(without.error().message().find("lacks"), std::string::npos);
  auto unsigned_members = members;
  unsigned_members.pop_back();
  auto no_signature =
      ApplyUpdate(nullptr, *WriteCabinet(unsigned_members), key_.public_key(), "CORP");
  ASSERT_FALSE(no_signature);
  EXPECT_EQ(no_signature.error().code(), Errc::kSignature);
}

TEST_F(ReleaseTest, DeltaNeedsTheExactBase) {
  ReleaseSnapshot v1 = Snapshot(1, v1_);
  ReleaseSnapshot v2 = Snapshot(2, v2_);
  auto cabinet = *BuildDeltaCabinet(v1, v2, key_);
  auto no_base = ApplyUpdate(nullptr, cabinet, key_.public_key(), "CORP");
  ASSERT_FALSE(no_base);
  EXPECT_EQ(no_base.error().code(), Errc::kInvalidArgument);
  ReleaseSnapshot wrong_version = v1;
  wrong_version.version = 3;
  EXPECT_FALSE(ApplyUpdate(&wrong_version, cabinet, key_.public_key(), "CORP"));
  ReleaseSnapshot edited = *SnapshotFromFiles("CORP", 1, v2.pbk, v1.pbr);
  auto mismatch = ApplyUpdate(&edited, cabinet, key_.public_key(), "CORP");
  ASSERT_FALSE(mismatch);
  EXPECT_EQ(mismatch.error().code(), Errc::kCorrupt);
  EXPECT_NE(mismatch.error().message().find("full phone book"), std::string::npos);
}

// The installed book is judged by the result: the signed manifest's hash of the new book.
TEST_F(ReleaseTest, DeltaResultProvesTheBaseAndAChangedBaseIsNamed) {
  Phonebook base = Book({MakePop(1, "London", "7946 0001"), MakePop(2, "Leeds", "7946 0002", 2),
                         MakePop(4, "York", "7946 0004", 2)});
  Phonebook target = Book({MakePop(1, "London", "7946 0011"), MakePop(2, "Leeds", "7946 0002", 2),
                           MakePop(4, "York", "7946 0004", 2)});
  ReleaseSnapshot v1 = Snapshot(1, base);
  ReleaseSnapshot v2 = Snapshot(2, target);
  auto cabinet = *BuildDeltaCabinet(v1, v2, key_);
  auto edit = [&](std::string_view from, std::string_view to) {
    std::string pbk = v1.pbk;
    size_t at = pbk.find(from);
    EXPECT_NE(at, std::string::npos);
    EXPECT_EQ(from.size(), to.size());
    pbk.replace(at, from.size(), to);
    return pbk;
  };
  // A change in the POP the delta replaces: the result is still exactly release 2.
  const std::string replaced_line_edited = edit("7946 0001", "7946 0009");
  const InstalledBook edited_replaced{1, replaced_line_edited, v1.pbr};
  auto updated = ApplyUpdate(&edited_replaced, cabinet, key_.public_key(), "CORP");
  ASSERT_TRUE(updated) << updated.error().ToString();
  EXPECT_EQ(updated->pbk, v2.pbk);
  EXPECT_EQ(updated->pbk_sha256, Sha256(v2.pbk));
  // A change in a POP the delta keeps: the result does not match, and the message says the
  // installed book was changed, not that the release is bad.
  const std::string kept_line_edited = edit("7946 0004", "7946 0005");
  const InstalledBook edited_kept{1, kept_line_edited, v1.pbr};
  auto refused = ApplyUpdate(&edited_kept, cabinet, key_.public_key(), "CORP");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code(), Errc::kCorrupt);
  EXPECT_NE(refused.error().message().find("ask for the full phone book"), std::string::npos)
      << refused.error().message();
  // A base whose lines are out of order fails in the delta's merge; still named as the base's.
  std::string shuffled = v1.pbk;
  const size_t second = shuffled.find("\r\n") + 2;
  shuffled = shuffled.substr(second) + shuffled.substr(0, second);
  const InstalledBook out_of_order{1, shuffled, v1.pbr};
  auto merged = ApplyUpdate(&out_of_order, cabinet, key_.public_key(), "CORP");
  ASSERT_FALSE(merged);
  EXPECT_NE(merged.error().message().find("ask for the full phone book"), std::string::npos)
      << merged.error().message();
}

TEST_F(ReleaseTest, OtherPhonebooksReleaseIsRefused) {
  auto cabinet = *BuildFullCabinet(Snapshot(1, v1_), key_);
  auto installed = ApplyUpdate(nullptr, cabinet, key_.public_key(), "OTHER");
  ASSERT_FALSE(installed);
  EXPECT_NE(installed.error().message().find("\"CORP\""), std::string::npos);
}

TEST_F(ReleaseTest, ManifestRoundTripsAndRejectsBadFields) {
  Manifest manifest;
  manifest.phonebook = "CORP";
  manifest.kind = UpdateKind::kDelta;
  manifest.version = 4;
  manifest.base_version = 2;
  manifest.files["CORP.pbk"] = {Sha256("x"), 1};
  manifest.base_files["CORP.pbk"] = {Sha256("y"), 1};
  manifest.payload["CORP.delta"] = {Sha256("z"), 1};
  manifest.counts = {1, 2, 3};
  manifest.signer = key_.public_key().ToString();
  auto parsed = ParseManifest(SerializeManifest(manifest));
  ASSERT_TRUE(parsed) << parsed.error().ToString();
  EXPECT_EQ(parsed->version, 4u);
  EXPECT_EQ(parsed->base_version, 2u);
  EXPECT_EQ(parsed->files, manifest.files);
  EXPECT_EQ(parsed->counts.deleted, 3u);
  EXPECT_FALSE(ParseManifest("[]"));
  EXPECT_FALSE(ParseManifest("{\"format\":\"cmsuite-phonebook-release/1\"}"));
  auto future = ParseManifest("{\"format\":\"cmsuite-phonebook-release/9\"}");
  ASSERT_FALSE(future);
  EXPECT_EQ(future.error().code(), Errc::kUnsupported);
}

TEST_F(ReleaseTest, CabextractAcceptsReleaseCabinets) {
  ReleaseSnapshot v1 = Snapshot(1, v1_);
  std::string cabinets[] = {*BuildFullCabinet(v1, key_),
                            *BuildDeltaCabinet(v1, Snapshot(2, v2_), key_)};
  auto dir = std::filesystem::temp_directory_path() / ("cm-release-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  for (size_t i = 0; i < std::size(cabinets); ++i) {
    auto path = dir / ("r" + std::to_string(i) + ".cab");
    std::ofstream(path, std::ios::binary) << cabinets[i];
    std::string command = "cabextract -q -t " + path.string() + " >/dev/null 2>&1";
    EXPECT_EQ(std::system(command.c_str()), 0) << "cabextract -t failed on " << path;
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace cm
