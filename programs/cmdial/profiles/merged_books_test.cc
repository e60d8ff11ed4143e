// SPDX-License-Identifier: MIT
// Merged phone books in cmdial: the installed profile's books, `cmdial pops` and `show` over
// them, and the update of each book from its own server (real pbservers on loopback).
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "cm/file_util.h"
#include "cm/release.h"
#include "profile/profile_package_test_util.h"
#include "profiles/book_pops.h"
#include "profiles/book_updates.h"
#include "profiles/installer.h"
#include "profiles/merged_books_test_util.h"
#include "profiles/pbserver_test_process.h"

namespace cm::cmdial {
namespace {

using testing::InstallMergedCorp;
using testing::RunProfileCommand;
using testing::TempStore;

bool Contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

TEST(MergedBooksTest, InstalledProfileExposesEachBook) {
  TempStore store;
  InstallMergedCorp(store);
  Result<InstalledProfile> profile = FindProfile(store.paths(), "CMAKMADE");
  ASSERT_TRUE(profile) << profile.error().ToString();
  EXPECT_TRUE(profile->diagnostics.empty()) << profile->diagnostics.front().message;
  std::vector<ProfileBook> books = profile->Books();
  ASSERT_EQ(books.size(), 2u);
  EXPECT_EQ(books[0].book, "CMAKMADE");
  EXPECT_FALSE(books[0].merged);
  EXPECT_EQ(books[0].pb_file, "spec-example.pbk");
  const ProfileBook& partner = books[1];
  EXPECT_TRUE(partner.merged);
  EXPECT_EQ(partner.book, "PARTNER");
  EXPECT_EQ(partner.service_name, "Partner dial-up");
  EXPECT_EQ(partner.PhonebookPath(), profile->folder + "/PARTNER.pbk");
  EXPECT_EQ(partner.RegionPath(), profile->folder + "/PARTNER.pbr");
  EXPECT_EQ(partner.VersionName(), "PARTNER.ver");
  EXPECT_EQ(partner.PhonebookVersion(), 7u);
  EXPECT_EQ(partner.pb_url, "http://127.0.0.1:1/pb");
  EXPECT_EQ(partner.publisher_key, testing::kPartnerKey);
  EXPECT_EQ(partner.Label(), "CMAKMADE (merged PARTNER)");
  ASSERT_TRUE(profile->FindBook("partner"));
  EXPECT_EQ(profile->FindBook("partner")->book, "PARTNER");
  Result<ProfileBook> none = profile->FindBook("NOPE");
  ASSERT_FALSE(none);
  EXPECT_TRUE(Contains(none.error().message(), "CMAKMADE, PARTNER")) << none.error().message();
}

TEST(MergedBooksTest, ProfileWithoutMergedProfilesHasOnlyItsOwnBook) {
  TempStore store;
  store.InstallFixture("CMAKMADE");
  Result<InstalledProfile> profile = FindProfile(store.paths(), "CMAKMADE");
  ASSERT_TRUE(profile) << profile.error().ToString();
  EXPECT_TRUE(profile->MergedBooks().empty());
  ASSERT_EQ(profile->Books().size(), 1u);
  EXPECT_EQ(profile->Books()[0].PhonebookPath(), profile->PhonebookPath());
}

TEST(MergedBooksTest, BrokenMergedEntryIsAWarningNamingTheCmsAndKey) {
  TempStore store;
  store.SetEnvironment();
  InstallMergedCorp(store);
  // A line without its section, and a merged book naming the profile's own phone book.
  const std::string cms = store.paths().user_root + "/CMAKMADE/CMAKMADE.cms";
  std::string text = ReadFile(cms).value();
  text.replace(text.find("0=PARTNER"), 9, "0=PARTNER\r\n1=GHOST\r\n2=THIEF");
  text += "[cmsuite Merge&THIEF]\r\nPBFile=CMAKMADE\\spec-example.pbk\r\n";
  ASSERT_TRUE(WriteFileAtomic(cms, text));
  auto show = RunProfileCommand({"show", "CMAKMADE"});
  ASSERT_EQ(show.code, 0) << show.err;
  EXPECT_TRUE(Contains(show.err, "cmdial: warning: " + cms)) << show.err;
  EXPECT_TRUE(Contains(show.err, "[cmsuite Merged Profiles] 1: no [cmsuite Merge&GHOST]"))
      << show.err;
  EXPECT_TRUE(Contains(show.err, "[cmsuite Merge&THIEF] PBFile")) << show.err;
  EXPECT_TRUE(Contains(show.out, "PARTNER (Partner dial-up): PARTNER.pbk version 7")) << show.out;
  EXPECT_FALSE(Contains(show.out, "THIEF")) << show.out;
  auto pops = RunProfileCommand({"pops", "CMAKMADE", "--country", "GB"});
  ASSERT_EQ(pops.code, 0) << pops.err;
  EXPECT_TRUE(Contains(pops.err, "GHOST")) << pops.err;
  EXPECT_TRUE(Contains(pops.out, "Partner London")) << pops.out;
}

TEST(MergedBooksTest, ShowJsonListsMergedBooksWithVersions) {
  TempStore store;
  store.SetEnvironment();
  InstallMergedCorp(store);
  auto show = RunProfileCommand({"show", "CMAKMADE", "--json"});
  ASSERT_EQ(show.code, 0) << show.err;
  nlohmann::json out = nlohmann::json::parse(show.out);
  ASSERT_EQ(out["merged_phonebooks"].size(), 1u);
  const nlohmann::json& partner = out["merged_phonebooks"][0];
  EXPECT_EQ(partner["book"], "PARTNER");
  EXPECT_EQ(partner["service_name"], "Partner dial-up");
  EXPECT_EQ(partner["file"], "PARTNER.pbk");
  EXPECT_EQ(partner["version"], 7);
  EXPECT_EQ(partner["url"], "http://127.0.0.1:1/pb");
}

TEST(MergedBooksTest, PopsListsTheMergedBookAfterTheOwnNamingIt) {
  TempStore store;
  store.SetEnvironment();
  InstallMergedCorp(store);
  auto pops = RunProfileCommand({"pops", "CMAKMADE", "--country", "GB", "--json"});
  ASSERT_EQ(pops.code, 0) << pops.err;
  nlohmann::json list = nlohmann::json::parse(pops.out);
  std::vector<std::string> rows;
  for (const nlohmann::json& pop : list) {
    rows.push_back(pop["book"].get<std::string>() + ":" + std::to_string(pop["pop_id"].get<int>()) +
                   " " + pop["name"].get<std::string>());
  }
  const std::vector<std::string> expected = {
      "CMAKMADE:6 London Docklands", "CMAKMADE:7 London City ISDN",
      "CMAKMADE:8 Manchester",       "CMAKMADE:9 Leeds",
      "PARTNER:6 Partner London",    "PARTNER:22 Partner Leeds ISDN",
      "PARTNER:23 Partner York"};
  EXPECT_EQ(rows, expected);
  EXPECT_EQ(list[5]["region"], "Yorkshire");  // the merged book's own region file

  auto text = RunProfileCommand({"pops", "CMAKMADE", "--country", "GB"});
  ASSERT_EQ(text.code, 0) << text.err;
  // BOOK is 12 wide, then the 6-wide POP column as without merged books.
  EXPECT_TRUE(text.out.starts_with("BOOK" + std::string(13, ' ') + "POP  NAME")) << text.out;
  EXPECT_TRUE(Contains(text.out, "\nPARTNER" + std::string(12, ' ') + "6  Partner London"))
      << text.out;
  EXPECT_TRUE(Contains(text.out, "\nCMAKMADE" + std::string(11, ' ') + "6  London Docklands"))
      << text.out;
}

TEST(MergedBooksTest, PopsFiltersApplyToEveryBook) {
  TempStore store;
  store.SetEnvironment();
  InstallMergedCorp(store);
  auto names = [](const std::vector<std::string>& args) {
    std::vector<std::string> full = {"pops", "CMAKMADE", "--json"};
    full.insert(full.end(), args.begin(), args.end());
    auto result = RunProfileCommand(full);
    EXPECT_EQ(result.code, 0) << result.err;
    std::vector<std::string> out;
    if (result.code != 0) return out;
    for (const nlohmann::json& pop : nlohmann::json::parse(result.out)) {
      out.push_back(pop["book"].get<std::string>() + " " + pop["name"].get<std::string>());
    }
    return out;
  };
  // The service type (the profile's filters) applies to the merged book too: no ISDN POPs.
  EXPECT_EQ(names({"--country", "GB", "--service-type", "Modem"}),
            (std::vector<std::string>{"CMAKMADE London Docklands", "CMAKMADE Manchester",
                                      "CMAKMADE Leeds", "PARTNER Partner London",
                                      "PARTNER Partner York"}));
  // A region of one book's region file only lists that book's POPs.
  EXPECT_EQ(names({"--region", "Yorkshire"}),
            (std::vector<std::string>{"PARTNER Partner Leeds ISDN", "PARTNER Partner York"}));
  EXPECT_EQ(names({"--region", "North of England"}),
            (std::vector<std::string>{"CMAKMADE Manchester", "CMAKMADE Leeds"}));
  EXPECT_EQ(names({"--country", "US", "--region", "London"}), std::vector<std::string>{});
  // A region no book has is refused, as without merged books.
  auto unknown = RunProfileCommand({"pops", "CMAKMADE", "--region", "Atlantis"});
  EXPECT_EQ(unknown.code, 1);
  EXPECT_TRUE(Contains(unknown.err, "region 'Atlantis'")) << unknown.err;
}

TEST(MergedBooksTest, PopChoiceTakesBookAndId) {
  EXPECT_EQ(ParsePopChoice("12").book, "");
  EXPECT_EQ(ParsePopChoice("12").id, "12");
  EXPECT_EQ(ParsePopChoice("PARTNER:6").book, "PARTNER");
  EXPECT_EQ(ParsePopChoice("PARTNER:6").id, "6");
  ProfileBook own;
  own.book = "CMAKMADE";
  ProfileBook merged = own;
  merged.book = "PARTNER";
  merged.merged = true;
  EXPECT_EQ(PopChoiceText(own, 6), "6");
  EXPECT_EQ(PopChoiceText(merged, 6), "PARTNER:6");
}

TEST(MergedBooksTest, ReinstallKeepsAMergedBookTheServerUpdated) {
  TempStore store;
  const SigningKey profile_key = SigningKey::Generate();
  cm::testing::TestPackage package = cm::testing::TestPackage::Minimal("DEMO", "Demo");
  package.files["DEMO.cms"] += testing::PartnerSections("DEMO", "http://127.0.0.1:1/pb");
  package.files["PARTNER.pbk"] = std::string(testing::kPartnerPbk);
  package.files["PARTNER.pbr"] = std::string(testing::kPartnerPbr);
  package.files["PARTNER.ver"] = "7\r\n";
  package.key = &profile_key;
  const std::string cab = package.Build();
  InstalledProfile profile = InstallPackage(store.paths(), cab, {}).value().installed;
  // The server updated PARTNER to 9 since the package was built.
  const std::string updated = "30,1,0,Partner Spokane,509,555-0300,9600,56000,0,32,\r\n";
  ASSERT_TRUE(WriteFileAtomic(profile.FilePath("PARTNER.pbk"), updated));
  ASSERT_TRUE(WriteFileAtomic(profile.FilePath("PARTNER.ver"), "9\r\n"));
  Result<InstallReport> again = InstallPackage(store.paths(), cab, {});
  ASSERT_TRUE(again) << again.error().ToString();
  EXPECT_TRUE(again->kept_newer_phonebook);
  EXPECT_EQ(ReadFile(profile.FilePath("PARTNER.pbk")).value(), updated);
  EXPECT_EQ(again->installed.MergedBooks().at(0).PhonebookVersion(), 9u);
}

// --- updates: each book from its own pbserver, verified with its own key ---------------------

const std::string& kPbserver = testing::kTestPbserver;

ReleaseSnapshot Snapshot(std::string_view name, uint32_t version, std::string_view prefix) {
  Phonebook book;
  for (uint32_t id = 1; id <= version + 1; ++id) {
    Pop pop;
    pop.pop_id = id;
    pop.country = 1;
    pop.region_id = 1;
    pop.name = std::string(prefix) + " " + std::to_string(id);
    pop.area_code = "206";
    pop.number = "555-01" + std::to_string(10 + id);
    pop.flags = 32;
    book.Add(std::move(pop));
  }
  RegionList regions;
  regions.names = {"Seattle"};
  return MakeSnapshot(std::string(name), version, book, regions).value();
}

// A pbserver on 127.0.0.1 serving one phone book, versions 1..3, signed by `signer`.
class OneBookServer {
 public:
  OneBookServer(const std::string& dir, const std::string& name, const SigningKey& signer,
                std::string_view prefix) {
    const std::string data = dir + "/data";
    std::vector<ReleaseSnapshot> snapshots;
    for (uint32_t v = 1; v <= 3; ++v) snapshots.push_back(Snapshot(name, v, prefix));
    testing::ServePhonebook(data, name, snapshots, signer);
    url_ = server_.Start(dir, data);
    snapshots_ = std::move(snapshots);
  }
  OneBookServer(const OneBookServer&) = delete;
  OneBookServer& operator=(const OneBookServer&) = delete;

  const std::string& url() const { return url_; }
  const ReleaseSnapshot& snapshot(uint32_t version) const { return snapshots_[version - 1]; }

 private:
  testing::PbserverProcess server_;
  std::string url_;
  std::vector<ReleaseSnapshot> snapshots_;
};

TEST(MergedBooksUpdateTest, EachBookFromItsOwnServerOneBadSignatureDoesNotStopTheOther) {
  if (::access(kPbserver.c_str(), X_OK) != 0) {
    GTEST_SKIP() << "pbserver is not built (cmake --build ... --target pbserver)";
  }
  TempStore store;
  const SigningKey own_publisher = SigningKey::Generate();
  const SigningKey impostor = SigningKey::Generate();  // signs what the own server sends
  const SigningKey partner_publisher = SigningKey::Generate();
  const SigningKey profile_key = SigningKey::Generate();
  std::filesystem::create_directories(store.dir() + "/own");
  std::filesystem::create_directories(store.dir() + "/partner");
  OneBookServer own_server(store.dir() + "/own", "SAMPLE", impostor, "Own");
  OneBookServer partner_server(store.dir() + "/partner", "PARTNER", partner_publisher, "Partner");
  ASSERT_FALSE(own_server.url().empty());
  ASSERT_FALSE(partner_server.url().empty());

  // DEMO ships SAMPLE 2 (own) and PARTNER 2 (merged), each naming its own server and key.
  cm::testing::TestPackage package = cm::testing::TestPackage::Minimal("DEMO", "Demo");
  package.files["DEMO.cms"] +=
      "[ISP]\r\nPBFile=DEMO\\SAMPLE.pbk\r\nRegionFile=DEMO\\SAMPLE.pbr\r\nPBURL=" +
      own_server.url() +
      "\r\n[cmsuite Phonebook]\r\nPublisherKey=" + own_publisher.public_key().ToString() +
      "\r\n[cmsuite Merged Profiles]\r\n0=PARTNER\r\n[cmsuite Merge&PARTNER]\r\n"
      "ServiceName=Partner\r\nPBFile=DEMO\\PARTNER.pbk\r\nRegionFile=DEMO\\PARTNER.pbr\r\n"
      "PBURL=" +
      partner_server.url() + "\r\nPublisherKey=" + partner_publisher.public_key().ToString() +
      "\r\n";
  package.files["SAMPLE.pbk"] = own_server.snapshot(2).pbk;
  package.files["SAMPLE.pbr"] = own_server.snapshot(2).pbr;
  package.files["SAMPLE.ver"] = VersionFileBytes(2);
  package.files["PARTNER.pbk"] = partner_server.snapshot(2).pbk;
  package.files["PARTNER.pbr"] = partner_server.snapshot(2).pbr;
  package.files["PARTNER.ver"] = VersionFileBytes(2);
  package.key = &profile_key;
  InstalledProfile profile = InstallPackage(store.paths(), package.Build(), {}).value().installed;

  UpdateOptions options;
  options.log_path = store.dir() + "/update.log";
  std::vector<BookUpdate> results = UpdateAllPhonebooks(profile, options);
  ASSERT_EQ(results.size(), 2u);
  // The profile's own book: its server's cabinet is not signed by the profile's key -> kept.
  EXPECT_EQ(results[0].book.book, "DEMO");
  ASSERT_FALSE(results[0].outcome);
  EXPECT_EQ(results[0].outcome.error().code(), Errc::kSignature)
      << results[0].outcome.error().ToString();
  EXPECT_EQ(ReadFile(profile.FilePath("SAMPLE.pbk")).value(), own_server.snapshot(2).pbk);
  EXPECT_EQ(profile.OwnBook().PhonebookVersion(), 2u);
  // The merged book, asked after the failure, from its own server with its own key -> 3.
  EXPECT_EQ(results[1].book.book, "PARTNER");
  ASSERT_TRUE(results[1].outcome) << results[1].outcome.error().ToString();
  EXPECT_EQ(results[1].outcome->kind, PhonebookUpdateKind::kDelta);
  EXPECT_EQ(results[1].outcome->new_version, 3u);
  EXPECT_EQ(ReadFile(profile.FilePath("PARTNER.pbk")).value(), partner_server.snapshot(3).pbk);
  EXPECT_EQ(profile.MergedBooks()[0].PhonebookVersion(), 3u);
  const std::string log = ReadFile(options.log_path).value_or("");
  EXPECT_TRUE(Contains(log, "DEMO phone book update failed, kept version 2")) << log;
  EXPECT_TRUE(Contains(log, "DEMO (merged PARTNER) phone book PARTNER 2 -> 3 (delta)")) << log;

  // The command does the same and says so: exit 1 (one book failed), the other updated.
  store.SetEnvironment();
  auto command = RunProfileCommand({"update-phonebook", "DEMO"});
  EXPECT_EQ(command.code, 1);
  EXPECT_TRUE(Contains(command.err, "DEMO: phone book update failed")) << command.err;
  EXPECT_TRUE(Contains(command.out, "phone book PARTNER version 3 is up to date")) << command.out;
}

}  // namespace
}  // namespace cm::cmdial
