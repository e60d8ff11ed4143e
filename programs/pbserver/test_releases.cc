// SPDX-License-Identifier: MIT
// Making real signed releases and post bundles for pbserver's tests.
#include "test_releases.h"

#include <fmt/format.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <stdexcept>

#include "cm/cab.h"

namespace cm::pbserver::testing {

Release TestPublisher::Make(const std::string& name, uint32_t version, uint32_t extra_pops) {
  std::string pbk;
  for (uint32_t i = 1; i <= 10 + version; ++i) {
    // POP i changes every version when i is even, so deltas have work to do.
    pbk += fmt::format("{},1,1,City {} v{},206,555-{:04},9600,56000,0,32,CorpDialup\r\n", i, i,
                       i % 2 == 0 ? version : 0, i);
  }
  uint32_t number = 12345;
  for (uint32_t i = 0; i < extra_pops; ++i) {
    number = number * 1103515245u + 12345u;  // any scatter will do: it only defeats compression
    pbk += fmt::format("{},1,1,Town {},{},{:07},9600,56000,0,32,CorpDialup\r\n", 100 + i, i,
                       200 + number % 800, (number >> 8) % 10000000);
  }
  std::string pbr = "1\r\nWest\r\n";
  auto snapshot = SnapshotFromFiles(name, version, pbk, pbr);
  if (!snapshot) throw std::runtime_error(snapshot.error().ToString());
  std::vector<ReleaseSnapshot> previous;
  for (const ReleaseSnapshot& old : history_) {
    if (old.name == name && old.version < version) previous.push_back(old);
  }
  auto release = BuildRelease(*snapshot, previous, key_);
  if (!release) throw std::runtime_error(release.error().ToString());
  history_.push_back(std::move(*snapshot));
  return std::move(*release);
}

std::string Bundle(const Release& release) {
  std::vector<CabEntry> entries{{"full.cab", release.full_cabinet}};
  for (const auto& [base, cabinet] : release.delta_cabinets) {
    entries.push_back({fmt::format("delta-{}.cab", base), cabinet});
  }
  auto bundle = WriteCabinet(entries, {.compression = CabCompression::kNone});
  if (!bundle) throw std::runtime_error(bundle.error().ToString());
  return std::move(*bundle);
}

std::string MakeTempDir(const std::string& tag) {
  static std::atomic<int> counter{0};
  std::filesystem::path dir = std::filesystem::temp_directory_path() /
                              fmt::format("pbserver-test-{}-{}-{}", tag, ::getpid(), counter++);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir.string();
}

}  // namespace cm::pbserver::testing
