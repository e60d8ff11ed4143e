// SPDX-License-Identifier: MIT
// Delta build and apply between two 65,000-POP versions that differ by 6,000 POPs, as text and
// as signed cabinets (what pbadmin publish and a client do).
#include <benchmark/benchmark.h>

#include "bench_data.h"
#include "cm/release.h"

namespace cm {
namespace {

constexpr size_t kPops = 65000;
constexpr size_t kChanges = 6000;

struct Versions {
  ReleaseSnapshot base;
  ReleaseSnapshot target;
  SigningKey key = SigningKey::Generate();
};

const Versions& Data() {
  static const Versions* versions = [] {
    auto* v = new Versions;
    Phonebook base = bench::MakeSyntheticPhonebook(kPops);
    Phonebook target = bench::MakeEditedPhonebook(base, kChanges);
    RegionList regions;
    for (int i = 1; i <= 40; ++i) regions.names.push_back("Region " + std::to_string(i));
    v->base = *MakeSnapshot("BENCH", 1, base, regions);
    v->target = *MakeSnapshot("BENCH", 2, target, regions);
    return v;
  }();
  return *versions;
}

void BM_DeltaTextBuild(benchmark::State& state) {
  const Versions& v = Data();
  for (auto _ : state) benchmark::DoNotOptimize(MakePbkDelta(v.base.pbk, v.target.pbk));
}
BENCHMARK(BM_DeltaTextBuild)->Unit(benchmark::kMillisecond);

void BM_DeltaTextApply(benchmark::State& state) {
  const Versions& v = Data();
  std::string delta = *MakePbkDelta(v.base.pbk, v.target.pbk);
  for (auto _ : state) benchmark::DoNotOptimize(ApplyPbkDelta(v.base.pbk, delta));
}
BENCHMARK(BM_DeltaTextApply)->Unit(benchmark::kMillisecond);

// Snapshots to a signed delta cabinet: what publishing does per previous version.
void BM_DeltaCabinetBuild(benchmark::State& state) {
  const Versions& v = Data();
  size_t bytes = 0;
  for (auto _ : state) {
    auto cabinet = BuildDeltaCabinet(v.base, v.target, v.key);
    bytes = cabinet->size();
    benchmark::DoNotOptimize(cabinet);
  }
  state.counters["cab_bytes"] = static_cast<double>(bytes);
}
BENCHMARK(BM_DeltaCabinetBuild)->Unit(benchmark::kMillisecond);

// Signed delta cabinet plus installed base to the verified target: what a client does.
void BM_DeltaCabinetApply(benchmark::State& state) {
  const Versions& v = Data();
  std::string cabinet = *BuildDeltaCabinet(v.base, v.target, v.key);
  PublicKey key = v.key.public_key();
  for (auto _ : state) {
    auto updated = ApplyUpdate(&v.base, cabinet, key, "BENCH");
    if (!updated) state.SkipWithError(updated.error().ToString().c_str());
    benchmark::DoNotOptimize(updated);
  }
}
BENCHMARK(BM_DeltaCabinetApply)->Unit(benchmark::kMillisecond);

void BM_FullCabinetBuild(benchmark::State& state) {
  const Versions& v = Data();
  size_t bytes = 0;
  for (auto _ : state) {
    auto cabinet = BuildFullCabinet(v.target, v.key);
    bytes = cabinet->size();
    benchmark::DoNotOptimize(cabinet);
  }
  state.counters["cab_bytes"] = static_cast<double>(bytes);
}
BENCHMARK(BM_FullCabinetBuild)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace cm

BENCHMARK_MAIN();
