// SPDX-License-Identifier: MIT
// Test helpers for merged phone books: the CMAKMADE fixture with a merged profile PARTNER.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "cm/file_util.h"
#include "profiles/profiles_test_util.h"

namespace cm::cmdial::testing {

inline constexpr std::string_view kPartnerKey =
    "ed25519:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

// PARTNER's book: POP 6 repeats an id of CORP.pbk (London Docklands); POP 22 is ISDN (flags 36)
// so the Modem service type leaves it out; regions London and Yorkshire.
inline constexpr std::string_view kPartnerPbk =
    "6,44,1,Partner London,20,7946 1000,9600,56000,0,32,\r\n"
    "21,1,0,Partner Seattle,206,555-0201,9600,56000,0,32,\r\n"
    "22,44,2,Partner Leeds ISDN,113,7946 1003,64000,128000,0,36,\r\n"
    "23,44,2,Partner York,1904,7946 1004,9600,56000,0,32,\r\n";
inline constexpr std::string_view kPartnerPbr = "2\r\nLondon\r\nYorkshire\r\n";

// The [cmsuite Merged Profiles] lines and PARTNER's section as cmak new --merge writes them.
inline std::string PartnerSections(std::string_view short_name, std::string_view url) {
  const std::string s(short_name);
  return "\r\n[cmsuite Merged Profiles]\r\n0=PARTNER\r\n\r\n[cmsuite Merge&PARTNER]\r\n"
         "ServiceName=Partner dial-up\r\nPBFile=" +
         s + "\\PARTNER.pbk\r\nRegionFile=" + s + "\\PARTNER.pbr\r\nPBURL=" + std::string(url) +
         "\r\nPublisherKey=" + std::string(kPartnerKey) + "\r\n";
}

// CMAKMADE with testdata/cmdial/CORP.pbk as its own book and PARTNER (version 7) merged in.
// `extra` is appended to the .cms after PARTNER's section.
inline void InstallMergedCorp(TempStore& store, std::string_view extra = "") {
  store.InstallFixture("CMAKMADE");
  const std::string dir = std::string(CM_TESTDATA_DIR) + "/cmdial/";
  const std::string folder = store.paths().user_root + "/CMAKMADE/";
  ASSERT_TRUE(WriteFileAtomic(folder + "spec-example.pbk", ReadFile(dir + "CORP.pbk").value()));
  ASSERT_TRUE(WriteFileAtomic(folder + "spec-example.pbr", ReadFile(dir + "CORP.pbr").value()));
  ASSERT_TRUE(WriteFileAtomic(folder + "PARTNER.pbk", kPartnerPbk));
  ASSERT_TRUE(WriteFileAtomic(folder + "PARTNER.pbr", kPartnerPbr));
  ASSERT_TRUE(WriteFileAtomic(folder + "PARTNER.ver", "7\r\n"));
  const std::string cms = folder + "CMAKMADE.cms";
  ASSERT_TRUE(WriteFileAtomic(cms, ReadFile(cms).value() +
                                       PartnerSections("CMAKMADE", "http://127.0.0.1:1/pb") +
                                       std::string(extra)));
}

}  // namespace cm::cmdial::testing
