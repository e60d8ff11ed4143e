// SPDX-License-Identifier: MIT
// DialupLink: the dial-up half of a connection. Opens the modem, resets and initialises it,
// dials the POP's number and reads the modem's answer (cm/modem.h), then runs pppd on the line
// with the profile's options (engines/pppd_options.h) and waits for the negotiated addresses.
// Each failure carries the RAS error Connection Manager would report (last_error_value()).
#pragma once

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "cm/ini_file.h"
#include "cm/modem.h"
#include "connect/link.h"

namespace cm::cmdial {

struct DialupSettings {
  std::string device;  // the modem ("cmdial modem set", or the profile)
  uint32_t baud = 115200;
  std::vector<std::string> init_commands = {"ATZ", "AT&F E0 V1 &C1 &D2 S0=0"};
  bool pulse = false;
  std::string number;  // the digits to dial when DialRequest::phone_number is empty
  std::chrono::milliseconds command_timeout{5000};
  std::chrono::milliseconds dial_timeout{60000};  // from ATD to CONNECT
  std::chrono::milliseconds ppp_timeout{30000};   // from CONNECT to the IP addresses
  std::string pppd = "/usr/sbin/pppd";
  IniFile cms = IniFile::Empty();  // the profile's .cms ([Server&DUN], [TCP/IP&DUN])
  std::string dun;                 // the DUN entry: the POP's, else [Connection Manager] DUN
  std::function<void(std::string_view)> log;  // one line per step; never given secrets
};

class DialupLink : public Link {
 public:
  explicit DialupLink(DialupSettings settings);
  ~DialupLink() override;
  DialupLink(const DialupLink&) = delete;
  DialupLink& operator=(const DialupLink&) = delete;

  std::string_view name() const override { return "dialup"; }
  // Errors: kNetwork with the RAS error in the message ("... (error 676)") for failures a
  // redial may cure (busy, no answer, no carrier, no dial tone, PPP timeout); kNotFound/kIo when
  // the modem or pppd cannot be used; kUnsupported when the kernel has no PPP.
  [[nodiscard]] Status Dial(const DialRequest& request) override;
  void HangUp() override;
  int DropFd() const override { return pppd_output_; }
  bool Dropped() override;
  Addresses addresses() const override { return addresses_; }
  std::optional<uint64_t> TrafficBytes() const override;

  // The RAS error of the last failure (0 when none), for %ErrorCode%.
  int64_t last_error_value() const override { return last_error_; }
  // pppd's interface ("ppp0") once known.
  const std::string& interface_name() const { return interface_; }

 private:
  Status Fail(uint32_t ras_error, Errc code, std::string message);
  Status StartPppd(const DialRequest& request);
  // Reads pppd's stderr lines until the addresses are known, pppd exits, or the deadline.
  Status AwaitAddresses(int interrupt_fd);
  void ReadPppdOutput();
  void Log(std::string_view text) const;

  DialupSettings settings_;
  std::optional<ModemLine> modem_;
  pid_t pppd_ = -1;
  int pppd_output_ = -1;
  std::string pppd_text_;
  std::optional<int> pppd_status_;
  Addresses addresses_;
  std::string interface_;
  uint32_t last_error_ = 0;
};

// The RAS error for a pppd exit status (pppd(8) "EXIT STATUS").
uint32_t RasErrorForPppdExit(int exit_code);

}  // namespace cm::cmdial
