// SPDX-License-Identifier: MIT
// Test helpers for cmdial's profile code: a temporary store and fixtures installed by copying.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "command_registry.h"
#include "profile_commands.h"
#include "profiles/profile_store.h"

namespace cm::cmdial::testing {

// A temporary folder holding a user root, a system root, config and state folders.
class TempStore {
 public:
  TempStore() {
    std::string pattern = (std::filesystem::temp_directory_path() / "cmdial-test-XXXXXX").string();
    char* made = mkdtemp(pattern.data());
    EXPECT_NE(made, nullptr);
    dir_ = pattern;
    paths_.user_root = dir_ + "/data/cmsuite";
    paths_.system_root = dir_ + "/system";
    paths_.config_dir = dir_ + "/config/cmsuite";
    paths_.state_dir = dir_ + "/state/cmsuite";
    paths_.cache_dir = dir_ + "/cache/cmsuite";
  }
  ~TempStore() {
    std::error_code error;
    std::filesystem::remove_all(dir_, error);
  }
  TempStore(const TempStore&) = delete;
  TempStore& operator=(const TempStore&) = delete;

  const StorePaths& paths() const { return paths_; }

  // Points the XDG variables and CMSUITE_SYSTEM_DIR at this store (for commands).
  void SetEnvironment() const {
    ::setenv("HOME", dir_.c_str(), 1);
    ::setenv("XDG_DATA_HOME", (dir_ + "/data").c_str(), 1);
    ::setenv("XDG_CONFIG_HOME", (dir_ + "/config").c_str(), 1);
    ::setenv("XDG_STATE_HOME", (dir_ + "/state").c_str(), 1);
    ::setenv("XDG_CACHE_HOME", (dir_ + "/cache").c_str(), 1);
    ::setenv("CMSUITE_SYSTEM_DIR", paths_.system_root.c_str(), 1);
  }
  const std::string& dir() const { return dir_; }

  // Copies testdata/cmdial/SHORT/ into `scope`'s root in the installed layout (the .cmp at the
  // top, the rest in SHORT/).
  void InstallFixture(std::string_view short_name, InstallScope scope = InstallScope::kUser) {
    namespace fs = std::filesystem;
    const fs::path source = fs::path(CM_TESTDATA_DIR) / "cmdial" / std::string(short_name);
    const fs::path root = paths_.Root(scope);
    fs::create_directories(root / std::string(short_name));
    for (const auto& entry : fs::directory_iterator(source)) {
      const std::string name = entry.path().filename().string();
      const bool cmp = name == std::string(short_name) + ".cmp";
      fs::copy_file(entry.path(), cmp ? root / name : root / std::string(short_name) / name,
                    fs::copy_options::overwrite_existing);
    }
  }

 private:
  std::string dir_;
  StorePaths paths_;
};

struct CommandResult {
  int code = -1;
  std::string out;
  std::string err;
};

// Runs `cmdial ARGS...` in-process with only the commands `register_commands` adds (a
// Register*Commands function of cmdial).
template <class Register>
CommandResult RunCommands(std::vector<std::string> args, Register register_commands) {
  args.insert(args.begin(), "cmdial");
  std::ostringstream out;
  std::ostringstream err;
  cli::Output output{out, err};
  CLI::App app{"cmdial", "cmdial"};
  app.require_subcommand(1);
  cli::CommandRegistry registry;
  register_commands(app, registry);
  CommandResult result;
  result.code = cli::ParseAndRun(app, registry, args, output);
  result.out = out.str();
  result.err = err.str();
  return result;
}

// Runs `cmdial ARGS...` with only the profile commands registered.
inline CommandResult RunProfileCommand(std::vector<std::string> args) {
  return RunCommands(std::move(args), RegisterProfileCommands);
}

}  // namespace cm::cmdial::testing
