// SPDX-License-Identifier: MIT
// `cmak build` (lint, package, sign, write) of a profile whose phone book has 65,000 POPs (the
// PBA limit). Target (issue 5): <= 0.5 s. Runs cmak in-process, as the command line does.
#include <benchmark/benchmark.h>
#include <stdlib.h>

#include <cstdlib>
#include <filesystem>
#include <sstream>

#include "bench_data.h"
#include "cli.h"
#include "cm/file_util.h"
#include "cm/pbk_format.h"

namespace {

constexpr size_t kPops = 65000;

int Cmak(std::vector<std::string> args) {
  args.insert(args.begin(), "cmak");
  std::ostringstream out;
  std::ostringstream err;
  cm::cli::Output output{out, err};
  return cm::cmak::RunCmak(args, output);
}

// A scratch folder holding BIG/ (the profile, made once by cmak new) and a signing key.
const std::string& ProfileDir() {
  static const std::string* dir = [] {
    std::string pattern = (std::filesystem::temp_directory_path() / "cmak_bench_XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) std::abort();
    std::string pbk = pattern + "/big.pbk";
    if (!cm::WriteFileAtomic(pbk, cm::WritePbk(cm::bench::MakeSyntheticPhonebook(kPops)))) {
      std::abort();
    }
    if (Cmak({"new", "BIG", "--service-name", "Big", "--out", pattern, "--type", "double-dial",
              "--vpn-server", "vpn.example.com", "--phonebook", pbk}) != 0 ||
        Cmak({"keygen", "--out", pattern + "/k.key"}) != 0) {
      std::abort();
    }
    static std::string removed = pattern;
    std::atexit([] {
      std::error_code ec;
      std::filesystem::remove_all(removed, ec);
    });
    return new std::string(pattern);
  }();
  return *dir;
}

void BM_CmakBuild65kPops(benchmark::State& state) {
  const std::string& dir = ProfileDir();
  for (auto _ : state) {
    int code = Cmak({"build", dir + "/BIG", "-o", dir + "/BIG.cab", "--sign-key", dir + "/k.key"});
    if (code != 0) state.SkipWithError("cmak build failed");
  }
  state.counters["pbk_bytes"] =
      static_cast<double>(std::filesystem::file_size(dir + "/BIG/big.pbk"));
  state.counters["cab_bytes"] = static_cast<double>(std::filesystem::file_size(dir + "/BIG.cab"));
}
BENCHMARK(BM_CmakBuild65kPops)->Unit(benchmark::kMillisecond);

void BM_CmakBuildSelfExtracting65kPops(benchmark::State& state) {
  const std::string& dir = ProfileDir();
  for (auto _ : state) {
    int code = Cmak({"build", dir + "/BIG", "-o", dir + "/BIG.cab", "--sign-key", dir + "/k.key",
                     "--self-extracting"});
    if (code != 0) state.SkipWithError("cmak build failed");
  }
}
BENCHMARK(BM_CmakBuildSelfExtracting65kPops)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
