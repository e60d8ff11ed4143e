// SPDX-License-Identifier: MIT
// Tests of `cmak wizard` driven through a real pseudo-terminal (forkpty): the cmak binary runs
// on the pty's slave side, the test reads its prompts and types answers as a user would.
#include <poll.h>
#include <pty.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <map>

#include "cm/ini_file.h"
#include "cmak_test_util.h"

namespace cm::cmak::test {
namespace {

// One cmak process on a pseudo-terminal.
class PtySession {
 public:
  explicit PtySession(const std::vector<std::string>& args) {
    std::vector<std::string> argv_text = {std::string(CM_BIN_DIR) + "/cmak"};
    argv_text.insert(argv_text.end(), args.begin(), args.end());
    pid_ = ::forkpty(&master_, nullptr, nullptr, nullptr);
    if (pid_ == 0) {
      std::vector<char*> argv;
      for (std::string& arg : argv_text) argv.push_back(arg.data());
      argv.push_back(nullptr);
      ::execv(argv[0], argv.data());
      ::_exit(127);
    }
  }
  ~PtySession() {
    if (pid_ > 0 && !exited_) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    if (master_ >= 0) ::close(master_);
  }
  bool started() const { return pid_ > 0 && master_ >= 0; }

  // Reads until `text` has appeared since the last Expect/Prompt; false on end of output or
  // after 20 s without it (a hang guard, not a timing assertion).
  bool Expect(std::string_view text) {
    while (true) {
      size_t at = pending_.find(text);
      if (at != std::string::npos) {
        pending_.erase(0, at + text.size());
        return true;
      }
      if (!ReadMore()) return false;
    }
  }

  // Reads until the output ends in a prompt (": "); returns the prompt's line, or "" when the
  // program ended first.
  std::string Prompt() {
    while (pending_.size() < 2 || pending_.compare(pending_.size() - 2, 2, ": ") != 0) {
      if (!ReadMore()) return "";
    }
    size_t line = pending_.find_last_of('\n');
    std::string prompt = pending_.substr(line == std::string::npos ? 0 : line + 1);
    pending_.clear();
    return prompt;
  }

  void Send(const std::string& line) {
    std::string text = line + "\n";
    ASSERT_EQ(::write(master_, text.data(), text.size()), static_cast<ssize_t>(text.size()));
    // The terminal echoes the answer; skip the echo so it is not mistaken for output.
    Expect(text.substr(0, text.size() - 1));
  }

  // Types Ctrl-D at the start of a line: end of input on a terminal.
  bool SendEndOfInput() {
    const char eot = 4;
    return ::write(master_, &eot, 1) == 1;
  }

  // Waits for the program to end; its exit status (-1 when it did not exit normally).
  int Wait() {
    while (ReadMore()) {
    }
    int status = 0;
    ::waitpid(pid_, &status, 0);
    exited_ = true;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

  const std::string& transcript() const { return transcript_; }

 private:
  bool ReadMore() {
    pollfd fd{master_, POLLIN, 0};
    if (::poll(&fd, 1, 20000) <= 0) return false;
    char buffer[4096];
    ssize_t n = ::read(master_, buffer, sizeof buffer);
    if (n <= 0) return false;  // EIO once the slave side is closed
    std::string chunk(buffer, static_cast<size_t>(n));
    std::erase(chunk, '\r');
    pending_ += chunk;
    transcript_ += chunk;
    return true;
  }

  int master_ = -1;
  pid_t pid_ = -1;
  bool exited_ = false;
  std::string pending_;
  std::string transcript_;
};

class WizardPtyTest : public TempDirTest {};

TEST_F(WizardPtyTest, AsksEachQuestionReasksBadAnswersAndWritesTheProfile) {
  PtySession wizard({"wizard", "--out", Path("out")});
  ASSERT_TRUE(wizard.started());
  // Each step: the prompt (with its default in brackets), then the typed answer.
  const std::vector<std::pair<std::string, std::string>> script = {
      {"Short service name (1-8 letters, digits or _): ", "TOOLONGNAME"},
      {"not accepted: ", ""},  // the reason, then the same question again
      {"Short service name (1-8 letters, digits or _): ", "CORP"},
      {"Service name users see: ", "Corp VPN"},
      {"Connection type (direct, dialup, double-dial) [direct]: ", ""},
      {"Tunnel type (openvpn, wireguard, ikev2, sstp, l2tp, pptp, command) [ikev2]: ", "wireguard"},
      {"VPN servers, comma-separated: ", "vpn1.example.com, vpn2.example.com"},
      {"Server choice (in-order, random) [in-order]: ", "random"},
      {"ServerPublicKey: ", "not-a-key"},
      {"not accepted: 'not-a-key' is not a WireGuard public key", ""},
      {"ServerPublicKey: ", "yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk="},
      {"AllowedIPs: ", ""},
      {"Port: ", "51820"},
      {"Phone book file (.pbk; empty: none): ", ""},
      {"Phone book server URL for updates (empty: none): ", "ftp://pb.example.com"},
      {"not accepted: --pb-url 'ftp://pb.example.com': expected an http:// or https:// URL", ""},
      {"Phone book server URL for updates (empty: none): ", ""},
      {"Publisher key that signs updates", ""},
      {"Realm prefix put before the user name (empty: none): ", ""},
      {"Realm suffix put after the user name (empty: none): ", "@example.com"},
      {"Domain field (show, hide) [hide]: ", ""},
      {"Same user name for dial-up and VPN (yes, no) [yes]: ", ""},
      {"Users may save their password (yes, no) [yes]: ", "no"},
      {"Custom action POINT[:ATTR,...]=COMMANDLINE (empty: no more): ", "pre-connect=/bin/true"},
      {"Custom action POINT[:ATTR,...]=COMMANDLINE (empty: no more): ", ""},
      {"Redial attempts [3]: ", "many"},
      {"not accepted: expected a whole number from 0 to 999", ""},
      {"Redial attempts [3]: ", "5"},
      {"Seconds between redials [5]: ", ""},
      {"Minutes idle before disconnecting (0: never) [10]: ", ""},
      {"Keep a connection log (yes, no) [yes]: ", ""},
      {"Largest log file, KiB [64]: ", ""},
      {"Log folder (empty: cmdial's default): ", ""},
      {"Logo image (empty: none): ", ""},
      {"Icon (empty: none): ", ""},
      {"Help file (empty: none): ", ""},
  };
  for (const auto& [prompt, answer] : script) {
    ASSERT_TRUE(wizard.Expect(prompt)) << "waiting for: " << prompt << "\n" << wizard.transcript();
    if (prompt.rfind("not accepted: ", 0) != 0) wizard.Send(answer);
  }
  ASSERT_TRUE(wizard.Expect("Wrote " + Path("out/CORP"))) << wizard.transcript();
  EXPECT_EQ(wizard.Wait(), 0) << wizard.transcript();

  auto cms = IniFile::Parse(Read("out/CORP/CORP.cms"));
  ASSERT_TRUE(cms.has_value());
  EXPECT_EQ(cms->Get("Connection Manager", "ServiceName"), "Corp VPN");
  EXPECT_EQ(cms->Get("Connection Manager", "UserNameSuffix"), "@example.com");
  EXPECT_EQ(cms->Get("Connection Manager", "HideRememberPassword"), "1");
  EXPECT_EQ(cms->Get("Connection Manager", "RedialCount"), "5");
  EXPECT_EQ(cms->Get("cmsuite Tunnel", "Type"), "wireguard");
  EXPECT_EQ(cms->Get("cmsuite Tunnel", "Server1"), "vpn2.example.com");
  EXPECT_EQ(cms->Get("cmsuite Tunnel", "ServerChoice"), "random");
  EXPECT_EQ(cms->Get("cmsuite Tunnel", "Port"), "51820");
  EXPECT_FALSE(cms->Get("cmsuite Tunnel", "AllowedIPs").has_value());
  EXPECT_EQ(cms->Get("Pre-Connect Actions", "0"), "/bin/true");
}

TEST_F(WizardPtyTest, EditKeepsUnchangedAnswersCommentsAndUnknownKeys) {
  ASSERT_EQ(Cmak({"new", "P", "--service-name", "Old Name", "--out", Path("out"), "--vpn-server",
                  "a.example.com", "--vpn-server", "b.example.com"})
                .code,
            0);
  // A hand edit: a comment and a key cmak does not know.
  std::string cms = Read("out/P/P.cms");
  cms.insert(cms.find("[Connection Manager]\r\n") + 22, "; keep me\r\nCustomKey=42\r\n");
  Write("out/P/P.cms", cms);

  PtySession wizard({"wizard", "--edit", Path("out/P")});
  ASSERT_TRUE(wizard.started());
  const std::map<std::string, std::string> answers = {
      {"Service name users see [Old Name]: ", "New Name"},
      {"Redial attempts [3]: ", "9"},
      {"VPN servers, comma-separated [a.example.com, b.example.com]: ", "c.example.com"},
  };
  size_t asked = 0;
  for (std::string prompt = wizard.Prompt(); !prompt.empty(); prompt = wizard.Prompt()) {
    ++asked;
    auto answer = answers.find(prompt);
    wizard.Send(answer == answers.end() ? "" : answer->second);
  }
  EXPECT_EQ(wizard.Wait(), 0) << wizard.transcript();
  EXPECT_GT(asked, answers.size());
  EXPECT_NE(wizard.transcript().find("Wrote 3 changed value(s)"), std::string::npos)
      << wizard.transcript();

  std::string expected = cms;
  auto replace = [&](const std::string& from, const std::string& to) {
    size_t at = expected.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    expected.replace(at, from.size(), to);
  };
  replace("ServiceName=Old Name\r\n", "ServiceName=New Name\r\n");
  replace("RedialCount=3\r\n", "RedialCount=9\r\n");
  replace("TunnelAddress=a.example.com\r\n", "TunnelAddress=c.example.com\r\n");
  replace("Server0=a.example.com\r\nServer1=b.example.com\r\n", "Server0=c.example.com\r\n");
  EXPECT_EQ(Read("out/P/P.cms"), expected);
  auto cmp = IniFile::Parse(Read("out/P/P.cmp"));
  EXPECT_EQ(cmp->Get("Connection Manager", "ServiceName"), "New Name");
}

TEST_F(WizardPtyTest, InputEndingEarlyWritesNothing) {
  PtySession wizard({"wizard", "--out", Path("out")});
  ASSERT_TRUE(wizard.Expect("Short service name")) << wizard.transcript();
  wizard.Send("EARLY");
  ASSERT_TRUE(wizard.Expect("Service name users see: "));
  ASSERT_TRUE(wizard.SendEndOfInput());
  EXPECT_EQ(wizard.Wait(), 1) << wizard.transcript();
  EXPECT_NE(wizard.transcript().find("nothing written"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(Path("out/EARLY")));
}

}  // namespace
}  // namespace cm::cmak::test
