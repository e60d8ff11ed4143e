// SPDX-License-Identifier: MIT
// ReadCabinet: a bounds-checked parser of single-volume cabinets ([MS-CAB] §2).
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "cab/cab_checksum.h"
#include "cab/cab_format.h"
#include "cab/mszip.h"
#include "cm/cab.h"

namespace cm {
namespace {

using cab::CfData;
using cab::CfFile;
using cab::CfFolder;
using cab::CfHeader;
using cab::CfHeaderReserve;

std::string Hex(uint32_t value) {
  char text[16];
  std::snprintf(text, sizeof(text), "0x%08x", value);
  return text;
}

struct FolderRecord {
  CfFolder folder;
  uint64_t offset;  // of the CFFOLDER, for messages
};

struct FileRecord {
  CfFile file;
  std::string name;
  uint64_t offset;  // of the CFFILE
};

// One parse of one cabinet. Every read goes through Fits() first.
class CabinetParser {
 public:
  CabinetParser(std::string_view bytes, const CabReadLimits& limits)
      : bytes_(bytes), limits_(limits) {}

  Result<std::vector<CabEntry>> Parse() {
    CM_TRY_STATUS(ParseHeader());
    CM_TRY_STATUS(ParseFolders());
    CM_TRY_STATUS(ParseFiles());
    std::map<uint16_t, std::string> folder_data;
    uint64_t decoded = 0;
    for (const FileRecord& file : files_) {
      if (folder_data.count(file.file.i_folder) != 0) continue;
      std::string data = CM_TRY(DecodeFolder(file.file.i_folder, decoded));
      decoded += data.size();
      folder_data.emplace(file.file.i_folder, std::move(data));
    }
    std::vector<CabEntry> entries;
    entries.reserve(files_.size());
    for (FileRecord& file : files_) {
      const std::string& data = folder_data[file.file.i_folder];
      uint64_t end = uint64_t{file.file.uoff_folder_start} + file.file.cb_file;
      if (end > data.size()) {
        return Corrupt(file.offset, "CFFILE '" + file.name + "' covers folder bytes " +
                                        std::to_string(file.file.uoff_folder_start) + ".." +
                                        std::to_string(end) + " but folder " +
                                        std::to_string(file.file.i_folder) + " holds " +
                                        std::to_string(data.size()));
      }
      entries.push_back(
          {std::move(file.name), data.substr(file.file.uoff_folder_start, file.file.cb_file)});
    }
    return entries;
  }

 private:
  static tl::unexpected<Error> Corrupt(uint64_t offset, std::string message) {
    return Fail(Errc::kCorrupt, std::move(message), {.offset = offset});
  }

  // True when [offset, offset + size) lies inside the cabinet.
  bool Fits(uint64_t offset, uint64_t size) const {
    return offset <= bytes_.size() && size <= bytes_.size() - offset;
  }

  Status ParseHeader() {
    if (bytes_.size() >= 4 && bytes_.substr(0, 4) != std::string_view(cab::kSignature, 4)) {
      return Corrupt(0, "not a cabinet: CFHEADER.signature is not \"MSCF\"");
    }
    if (!Fits(0, sizeof(CfHeader))) {
      return Corrupt(0, "truncated CFHEADER: " + std::to_string(bytes_.size()) + " of 36 bytes");
    }
    header_ = cab::LoadRecord<CfHeader>(bytes_, 0);
    if (header_.cb_cabinet > bytes_.size()) {
      return Corrupt(8, "truncated cabinet: CFHEADER.cbCabinet is " +
                            std::to_string(header_.cb_cabinet) + " bytes, input has " +
                            std::to_string(bytes_.size()));
    }
    if (header_.cb_cabinet < sizeof(CfHeader)) {
      return Corrupt(8, "CFHEADER.cbCabinet " + std::to_string(header_.cb_cabinet) +
                            " is smaller than the header");
    }
    // Bytes after cbCabinet are not part of the cabinet; nothing may point there.
    bytes_ = bytes_.substr(0, header_.cb_cabinet);
    if (header_.version_major != cab::kVersionMajor) {
      return Fail(Errc::kUnsupported,
                  "cabinet format version " + std::to_string(header_.version_major) + "." +
                      std::to_string(header_.version_minor) + " (only 1.x is known)",
                  {.offset = 25});
    }
    if ((header_.flags & (cab::kFlagPrevCabinet | cab::kFlagNextCabinet)) != 0) {
      return Fail(
          Errc::kUnsupported,
          "multi-volume cabinet (CFHEADER.flags " + Hex(header_.flags) + ") is not supported",
          {.offset = 30});
    }
    uint64_t offset = sizeof(CfHeader);
    if ((header_.flags & cab::kFlagReservePresent) != 0) {
      if (!Fits(offset, sizeof(CfHeaderReserve))) {
        return Corrupt(offset, "truncated CFHEADER reserve sizes");
      }
      auto reserve = cab::LoadRecord<CfHeaderReserve>(bytes_, offset);
      if (reserve.cb_cf_header > cab::kMaxHeaderReserve) {
        return Corrupt(offset, "CFHEADER.cbCFHeader " + std::to_string(reserve.cb_cf_header) +
                                   " exceeds 60000");
      }
      offset += sizeof(CfHeaderReserve);
      if (!Fits(offset, reserve.cb_cf_header)) {
        return Corrupt(offset, "CFHEADER.abReserve runs past the end of the cabinet");
      }
      offset += reserve.cb_cf_header;
      folder_reserve_ = reserve.cb_cf_folder;
      data_reserve_ = reserve.cb_cf_data;
    }
    folders_offset_ = offset;
    return Ok();
  }

  Status ParseFolders() {
    uint64_t offset = folders_offset_;
    for (uint32_t i = 0; i < header_.c_folders; ++i) {
      if (!Fits(offset, sizeof(CfFolder) + folder_reserve_)) {
        return Corrupt(offset, "CFFOLDER " + std::to_string(i) + " of " +
                                   std::to_string(header_.c_folders) +
                                   " runs past the end of the cabinet");
      }
      folders_.push_back({cab::LoadRecord<CfFolder>(bytes_, offset), offset});
      offset += sizeof(CfFolder) + folder_reserve_;
    }
    return Ok();
  }

  Status ParseFiles() {
    if (header_.c_files > limits_.max_members) {
      return Fail(Errc::kLimit,
                  "cabinet has " + std::to_string(header_.c_files) + " members, the limit is " +
                      std::to_string(limits_.max_members),
                  {.offset = 28});
    }
    uint64_t offset = header_.coff_files;
    uint64_t total = 0;
    for (uint32_t i = 0; i < header_.c_files; ++i) {
      if (!Fits(offset, sizeof(CfFile))) {
        return Corrupt(i == 0 ? 16 : offset, "CFFILE " + std::to_string(i) + " at byte " +
                                                 std::to_string(offset) +
                                                 " runs past the end of the cabinet");
      }
      FileRecord record{cab::LoadRecord<CfFile>(bytes_, offset), {}, offset};
      uint64_t name_offset = offset + sizeof(CfFile);
      std::string_view rest = bytes_.substr(name_offset);
      size_t nul = rest.substr(0, cab::kMaxNameBytes + 2).find('\0');
      if (nul == std::string_view::npos) {
        return Corrupt(offset, "CFFILE " + std::to_string(i) +
                                   ": szName is not NUL-terminated within 256 bytes");
      }
      if (nul == 0) return Corrupt(offset, "CFFILE " + std::to_string(i) + ": empty szName");
      record.name.assign(rest.substr(0, nul));
      uint16_t folder = record.file.i_folder;
      if (folder == cab::kFolderContinuedFromPrev || folder == cab::kFolderContinuedToNext ||
          folder == cab::kFolderContinuedPrevAndNext) {
        return Fail(Errc::kUnsupported, "CFFILE '" + record.name + "' continues in another cabinet",
                    {.offset = offset});
      }
      if (folder >= folders_.size()) {
        return Corrupt(offset, "CFFILE '" + record.name + "': iFolder " + std::to_string(folder) +
                                   " but the cabinet has " + std::to_string(folders_.size()) +
                                   " folders");
      }
      total += record.file.cb_file;
      if (total > limits_.max_total_uncompressed) {
        return Fail(Errc::kLimit,
                    "cabinet members total more than the limit of " +
                        std::to_string(limits_.max_total_uncompressed) + " bytes",
                    {.offset = offset});
      }
      offset = name_offset + nul + 1;
      files_.push_back(std::move(record));
    }
    return Ok();
  }

  struct BlockRecord {
    CfData data;
    uint64_t offset;
  };

  // Checks the CFDATA chain of folder `index` and inflates it. `decoded` is what earlier
  // folders produced; together they stay within the limit.
  Result<std::string> DecodeFolder(uint16_t index, uint64_t decoded) {
    const FolderRecord& record = folders_[index];
    uint16_t method = record.folder.type_compress & cab::kCompressMask;
    if (method == cab::kCompressQuantum || method == cab::kCompressLzx) {
      return Fail(Errc::kUnsupported,
                  std::string(method == cab::kCompressLzx ? "LZX" : "Quantum") +
                      " compression (folder " + std::to_string(index) + ") is not supported",
                  {.offset = record.offset + 6});
    }
    if (method != cab::kCompressNone && method != cab::kCompressMszip) {
      return Corrupt(record.offset + 6, "CFFOLDER.typeCompress " +
                                            Hex(record.folder.type_compress) +
                                            " names no compression method");
    }
    // First walk the chain without decoding, so the limit is checked before any allocation.
    std::vector<BlockRecord> blocks;
    uint64_t offset = record.folder.coff_cab_start;
    uint64_t size = 0;
    for (uint32_t i = 0; i < record.folder.c_cf_data; ++i) {
      if (!Fits(offset, sizeof(CfData) + data_reserve_)) {
        return Corrupt(i == 0 ? record.offset : offset, "CFDATA " + std::to_string(i) +
                                                            " of folder " + std::to_string(index) +
                                                            " at byte " + std::to_string(offset) +
                                                            " runs past the end of the cabinet");
      }
      auto block = cab::LoadRecord<CfData>(bytes_, offset);
      if (block.cb_uncomp == 0 || block.cb_uncomp > cab::kMaxBlockUncompressed) {
        return Corrupt(
            offset, "CFDATA.cbUncomp " + std::to_string(block.cb_uncomp) + " is outside 1..32768");
      }
      if (!Fits(offset + sizeof(CfData) + data_reserve_, block.cb_data)) {
        return Corrupt(offset, "CFDATA.cbData " + std::to_string(block.cb_data) +
                                   " runs past the end of the cabinet");
      }
      if (method == cab::kCompressNone && block.cb_data != block.cb_uncomp) {
        return Corrupt(offset, "uncompressed CFDATA with cbData " + std::to_string(block.cb_data) +
                                   " != cbUncomp " + std::to_string(block.cb_uncomp));
      }
      size += block.cb_uncomp;
      if (decoded + size > limits_.max_total_uncompressed) {
        return Fail(Errc::kLimit,
                    "cabinet data expands to more than the limit of " +
                        std::to_string(limits_.max_total_uncompressed) + " bytes",
                    {.offset = offset});
      }
      blocks.push_back({block, offset});
      offset += sizeof(CfData) + data_reserve_ + block.cb_data;
    }

    std::string out;
    out.reserve(size);
    cab::MszipDecoder decoder;
    for (const BlockRecord& block : blocks) {
      uint64_t payload_offset = block.offset + sizeof(CfData) + data_reserve_;
      std::string_view payload = bytes_.substr(payload_offset, block.data.cb_data);
      if (block.data.csum != 0) {
        uint32_t actual =
            cab::CfDataChecksum(bytes_.substr(block.offset + 4, 4 + data_reserve_), payload);
        if (actual != block.data.csum) {
          return Corrupt(block.offset, "CFDATA checksum mismatch: stored " + Hex(block.data.csum) +
                                           ", computed " + Hex(actual));
        }
      }
      if (method == cab::kCompressNone) {
        out.append(payload);
      } else {
        CM_TRY_STATUS(decoder.DecodeBlock(payload, block.data.cb_uncomp, &out, block.offset));
      }
    }
    return out;
  }

  std::string_view bytes_;
  const CabReadLimits& limits_;
  CfHeader header_{};
  uint32_t folder_reserve_ = 0;
  uint32_t data_reserve_ = 0;
  uint64_t folders_offset_ = 0;
  std::vector<FolderRecord> folders_;
  std::vector<FileRecord> files_;
};

}  // namespace

Result<std::vector<CabEntry>> ReadCabinet(std::string_view bytes, const CabReadLimits& limits) {
  return CabinetParser(bytes, limits).Parse();
}

}  // namespace cm
