// SPDX-License-Identifier: MIT
// ReadPbk and WritePbk on a 65,000-POP phone book (the PBA limit), with memory use as a counter.
// Targets (docs/formats/pbk.md): read <= 15 ms, write <= 15 ms, memory <= 3x the file size.
#include <benchmark/benchmark.h>

#include "bench_data.h"
#include "cm/pbk_format.h"

namespace {

constexpr size_t kPops = 65000;

const std::string& SyntheticFile() {
  static const std::string* bytes =
      new std::string(cm::WritePbk(cm::bench::MakeSyntheticPhonebook(kPops)));
  return *bytes;
}

void BM_ReadPbk(benchmark::State& state) {
  const std::string& bytes = SyntheticFile();
  size_t memory = 0;
  for (auto _ : state) {
    cm::PbkReadResult result = cm::ReadPbk(bytes);
    memory = result.pops.MemoryUsage();
    benchmark::DoNotOptimize(result.pops.size());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes.size()));
  state.counters["file_bytes"] = static_cast<double>(bytes.size());
  state.counters["memory_bytes"] = static_cast<double>(memory);
  state.counters["memory_ratio"] = static_cast<double>(memory) / static_cast<double>(bytes.size());
}
BENCHMARK(BM_ReadPbk)->Unit(benchmark::kMillisecond);

void BM_WritePbk(benchmark::State& state) {
  cm::Phonebook book = cm::bench::MakeSyntheticPhonebook(kPops);
  size_t written = 0;
  for (auto _ : state) {
    std::string bytes = cm::WritePbk(book);
    written = bytes.size();
    benchmark::DoNotOptimize(bytes.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * written));
}
BENCHMARK(BM_WritePbk)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
