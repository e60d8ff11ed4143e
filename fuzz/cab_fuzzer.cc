// SPDX-License-Identifier: MIT
// libFuzzer target: ReadCabinet on arbitrary bytes; what it accepts must survive a rewrite.
//
// Small limits keep each input cheap. When a cabinet reads, its members are written again with
// WriteCabinet (libgcab, so only small results) and read back: the data must be equal and the
// names equal after the writer's '/' -> '\' rule. Anything else aborts.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "cm/cab.h"

namespace {

constexpr uint64_t kMaxRewriteBytes = 256 * 1024;

std::string WrittenName(std::string name) {
  for (char& c : name) {
    if (c == '/') c = '\\';
  }
  return name;
}

[[noreturn]] void Die(const char* what, const std::string& detail) {
  std::fprintf(stderr, "cab_fuzzer: %s: %s\n", what, detail.c_str());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto read = cm::ReadCabinet(bytes, {.max_total_uncompressed = 1 << 20, .max_members = 1000});
  if (!read) {
    if (read.error().code() == cm::Errc::kInternal) Die("internal error", read.error().ToString());
    return 0;
  }
  uint64_t total = 0;
  for (const cm::CabEntry& entry : *read) total += entry.data.size();
  if (total > kMaxRewriteBytes) return 0;

  auto written = cm::WriteCabinet(*read, {.timestamp = 0});
  if (!written) {
    // Names a cabinet may hold but our writer refuses (duplicates, 256 bytes) are fine.
    if (written.error().code() == cm::Errc::kInvalidArgument) return 0;
    Die("WriteCabinet failed", written.error().ToString());
  }
  auto again = cm::ReadCabinet(*written);
  if (!again) Die("our own cabinet does not read", again.error().ToString());
  if (again->size() != read->size()) Die("member count changed", std::to_string(read->size()));
  for (size_t i = 0; i < read->size(); ++i) {
    if ((*again)[i].name != WrittenName((*read)[i].name)) Die("name changed", (*read)[i].name);
    if ((*again)[i].data != (*read)[i].data) Die("data changed", (*read)[i].name);
  }
  return 0;
}
