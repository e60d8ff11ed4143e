// SPDX-License-Identifier: MIT
// WriteCabinet: builds a one-folder cabinet with libgcab, with fixed dates and member order.
#include <libgcab.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <string>
#include <unordered_set>

#include "cab/cab_format.h"
#include "cab/cab_writer_internal.h"
#include "cm/cab.h"

namespace cm {
namespace {

// 1980-01-01 00:00:00 UTC, the first moment an MS-DOS date can hold ([MS-CAB] §2.3 CFFILE.date).
constexpr int64_t kDosEpoch = 315532800;
// 2107-12-31 23:59:58 UTC, the last one (year field 127, two-second resolution).
constexpr int64_t kDosLast = 4354819198;
// One folder holds at most 65535 CFDATA blocks (CFFOLDER.cCFData is 16 bits) of 32 KiB each.
constexpr uint64_t kMaxFolderBytes = uint64_t{0xFFFF} * cab::kMaxBlockUncompressed;
constexpr uint64_t kMaxMemberBytes = uint64_t{1} << 31;

std::string NormalizedName(std::string_view name) {
  std::string out(name);
  std::replace(out.begin(), out.end(), '/', '\\');
  return out;
}

std::string FoldedName(std::string_view name) {
  std::string out = NormalizedName(name);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

Status CheckEntries(const std::vector<CabEntry>& entries) {
  if (entries.size() > 0xFFFF) {
    return Fail(Errc::kInvalidArgument,
                "a cabinet holds at most 65535 members (CFHEADER.cFiles), got " +
                    std::to_string(entries.size()));
  }
  std::unordered_set<std::string> seen;
  uint64_t total = 0;
  for (const CabEntry& entry : entries) {
    if (entry.name.empty())
      return Fail(Errc::kInvalidArgument, "cabinet member with an empty name");
    if (entry.name.size() > cab::kMaxNameBytes) {
      return Fail(Errc::kInvalidArgument,
                  "cabinet member name longer than 255 bytes: " + entry.name.substr(0, 40) + "...");
    }
    if (entry.name.find('\0') != std::string::npos) {
      return Fail(Errc::kInvalidArgument, "cabinet member name contains a NUL byte");
    }
    if (!seen.insert(FoldedName(entry.name)).second) {
      return Fail(Errc::kInvalidArgument, "duplicate cabinet member name: " + entry.name);
    }
    if (entry.data.size() > kMaxMemberBytes) {
      return Fail(Errc::kInvalidArgument, "cabinet member over 2 GiB: " + entry.name);
    }
    total += entry.data.size();
  }
  if (total > kMaxFolderBytes) {
    return Fail(Errc::kInvalidArgument,
                "cabinet members total " + std::to_string(total) +
                    " bytes; one folder holds at most 65535 blocks of 32 KiB");
  }
  return Ok();
}

std::string GErrorText(const GError* error) {
  return error != nullptr && error->message != nullptr ? error->message : "unknown error";
}

}  // namespace

namespace cab {

Result<int64_t> ResolveTimestamp(int64_t requested, const char* source_date_epoch) {
  int64_t seconds = kDosEpoch;
  if (requested >= 0) {
    seconds = requested;
  } else if (source_date_epoch != nullptr) {
    std::string_view text(source_date_epoch);
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), seconds);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size() || seconds < 0) {
      return Fail(Errc::kInvalidArgument,
                  "SOURCE_DATE_EPOCH is not a non-negative integer: '" + std::string(text) + "'");
    }
  }
  return std::clamp(seconds, kDosEpoch, kDosLast);
}

}  // namespace cab

Result<std::string> WriteCabinet(const std::vector<CabEntry>& entries,
                                 const CabWriteOptions& options) {
  CM_TRY_STATUS(CheckEntries(entries));
  int64_t when = CM_TRY(cab::ResolveTimestamp(options.timestamp, std::getenv("SOURCE_DATE_EPOCH")));

  g_autoptr(GDateTime) date_time = g_date_time_new_from_unix_utc(when);
  g_autoptr(GCabCabinet) cabinet = gcab_cabinet_new();
  g_autoptr(GCabFolder) folder =
      gcab_folder_new(options.compression == CabCompression::kMszip ? GCAB_COMPRESSION_MSZIP
                                                                    : GCAB_COMPRESSION_NONE);
  g_autoptr(GError) error = nullptr;
  for (const CabEntry& entry : entries) {
    // The bytes are borrowed: `entries` outlives the cabinet object, which dies in this scope.
    g_autoptr(GBytes) bytes = g_bytes_new_static(entry.data.data(), entry.data.size());
    g_autoptr(GCabFile) file = gcab_file_new_with_bytes(entry.name.c_str(), bytes);
    gcab_file_set_date_time(file, date_time);
    gcab_file_set_attributes(file, cab::kAttribArchive);
    if (!gcab_folder_add_file(folder, file, FALSE, nullptr, &error)) {
      return Fail(Errc::kInternal,
                  "libgcab refused member " + entry.name + ": " + GErrorText(error));
    }
  }
  if (!gcab_cabinet_add_folder(cabinet, folder, &error)) {
    return Fail(Errc::kInternal, "libgcab: " + GErrorText(error));
  }
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable();
  if (!gcab_cabinet_write_simple(cabinet, stream, nullptr, nullptr, nullptr, &error) ||
      !g_output_stream_close(stream, nullptr, &error)) {
    return Fail(Errc::kInternal, "libgcab could not write the cabinet: " + GErrorText(error));
  }
  auto* memory = G_MEMORY_OUTPUT_STREAM(stream);
  return std::string(static_cast<const char*>(g_memory_output_stream_get_data(memory)),
                     g_memory_output_stream_get_data_size(memory));
}

}  // namespace cm
