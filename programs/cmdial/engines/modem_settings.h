// SPDX-License-Identifier: MIT
// The user's modem: which serial device, its speed, the init commands that work with it, tone
// or pulse dialing. Kept in $XDG_CONFIG_HOME/cmsuite/modem.ini ([Modem] Device, Baud, Init0..,
// Pulse, Model), set by `cmdial modem set` or found by `cmdial modem detect` (the seed:
// Connection Manager configures the modem automatically). docs/formats/installed-profile.md.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "cm/result.h"

namespace cm::cmdial {

struct ModemSettings {
  std::string device;
  uint32_t baud = 115200;
  std::vector<std::string> init_commands = {"ATZ", "AT&F E0 V1 &C1 &D2 S0=0"};
  bool pulse = false;
  std::string model;  // what the modem said to ATI / AT+GMM, for people
};

// modem.ini text <-> settings. Parsing is lenient: a missing key keeps its default.
std::string SerializeModemSettings(const ModemSettings& settings);
[[nodiscard]] Result<ModemSettings> ParseModemSettings(std::string_view text);

// Reads `config_dir`/modem.ini; defaults (no device) when it does not exist.
[[nodiscard]] Result<ModemSettings> LoadModemSettings(const std::string& config_dir);
// Writes it atomically.
[[nodiscard]] Status SaveModemSettings(const std::string& config_dir,
                                       const ModemSettings& settings);

// What `cmdial modem detect` found on one device.
struct ProbeResult {
  std::string device;
  bool answered = false;          // AT -> OK
  std::string model;              // ATI / AT+GMM text
  std::vector<std::string> init;  // the first init sequence that answered OK; empty: none
  std::string problem;            // why not, for people
};

// The init sequences tried, most specific first.
const std::vector<std::vector<std::string>>& CandidateInitSequences();

// Probes `device`: opens it, sends AT, asks its model, tries the candidate init sequences.
ProbeResult ProbeModem(const std::string& device, std::chrono::milliseconds timeout);

// Serial devices worth probing: /dev/ttyS*, /dev/ttyUSB*, /dev/ttyACM* that exist.
std::vector<std::string> CandidateModemDevices();

}  // namespace cm::cmdial
