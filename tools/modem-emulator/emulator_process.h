// SPDX-License-Identifier: MIT
// For tests: runs the cm-modem-emulator program on a fresh pseudo-terminal and stops it at the
// end of the scope. REQUIRES: CM_BIN_DIR (cm_add_test defines it) or an explicit program path.
#pragma once

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace cm::modem_emulator {

namespace fs = std::filesystem;

// Runs cm-modem-emulator with `outcomes`; the device is `link()`, the event log `log()`.
class EmulatorProcess {
 public:
  explicit EmulatorProcess(const std::vector<std::string>& outcomes,
                           std::string program = CM_BIN_DIR "/cm-modem-emulator") {
    dir_ = fs::temp_directory_path() /
           ("cm-modem-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++));
    fs::create_directories(dir_);
    int out[2];
    if (::pipe(out) != 0) return;
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(out[1], 1);
      ::close(out[0]);
      std::vector<std::string> args = {program, "--link", link(), "--log", log_path()};
      for (const std::string& o : outcomes) {
        args.push_back("--outcome");
        args.push_back(o);
      }
      std::vector<char*> argv;
      for (std::string& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      ::execv(argv[0], argv.data());
      ::_exit(127);
    }
    ::close(out[1]);
    // Wait for "READY <slave>".
    std::string line;
    char c;
    while (::read(out[0], &c, 1) == 1 && c != '\n') line += c;
    ::close(out[0]);
    ready_ = line.rfind("READY ", 0) == 0;
  }
  ~EmulatorProcess() {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      ::waitpid(pid_, nullptr, 0);
    }
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  bool ready() const { return ready_; }
  std::string link() const { return (dir_ / "ttyModem").string(); }
  std::string log_path() const { return (dir_ / "events.log").string(); }
  std::string log() const {
    std::ifstream in(log_path());
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }

 private:
  static inline int counter_ = 0;
  fs::path dir_;
  pid_t pid_ = -1;
  bool ready_ = false;
};

}  // namespace cm::modem_emulator
