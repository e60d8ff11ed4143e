// SPDX-License-Identifier: MIT
#include "bench_data.h"

#include <random>
#include <string>

namespace cm::bench {
namespace {

constexpr uint32_t kCountries[] = {1, 44, 49, 33, 39, 34, 81, 61, 91, 55, 52, 31};
const char* const kCities[] = {"Redmond",   "London Docklands", "Berlin Mitte",     "Paris Nord",
                               "Milano",    "Madrid Centro",    "Tokyo Shinjuku",   "Sydney CBD",
                               "Hyderabad", "Sao Paulo",        "Ciudad de Mexico", "Amsterdam"};

Pop RandomPop(uint32_t id, std::mt19937& rng) {
  Pop pop;
  size_t c = rng() % std::size(kCountries);
  pop.pop_id = id;
  pop.country = kCountries[c];
  pop.region_id = rng() % 41;
  pop.name = std::string(kCities[c]) + " " + std::to_string(id % 1000);
  pop.area_code = std::to_string(200 + rng() % 700);
  pop.number = "555-01" + std::to_string(10 + rng() % 90);
  pop.min_speed = 9600;
  pop.max_speed = (rng() % 2) ? 56000 : 128000;
  pop.reserved = 0;
  pop.flags = (rng() % 4) * 4 + 0x20;
  if (rng() % 3 == 0) pop.dun = "CorpDialup";
  return pop;
}

}  // namespace

Phonebook MakeSyntheticPhonebook(size_t pops, uint32_t seed) {
  std::mt19937 rng(seed);
  Phonebook book;
  for (size_t i = 1; i <= pops; ++i) book.Add(RandomPop(static_cast<uint32_t>(i), rng));
  return book;
}

Phonebook MakeEditedPhonebook(const Phonebook& base, size_t changes, uint32_t seed) {
  std::mt19937 rng(seed);
  // Choose which existing POPs to edit or delete: every k-th one, offset by the seed.
  size_t edits = changes / 3, deletes = changes / 3, adds = changes - edits - deletes;
  size_t stride = base.size() / (edits + deletes + 1);
  Phonebook out;
  size_t touched = 0;
  for (size_t i = 0; i < base.size(); ++i) {
    PopView view = base[i];
    if (stride > 0 && i % stride == stride / 2 && touched < edits + deletes) {
      ++touched;
      if (touched <= edits) {
        Pop pop = view.ToPop();
        pop.number = "555-01" + std::to_string(10 + rng() % 90);
        pop.name += " (moved)";
        out.Add(pop);
      }
      continue;  // a deleted POP
    }
    out.Add(view);
  }
  uint32_t next_id = static_cast<uint32_t>(base.size()) + 1000000;
  for (size_t i = 0; i < adds; ++i) out.Add(RandomPop(next_id++, rng));
  return out;
}

}  // namespace cm::bench
