// SPDX-License-Identifier: MIT
// Tests of posting: checks, the atomic switch-in, pinned keys, the incoming folder, reloading.
#include "post_service.h"

#include <gtest/gtest.h>
#include <sodium.h>

#include <filesystem>
#include <sstream>

#include "cli.h"
#include "cm/file_util.h"
#include "test_releases.h"
#include "users.h"

namespace cm::pbserver {
namespace {

namespace fs = std::filesystem;

std::string BasicHeader(const std::string& user, const std::string& password) {
  std::string plain = user + ":" + password;
  std::string out(sodium_base64_ENCODED_LEN(plain.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(plain.data()),
                    plain.size(), sodium_base64_VARIANT_ORIGINAL);
  out.resize(out.size() - 1);
  return "Basic " + out;
}

class PostingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    data_ = testing::MakeTempDir("posting");
    ASSERT_TRUE(DataStore(data_).Prepare());
    service_ = std::make_unique<PostService>(DataStore(data_), Users(), PostOptions{}, &catalog_,
                                             &counters_);
  }
  void TearDown() override { fs::remove_all(data_); }

  static std::map<std::string, std::string> Users() {
    static const std::string hash = HashPassword("correct horse").value();
    return {{"alice", hash}};
  }

  Response Post(const Release& release, const std::string& name = "CORP") {
    return service_->Accept(name, std::to_string(release.version), testing::Bundle(release));
  }
  uint32_t Served(const std::string& name = "CORP") {
    const PhonebookEntry* entry = catalog_.Load()->Find(name);
    return entry == nullptr ? 0 : entry->version;
  }

  std::string data_;
  CatalogHolder catalog_;
  Counters counters_{1};
  std::unique_ptr<PostService> service_;
  testing::TestPublisher publisher_;
};

// `pbserver phonebook pin NAME --key K --data DIR`; returns the exit code, output in *out/*err.
int Pin(const std::string& data, const std::string& name, const std::string& key,
        std::string* out = nullptr, std::string* err = nullptr) {
  std::istringstream in;
  std::ostringstream o, e;
  int code = RunPbserver({"pbserver", "phonebook", "pin", name, "--key", key, "--data", data}, in,
                         o, e);
  if (out != nullptr) *out = o.str();
  if (err != nullptr) *err = e.str();
  return code;
}

TEST_F(PostingTest, AdministratorPinsAKeyBeforeTheFirstPost) {
  testing::TestPublisher intruder;
  std::string out;
  ASSERT_EQ(Pin(data_, "CORP", publisher_.public_key().ToString(), &out), 0);
  EXPECT_NE(out.find("pinned"), std::string::npos) << out;
  EXPECT_EQ(ReadFile(data_ + "/CORP/publisher.key").value(),
            publisher_.public_key().ToString() + "\n");
  // The first post is no longer trusted on first use: another key is refused.
  EXPECT_EQ(Post(intruder.Make("CORP", 1)).status(), 422);
  EXPECT_EQ(Served(), 0u);
  EXPECT_EQ(Post(publisher_.Make("CORP", 1)).status(), 201);
  // Pinning the same key again changes nothing.
  ASSERT_EQ(Pin(data_, "CORP", publisher_.public_key().ToString(), &out), 0);
  EXPECT_NE(out.find("already"), std::string::npos) << out;
}

TEST_F(PostingTest, AdministratorChangesThePinnedKey) {
  ASSERT_EQ(Post(publisher_.Make("CORP", 1)).status(), 201);
  testing::TestPublisher successor;
  successor.Make("CORP", 1);
  Release next = successor.Make("CORP", 2);
  EXPECT_EQ(Post(next).status(), 422);  // not the pinned key
  std::string out, err;
  ASSERT_EQ(Pin(data_, "CORP", successor.public_key().ToString(), &out, &err), 0) << err;
  EXPECT_NE(out.find("was " + publisher_.public_key().ToString()), std::string::npos) << out;
  // The served version 1 is signed by the old key: the administrator is told.
  EXPECT_NE(err.find("version 1 is signed by another key"), std::string::npos) << err;
  EXPECT_EQ(ReadFile(data_ + "/CORP/publisher.key").value(),
            successor.public_key().ToString() + "\n");
  Response r = Post(next);
  EXPECT_EQ(r.status(), 201) << r.body();
  EXPECT_EQ(Served(), 2u);
  EXPECT_EQ(Post(publisher_.Make("CORP", 3)).status(), 422);  // the old key is no longer trusted
  // After the change and the new release, a reload serves version 2 under the new key.
  std::vector<std::string> warnings;
  ASSERT_TRUE(service_->LoadAll(&warnings));
  EXPECT_TRUE(warnings.empty()) << warnings.front();
  EXPECT_EQ(Served(), 2u);
}

TEST_F(PostingTest, PinRefusesBadNamesAndKeys) {
  std::string key = publisher_.public_key().ToString();
  std::string err;
  EXPECT_NE(Pin(data_, "../etc", key, nullptr, &err), 0);
  EXPECT_NE(err.find("not a phone book name"), std::string::npos) << err;
  EXPECT_NE(Pin(data_, "incoming", key), 0);
  EXPECT_NE(Pin(data_, "CORP", "ed25519:not-a-key", nullptr, &err), 0);
  EXPECT_NE(Pin(data_, "CORP", "", nullptr, &err), 0);
  EXPECT_FALSE(fs::exists(data_ + "/CORP"));
  EXPECT_FALSE(fs::exists(fs::path(data_).parent_path() / "etc" / "publisher.key"));
}

TEST_F(PostingTest, CredentialsAreChecked) {
  std::string user;
  EXPECT_TRUE(service_->Authenticate(BasicHeader("alice", "correct horse"), &user));
  EXPECT_EQ(user, "alice");
  EXPECT_FALSE(service_->Authenticate(BasicHeader("alice", "wrong"), &user));
  EXPECT_FALSE(service_->Authenticate(BasicHeader("mallory", "correct horse"), &user));
  EXPECT_FALSE(service_->Authenticate("", &user));
  EXPECT_FALSE(service_->Authenticate("Bearer xyz", &user));
  Response r = PostService::Unauthorized();
  EXPECT_EQ(r.status(), 401);
  EXPECT_NE(r.head().find("WWW-Authenticate: Basic realm=\"pbserver\""), std::string_view::npos);
}

TEST_F(PostingTest, FirstPostPinsAndServes) {
  Response r = Post(publisher_.Make("CORP", 1));
  ASSERT_EQ(r.status(), 201) << r.body();
  EXPECT_EQ(r.body(), "{\"phonebook\": \"CORP\", \"version\": 1, \"deltas\": []}\n");
  EXPECT_EQ(Served(), 1u);
  EXPECT_EQ(ReadFile(data_ + "/CORP/current").value(), "1\n");
  EXPECT_EQ(ReadFile(data_ + "/CORP/publisher.key").value(),
            publisher_.public_key().ToString() + "\n");
  EXPECT_TRUE(fs::exists(data_ + "/CORP/1/full.cab"));
  EXPECT_EQ(counters_.posts_accepted.load(), 1u);
}

TEST_F(PostingTest, DeltasAreCheckedAgainstStoredBases) {
  ASSERT_EQ(Post(publisher_.Make("CORP", 1)).status(), 201);
  ASSERT_EQ(Post(publisher_.Make("CORP", 2)).status(), 201);
  Response r = Post(publisher_.Make("CORP", 3));
  ASSERT_EQ(r.status(), 201) << r.body();
  EXPECT_EQ(r.body(), "{\"phonebook\": \"CORP\", \"version\": 3, \"deltas\": [1,2]}\n");
  EXPECT_TRUE(fs::exists(data_ + "/CORP/3/delta-1.cab"));
  EXPECT_TRUE(fs::exists(data_ + "/CORP/1/full.cab"));  // old versions are kept
  ASSERT_NE(catalog_.Load()->Find("CORP"), nullptr);
  EXPECT_TRUE(catalog_.Load()->Find("CORP")->deltas[1].has_value());
}

TEST_F(PostingTest, OlderOrSameVersionIs409) {
  publisher_.Make("CORP", 1);
  Release v2 = publisher_.Make("CORP", 2);
  Release v3 = publisher_.Make("CORP", 3);
  ASSERT_EQ(Post(v3).status(), 201);
  Response same = Post(v3);
  EXPECT_EQ(same.status(), 409);
  EXPECT_NE(same.body().find("served version 3"), std::string_view::npos) << same.body();
  EXPECT_EQ(Post(v2).status(), 409);
  EXPECT_EQ(Served(), 3u);
}

TEST_F(PostingTest, TamperedReleaseIs422AndOldVersionStays) {
  ASSERT_EQ(Post(publisher_.Make("CORP", 1)).status(), 201);
  Release v2 = publisher_.Make("CORP", 2);
  v2.full_cabinet[v2.full_cabinet.size() / 2] ^= 0x5a;
  Response r = Post(v2);
  EXPECT_EQ(r.status(), 422) << r.body();
  EXPECT_EQ(Served(), 1u);
  EXPECT_FALSE(fs::exists(data_ + "/CORP/2"));
  EXPECT_EQ(counters_.posts_refused.load(), 1u);
}

TEST_F(PostingTest, TamperedDeltaIs422) {
  ASSERT_EQ(Post(publisher_.Make("CORP", 1)).status(), 201);
  Release v2 = publisher_.Make("CORP", 2);
  std::string& delta = v2.delta_cabinets.at(1);
  delta[delta.size() / 2] ^= 0x5a;
  EXPECT_EQ(Post(v2).status(), 422);
  EXPECT_EQ(Served(), 1u);
}

TEST_F(PostingTest, WrongKeyIs422UnlessAllowed) {
  ASSERT_EQ(Post(publisher_.Make("CORP", 1)).status(), 201);
  testing::TestPublisher intruder;
  intruder.Make("CORP", 1);
  Release evil = intruder.Make("CORP", 2);
  Response r = Post(evil);
  EXPECT_EQ(r.status(), 422);
  EXPECT_NE(r.body().find("pinned key"), std::string_view::npos) << r.body();
  EXPECT_EQ(Served(), 1u);
  // An administrator allows the key change: the new key is pinned.
  PostService allowing(DataStore(data_), Users(), PostOptions{true, {}}, &catalog_, &counters_);
  Response allowed = allowing.Accept("CORP", "2", testing::Bundle(evil));
  EXPECT_EQ(allowed.status(), 201) << allowed.body();
  EXPECT_EQ(ReadFile(data_ + "/CORP/publisher.key").value(),
            intruder.public_key().ToString() + "\n");
}

TEST_F(PostingTest, MalformedPostsAre400Or422) {
  Release v1 = publisher_.Make("CORP", 1);
  EXPECT_EQ(service_->Accept("CORP", "1", "not a cabinet").status(), 400);
  EXPECT_EQ(service_->Accept("CORP", "", testing::Bundle(v1)).status(), 400);
  EXPECT_EQ(service_->Accept("CORP", "2", testing::Bundle(v1)).status(), 422);  // header lies
  EXPECT_EQ(service_->Accept("OTHER", "1", testing::Bundle(v1)).status(), 422);  // wrong book
  EXPECT_EQ(service_->Accept("incoming", "1", testing::Bundle(v1)).status(), 422);
  EXPECT_EQ(Served(), 0u);
  EXPECT_FALSE(fs::exists(data_ + "/CORP/current"));
}

TEST_F(PostingTest, ReloadServesWhatWasCommitted) {
  publisher_.Make("CORP", 1);
  ASSERT_EQ(Post(publisher_.Make("CORP", 2)).status(), 201);
  CatalogHolder fresh;
  PostService reloaded(DataStore(data_), Users(), PostOptions{}, &fresh, nullptr);
  std::vector<std::string> warnings;
  ASSERT_TRUE(reloaded.LoadAll(&warnings));
  EXPECT_TRUE(warnings.empty());
  ASSERT_NE(fresh.Load()->Find("CORP"), nullptr);
  EXPECT_EQ(fresh.Load()->Find("CORP")->version, 2u);
  EXPECT_TRUE(fresh.Load()->Find("CORP")->deltas[1].has_value());
}

TEST_F(PostingTest, LeftoversOfACrashedCommitAreHarmless) {
  ASSERT_EQ(Post(publisher_.Make("CORP", 1)).status(), 201);
  Release v2 = publisher_.Make("CORP", 2);
  // A crash after the folder moved into place but before `current` switched, and one mid-write.
  fs::create_directories(data_ + "/CORP/2");
  ASSERT_TRUE(WriteFileAtomic(data_ + "/CORP/2/full.cab", "half"));
  fs::create_directories(data_ + "/CORP/.staging-crash");
  ASSERT_TRUE(DataStore(data_).Prepare());
  EXPECT_FALSE(fs::exists(data_ + "/CORP/.staging-crash"));
  CatalogHolder fresh;
  PostService reloaded(DataStore(data_), Users(), PostOptions{}, &fresh, nullptr);
  std::vector<std::string> warnings;
  ASSERT_TRUE(reloaded.LoadAll(&warnings));
  EXPECT_EQ(fresh.Load()->Find("CORP")->version, 1u);
  EXPECT_EQ(reloaded.Accept("CORP", "2", testing::Bundle(v2)).status(), 201);
  EXPECT_EQ(ReadFile(data_ + "/CORP/2/full.cab").value(), v2.full_cabinet);
}

TEST_F(PostingTest, IncomingFolderSwitchesInAndRejects) {
  Release v1 = publisher_.Make("CORP", 1);
  std::string dir = data_ + "/incoming/CORP/1";
  fs::create_directories(dir);
  ASSERT_TRUE(WriteFileAtomic(dir + "/full.cab", v1.full_cabinet));
  std::vector<std::string> log;
  EXPECT_EQ(service_->ScanIncoming(&log), 0u);  // no READY yet
  ASSERT_TRUE(WriteFileAtomic(dir + "/READY", ""));
  EXPECT_EQ(service_->ScanIncoming(&log), 1u);
  EXPECT_EQ(Served(), 1u);
  EXPECT_FALSE(fs::exists(dir));
  // A tampered one is renamed with a reason.
  Release v2 = publisher_.Make("CORP", 2);
  v2.full_cabinet[v2.full_cabinet.size() / 2] ^= 1;
  std::string bad = data_ + "/incoming/CORP/2";
  fs::create_directories(bad);
  ASSERT_TRUE(WriteFileAtomic(bad + "/full.cab", v2.full_cabinet));
  ASSERT_TRUE(WriteFileAtomic(bad + "/READY", ""));
  EXPECT_EQ(service_->ScanIncoming(&log), 0u);
  EXPECT_EQ(Served(), 1u);
  auto reason = ReadFile(data_ + "/incoming/CORP/2.rejected/REASON");
  ASSERT_TRUE(reason);
  EXPECT_EQ(reason->substr(0, 4), "422 ");
  EXPECT_EQ(log.size(), 2u);
}

TEST_F(PostingTest, DeleteStopsServingAndPurgeRemoves) {
  ASSERT_EQ(Post(publisher_.Make("CORP", 1)).status(), 201);
  DataStore store(data_);
  ASSERT_TRUE(store.DeletePhonebook("CORP", false));
  EXPECT_TRUE(fs::exists(data_ + "/CORP/1/full.cab"));  // cabinets stay, as in the seed
  EXPECT_TRUE(store.ListPhonebooks().value().empty());
  std::vector<std::string> warnings;
  ASSERT_TRUE(service_->LoadAll(&warnings));
  EXPECT_EQ(Served(), 0u);
  ASSERT_TRUE(store.DeletePhonebook("CORP", true));
  EXPECT_FALSE(fs::exists(data_ + "/CORP"));
  EXPECT_EQ(store.DeletePhonebook("CORP", false).error().code(), Errc::kNotFound);
}

}  // namespace
}  // namespace cm::pbserver
