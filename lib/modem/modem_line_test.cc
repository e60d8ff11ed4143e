// SPDX-License-Identifier: MIT
// ModemLine against the real cm-modem-emulator program on a pseudo-terminal.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "cm/modem.h"

namespace cm {
namespace {

using std::chrono::milliseconds;
namespace fs = std::filesystem;

// Runs cm-modem-emulator with `outcomes`; the device is `link()`, the event log `log()`.
class Emulator {
 public:
  explicit Emulator(const std::vector<std::string>& outcomes) {
    dir_ = fs::temp_directory_path() /
           ("cm-modem-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++));
    fs::create_directories(dir_);
    int out[2];
    if (::pipe(out) != 0) return;
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(out[1], 1);
      ::close(out[0]);
      std::vector<std::string> args = {CM_BIN_DIR "/cm-modem-emulator", "--link", link(), "--log",
                                       log_path()};
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
  ~Emulator() {
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

const std::vector<std::string> kInit = {"ATZ", "AT&F E0 V1 &C1 &D2 S0=0"};

TEST(ModemLineTest, InitialisesAndConnectsWithSpeed) {
  Emulator emulator({"connect:33600"});
  ASSERT_TRUE(emulator.ready());
  auto line = ModemLine::Open(emulator.link());
  ASSERT_TRUE(line) << line.error().ToString();
  std::vector<std::string> transcript;
  ASSERT_TRUE(line->Initialise(kInit, milliseconds(3000), &transcript));
  auto dial = line->Dial("9,555-0101", false, milliseconds(5000), &transcript);
  ASSERT_TRUE(dial);
  ASSERT_TRUE(dial->connected) << dial->failure.message;
  EXPECT_EQ(dial->connected->speed, 33600u);
  EXPECT_NE(emulator.log().find("DIAL T9,5550101"), std::string::npos) << emulator.log();
  EXPECT_EQ(transcript.front(), "> ATZ");
}

TEST(ModemLineTest, EachFailureBecomesItsRasError) {
  Emulator emulator({"busy", "no-carrier", "no-dialtone", "no-answer", "error"});
  ASSERT_TRUE(emulator.ready());
  auto line = ModemLine::Open(emulator.link());
  ASSERT_TRUE(line);
  ASSERT_TRUE(line->Initialise(kInit, milliseconds(3000)));
  for (uint32_t expected : {kRasErrorLineBusy, kRasErrorNoCarrier, kRasErrorNoDialtone,
                            kRasErrorNoAnswer, kRasErrorFromDevice}) {
    auto dial = line->Dial("5550101", false, milliseconds(5000));
    ASSERT_TRUE(dial);
    EXPECT_FALSE(dial->connected);
    EXPECT_EQ(dial->failure.ras_error, expected) << dial->failure.message;
    EXPECT_FALSE(dial->failure.message.empty());
  }
}

TEST(ModemLineTest, SilenceTimesOutAsNoAnswer) {
  Emulator emulator({"silent"});
  ASSERT_TRUE(emulator.ready());
  auto line = ModemLine::Open(emulator.link());
  ASSERT_TRUE(line);
  auto dial = line->Dial("5550101", false, milliseconds(500));
  ASSERT_TRUE(dial);
  EXPECT_FALSE(dial->connected);
  EXPECT_EQ(dial->failure.ras_error, kRasErrorNoAnswer);
  EXPECT_NE(dial->failure.message.find("no answer"), std::string::npos) << dial->failure.message;
}

TEST(ModemLineTest, PulseDialingAndDropMidCall) {
  Emulator emulator({"connect:56000:drop=1"});
  ASSERT_TRUE(emulator.ready());
  auto line = ModemLine::Open(emulator.link());
  ASSERT_TRUE(line);
  auto dial = line->Dial("5550101", true, milliseconds(5000));
  ASSERT_TRUE(dial);
  ASSERT_TRUE(dial->connected);
  EXPECT_TRUE(line->WaitForDrop(milliseconds(5000)));
  EXPECT_NE(emulator.log().find("DIAL P5550101"), std::string::npos);
  EXPECT_NE(emulator.log().find("DROP"), std::string::npos);
}

TEST(ModemLineTest, HangUpEscapesAndSendsAth) {
  Emulator emulator({"connect"});
  ASSERT_TRUE(emulator.ready());
  auto line = ModemLine::Open(emulator.link());
  ASSERT_TRUE(line);
  auto dial = line->Dial("5550101", false, milliseconds(5000));
  ASSERT_TRUE(dial && dial->connected);
  std::vector<std::string> transcript;
  line->HangUp(&transcript);
  const std::string log = emulator.log();
  EXPECT_NE(log.find("ESCAPE"), std::string::npos) << log;
  EXPECT_NE(log.find("CMD ATH0"), std::string::npos) << log;
  EXPECT_FALSE(line->WaitForDrop(milliseconds(200)));  // no call left to drop
}

TEST(ModemLineTest, MissingDeviceIsNotFound) {
  auto line = ModemLine::Open("/nonexistent/ttyS99");
  ASSERT_FALSE(line);
  EXPECT_EQ(line.error().code(), Errc::kNotFound);
  EXPECT_NE(line.error().ToString().find("/nonexistent/ttyS99"), std::string::npos);
}

TEST(ModemLineTest, RegularFileIsNotASerialDevice) {
  auto line = ModemLine::Open("/etc/hostname");
  ASSERT_FALSE(line);
  EXPECT_EQ(line.error().code(), Errc::kIo);
}

}  // namespace
}  // namespace cm
