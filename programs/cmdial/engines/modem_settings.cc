// SPDX-License-Identifier: MIT
#include "engines/modem_settings.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

#include "cm/file_util.h"
#include "cm/ini_file.h"
#include "cm/modem.h"

namespace cm::cmdial {
namespace {

constexpr std::string_view kSection = "Modem";

std::string ModemIniPath(const std::string& config_dir) { return config_dir + "/modem.ini"; }

}  // namespace

std::string SerializeModemSettings(const ModemSettings& settings) {
  IniFile ini = IniFile::Empty();
  (void)ini.Set(kSection, "Device", settings.device);
  (void)ini.Set(kSection, "Baud", std::to_string(settings.baud));
  for (size_t i = 0; i < settings.init_commands.size(); ++i) {
    (void)ini.Set(kSection, fmt::format("Init{}", i), settings.init_commands[i]);
  }
  (void)ini.Set(kSection, "Pulse", settings.pulse ? "1" : "0");
  (void)ini.Set(kSection, "Model", settings.model);
  return ini.Serialize();
}

Result<ModemSettings> ParseModemSettings(std::string_view text) {
  IniFile ini = CM_TRY(IniFile::Parse(text));
  ModemSettings settings;
  settings.device = ini.GetString(kSection, "Device", "");
  const uint32_t baud = ini.GetInt(kSection, "Baud", 115200).value;
  if (baud != 0) settings.baud = baud;
  std::vector<std::string> init;
  for (size_t i = 0;; ++i) {
    auto command = ini.Get(kSection, fmt::format("Init{}", i));
    if (!command) break;
    init.push_back(*command);
  }
  if (!init.empty()) settings.init_commands = std::move(init);
  settings.pulse = ini.GetInt(kSection, "Pulse", 0).value != 0;
  settings.model = ini.GetString(kSection, "Model", "");
  return settings;
}

Result<ModemSettings> LoadModemSettings(const std::string& config_dir) {
  auto text = ReadFile(ModemIniPath(config_dir));
  if (!text) {
    if (text.error().code() == Errc::kNotFound) return ModemSettings{};
    return Fail(text.error());
  }
  auto settings = ParseModemSettings(*text);
  if (!settings) {
    return Fail(settings.error().code(), settings.error().message(),
                {.file = ModemIniPath(config_dir)});
  }
  return settings;
}

Status SaveModemSettings(const std::string& config_dir, const ModemSettings& settings) {
  std::error_code ec;
  std::filesystem::create_directories(config_dir, ec);
  if (ec) {
    return Fail(Errc::kIo, fmt::format("cannot create the folder: {}", ec.message()),
                {.file = config_dir});
  }
  return WriteFileAtomic(ModemIniPath(config_dir), SerializeModemSettings(settings), 0644);
}

const std::vector<std::vector<std::string>>& CandidateInitSequences() {
  static const std::vector<std::vector<std::string>> kSequences = {
      {"ATZ", "AT&F E0 V1 &C1 &D2 S0=0"},  // Hayes-compatible, hardware carrier and DTR
      {"ATZ", "ATE0 V1 S0=0"},             // modems without the & commands
      {"AT"},                              // anything that answers at all
  };
  return kSequences;
}

ProbeResult ProbeModem(const std::string& device, std::chrono::milliseconds timeout) {
  ProbeResult result;
  result.device = device;
  auto line = ModemLine::Open(device);
  if (!line) {
    result.problem = line.error().message();
    return result;
  }
  auto hello = line->Command("AT", timeout);
  if (!hello) hello = line->Command("AT", timeout);  // a modem may need a first CR to wake up
  if (!hello || hello->result != ModemResult::kOk) {
    result.problem = hello ? fmt::format("answered {} to AT", ModemResultText(hello->result))
                           : hello.error().message();
    return result;
  }
  result.answered = true;
  // The model: AT+GMM (V.250), else ATI. Information lines are in the transcript.
  for (const char* ask : {"AT+GMM", "ATI"}) {
    std::vector<std::string> transcript;
    auto reply = line->Command(ask, timeout, &transcript);
    if (!reply || reply->result != ModemResult::kOk) continue;
    for (const std::string& entry : transcript) {
      if (entry.rfind("< ", 0) != 0) continue;
      std::string_view text = std::string_view(entry).substr(2);
      if (text.empty() || text == ask || ParseResultLine(text)) continue;
      result.model = std::string(text);
      break;
    }
    if (!result.model.empty()) break;
  }
  for (const auto& sequence : CandidateInitSequences()) {
    if (line->Initialise(sequence, timeout)) {
      result.init = sequence;
      break;
    }
  }
  if (result.init.empty()) result.problem = "no init sequence was accepted";
  return result;
}

std::vector<std::string> CandidateModemDevices() {
  std::vector<std::string> devices;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator("/dev", ec)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind("ttyS", 0) == 0 || name.rfind("ttyUSB", 0) == 0 ||
        name.rfind("ttyACM", 0) == 0) {
      devices.push_back(entry.path().string());
    }
  }
  std::sort(devices.begin(), devices.end());
  return devices;
}

}  // namespace cm::cmdial
