// SPDX-License-Identifier: MIT
// The on-disk records of a Microsoft cabinet ([MS-CAB] §2), as packed little-endian structs.
//
// Spec: [MS-CAB] Cabinet File Format,
// https://learn.microsoft.com/en-us/openspecs/exchange_server_protocols/ms-cab (also the 1997
// "Microsoft Cabinet File Format" document). All integers are little-endian and the records are
// packed with no padding. The structs below hold only the fixed part of each record; optional
// reserve areas and NUL-terminated strings follow them in the file.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace cm::cab {

// Reading a packed struct with memcpy gives the field values only on a little-endian host.
static_assert(std::endian::native == std::endian::little,
              "cab_format.h decodes records with memcpy; add byte swapping for big-endian hosts");

// [MS-CAB] §2.1 CFHEADER.signature: "MSCF" (0x4D 0x53 0x43 0x46).
inline constexpr char kSignature[4] = {'M', 'S', 'C', 'F'};
inline constexpr uint8_t kVersionMajor = 1;  // CFHEADER.versionMajor
inline constexpr uint8_t kVersionMinor = 3;  // CFHEADER.versionMinor

// CFHEADER.flags ([MS-CAB] §2.1).
inline constexpr uint16_t kFlagPrevCabinet = 0x0001;     // cfhdrPREV_CABINET
inline constexpr uint16_t kFlagNextCabinet = 0x0002;     // cfhdrNEXT_CABINET
inline constexpr uint16_t kFlagReservePresent = 0x0004;  // cfhdrRESERVE_PRESENT

// CFFOLDER.typeCompress ([MS-CAB] §2.2); only the low four bits name the method.
inline constexpr uint16_t kCompressMask = 0x000F;     // tcompMASK_TYPE
inline constexpr uint16_t kCompressNone = 0x0000;     // tcompTYPE_NONE
inline constexpr uint16_t kCompressMszip = 0x0001;    // tcompTYPE_MSZIP
inline constexpr uint16_t kCompressQuantum = 0x0002;  // tcompTYPE_QUANTUM
inline constexpr uint16_t kCompressLzx = 0x0003;      // tcompTYPE_LZX

// CFFILE.iFolder values for files that span cabinets ([MS-CAB] §2.3).
inline constexpr uint16_t kFolderContinuedFromPrev = 0xFFFD;     // ifoldCONTINUED_FROM_PREV
inline constexpr uint16_t kFolderContinuedToNext = 0xFFFE;       // ifoldCONTINUED_TO_NEXT
inline constexpr uint16_t kFolderContinuedPrevAndNext = 0xFFFF;  // ifoldCONTINUED_PREV_AND_NEXT

// CFFILE.attribs ([MS-CAB] §2.3).
inline constexpr uint16_t kAttribReadOnly = 0x01;   // _A_RDONLY
inline constexpr uint16_t kAttribArchive = 0x20;    // _A_ARCH
inline constexpr uint16_t kAttribNameIsUtf = 0x80;  // _A_NAME_IS_UTF

// [MS-CAB] §2.4 CFDATA.cbUncomp: at most 32768 bytes of uncompressed data per block
// (CB_MAX_CHUNK in fdi.h).
inline constexpr uint32_t kMaxBlockUncompressed = 32768;
// [MS-CAB] §2.1 CFHEADER.cbCFHeader: the header reserve is at most 60,000 bytes.
inline constexpr uint32_t kMaxHeaderReserve = 60000;
// CB_MAX_FILENAME (fdi.h): a CFFILE.szName is at most 256 bytes including its NUL.
inline constexpr uint32_t kMaxNameBytes = 255;

// [MS-CAB] §2.4 MSZIP: every CFDATA payload of an MSZIP folder starts with "CK" (0x43 0x4B),
// followed by a raw RFC 1951 deflate stream that ends on a final block.
inline constexpr char kMszipSignature[2] = {'C', 'K'};

// [MS-CAB] §2.1 CFHEADER, the fixed 36 bytes at offset 0.
struct [[gnu::packed]] CfHeader {
  char signature[4];      // "MSCF"
  uint32_t reserved1;     // 0
  uint32_t cb_cabinet;    // cbCabinet: size of this cabinet file in bytes
  uint32_t reserved2;     // 0
  uint32_t coff_files;    // coffFiles: absolute offset of the first CFFILE
  uint32_t reserved3;     // 0
  uint8_t version_minor;  // versionMinor: 3
  uint8_t version_major;  // versionMajor: 1
  uint16_t c_folders;     // cFolders: number of CFFOLDER entries
  uint16_t c_files;       // cFiles: number of CFFILE entries
  uint16_t flags;         // flags: kFlag* bits
  uint16_t set_id;        // setID: shared by all cabinets of a set
  uint16_t i_cabinet;     // iCabinet: sequence number in the set, from 0
};
static_assert(sizeof(CfHeader) == 36, "[MS-CAB] 2.1: CFHEADER fixed part is 36 bytes");

// [MS-CAB] §2.1: present after CfHeader only when flags has kFlagReservePresent; then
// cbCFHeader bytes of abReserve follow.
struct [[gnu::packed]] CfHeaderReserve {
  uint16_t cb_cf_header;  // cbCFHeader: size of CFHEADER.abReserve, 0..60000
  uint8_t cb_cf_folder;   // cbCFFolder: size of each CFFOLDER.abReserve
  uint8_t cb_cf_data;     // cbCFData: size of each CFDATA.abReserve
};
static_assert(sizeof(CfHeaderReserve) == 4, "[MS-CAB] 2.1: reserve sizes are 4 bytes");

// [MS-CAB] §2.2 CFFOLDER, followed by cbCFFolder bytes of abReserve.
struct [[gnu::packed]] CfFolder {
  uint32_t coff_cab_start;  // coffCabStart: absolute offset of the folder's first CFDATA
  uint16_t c_cf_data;       // cCFData: number of CFDATA blocks in this cabinet
  uint16_t type_compress;   // typeCompress: kCompress* in the low 4 bits
};
static_assert(sizeof(CfFolder) == 8, "[MS-CAB] 2.2: CFFOLDER fixed part is 8 bytes");

// [MS-CAB] §2.3 CFFILE, followed by szName (NUL-terminated).
struct [[gnu::packed]] CfFile {
  uint32_t cb_file;            // cbFile: uncompressed size of the file
  uint32_t uoff_folder_start;  // uoffFolderStart: offset in the folder's uncompressed data
  uint16_t i_folder;           // iFolder: index into the CFFOLDER array, or kFolderContinued*
  uint16_t date;               // date: MS-DOS date, ((year-1980)<<9) | (month<<5) | day
  uint16_t time;               // time: MS-DOS time, (hour<<11) | (minute<<5) | (seconds/2)
  uint16_t attribs;            // attribs: kAttrib* bits
};
static_assert(sizeof(CfFile) == 16, "[MS-CAB] 2.3: CFFILE fixed part is 16 bytes");

// [MS-CAB] §2.4 CFDATA, followed by cbCFData bytes of abReserve and cbData bytes of ab.
struct [[gnu::packed]] CfData {
  uint32_t csum;       // csum: checksum of cbData..ab, or 0 when not computed
  uint16_t cb_data;    // cbData: bytes of compressed data in ab
  uint16_t cb_uncomp;  // cbUncomp: bytes those expand to, at most kMaxBlockUncompressed
};
static_assert(sizeof(CfData) == 8, "[MS-CAB] 2.4: CFDATA fixed part is 8 bytes");

// Copies a record out of `bytes` at `offset`. REQUIRES: offset + sizeof(T) <= bytes.size().
template <class T>
T LoadRecord(std::string_view bytes, size_t offset) {
  T record;
  std::memcpy(&record, bytes.data() + offset, sizeof(T));
  return record;
}

}  // namespace cm::cab
