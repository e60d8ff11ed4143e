// SPDX-License-Identifier: MIT
// libFuzzer target for cmak's text parsers of profile values: the --action syntax
// (ParseActionOption) and the per-tunnel setting checks (CheckTunnelSetting), which lint runs on
// .cms values. Neither may crash; an accepted action must name a program and a valid point.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "profile_spec.h"
#include "tunnel_settings.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto action = cm::cmak::ParseActionOption(text); action) {
    if (cm::ActionProgram(action->command_line).empty() ||
        static_cast<size_t>(action->point) >= cm::kActionPointCount) {
      std::fprintf(stderr, "cmak_action_fuzzer: accepted an action without a program\n");
      std::abort();
    }
  }
  for (const cm::cmak::TunnelSettingInfo& info : cm::cmak::KnownTunnelSettings()) {
    for (cm::TunnelType type : {cm::TunnelType::kOpenVpn, cm::TunnelType::kWireGuard,
                                cm::TunnelType::kIkev2, cm::TunnelType::kSstp}) {
      (void)cm::cmak::CheckTunnelSetting(type, info.key, text);
    }
  }
  return 0;
}
