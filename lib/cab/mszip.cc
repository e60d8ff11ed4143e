// SPDX-License-Identifier: MIT
// MSZIP decoding with zlib.
#include "cab/mszip.h"

#include <algorithm>

#include "cab/cab_format.h"

namespace cm::cab {
namespace {

// The deflate window: a block can refer back this far into the previous blocks' output.
constexpr size_t kHistoryBytes = 32768;

}  // namespace

MszipDecoder::~MszipDecoder() {
  if (initialised_) inflateEnd(&stream_);
}

Status MszipDecoder::DecodeBlock(std::string_view block, uint32_t uncompressed_size,
                                 std::string* folder, uint64_t offset) {
  if (block.size() < 2 || block[0] != kMszipSignature[0] || block[1] != kMszipSignature[1]) {
    return Fail(Errc::kCorrupt, "MSZIP block does not start with \"CK\"", {.offset = offset});
  }
  if (!initialised_) {
    if (inflateInit2(&stream_, -MAX_WBITS) != Z_OK) {
      return Fail(Errc::kInternal, "zlib inflateInit2 failed");
    }
    initialised_ = true;
  } else if (inflateReset(&stream_) != Z_OK) {
    return Fail(Errc::kInternal, "zlib inflateReset failed");
  }
  // Each block is its own deflate stream, but it may copy from the previous blocks' output:
  // [MS-CAB] MSZIP keeps the history across CFDATA boundaries.
  size_t history = std::min(folder->size(), kHistoryBytes);
  if (history > 0) {
    const auto* dictionary =
        reinterpret_cast<const Bytef*>(folder->data() + folder->size() - history);
    if (inflateSetDictionary(&stream_, dictionary, static_cast<uInt>(history)) != Z_OK) {
      return Fail(Errc::kInternal, "zlib inflateSetDictionary failed");
    }
  }

  size_t start = folder->size();
  folder->resize(start + uncompressed_size);
  // zlib does not write through next_in; the cast only satisfies its non-const API.
  stream_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(block.data() + 2));
  stream_.avail_in = static_cast<uInt>(block.size() - 2);
  stream_.next_out = reinterpret_cast<Bytef*>(folder->data() + start);
  stream_.avail_out = uncompressed_size;
  int rc = inflate(&stream_, Z_FINISH);
  size_t produced = uncompressed_size - stream_.avail_out;
  if (rc == Z_STREAM_END && produced == uncompressed_size && stream_.avail_in == 0) {
    return Ok();
  }
  folder->resize(start + produced);
  if (rc == Z_DATA_ERROR || rc == Z_NEED_DICT) {
    return Fail(Errc::kCorrupt,
                std::string("MSZIP block does not inflate: ") +
                    (stream_.msg != nullptr ? stream_.msg : "data error"),
                {.offset = offset});
  }
  if (rc == Z_STREAM_END && stream_.avail_in != 0) {
    return Fail(Errc::kCorrupt,
                "MSZIP block has " + std::to_string(stream_.avail_in) +
                    " bytes after the end of its deflate stream",
                {.offset = offset});
  }
  if (rc == Z_STREAM_END) {
    return Fail(Errc::kCorrupt,
                "MSZIP block inflates to " + std::to_string(produced) +
                    " bytes, CFDATA.cbUncomp says " + std::to_string(uncompressed_size),
                {.offset = offset});
  }
  if (rc == Z_BUF_ERROR && stream_.avail_out == 0) {
    return Fail(Errc::kCorrupt,
                "MSZIP block inflates to more than CFDATA.cbUncomp = " +
                    std::to_string(uncompressed_size) + " bytes",
                {.offset = offset});
  }
  if (rc == Z_BUF_ERROR) {
    return Fail(Errc::kCorrupt, "MSZIP block ends before its deflate stream does",
                {.offset = offset});
  }
  return Fail(Errc::kInternal, "zlib inflate returned " + std::to_string(rc));
}

}  // namespace cm::cab
