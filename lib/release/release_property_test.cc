// SPDX-License-Identifier: MIT
// Property: over 1,000 random edit histories, every delta cabinet of every release turns the
// base release into the target release byte for byte.
#include <gtest/gtest.h>

#include <map>
#include <random>

#include "cm/release.h"

namespace cm {
namespace {

class History {
 public:
  explicit History(uint32_t seed) : rng_(seed) {
    size_t initial = rng_() % 30;
    for (size_t i = 0; i < initial; ++i) AddRandom();
    size_t regions = rng_() % 4;
    for (size_t i = 0; i < regions; ++i) regions_.names.push_back("Region " + Word());
  }

  // Applies a random batch of edits (possibly none).
  void Edit() {
    size_t operations = rng_() % 8;
    for (size_t i = 0; i < operations; ++i) {
      uint32_t choice = rng_() % 10;
      if (choice < 4 || pops_.empty()) {
        AddRandom();
      } else if (choice < 7) {
        auto it = Pick();
        it->second.number = "555-01" + std::to_string(rng_() % 100);
        if (rng_() % 2) it->second.name = "Renamed " + Word();
        if (rng_() % 3 == 0) it->second.flags = (rng_() % 16) * 4;
      } else {
        pops_.erase(Pick());
      }
    }
    if (rng_() % 6 == 0) regions_.names.push_back("Region " + Word());
    if (rng_() % 9 == 0 && !regions_.names.empty()) regions_.names.pop_back();
  }

  Phonebook Book() {
    // Insert in a shuffled order: MakeSnapshot must sort.
    std::vector<const Pop*> order;
    for (const auto& [id, pop] : pops_) order.push_back(&pop);
    std::shuffle(order.begin(), order.end(), rng_);
    Phonebook book;
    for (const Pop* pop : order) book.Add(*pop);
    return book;
  }
  const RegionList& regions() const { return regions_; }

 private:
  std::string Word() { return std::to_string(rng_() % 1000); }
  std::map<uint32_t, Pop>::iterator Pick() {
    auto it = pops_.begin();
    std::advance(it, rng_() % pops_.size());
    return it;
  }
  void AddRandom() {
    Pop pop;
    uint32_t id = 1 + rng_() % 500;
    if (pops_.count(id)) return;
    pop.pop_id = id;
    pop.country = (rng_() % 2) ? 44 : 1;
    if (rng_() % 4) pop.region_id = rng_() % 4;
    pop.name = "City " + Word();
    if (rng_() % 3) pop.area_code = std::to_string(20 + rng_() % 900);
    pop.number = "555-01" + std::to_string(rng_() % 100);
    if (rng_() % 2) pop.min_speed = 9600;
    if (rng_() % 2) pop.max_speed = 56000;
    pop.flags = (rng_() % 16) * 4;
    if (rng_() % 5 == 0) pop.dun = "Dun" + Word();
    pops_[id] = pop;
  }

  std::mt19937 rng_;
  std::map<uint32_t, Pop> pops_;
  RegionList regions_;
};

TEST(ReleasePropertyTest, EveryDeltaReproducesItsTarget) {
  SigningKey key = SigningKey::Generate();
  size_t deltas_checked = 0;
  for (uint32_t seed = 1; seed <= 1000; ++seed) {
    History history(seed);
    std::vector<ReleaseSnapshot> releases;
    uint32_t versions = 2 + seed % 7;
    for (uint32_t version = 1; version <= versions; ++version) {
      if (version > 1) history.Edit();
      auto snapshot = MakeSnapshot("PROP", version, history.Book(), history.regions());
      ASSERT_TRUE(snapshot) << "seed " << seed << ": " << snapshot.error().ToString();
      auto release = BuildRelease(*snapshot, releases, key);
      ASSERT_TRUE(release) << "seed " << seed << ": " << release.error().ToString();
      for (const auto& [base, cabinet] : release->delta_cabinets) {
        auto updated = ApplyUpdate(&releases[base - 1], cabinet, key.public_key(), "PROP");
        ASSERT_TRUE(updated) << "seed " << seed << " " << base << "->" << version << ": "
                             << updated.error().ToString();
        ASSERT_EQ(updated->pbk, snapshot->pbk) << "seed " << seed << " " << base << "->" << version;
        ASSERT_EQ(updated->pbr, snapshot->pbr) << "seed " << seed << " " << base << "->" << version;
        ++deltas_checked;
      }
      auto full = ApplyUpdate(nullptr, release->full_cabinet, key.public_key(), "PROP");
      ASSERT_TRUE(full) << full.error().ToString();
      ASSERT_EQ(full->pbk, snapshot->pbk);
      releases.push_back(*std::move(snapshot));
    }
  }
  // Every history after its first version contributes deltas; make sure the loop really ran.
  EXPECT_GT(deltas_checked, 5000u);
}

}  // namespace
}  // namespace cm
