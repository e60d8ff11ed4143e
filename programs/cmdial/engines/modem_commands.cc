// SPDX-License-Identifier: MIT
#include "engines/modem_commands.h"

#include <fmt/format.h>
#include <sys/stat.h>

#include <future>
#include <memory>
#include <nlohmann/json.hpp>

#include "engines/modem_settings.h"
#include "profiles/profile_store.h"

namespace cm::cmdial {
namespace {

struct ModemOptions {
  std::string device;
  uint32_t baud = 0;
  std::vector<std::string> init;
  bool pulse = false;
  bool tone = false;
  bool json = false;
  std::vector<std::string> devices;
  uint32_t timeout_ms = 700;
};

int Failed(cli::Output& output, const std::string& message) {
  output.err << "cmdial: error: " << message << "\n";
  return cli::kExitFailed;
}

Result<std::string> ConfigDir() {
  StorePaths paths = CM_TRY(StorePaths::FromEnvironment());
  return paths.config_dir;
}

int RunSet(const ModemOptions& options, cli::Output& output) {
  auto config = ConfigDir();
  if (!config) return Failed(output, config.error().ToString());
  auto settings = LoadModemSettings(*config);
  if (!settings) return Failed(output, settings.error().ToString());
  struct stat info {};
  if (::stat(options.device.c_str(), &info) != 0 || !S_ISCHR(info.st_mode)) {
    return Failed(output, fmt::format("{}: not a character device (a serial port such as "
                                      "/dev/ttyS0 or /dev/ttyUSB0); run 'cmdial modem detect'",
                                      options.device));
  }
  for (const std::string& command : options.init) {
    if (command.find_first_of("\r\n") != std::string::npos || command.size() > 120) {
      return Failed(output, fmt::format("--init '{}': one AT command line, without line breaks, "
                                        "at most 120 characters",
                                        command));
    }
  }
  settings->device = options.device;
  if (options.baud != 0) settings->baud = options.baud;
  if (!options.init.empty()) settings->init_commands = options.init;
  if (options.pulse) settings->pulse = true;
  if (options.tone) settings->pulse = false;
  if (Status saved = SaveModemSettings(*config, *settings); !saved) {
    return Failed(output, saved.error().ToString());
  }
  output.out << fmt::format("modem: {} at {} bit/s, {} dialing, init {}\n", settings->device,
                            settings->baud, settings->pulse ? "pulse" : "tone",
                            fmt::join(settings->init_commands, " | "));
  return cli::kExitOk;
}

int RunShow(const ModemOptions& options, cli::Output& output) {
  auto config = ConfigDir();
  if (!config) return Failed(output, config.error().ToString());
  auto settings = LoadModemSettings(*config);
  if (!settings) return Failed(output, settings.error().ToString());
  if (options.json) {
    nlohmann::json json = {{"device", settings->device},
                           {"baud", settings->baud},
                           {"init", settings->init_commands},
                           {"pulse", settings->pulse},
                           {"model", settings->model}};
    output.out << json.dump(2) << "\n";
    return cli::kExitOk;
  }
  if (settings->device.empty()) {
    output.out << "no modem set: run 'cmdial modem detect' or 'cmdial modem set DEVICE'\n";
    return cli::kExitOk;
  }
  output.out << fmt::format("device {}\nbaud {}\ndialing {}\ninit {}\nmodel {}\n", settings->device,
                            settings->baud, settings->pulse ? "pulse" : "tone",
                            fmt::join(settings->init_commands, " | "),
                            settings->model.empty() ? "(unknown)" : settings->model);
  return cli::kExitOk;
}

int RunDetect(const ModemOptions& options, cli::Output& output) {
  auto config = ConfigDir();
  if (!config) return Failed(output, config.error().ToString());
  std::vector<std::string> devices =
      options.devices.empty() ? CandidateModemDevices() : options.devices;
  if (devices.empty())
    return Failed(output, "no serial devices found (/dev/ttyS*, ttyUSB*, ttyACM*)");
  // Probe all devices at once: a port without a modem costs a timeout.
  const std::chrono::milliseconds timeout(options.timeout_ms);
  std::vector<std::future<ProbeResult>> probes;
  for (const std::string& device : devices) {
    probes.push_back(std::async(std::launch::async, ProbeModem, device, timeout));
  }
  std::optional<ProbeResult> chosen;
  for (auto& probe : probes) {
    ProbeResult result = probe.get();
    if (!result.init.empty()) {
      output.out << fmt::format("{}: modem{} answers; init {}\n", result.device,
                                result.model.empty() ? "" : " " + result.model,
                                fmt::join(result.init, " | "));
      if (!chosen) chosen = result;
    } else {
      output.out << fmt::format("{}: {}\n", result.device,
                                result.problem.empty() ? "no modem" : result.problem);
    }
  }
  if (!chosen)
    return Failed(output,
                  "no modem answered; check the cable and power, or use "
                  "'cmdial modem set DEVICE --init ...'");
  auto settings = LoadModemSettings(*config);
  if (!settings) return Failed(output, settings.error().ToString());
  settings->device = chosen->device;
  settings->init_commands = chosen->init;
  settings->model = chosen->model;
  if (Status saved = SaveModemSettings(*config, *settings); !saved) {
    return Failed(output, saved.error().ToString());
  }
  output.out << fmt::format("recorded {} as the modem\n", chosen->device);
  return cli::kExitOk;
}

}  // namespace

void RegisterModemCommands(CLI::App& app, cli::CommandRegistry& registry) {
  auto options = std::make_shared<ModemOptions>();
  CLI::App* modem = app.add_subcommand("modem", "The modem used for dial-up connections");
  modem->require_subcommand(1);

  CLI::App* set = modem->add_subcommand("set", "Use DEVICE as the modem");
  set->add_option("DEVICE", options->device, "Serial device, e.g. /dev/ttyUSB0")->required();
  set->add_option("--baud", options->baud, "Line speed in bit/s (default 115200)");
  set->add_option("--init", options->init,
                  "An init command (repeat for several, sent in order; default ATZ then "
                  "AT&F E0 V1 &C1 &D2 S0=0)");
  set->add_flag("--pulse", options->pulse, "Dial with pulses");
  set->add_flag("--tone", options->tone, "Dial with tones (the default)");
  registry.Add(set, [options](cli::Output& output) { return RunSet(*options, output); });

  CLI::App* show = modem->add_subcommand("show", "Show the modem settings");
  show->add_flag("--json", options->json, "Print JSON");
  registry.Add(show, [options](cli::Output& output) { return RunShow(*options, output); });

  CLI::App* detect = modem->add_subcommand(
      "detect", "Probe serial devices with AT commands and record the modem that answers");
  detect->add_option("--device", options->devices,
                     "Probe only this device (repeatable; default /dev/ttyS*, ttyUSB*, ttyACM*)");
  detect->add_option("--timeout-ms", options->timeout_ms, "Wait per command (default 700)");
  registry.Add(detect, [options](cli::Output& output) { return RunDetect(*options, output); });
}

}  // namespace cm::cmdial
