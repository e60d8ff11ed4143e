// SPDX-License-Identifier: MIT
// cmdial's phone book work on a 65,000-POP book: applying a signed 6,000-POP delta to the
// installed book (read the files, verify, apply, check, write P.pbk/P.pbr/P.ver atomically),
// and `cmdial pops SERVICE --country GB` run in-process (find the profile, read and filter
// the book, format the list). bench/cmdial_pb_pops.sh times the pops command as a process.
#include <benchmark/benchmark.h>
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <sstream>
#include <string_view>

#include "bench_data.h"
#include "cm/file_util.h"
#include "cm/pbk_format.h"
#include "cm/release.h"
#include "command_registry.h"
#include "profile_commands.h"
#include "profiles/phonebook_files.h"
#include "profiles/phonebook_update.h"

namespace cm {

constexpr size_t kPops = 65000;
constexpr size_t kChanges = 6000;

struct Fixture {
  std::string dir;
  cmdial::StorePaths paths;
  ReleaseSnapshot base;
  ReleaseSnapshot target;
  std::string delta_cabinet;
};

// A store with profile BENCH whose phone book BENCH.pbk is version 1 of the synthetic book.
const Fixture& Data() {
  static const Fixture* fixture = [] {
    auto* f = new Fixture;
    std::string pattern = (std::filesystem::temp_directory_path() / "cmdial-pb-bench-XXXXXX");
    f->dir = ::mkdtemp(pattern.data());
    f->paths.user_root = f->dir + "/data/cmsuite";
    f->paths.system_root = f->dir + "/system";
    f->paths.config_dir = f->dir + "/config/cmsuite";
    f->paths.state_dir = f->dir + "/state/cmsuite";
    f->paths.cache_dir = f->dir + "/cache/cmsuite";
    SigningKey key = SigningKey::Generate();
    Phonebook base = bench::MakeSyntheticPhonebook(kPops);
    Phonebook target = bench::MakeEditedPhonebook(base, kChanges);
    RegionList regions;
    for (int i = 1; i <= 40; ++i) regions.names.push_back("Region " + std::to_string(i));
    f->base = *MakeSnapshot("BENCH", 1, base, regions);
    f->target = *MakeSnapshot("BENCH", 2, target, regions);
    f->delta_cabinet = *BuildDeltaCabinet(f->base, f->target, key);
    const std::string folder = f->paths.user_root + "/BENCH";
    std::filesystem::create_directories(folder);
    std::string cms =
        "[Connection Manager]\r\nServiceName=Bench\r\n[ISP]\r\nPBFile=BENCH\\BENCH.pbk\r\n"
        "RegionFile=BENCH\\BENCH.pbr\r\nMask&NosurchargeSignon=0x0041\r\n"
        "Match&NosurchargeSignon=0x0000\r\nMask&SurchargeSignon=0x0041\r\n"
        "Match&SurchargeSignon=0x0040\r\nFilterA&=NosurchargeSignon\r\n"
        "FilterB&=SurchargeSignon\r\n[cmsuite Phonebook]\r\nPublisherKey=" +
        key.public_key().ToString() + "\r\n";
    (void)WriteFileAtomic(folder + "/BENCH.cms", cms);
    (void)WriteFileAtomic(f->paths.user_root + "/BENCH.cmp",
                          "[Connection Manager]\r\nCMSFile=BENCH\\BENCH.cms\r\n");
    (void)WriteFileAtomic(f->paths.config_dir + "/location.ini",
                          "[Location]\nCountry=44\nAreaCode=20\n");
    return f;
  }();
  return *fixture;
}

namespace {

// Puts version 1 in place; `stamped`: with its plain-book stamp, as `cmdial install` (or any
// earlier update or listing) leaves it.
void InstallBase(const Fixture& f, const cmdial::InstalledProfile& profile, bool stamped) {
  const std::string folder = f.paths.user_root + "/BENCH/";
  (void)WriteFileAtomic(folder + "BENCH.pbk", f.base.pbk);
  (void)WriteFileAtomic(folder + "BENCH.pbr", f.base.pbr);
  (void)WriteFileAtomic(folder + "BENCH.ver", VersionFileBytes(1));
  const std::string stamp = cmdial::PlainStampPath(f.paths.cache_dir, profile);
  ::unlink(stamp.c_str());
  if (stamped) cmdial::StampIfPlain(profile.PhonebookPath(), stamp);
}

// The update as `cmdial update-phonebook` and a connection make it, the new book's stamp
// included (so the next `cmdial pops` is fast). Arg 1: the installed book carries its stamp
// (the usual case: only the delta's new lines are checked); arg 0: it does not (every line of
// the new book is checked).
void BM_ApplyDeltaToInstalledBook(benchmark::State& state) {
  const Fixture& f = Data();
  cmdial::InstalledProfile profile = *cmdial::FindProfile(f.paths, "BENCH");
  const std::string stamp = cmdial::PlainStampPath(f.paths.cache_dir, profile);
  for (auto _ : state) {
    state.PauseTiming();
    InstallBase(f, profile, state.range(0) != 0);
    state.ResumeTiming();
    auto outcome = cmdial::ApplyPhonebookCabinet(profile, f.delta_cabinet, f.paths.cache_dir);
    if (!outcome || outcome->new_version != 2) {
      state.SkipWithError(outcome ? "not version 2" : outcome.error().ToString().c_str());
      break;
    }
    if (!ReadFile(stamp)) {
      state.SkipWithError("the updated book was not stamped");
      break;
    }
  }
}
BENCHMARK(BM_ApplyDeltaToInstalledBook)
    ->ArgName("stamped")
    ->Arg(1)
    ->Arg(0)
    ->Unit(benchmark::kMillisecond);

void BM_PopsCountryFilterInProcess(benchmark::State& state) {
  const Fixture& f = Data();
  // A book as users have it: installed a while ago (once, though the library calls this
  // function several times), so the first listing stamps it as plain (ReadPrefilteredPbk) and
  // the timed ones read it as every later `cmdial pops` does.
  static const bool installed = [&f] {
    InstallBase(f, *cmdial::FindProfile(f.paths, "BENCH"), false);
    return ::sleep(3) == 0;
  }();
  (void)installed;
  ::setenv("XDG_DATA_HOME", (f.dir + "/data").c_str(), 1);
  ::setenv("XDG_CONFIG_HOME", (f.dir + "/config").c_str(), 1);
  ::setenv("XDG_STATE_HOME", (f.dir + "/state").c_str(), 1);
  ::setenv("CMSUITE_SYSTEM_DIR", f.paths.system_root.c_str(), 1);
  ::setenv("XDG_CACHE_HOME", (f.dir + "/cache").c_str(), 1);
  size_t lines = 0;
  for (auto _ : state) {
    std::ostringstream out;
    std::ostringstream err;
    cli::Output output{out, err};
    CLI::App app{"cmdial", "cmdial"};
    cli::CommandRegistry registry;
    cmdial::RegisterProfileCommands(app, registry);
    int code =
        cli::ParseAndRun(app, registry, {"cmdial", "pops", "BENCH", "--country", "GB"}, output);
    if (code != 0) {
      state.SkipWithError(err.str().c_str());
      break;
    }
    const std::string text = out.str();
    lines = static_cast<size_t>(std::count(text.begin(), text.end(), '\n'));
  }
  state.counters["pops_listed"] = static_cast<double>(lines - 1);
}
BENCHMARK(BM_PopsCountryFilterInProcess)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace cm

// `cmdial_pb_bench --make-book DIR` writes the benchmark's 65,000-POP book (BENCH.pbk,
// BENCH.pbr, BENCH.ver) for bench/cmdial_pb_pops.sh; otherwise the benchmarks run.
int main(int argc, char** argv) {
  if (argc == 3 && std::string_view(argv[1]) == "--make-book") {
    const cm::Fixture& f = cm::Data();
    const std::string dir = argv[2];
    std::filesystem::create_directories(dir);
    bool ok = cm::WriteFileAtomic(dir + "/BENCH.pbk", f.base.pbk).has_value() &&
              cm::WriteFileAtomic(dir + "/BENCH.pbr", f.base.pbr).has_value() &&
              cm::WriteFileAtomic(dir + "/BENCH.ver", cm::VersionFileBytes(1)).has_value();
    std::filesystem::remove_all(f.dir);
    return ok ? 0 : 1;
  }
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  std::filesystem::remove_all(cm::Data().dir);
  return 0;
}
