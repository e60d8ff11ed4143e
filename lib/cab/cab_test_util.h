// SPDX-License-Identifier: MIT
// Helpers shared by the cabinet tests: temporary folders, running tools, patching bytes.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>
#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "cab/cab_checksum.h"
#include "cab/cab_format.h"
#include "cm/cab.h"
#include "cm/file_util.h"

namespace cm::cab::testing {

// A folder under /tmp that is removed with everything in it when the object dies.
class TempDir {
 public:
  TempDir() {
    char pattern[] = "/tmp/cm-cab-test-XXXXXX";
    if (::mkdtemp(pattern) != nullptr) path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

struct CommandResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr together
};

// Runs `command` with /bin/sh and returns its exit code and output.
inline CommandResult RunCommand(const std::string& command) {
  CommandResult result;
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return result;
  char buffer[4096];
  size_t n;
  while ((n = std::fread(buffer, 1, sizeof(buffer), pipe)) > 0) result.output.append(buffer, n);
  int status = ::pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

// True when `tool` is on PATH. Tests that need it fail (not skip) without it:
// scripts/install-deps installs cabextract and gcab.
inline bool HaveTool(const std::string& tool) {
  return RunCommand("command -v " + tool).exit_code == 0;
}

// Bytes of a file under testdata/.
inline std::string Testdata(const std::string& relative) {
  auto bytes = ReadFile(std::string(CM_TESTDATA_DIR) + "/" + relative);
  EXPECT_TRUE(bytes) << relative << ": " << (bytes ? "" : bytes.error().ToString());
  return bytes ? *bytes : std::string();
}

inline uint16_t Get16(const std::string& bytes, size_t offset) {
  uint16_t value = 0;
  if (offset + 2 <= bytes.size()) std::memcpy(&value, bytes.data() + offset, 2);
  return value;
}
inline uint32_t Get32(const std::string& bytes, size_t offset) {
  uint32_t value = 0;
  if (offset + 4 <= bytes.size()) std::memcpy(&value, bytes.data() + offset, 4);
  return value;
}
inline void Put16(std::string& bytes, size_t offset, uint16_t value) {
  if (offset + 2 <= bytes.size()) std::memcpy(bytes.data() + offset, &value, 2);
}
inline void Put32(std::string& bytes, size_t offset, uint32_t value) {
  if (offset + 4 <= bytes.size()) std::memcpy(bytes.data() + offset, &value, 4);
}

// Where the records of a cabinet without reserve areas are (as our writer and gcab make them).
struct Layout {
  size_t folder = 36;               // first CFFOLDER
  size_t first_file = 0;            // first CFFILE (CFHEADER.coffFiles)
  std::vector<size_t> files;        // every CFFILE
  std::vector<size_t> data_blocks;  // every CFDATA of folder 0
};

inline Layout LayoutOf(const std::string& cab) {
  Layout layout;
  layout.first_file = Get32(cab, 16);
  size_t offset = layout.first_file;
  for (uint16_t i = 0; i < Get16(cab, 28) && offset + 16 < cab.size(); ++i) {
    layout.files.push_back(offset);
    offset += 16;
    while (offset < cab.size() && cab[offset] != '\0') ++offset;
    ++offset;
  }
  offset = Get32(cab, layout.folder);
  for (uint16_t i = 0; i < Get16(cab, layout.folder + 4) && offset + 8 <= cab.size(); ++i) {
    layout.data_blocks.push_back(offset);
    offset += 8 + Get16(cab, offset + 4);
  }
  return layout;
}

// `size` bytes that compress somewhat: words from a small vocabulary mixed with noise.
inline std::string MixedBytes(size_t size, uint32_t seed) {
  static const char* const kWords[] = {"London ",        "Docklands ", "555-0123,", "9600,",
                                       "CorpDialup\r\n", "Redmond ",   "56000,"};
  std::mt19937 rng(seed);
  std::string out;
  out.reserve(size + 16);
  while (out.size() < size) {
    if (rng() % 4 == 0) {
      out.push_back(static_cast<char>(rng() & 0xFF));
    } else {
      out += kWords[rng() % std::size(kWords)];
    }
  }
  out.resize(size);
  return out;
}

// How BuildCabinet lays out and encodes a cabinet.
struct HandOptions {
  uint16_t compression = kCompressMszip;  // kCompressNone or kCompressMszip
  // MSZIP only: let each block refer to the previous 32 KiB ([MS-CAB] MSZIP history), as
  // Microsoft's encoder does; libgcab never does.
  bool carry_history = true;
  bool checksums = true;
  uint16_t header_reserve = 0;  // > 0 or the two below: set cfhdrRESERVE_PRESENT
  uint8_t folder_reserve = 0;
  uint8_t data_reserve = 0;
  bool reserve_flag = false;
};

// A single-folder cabinet built field by field, independent of libgcab: the reader's
// tests use it for what libgcab cannot make (history across blocks, reserve areas).
inline std::string BuildCabinet(const std::vector<CabEntry>& entries,
                                const HandOptions& options = {}) {
  std::string folder_data;
  for (const CabEntry& entry : entries) folder_data += entry.data;
  bool reserve = options.reserve_flag || options.header_reserve > 0 || options.folder_reserve > 0 ||
                 options.data_reserve > 0;

  // CFDATA blocks.
  std::vector<std::string> blocks;
  z_stream z{};
  if (options.compression == kCompressMszip) {
    deflateInit2(&z, 6, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
  }
  for (size_t start = 0; start < folder_data.size(); start += kMaxBlockUncompressed) {
    std::string_view chunk = std::string_view(folder_data).substr(start, kMaxBlockUncompressed);
    std::string payload;
    if (options.compression == kCompressMszip) {
      deflateReset(&z);
      if (options.carry_history && start > 0) {
        size_t history = std::min<size_t>(start, 32768);
        deflateSetDictionary(&z,
                             reinterpret_cast<const Bytef*>(folder_data.data() + start - history),
                             static_cast<uInt>(history));
      }
      payload.resize(2 + deflateBound(&z, chunk.size()));
      payload[0] = 'C';
      payload[1] = 'K';
      z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(chunk.data()));
      z.avail_in = static_cast<uInt>(chunk.size());
      z.next_out = reinterpret_cast<Bytef*>(payload.data() + 2);
      z.avail_out = static_cast<uInt>(payload.size() - 2);
      deflate(&z, Z_FINISH);
      payload.resize(payload.size() - z.avail_out);
    } else {
      payload.assign(chunk);
    }
    std::string block(8 + options.data_reserve, '\0');
    Put16(block, 4, static_cast<uint16_t>(payload.size()));
    Put16(block, 6, static_cast<uint16_t>(chunk.size()));
    for (size_t i = 0; i < options.data_reserve; ++i) block[8 + i] = static_cast<char>(0xA0 + i);
    if (options.checksums) {
      Put32(block, 0, CfDataChecksum(std::string_view(block).substr(4), payload));
    }
    blocks.push_back(block + payload);
  }
  if (options.compression == kCompressMszip) deflateEnd(&z);

  std::string header(36, '\0');
  std::memcpy(header.data(), "MSCF", 4);
  header[24] = 3;
  header[25] = 1;
  Put16(header, 26, 1);
  Put16(header, 28, static_cast<uint16_t>(entries.size()));
  if (reserve) {
    Put16(header, 30, kFlagReservePresent);
    std::string sizes(4, '\0');
    Put16(sizes, 0, options.header_reserve);
    sizes[2] = static_cast<char>(options.folder_reserve);
    sizes[3] = static_cast<char>(options.data_reserve);
    header += sizes + std::string(options.header_reserve, 'H');
  }
  std::string folder(8 + options.folder_reserve, 'F');
  Put16(folder, 4, static_cast<uint16_t>(blocks.size()));
  Put16(folder, 6, options.compression);
  std::string files;
  uint32_t offset = 0;
  for (const CabEntry& entry : entries) {
    std::string file(16, '\0');
    Put32(file, 0, static_cast<uint32_t>(entry.data.size()));
    Put32(file, 4, offset);
    Put16(file, 10, 0x21);
    Put16(file, 14, kAttribArchive);
    files += file + entry.name + '\0';
    offset += static_cast<uint32_t>(entry.data.size());
  }
  Put32(header, 16, static_cast<uint32_t>(header.size() + folder.size()));
  Put32(folder, 0, static_cast<uint32_t>(header.size() + folder.size() + files.size()));
  std::string cab = header + folder + files;
  for (const std::string& block : blocks) cab += block;
  Put32(cab, 8, static_cast<uint32_t>(cab.size()));
  return cab;
}

}  // namespace cm::cab::testing
