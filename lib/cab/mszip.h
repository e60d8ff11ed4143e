// SPDX-License-Identifier: MIT
// MSZIP decoding ([MS-CAB] §2.4 and the "Microsoft MSZIP Data Compression Format" document):
// one raw deflate stream per CFDATA block, with the history carried between the blocks of a
// folder.
#pragma once

#include <zlib.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "cm/result.h"

namespace cm::cab {

// Inflates the CFDATA blocks of one MSZIP folder, in order. Not thread-safe; one per folder.
class MszipDecoder {
 public:
  MszipDecoder() = default;
  ~MszipDecoder();
  MszipDecoder(const MszipDecoder&) = delete;
  MszipDecoder& operator=(const MszipDecoder&) = delete;

  // Decodes the payload `block` of one CFDATA ("CK" + a raw deflate stream that must end on a
  // final block and use all of `block`), appending exactly `uncompressed_size` bytes to
  // `*folder`. The last 32 KiB already in `*folder` are the deflate history, so `*folder` must
  // hold the folder's output so far and nothing else.
  // Errors: kCorrupt at `offset` (the block's position in the cabinet, for the message) for a
  // missing "CK", a deflate error, or a size other than `uncompressed_size`; kInternal when
  // zlib cannot be initialised.
  [[nodiscard]] Status DecodeBlock(std::string_view block, uint32_t uncompressed_size,
                                   std::string* folder, uint64_t offset);

 private:
  z_stream stream_{};
  bool initialised_ = false;
};

}  // namespace cm::cab
