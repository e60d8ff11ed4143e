// SPDX-License-Identifier: MIT
// The workspace commands run in-process: phone books, regions, POPs, import/export, publish,
// history and the seed's limits.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include "cm/file_util.h"
#include "cm/pbk_format.h"
#include "cm/release.h"
#include "pop_text.h"
#include "service_types.h"
#include "workspace_test_util.h"

namespace cm::pbadmin {
namespace {

using ::testing::HasSubstr;
using testing::PbaLines;
using testing::Ran;
using testing::ReadText;
using testing::WriteText;

class WorkspaceTest : public ::testing::Test {
 protected:
  Ran Run(std::vector<std::string> args) { return testing::RunIn(ws_, std::move(args)); }
  // Creates CORP with the sample's regions and POPs.
  void CreateSample(const std::string& name = "CORP") {
    ASSERT_EQ(Run({"create", name}).code, 0);
    std::vector<std::string> args{"region", "add", name};
    for (const std::string& region : testing::SampleRegions()) args.push_back(region);
    ASSERT_EQ(Run(args).code, 0);
    Ran imported = Run({"import", name, testing::SampleDir() + "/sample.txt"});
    ASSERT_EQ(imported.code, 0) << imported.err;
  }
  nlohmann::json Json(std::vector<std::string> args) {
    args.push_back("--json");
    Ran ran = Run(args);
    EXPECT_EQ(ran.code, 0) << ran.err;
    return nlohmann::json::parse(ran.out);
  }
  std::string ReleaseFile(uint32_t version, const std::string& file,
                          const std::string& book = "CORP") {
    return ReadText(temp_ / ("ws/" + book + "/" + std::to_string(version) + "/" + file));
  }

  testing::TempDir temp_;
  std::string ws_ = temp_ / "ws";
};

TEST_F(WorkspaceTest, CreateEnforcesTheNameRuleAndUniqueness) {
  EXPECT_EQ(Run({"create", "CORP"}).code, 0);
  for (const char* bad : {"123", "TOOLONGNAME", "A.B", "A B", ""}) {
    Ran ran = Run({"create", bad});
    EXPECT_EQ(ran.code, 1) << bad;
    EXPECT_THAT(ran.err, HasSubstr("pbadmin: error:")) << bad;
  }
  Ran twice = Run({"create", "corp"});
  EXPECT_EQ(twice.code, 1);
  EXPECT_THAT(twice.err, HasSubstr("already exists"));
  nlohmann::json list = Json({"list"});
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0]["name"], "CORP");
  EXPECT_EQ(list[0]["version"], 0);
}

TEST_F(WorkspaceTest, DeleteKeepsReleasedFilesUnlessPurged) {
  CreateSample();
  ASSERT_EQ(Run({"publish", "CORP"}).code, 0);
  ASSERT_EQ(Run({"delete", "CORP"}).code, 0);
  EXPECT_TRUE(std::filesystem::exists(temp_ / "ws/CORP/1/full.cab"));
  EXPECT_TRUE(Json({"list"}).empty());
  Ran again = Run({"create", "CORP"});
  EXPECT_EQ(again.code, 1);
  EXPECT_THAT(again.err, HasSubstr("deleted phone book"));
  std::filesystem::remove_all(temp_ / "ws/CORP");
  ASSERT_EQ(Run({"create", "CORP"}).code, 0);
  ASSERT_EQ(Run({"delete", "CORP", "--purge"}).code, 0);
  EXPECT_FALSE(std::filesystem::exists(temp_ / "ws/CORP"));
}

TEST_F(WorkspaceTest, RegionDeleteRenumbersLaterRegionsAndTheirPops) {
  ASSERT_EQ(Run({"create", "CORP"}).code, 0);
  ASSERT_EQ(Run({"region", "add", "CORP", "North", "South", "East"}).code, 0);
  ASSERT_EQ(
      Run({"pop", "add", "CORP", "--country", "US", "--number", "555-0101", "--region", "East"})
          .code,
      0);
  ASSERT_EQ(
      Run({"pop", "add", "CORP", "--country", "US", "--number", "555-0102", "--region", "South"})
          .code,
      0);
  Ran used = Run({"region", "delete", "CORP", "South"});
  EXPECT_EQ(used.code, 1);
  EXPECT_THAT(used.err, HasSubstr("used by 1 POP"));
  ASSERT_EQ(Run({"region", "delete", "CORP", "South", "--force"}).code, 0);
  ASSERT_EQ(Run({"region", "rename", "CORP", "North", "Nord"}).code, 0);
  nlohmann::json regions = Json({"region", "list", "CORP"});
  ASSERT_EQ(regions.size(), 2u);
  EXPECT_EQ(regions[0]["name"], "Nord");
  EXPECT_EQ(regions[1]["name"], "East");
  EXPECT_EQ(regions[1]["id"], 2);
  nlohmann::json pops = Json({"pop", "list", "CORP"});
  EXPECT_EQ(pops[0]["region_id"], 2);
  EXPECT_EQ(pops[0]["region"], "East");
  EXPECT_EQ(pops[1]["region_id"], 0);
}

TEST_F(WorkspaceTest, PopFlagsAreSetByNameWithTheInvertedBits) {
  ASSERT_EQ(Run({"create", "CORP"}).code, 0);
  ASSERT_EQ(Run({"pop", "add", "CORP", "--country", "GB", "--number", "7946 0001", "--city",
                 "London", "--area-code", "20", "--service-types", "ISDN"})
                .code,
            0);
  nlohmann::json pop = Json({"pop", "show", "CORP", "1"});
  EXPECT_EQ(pop["country"], 44);
  EXPECT_EQ(pop["flags"], pop_flag::kNoModem | pop_flag::kNoMulticast);
  EXPECT_EQ(pop["service_types"], nlohmann::json::array({"ISDN"}));
  ASSERT_EQ(Run({"pop", "edit", "CORP", "1", "--service-types", "Modem,ISDN,Multicast",
                 "--surcharge", "--sign-up"})
                .code,
            0);
  pop = Json({"pop", "show", "CORP", "1"});
  EXPECT_EQ(pop["flags"], pop_flag::kSurcharge | pop_flag::kSignUp);
  EXPECT_EQ(pop["name"], "London");  // options not given keep their value
  ASSERT_EQ(Run({"pop", "edit", "CORP", "1", "--no-surcharge", "--out-of-service"}).code, 0);
  pop = Json({"pop", "show", "CORP", "1"});
  EXPECT_EQ(pop["flags"], pop_flag::kSignUp);
  EXPECT_EQ(pop["in_service"], false);
  Ran text = Run({"pop", "show", "CORP", "1"});
  EXPECT_THAT(text.out, HasSubstr("Modem, ISDN, Multicast"));
  EXPECT_THAT(text.out, HasSubstr("flags          2 (0x02)"));
  Ran bad = Run({"pop", "edit", "CORP", "1", "--service-types", "Modem,Fax"});
  EXPECT_EQ(bad.code, 1);
  EXPECT_THAT(bad.err, HasSubstr("unknown service type 'Fax'"));
}

TEST_F(WorkspaceTest, PopAddAppliesTheAdministratorsLimits) {
  ASSERT_EQ(Run({"create", "CORP"}).code, 0);
  Ran long_name = Run({"pop", "add", "CORP", "--country", "1", "--number", "555-0101", "--city",
                       std::string(31, 'x')});
  EXPECT_EQ(long_name.code, 1);
  EXPECT_THAT(long_name.err, HasSubstr("pba.name-too-long"));
  Ran bad_number = Run({"pop", "add", "CORP", "--country", "1", "--number", "555-CALL"});
  EXPECT_EQ(bad_number.code, 1);
  EXPECT_THAT(bad_number.err, HasSubstr("pba.number"));
  Ran region =
      Run({"pop", "add", "CORP", "--country", "1", "--number", "555-0101", "--region", "3"});
  EXPECT_EQ(region.code, 1);
  Ran usage = Run({"pop", "add", "CORP", "--number", "555-0101"});
  EXPECT_EQ(usage.code, 2);
  EXPECT_TRUE(Json({"pop", "list", "CORP"}).empty());
  ASSERT_EQ(
      Run({"pop", "add", "CORP", "--country", "1", "--number", "555-0101", "--pop-id", "40"}).code,
      0);
  ASSERT_EQ(Run({"pop", "add", "CORP", "--country", "1", "--number", "555-0102"}).code, 0);
  EXPECT_EQ(Json({"pop", "list", "CORP"})[1]["pop_id"], 41);
  Ran duplicate =
      Run({"pop", "add", "CORP", "--country", "1", "--number", "555-0101", "--pop-id", "40"});
  EXPECT_EQ(duplicate.code, 1);
  EXPECT_THAT(duplicate.err, HasSubstr("POP 40 already exists"));
  ASSERT_EQ(Run({"pop", "delete", "CORP", "40", "41"}).code, 0);
  EXPECT_EQ(Run({"pop", "delete", "CORP", "40"}).code, 1);
}

TEST_F(WorkspaceTest, ImportIsAllOrNothingAndNamesEveryBadLine) {
  ASSERT_EQ(Run({"create", "CORP"}).code, 0);
  std::string file = temp_ / "bad.txt";
  WriteText(file,
            "1, 1, 0, Seattle, 206, 555-0101, 9600, 56000, 0, 32, Dun\r\n"
            "2, 1, 0, Bad\"Name, 206, 555-0102, 9600, 56000, 0, 32,\r\n"
            "# a comment\r\n"
            "3, 1, 0, Short, 206\r\n"
            "4, 999, 0, Nowhere, 206, 555-0104, 9600, 56000, 0, 32,\r\n"
            "5, 1, 0, Fast, 206, 555-0105, fast, 56000, 0, 32,\r\n"
            "1, 1, 0, Again, 206, 555-0106, 9600, 56000, 0, 32,\r\n");
  Ran ran = Run({"import", "CORP", file});
  EXPECT_EQ(ran.code, 1);
  for (const char* line : {":2: ", ":4: ", ":5: ", ":6: ", ":7: "}) {
    EXPECT_THAT(ran.err, HasSubstr(file + line)) << line;
  }
  EXPECT_THAT(ran.err, Not(HasSubstr(file + ":1: ")));
  EXPECT_THAT(ran.err, HasSubstr("nothing was imported"));
  EXPECT_TRUE(Json({"pop", "list", "CORP"}).empty());
  EXPECT_TRUE(Json({"history", "CORP"})["pending"].empty());
}

TEST_F(WorkspaceTest, CsvAndPbaImportsGiveTheSamePops) {
  CreateSample("PBA");
  ASSERT_EQ(Run({"create", "CSV"}).code, 0);
  std::vector<std::string> args{"region", "add", "CSV"};
  for (const std::string& region : testing::SampleRegions()) args.push_back(region);
  ASSERT_EQ(Run(args).code, 0);
  ASSERT_EQ(Run({"import", "CSV", testing::SampleDir() + "/sample.csv"}).code, 0);
  Ran pba = Run({"export", "PBA", "--format", "pba"});
  Ran csv = Run({"export", "CSV", "--format", "pba"});
  EXPECT_EQ(pba.out, csv.out);
  EXPECT_EQ(Json({"pop", "list", "PBA"}).size(), 309u);
  // Exports import back unchanged, in both formats.
  for (const char* format : {"pba", "csv"}) {
    std::string file = temp_ / (std::string("export.") + format);
    ASSERT_EQ(Run({"export", "PBA", "--format", format, "--out", file}).code, 0);
    Ran again = Run({"import", "PBA", file, "--format", format});
    EXPECT_EQ(again.code, 0) << again.err;
    EXPECT_THAT(again.out, HasSubstr("0 added, 0 edited, 0 deleted, 309 unchanged")) << format;
  }
}

TEST_F(WorkspaceTest, ImportEditsByIndexAndReplaceDeletesTheRest) {
  ASSERT_EQ(Run({"create", "CORP"}).code, 0);
  WriteText(temp_ / "a.txt", PbaLines(1, 10));
  ASSERT_EQ(Run({"import", "CORP", temp_ / "a.txt"}).code, 0);
  WriteText(temp_ / "b.txt", PbaLines(1, 3, "X") + PbaLines(4, 2) + PbaLines(20, 1));
  Ran ran = Run({"import", "CORP", temp_ / "b.txt", "--replace"});
  ASSERT_EQ(ran.code, 0) << ran.err;
  EXPECT_THAT(ran.out, HasSubstr("1 added, 3 edited, 5 deleted, 2 unchanged"));
  EXPECT_EQ(Json({"pop", "list", "CORP"}).size(), 6u);
}

// Import inserts 64 POPs to a statement and reports progress every 4,096: a count that is
// neither leaves a last chunk with whole batches and single rows; every POP must arrive intact.
TEST_F(WorkspaceTest, ImportInBatchesStoresEveryPopOnce) {
  ASSERT_EQ(Run({"create", "CORP"}).code, 0);
  const std::string lines = PbaLines(1, 4096 + 3 * 64 + 7);
  WriteText(temp_ / "many.txt", lines);
  Ran ran = Run({"import", "CORP", temp_ / "many.txt"});
  ASSERT_EQ(ran.code, 0) << ran.err;
  EXPECT_THAT(ran.out, HasSubstr("4295 added, 0 edited, 0 deleted, 0 unchanged"));
  Ran exported = Run({"export", "CORP", "--format", "pba"});
  ASSERT_EQ(exported.code, 0) << exported.err;
  EXPECT_EQ(exported.out, lines);
}

TEST_F(WorkspaceTest, FirstImportOver32000PopsNamesTheLimitUntilLifted) {
  ASSERT_EQ(Run({"create", "CORP"}).code, 0);
  WriteText(temp_ / "big.txt", PbaLines(1, 32001));
  Ran ran = Run({"import", "CORP", temp_ / "big.txt"});
  EXPECT_EQ(ran.code, 1);
  EXPECT_THAT(ran.err, HasSubstr("at most 32,000 POPs in an import before the phone book's "
                                 "first release, found 32,001"));
  EXPECT_TRUE(Json({"pop", "list", "CORP"}).empty());
  ASSERT_EQ(Run({"config", "set", "limits", "cmdial"}).code, 0);
  EXPECT_EQ(Json({"config", "show"})["limits"], "cmdial");
  ran = Run({"import", "CORP", temp_ / "big.txt"});
  EXPECT_EQ(ran.code, 0) << ran.err;
}

TEST_F(WorkspaceTest, PhoneBookOver65000PopsNamesTheLimit) {
  ASSERT_EQ(Run({"create", "CORP"}).code, 0);
  ASSERT_EQ(Run({"config", "set", "limits", "cmdial"}).code, 0);
  WriteText(temp_ / "big.txt", PbaLines(1, 65000));
  ASSERT_EQ(Run({"import", "CORP", temp_ / "big.txt"}).code, 0);
  ASSERT_EQ(Run({"config", "set", "limits", "cm13"}).code, 0);
  Ran ran = Run({"pop", "add", "CORP", "--country", "1", "--number", "555-0101"});
  EXPECT_EQ(ran.code, 1);
  EXPECT_THAT(ran.err, HasSubstr("at most 65,000 POPs in a phone book, found 65,001"));
  EXPECT_THAT(ran.err, HasSubstr("config set limits cmdial"));
}

TEST_F(WorkspaceTest, ChangesAfterTheFirstReleaseAreLimitedTo6000PerImportAndRelease) {
  ASSERT_EQ(Run({"create", "CORP"}).code, 0);
  WriteText(temp_ / "base.txt", PbaLines(1, 7000));
  ASSERT_EQ(Run({"import", "CORP", temp_ / "base.txt"}).code, 0);
  ASSERT_EQ(Run({"publish", "CORP"}).code, 0);
  WriteText(temp_ / "edit.txt", PbaLines(1, 6001, "X"));
  Ran ran = Run({"import", "CORP", temp_ / "edit.txt"});
  EXPECT_EQ(ran.code, 1);
  EXPECT_THAT(ran.err, HasSubstr("at most 6,000 adds, edits and deletes in an import after the "
                                 "first release, found 6,001"));
  WriteText(temp_ / "edit.txt", PbaLines(1, 6000, "X"));
  ASSERT_EQ(Run({"import", "CORP", temp_ / "edit.txt"}).code, 0);
  ASSERT_EQ(Run({"pop", "edit", "CORP", "6001", "--city", "Other"}).code, 0);
  ran = Run({"publish", "CORP"});
  EXPECT_EQ(ran.code, 1);
  EXPECT_THAT(ran.err, HasSubstr("at most 6,000 adds, edits and deletes in a release"));
  EXPECT_THAT(ran.err, HasSubstr("found 6,001"));
  ASSERT_EQ(Run({"config", "set", "limits", "cmdial"}).code, 0);
  EXPECT_EQ(Run({"publish", "CORP"}).code, 0);
}

TEST_F(WorkspaceTest, UpdatesStopAt32676ReleasesEvenWithLimitsLifted) {
  CreateSample();
  ASSERT_EQ(Run({"config", "set", "limits", "cmdial"}).code, 0);
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((ws_ + "/pbadmin.db").c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db,
                         "INSERT INTO releases VALUES(1, 32676, 'now', 0, 0, 0, 0, 'x', 'x', 0, "
                         "'', 'x')",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  Ran ran = Run({"publish", "CORP"});
  EXPECT_EQ(ran.code, 1);
  EXPECT_THAT(ran.err, HasSubstr("at most 32,676 releases"));
}

TEST_F(WorkspaceTest, PublishWritesAFullCabinetAndDeltasThatReproduceIt) {
  CreateSample();
  for (int version = 1; version <= 7; ++version) {
    if (version > 1) {
      ASSERT_EQ(Run({"pop", "edit", "CORP", std::to_string(version), "--number",
                     "555-01" + std::to_string(50 + version)})
                    .code,
                0);
      ASSERT_EQ(Run({"pop", "add", "CORP", "--country", "GB", "--number", "7946 0999", "--region",
                     "UK South"})
                    .code,
                0);
      if (version == 4) {
        ASSERT_EQ(Run({"pop", "delete", "CORP", "12"}).code, 0);
      }
      if (version == 5) {
        ASSERT_EQ(Run({"region", "add", "CORP", "Wales"}).code, 0);
      }
    }
    Ran ran = Run({"publish", "CORP"});
    ASSERT_EQ(ran.code, 0) << ran.err;
  }
  Ran again = Run({"publish", "CORP"});
  EXPECT_EQ(again.code, 1);
  EXPECT_THAT(again.err, HasSubstr("nothing changed since version 7"));

  auto key = PublicKey::Parse(Run({"pubkey"}).out.substr(0, Run({"pubkey"}).out.find('\n')));
  ASSERT_TRUE(key) << key.error().ToString();
  auto full = ApplyUpdate(nullptr, ReleaseFile(7, "full.cab"), *key, "CORP");
  ASSERT_TRUE(full) << full.error().ToString();
  EXPECT_EQ(full->pbk, ReleaseFile(7, "CORP.pbk"));
  EXPECT_EQ(full->pbr, ReleaseFile(7, "CORP.pbr"));
  EXPECT_EQ(Run({"export", "CORP", "--format", "pbk"}).out, full->pbk);
  for (uint32_t base = 2; base <= 6; ++base) {
    auto installed = SnapshotFromFiles("CORP", base, ReleaseFile(base, "CORP.pbk"),
                                       ReleaseFile(base, "CORP.pbr"));
    ASSERT_TRUE(installed);
    auto updated = ApplyUpdate(
        &*installed, ReleaseFile(7, "delta-" + std::to_string(base) + ".cab"), *key, "CORP");
    ASSERT_TRUE(updated) << base << ": " << updated.error().ToString();
    EXPECT_EQ(updated->pbk, full->pbk) << base;
    EXPECT_EQ(updated->pbr, full->pbr) << base;
  }
  EXPECT_FALSE(std::filesystem::exists(temp_ / "ws/CORP/7/delta-1.cab"));
  struct stat key_stat {};
  ASSERT_EQ(::stat((ws_ + "/signing.key").c_str(), &key_stat), 0);
  EXPECT_EQ(key_stat.st_mode & 0777, 0600u);

  nlohmann::json history = Json({"history", "CORP"});
  ASSERT_EQ(history["releases"].size(), 7u);
  const nlohmann::json& v4 = history["releases"][3];
  EXPECT_EQ(v4["added"], 1);
  EXPECT_EQ(v4["changed"], 1);
  EXPECT_EQ(v4["deleted"], 1);
  EXPECT_EQ(v4["deltas_from"], nlohmann::json::array({1, 2, 3}));
  EXPECT_EQ(history["releases"][0]["pops"], 309);
  EXPECT_TRUE(history["pending"].empty());
  if (std::system("command -v cabextract >/dev/null 2>&1") == 0) {
    std::string command = "cabextract -q -t " + ws_ + "/CORP/7/full.cab " + ws_ +
                          "/CORP/7/delta-2.cab >/dev/null 2>&1";
    EXPECT_EQ(std::system(command.c_str()), 0);
  }
}

TEST_F(WorkspaceTest, OnlyPopsInServiceAreReleased) {
  CreateSample();
  ASSERT_EQ(Run({"pop", "edit", "CORP", "5", "--out-of-service"}).code, 0);
  ASSERT_EQ(Run({"publish", "CORP"}).code, 0);
  std::string pbk = ReleaseFile(1, "CORP.pbk");
  EXPECT_EQ(std::count(pbk.begin(), pbk.end(), '\n'), 308);
  EXPECT_EQ(pbk.find("\n5,"), std::string::npos);
  ASSERT_EQ(Run({"pop", "edit", "CORP", "5", "--in-service"}).code, 0);
  Ran ran = Run({"publish", "CORP"});
  ASSERT_EQ(ran.code, 0) << ran.err;
  EXPECT_THAT(ran.out, HasSubstr("1 added, 0 changed, 0 deleted since version 1"));
}

TEST_F(WorkspaceTest, PublishReplacesAFolderLeftByAnInterruptedPublish) {
  CreateSample();
  std::filesystem::create_directories(temp_ / "ws/CORP/1");
  WriteText(temp_ / "ws/CORP/1/full.cab", "junk");
  std::filesystem::create_directories(temp_ / "ws/CORP/.1.partial-99999");
  Ran ran = Run({"publish", "CORP"});
  ASSERT_EQ(ran.code, 0) << ran.err;
  EXPECT_THAT(ran.err, HasSubstr("unrecorded release folder"));
  EXPECT_NE(ReleaseFile(1, "full.cab"), "junk");
  EXPECT_FALSE(std::filesystem::exists(temp_ / "ws/CORP/.1.partial-99999"));
}

TEST_F(WorkspaceTest, KeygenAndPubkeyDefaultToTheWorkspaceKey) {
  Ran made = Run({"keygen"});
  ASSERT_EQ(made.code, 0) << made.err;
  Ran pub = Run({"pubkey"});
  ASSERT_EQ(pub.code, 0);
  EXPECT_EQ(made.out.substr(0, made.out.find('\n')), pub.out.substr(0, pub.out.find('\n')));
  EXPECT_EQ(Run({"keygen"}).code, 1);  // never replaced silently
  CreateSample();
  Ran published = Run({"publish", "CORP"});
  EXPECT_THAT(published.out, Not(HasSubstr("made the workspace signing key")));
}

TEST_F(WorkspaceTest, ABusyWorkspaceIsReportedAfterTheTimeout) {
  ASSERT_EQ(Run({"create", "CORP"}).code, 0);
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((ws_ + "/pbadmin.db").c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
  Ran ran = Run({"pop", "add", "CORP", "--country", "1", "--number", "555-0101"});
  EXPECT_EQ(ran.code, 1);
  EXPECT_THAT(ran.err, HasSubstr("workspace is busy"));
  // Readers are not blocked by a writer (WAL).
  EXPECT_EQ(Run({"list"}).code, 0);
  sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(db);
  EXPECT_EQ(Run({"pop", "add", "CORP", "--country", "1", "--number", "555-0101"}).code, 0);
}

TEST_F(WorkspaceTest, EveryCommandHasHelp) {
  for (std::vector<std::string> command : {std::vector<std::string>{"create"},
                                           {"list"},
                                           {"delete"},
                                           {"region", "add"},
                                           {"region", "list"},
                                           {"region", "rename"},
                                           {"region", "delete"},
                                           {"pop", "add"},
                                           {"pop", "edit"},
                                           {"pop", "delete"},
                                           {"pop", "list"},
                                           {"pop", "show"},
                                           {"import"},
                                           {"export"},
                                           {"publish"},
                                           {"post"},
                                           {"history"},
                                           {"config", "set"},
                                           {"config", "show"},
                                           {"keygen"},
                                           {"pubkey"}}) {
    command.push_back("--help");
    Ran ran = Run(command);
    EXPECT_EQ(ran.code, 0) << command[0];
    EXPECT_THAT(ran.out, HasSubstr("Usage")) << command[0];
  }
}

TEST(ServiceTypesTest, NamesMapToInvertedBits) {
  EXPECT_EQ(*ApplyServiceTypes(0, "Modem,ISDN"), pop_flag::kNoMulticast);
  EXPECT_EQ(*ApplyServiceTypes(0, "none"), kServiceTypeBits);
  EXPECT_EQ(*ApplyServiceTypes(pop_flag::kSurcharge, "multicast"),
            pop_flag::kSurcharge | pop_flag::kNoModem | pop_flag::kNoIsdn);
  EXPECT_FALSE(ApplyServiceTypes(0, ""));
  EXPECT_EQ(ServiceTypeNames(32), "Modem, ISDN");
  EXPECT_EQ(ServiceTypeNames(36), "ISDN");
  EXPECT_EQ(DescribeFlags(96), "Modem, ISDN; surcharge");
}

TEST(PopTextTest, PbaLinesRoundTripAndCsvQuotes) {
  ParsedPops parsed = ParsePopText(
      "1, 1, 0, Redmond, 425, 555-0134, 9600, 56000, 0, 120, ISP\r\n"
      "2, 44, , London, 20, 7946 0000, , , , 32,\n",
      PopTextFormat::kPba);
  ASSERT_TRUE(parsed.problems.empty());
  ASSERT_EQ(parsed.pops.size(), 2u);
  EXPECT_EQ(FormatPbaLine(parsed.pops[0]),
            "1, 1, 0, Redmond, 425, 555-0134, 9600, 56000, 0, 120, ISP");
  EXPECT_EQ(FormatPbaLine(parsed.pops[1]), "2, 44, , London, 20, 7946 0000, , , , 32,");
  EXPECT_FALSE(parsed.pops[1].region_id);
  ParsedPops csv = ParsePopText(
      "country,number,name,service_types,in_service\n44,7946 0001,\"Hull, East\",\"ISDN\",no\n",
      PopTextFormat::kCsv);
  ASSERT_TRUE(csv.problems.empty()) << csv.problems[0].message;
  EXPECT_EQ(csv.pops[0].name, "Hull, East");
  EXPECT_EQ(csv.pops[0].flags, pop_flag::kNoModem | pop_flag::kNoMulticast);
  EXPECT_EQ(csv.in_service[0], 0);
  ParsedPops bad = ParsePopText("country,number,colour\n1,555-0101,red\n", PopTextFormat::kCsv);
  ASSERT_EQ(bad.problems.size(), 1u);
  EXPECT_EQ(bad.problems[0].line, 1u);
}

}  // namespace
}  // namespace cm::pbadmin
