// SPDX-License-Identifier: MIT
// cm-modem-emulator: a Hayes modem on a pseudo-terminal, for testing dialers.
//
//   cm-modem-emulator --link PATH [--outcome SPEC]... [--log FILE]
//
// Creates a pseudo-terminal, points the symlink PATH at its slave side, prints
// "READY <slave>" on stdout and serves until SIGTERM/SIGINT. Each dial takes the next
// --outcome (the last repeats): connect[:SPEED][:drop=S], busy, no-carrier, no-dialtone,
// no-answer, error, silent, each with an optional :after=MS. While a call is up, bytes from the
// host are discarded; "+++" between one-second guard times returns to command mode.
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <termios.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>

#include "emulator.h"

namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;
namespace me = cm::modem_emulator;

volatile std::sig_atomic_t g_stop = 0;
void OnSignal(int) { g_stop = 1; }

class Session {
 public:
  Session(int master, me::ModemEmulator emulator, std::ofstream* log)
      : master_(master), emulator_(std::move(emulator)), log_(log) {}

  void Run() {
    while (g_stop == 0) {
      pollfd pfd{master_, POLLIN, 0};
      ::poll(&pfd, 1, static_cast<int>(NextWake().count()));
      const auto now = Clock::now();
      OnTimers(now);  // an escape whose guard time ended comes before the next bytes
      if ((pfd.revents & POLLIN) != 0) {
        char buffer[512];
        ssize_t got = ::read(master_, buffer, sizeof buffer);
        if (got > 0) OnBytes(std::string_view(buffer, static_cast<size_t>(got)), now);
      }
      OnTimers(Clock::now());
    }
  }

 private:
  milliseconds NextWake() const {
    auto wake = Clock::now() + milliseconds(200);
    if (pending_) wake = std::min(wake, pending_at_);
    if (drop_at_) wake = std::min(wake, *drop_at_);
    if (data_mode_ && plus_count_ == 3) wake = std::min(wake, last_data_ + milliseconds(1000));
    auto left = std::chrono::duration_cast<milliseconds>(wake - Clock::now());
    return std::max(left, milliseconds(1));
  }

  void Send(std::string_view bytes) {
    while (!bytes.empty()) {
      ssize_t put = ::write(master_, bytes.data(), bytes.size());
      if (put <= 0) return;
      bytes.remove_prefix(static_cast<size_t>(put));
    }
  }

  void Log(std::string_view event) {
    if (log_ == nullptr) return;
    *log_ << event << "\n";
    log_->flush();
  }

  void OnBytes(std::string_view bytes, Clock::time_point now) {
    if (data_mode_) {
      // Escape detection: silence, "+++", silence (checked in OnTimers).
      const bool after_guard = now - last_data_ >= milliseconds(1000);
      for (char c : bytes) {
        if (c == '+' && (plus_count_ > 0 || after_guard) && plus_count_ < 3) {
          ++plus_count_;
        } else {
          plus_count_ = 0;
        }
      }
      last_data_ = now;
      return;
    }
    if (pending_ && pending_dial_) {
      // A key pressed while dialing aborts the call.
      pending_.reset();
      pending_dial_ = false;
      Log("ABORT");
      Send("\r\nNO CARRIER\r\n");
      return;
    }
    if (emulator_.echo()) Send(bytes);
    for (char c : bytes) {
      if (c == '\r') {
        Command(line_, now);
        line_.clear();
      } else if (c == '\b' || c == 0x7f) {
        if (!line_.empty()) line_.pop_back();
      } else if (c != '\n' && line_.size() < 256) {
        line_ += c;
      }
    }
  }

  void Command(const std::string& line, Clock::time_point now) {
    if (line.empty()) return;
    Log("CMD " + line);
    me::Reply reply = emulator_.HandleLine(line);
    const bool dial = !emulator_.dialed().empty() && emulator_.dialed().size() != dials_seen_;
    dials_seen_ = emulator_.dialed().size();
    if (dial) Log("DIAL " + emulator_.dialed().back());
    if (!emulator_.in_call()) drop_at_.reset();  // ATH hung the call up
    if (reply.silent) return;
    pending_ = std::move(reply);
    pending_dial_ = dial;
    pending_at_ = now + pending_->delay;
  }

  void OnTimers(Clock::time_point now) {
    if (pending_ && now >= pending_at_) {
      me::Reply reply = std::move(*pending_);
      pending_.reset();
      pending_dial_ = false;
      Send(reply.text);
      if (reply.connected) {
        Log("CONNECTED");
        data_mode_ = true;
        plus_count_ = 0;
        last_data_ = now;
        if (reply.drop_after.count() > 0) drop_at_ = now + reply.drop_after;
      }
    }
    if (drop_at_ && now >= *drop_at_) {
      drop_at_.reset();
      data_mode_ = false;
      Log("DROP");
      Send(emulator_.DropCarrier());
    }
    if (data_mode_ && plus_count_ == 3 && now - last_data_ >= milliseconds(1000)) {
      plus_count_ = 0;
      data_mode_ = false;
      Log("ESCAPE");
      Send(emulator_.Escape());
    }
  }

  int master_;
  me::ModemEmulator emulator_;
  std::ofstream* log_;
  std::string line_;
  bool data_mode_ = false;
  int plus_count_ = 0;
  Clock::time_point last_data_{};
  std::optional<me::Reply> pending_;
  bool pending_dial_ = false;
  Clock::time_point pending_at_{};
  std::optional<Clock::time_point> drop_at_;
  size_t dials_seen_ = 0;
};

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"cm-modem-emulator: a Hayes modem on a pseudo-terminal, for testing dialers",
               "cm-modem-emulator"};
  std::string link;
  std::vector<std::string> outcome_specs;
  std::string log_path;
  app.add_option("--link", link, "Symlink to create pointing at the modem's device")->required();
  app.add_option("--outcome", outcome_specs,
                 "What each dial does, in turn (the last repeats): connect[:SPEED][:drop=S], "
                 "busy, no-carrier, no-dialtone, no-answer, error, silent; add :after=MS");
  app.add_option("--log", log_path, "Append each command and event to this file");
  CLI11_PARSE(app, argc, argv);

  std::vector<me::Outcome> outcomes;
  for (const std::string& spec : outcome_specs) {
    auto outcome = me::ParseOutcome(spec);
    if (!outcome) {
      std::cerr << "cm-modem-emulator: error: " << outcome.error().ToString() << "\n";
      return 2;
    }
    outcomes.push_back(*outcome);
  }
  int master = -1;
  int slave = -1;
  if (::openpty(&master, &slave, nullptr, nullptr, nullptr) != 0) {
    std::perror("cm-modem-emulator: openpty");
    return 1;
  }
  termios tio{};
  ::tcgetattr(slave, &tio);
  ::cfmakeraw(&tio);
  ::tcsetattr(slave, TCSANOW, &tio);
  const std::string slave_path = ::ttyname(slave);
  std::error_code ec;
  std::filesystem::remove(link, ec);
  std::filesystem::create_symlink(slave_path, link, ec);
  if (ec) {
    std::cerr << "cm-modem-emulator: error: " << link << ": cannot create link: " << ec.message()
              << "\n";
    return 1;
  }
  std::ofstream log;
  if (!log_path.empty()) log.open(log_path, std::ios::app);
  std::signal(SIGTERM, OnSignal);
  std::signal(SIGINT, OnSignal);
  std::cout << "READY " << slave_path << std::endl;
  // The slave stays open here too, so the master never sees a hang-up between dialers.
  Session session(master, me::ModemEmulator(std::move(outcomes)),
                  log_path.empty() ? nullptr : &log);
  session.Run();
  std::filesystem::remove(link, ec);
  ::close(slave);
  ::close(master);
  return 0;
}
