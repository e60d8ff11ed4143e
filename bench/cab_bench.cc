// SPDX-License-Identifier: MIT
// Benchmarks of the cabinet writer and reader on a 65,000-POP phone book, next to zlib alone.
//
// The input is cm::bench::MakeSyntheticPhonebook(65000) written with cm::WritePbk (about 4 MB).
// Run: build-cab/bin/cab_bench --benchmark_min_time=2
#include <benchmark/benchmark.h>
#include <zlib.h>

#include <chrono>
#include <cstdlib>
#include <string>
#include <vector>

#include "bench_data.h"
#include "cm/cab.h"
#include "cm/pbk_format.h"

namespace {

constexpr size_t kPops = 65000;
// libgcab deflates at Z_DEFAULT_COMPRESSION (level 6); the zlib baseline uses the same level.
constexpr int kLevel = Z_DEFAULT_COMPRESSION;

// About 4 MB of .pbk text: the same synthetic phone book the other benchmarks use.
const std::string& PhonebookText() {
  static const std::string text = cm::WritePbk(cm::bench::MakeSyntheticPhonebook(kPops));
  return text;
}

std::vector<cm::CabEntry> Entries() { return {{"Corp.pbk", PhonebookText()}}; }

// One-shot raw deflate of `in` at kLevel, as a caller of zlib alone would do it.
size_t ZlibDeflate(const std::string& in, std::string& out) {
  z_stream stream{};
  if (deflateInit2(&stream, kLevel, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    std::abort();
  }
  out.resize(deflateBound(&stream, in.size()));
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  stream.avail_in = static_cast<uInt>(in.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  if (deflate(&stream, Z_FINISH) != Z_STREAM_END) std::abort();
  size_t size = stream.total_out;
  deflateEnd(&stream);
  return size;
}

std::string BuildCabinet(const std::vector<cm::CabEntry>& entries) {
  auto cab = cm::WriteCabinet(entries, {.timestamp = 0});
  if (!cab) std::abort();
  return std::move(*cab);
}

void BM_ZlibDeflate(benchmark::State& state) {
  const std::string& text = PhonebookText();
  std::string out;
  size_t size = 0;
  for (auto _ : state) {
    size = ZlibDeflate(text, out);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
  state.counters["out_bytes"] = static_cast<double>(size);
}
BENCHMARK(BM_ZlibDeflate)->Unit(benchmark::kMillisecond);

void BM_CabinetBuild(benchmark::State& state) {
  auto entries = Entries();
  size_t size = 0;
  for (auto _ : state) {
    std::string cab = BuildCabinet(entries);
    size = cab.size();
    benchmark::DoNotOptimize(cab.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * PhonebookText().size()));
  state.counters["out_bytes"] = static_cast<double>(size);
}
BENCHMARK(BM_CabinetBuild)->Unit(benchmark::kMillisecond);

// Both in each iteration, alternating, so they see the same machine load; the reported time is
// the cabinet build's, and `ratio` is cabinet time / zlib time (target: <= 1.3).
void BM_CabinetBuildVsZlib(benchmark::State& state) {
  using Clock = std::chrono::steady_clock;
  auto entries = Entries();
  std::string deflated;
  double cab_seconds = 0, zlib_seconds = 0;
  for (auto _ : state) {
    auto t0 = Clock::now();
    benchmark::DoNotOptimize(ZlibDeflate(PhonebookText(), deflated));
    auto t1 = Clock::now();
    std::string cab = BuildCabinet(entries);
    benchmark::DoNotOptimize(cab.data());
    auto t2 = Clock::now();
    zlib_seconds += std::chrono::duration<double>(t1 - t0).count();
    double cab_this = std::chrono::duration<double>(t2 - t1).count();
    cab_seconds += cab_this;
    state.SetIterationTime(cab_this);
  }
  double n = static_cast<double>(state.iterations());
  state.counters["cab_ms"] = cab_seconds / n * 1e3;
  state.counters["zlib_ms"] = zlib_seconds / n * 1e3;
  state.counters["ratio"] = cab_seconds / zlib_seconds;
}
BENCHMARK(BM_CabinetBuildVsZlib)->UseManualTime()->Unit(benchmark::kMillisecond);

void BM_CabinetBuildUncompressed(benchmark::State& state) {
  auto entries = Entries();
  for (auto _ : state) {
    auto cab =
        cm::WriteCabinet(entries, {.compression = cm::CabCompression::kNone, .timestamp = 0});
    if (!cab) std::abort();
    benchmark::DoNotOptimize(cab->data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * PhonebookText().size()));
}
BENCHMARK(BM_CabinetBuildUncompressed)->Unit(benchmark::kMillisecond);

void BM_ReadCabinet(benchmark::State& state) {
  std::string cab = BuildCabinet(Entries());
  for (auto _ : state) {
    auto entries = cm::ReadCabinet(cab);
    if (!entries || entries->size() != 1) std::abort();
    benchmark::DoNotOptimize(entries->data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * PhonebookText().size()));
  state.counters["cab_bytes"] = static_cast<double>(cab.size());
}
BENCHMARK(BM_ReadCabinet)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
