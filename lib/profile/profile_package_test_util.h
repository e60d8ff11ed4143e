// SPDX-License-Identifier: MIT
// Test helper: builds profile packages like `cmak build` does (docs/formats/profile.md), with
// hooks to tamper with them, so tests can make packages signed by any key.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cm/cab.h"
#include "cm/crypto.h"

namespace cm::testing {

struct TestPackage {
  std::string short_name = "TESTPROF";
  std::map<std::string, std::string> files;  // name -> bytes (sorted, as cmak build)
  const SigningKey* key = nullptr;
  std::vector<CabEntry> extra_members;         // added after signing, unlisted
  std::map<std::string, std::string> altered;  // replaced after the manifest was made
  std::string format = "cmsuite-profile/1";

  // The three files a profile needs, with a .cms naming `service_name`.
  static TestPackage Minimal(std::string short_name, std::string service_name) {
    TestPackage package;
    package.short_name = short_name;
    package.files[short_name + ".cms"] =
        "[Connection Manager]\r\nServiceName=" + service_name + "\r\n";
    package.files[short_name + ".cmp"] =
        "[Connection Manager]\r\nCMSFile=" + short_name + "\\" + short_name + ".cms\r\n";
    package.files[short_name + ".inf"] = "[Strings]\r\nShortSvcName=\"" + short_name + "\"\r\n";
    return package;
  }

  std::string Manifest() const {
    nlohmann::json manifest;
    manifest["format"] = format;
    manifest["profile"] = short_name;
    nlohmann::json listed = nlohmann::json::object();
    for (const auto& [name, data] : files) {
      listed[name] = {{"sha256", ToHex(Sha256(data))}, {"size", data.size()}};
    }
    manifest["files"] = std::move(listed);
    manifest["signer"] = key ? nlohmann::json(key->public_key().ToString()) : nlohmann::json();
    return manifest.dump(2) + "\n";
  }

  std::string Build() const {
    std::vector<CabEntry> members;
    for (const auto& [name, data] : files) {
      auto altered_it = altered.find(name);
      members.push_back({name, altered_it == altered.end() ? data : altered_it->second});
    }
    std::string manifest = Manifest();
    if (key) {
      std::string signature = SignatureToString(key->Sign(manifest)) + "\n";
      members.push_back({"manifest.json", manifest});
      members.push_back({"manifest.sig", signature});
    } else {
      members.push_back({"manifest.json", manifest});
    }
    for (const CabEntry& extra : extra_members) members.push_back(extra);
    return WriteCabinet(members, {.timestamp = 0}).value();  // throws in a test on failure
  }
};

}  // namespace cm::testing
