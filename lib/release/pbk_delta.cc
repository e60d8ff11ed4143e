// SPDX-License-Identifier: MIT
// The P.delta text: making it from two canonical phone books and applying it to the base.
//
//   CMSUITE-PBK-DELTA 1<CRLF>
//   delete <n><CRLF>          then n POP indexes, one per line, increasing
//   upsert <m><CRLF>          then m canonical .pbk lines, increasing POP index
//
// Both inputs are canonical, so one merge pass over sorted lines does either job.
#include <fmt/format.h>

#include <vector>

#include "cm/release.h"
#include "release/canonical_lines.h"

namespace cm {
namespace {

using internal::CanonicalLine;
using internal::CanonicalLineReader;

constexpr std::string_view kMagic = "CMSUITE-PBK-DELTA 1";

Error DeltaError(uint32_t line, std::string message) {
  return Error(Errc::kCorrupt, "delta: " + std::move(message), {.line = line});
}

// Reads "<keyword> <count>" CRLF from the front of `rest`.
Result<uint32_t> ReadCountLine(std::string_view& rest, std::string_view keyword, uint32_t line) {
  size_t end = rest.find("\r\n");
  std::string_view text = rest.substr(0, end);
  uint32_t count = 0;
  if (end == std::string_view::npos || text.substr(0, keyword.size()) != keyword ||
      text.size() <= keyword.size() + 1 || text[keyword.size()] != ' ' ||
      !internal::ParseUint32(text.substr(keyword.size() + 1), &count)) {
    return Fail(DeltaError(line, fmt::format("expected \"{} <count>\"", keyword)));
  }
  rest.remove_prefix(end + 2);
  return count;
}

}  // namespace

Result<std::string> MakePbkDelta(std::string_view base_pbk, std::string_view target_pbk,
                                 DeltaCounts* counts) {
  CanonicalLineReader base(base_pbk, "base phone book");
  CanonicalLineReader target(target_pbk, "target phone book");
  std::vector<uint32_t> deletes;
  std::vector<std::string_view> upserts;
  DeltaCounts tally;
  CanonicalLine b, t;
  bool have_b = CM_TRY(base.Next(&b));
  bool have_t = CM_TRY(target.Next(&t));
  while (have_b || have_t) {
    if (have_b && (!have_t || b.pop_id < t.pop_id)) {
      deletes.push_back(b.pop_id);
      ++tally.deleted;
      have_b = CM_TRY(base.Next(&b));
    } else if (have_t && (!have_b || t.pop_id < b.pop_id)) {
      upserts.push_back(t.text);
      ++tally.added;
      have_t = CM_TRY(target.Next(&t));
    } else {
      if (b.text != t.text) {
        upserts.push_back(t.text);
        ++tally.changed;
      }
      have_b = CM_TRY(base.Next(&b));
      have_t = CM_TRY(target.Next(&t));
    }
  }
  std::string out;
  size_t upsert_bytes = 0;
  for (std::string_view line : upserts) upsert_bytes += line.size();
  out.reserve(64 + deletes.size() * 8 + upsert_bytes);
  out += kMagic;
  out += "\r\n";
  fmt::format_to(std::back_inserter(out), "delete {}\r\n", deletes.size());
  for (uint32_t id : deletes) fmt::format_to(std::back_inserter(out), "{}\r\n", id);
  fmt::format_to(std::back_inserter(out), "upsert {}\r\n", upserts.size());
  for (std::string_view line : upserts) out += line;
  if (counts) *counts = tally;
  return out;
}

namespace {

// ApplyPbkDelta's merge, handing the new book to `out` (Status(std::string_view)) piece by piece.
template <typename Out>
Status ApplyPbkDeltaTo(std::string_view base_pbk, std::string_view delta, Out&& out) {
  std::string_view rest = delta;
  if (rest.substr(0, kMagic.size() + 2) != fmt::format("{}\r\n", kMagic)) {
    return Fail(DeltaError(
        1, fmt::format("not a phone book delta: the first line must be \"{}\"", kMagic)));
  }
  rest.remove_prefix(kMagic.size() + 2);
  uint32_t line = 2;
  uint32_t delete_count = CM_TRY(ReadCountLine(rest, "delete", line));
  // Every delete line takes at least 3 bytes ("0" CRLF), so a count the data cannot hold is
  // refused before anything is reserved for it.
  if (delete_count > rest.size() / 3) {
    return Fail(DeltaError(line, fmt::format("delete count {} exceeds the data", delete_count)));
  }
  std::vector<uint32_t> deletes;
  deletes.reserve(delete_count);
  for (uint32_t i = 0; i < delete_count; ++i) {
    ++line;
    size_t end = rest.find("\r\n");
    uint32_t id = 0;
    if (end == std::string_view::npos || !internal::ParseUint32(rest.substr(0, end), &id)) {
      return Fail(DeltaError(line, "expected a POP index to delete"));
    }
    if (!deletes.empty() && id <= deletes.back()) {
      return Fail(DeltaError(
          line, fmt::format("deleted POP index {} does not follow {}", id, deletes.back())));
    }
    deletes.push_back(id);
    rest.remove_prefix(end + 2);
  }
  ++line;
  uint32_t upsert_count = CM_TRY(ReadCountLine(rest, "upsert", line));
  CanonicalLineReader upserts(rest, "delta", line + 1);

  CanonicalLineReader base(base_pbk, "base phone book");
  size_t next_delete = 0;
  uint32_t upserts_read = 0;
  CanonicalLine b, u;
  bool have_b = CM_TRY(base.Next(&b));
  bool have_u = false;
  auto next_upsert = [&]() -> Status {
    have_u = false;
    if (upserts_read == upsert_count) return Ok();
    bool got = CM_TRY(upserts.Next(&u));
    if (!got) {
      return Fail(
          DeltaError(upserts.line_number() + 1,
                     fmt::format("ends after {} of {} upsert lines", upserts_read, upsert_count)));
    }
    ++upserts_read;
    have_u = true;
    return Ok();
  };
  // Base lines kept as they are sit next to each other in `base_pbk`: they are copied as one
  // run when something else comes between them, not line by line.
  const char* run_begin = nullptr;
  const char* run_end = nullptr;
  auto flush_run = [&]() -> Status {
    if (run_begin == nullptr) return Ok();
    std::string_view run(run_begin, static_cast<size_t>(run_end - run_begin));
    run_begin = run_end = nullptr;
    return out(run);
  };
  auto keep = [&](std::string_view text) -> Status {
    if (run_end != text.data()) {
      CM_TRY_STATUS(flush_run());
      run_begin = text.data();
    }
    run_end = text.data() + text.size();
    return Ok();
  };
  auto emit = [&](std::string_view text) -> Status {
    CM_TRY_STATUS(flush_run());
    return out(text);
  };
  CM_TRY_STATUS(next_upsert());
  while (have_b || have_u) {
    if (next_delete < deletes.size() && (!have_b || deletes[next_delete] < b.pop_id)) {
      return Fail(DeltaError(3 + static_cast<uint32_t>(next_delete),
                             fmt::format("deletes POP {}, which the base phone book does not have",
                                         deletes[next_delete])));
    }
    if (have_u && (!have_b || u.pop_id < b.pop_id)) {
      CM_TRY_STATUS(emit(u.text));  // a POP the base lacks: added
      CM_TRY_STATUS(next_upsert());
      continue;
    }
    bool deleted = next_delete < deletes.size() && deletes[next_delete] == b.pop_id;
    bool replaced = have_u && u.pop_id == b.pop_id;
    if (deleted && replaced) {
      return Fail(DeltaError(upserts.line_number(),
                             fmt::format("POP {} is both deleted and replaced", b.pop_id)));
    }
    if (deleted) {
      ++next_delete;
    } else if (replaced) {
      CM_TRY_STATUS(emit(u.text));
      CM_TRY_STATUS(next_upsert());
    } else {
      CM_TRY_STATUS(keep(b.text));
    }
    have_b = CM_TRY(base.Next(&b));
  }
  CM_TRY_STATUS(flush_run());
  if (next_delete < deletes.size()) {
    return Fail(DeltaError(3 + static_cast<uint32_t>(next_delete),
                           fmt::format("deletes POP {}, which the base phone book does not have",
                                       deletes[next_delete])));
  }
  if (!upserts.rest().empty()) {
    return Fail(DeltaError(upserts.line_number() + 1, "has data after its last upsert line"));
  }
  return Ok();
}

}  // namespace

Result<std::string> ApplyPbkDelta(std::string_view base_pbk, std::string_view delta) {
  std::string out;
  out.reserve(base_pbk.size() + delta.size());
  CM_TRY_STATUS(ApplyPbkDeltaTo(base_pbk, delta, [&out](std::string_view bytes) -> Status {
    out += bytes;
    return Ok();
  }));
  return out;
}

Status ApplyPbkDelta(std::string_view base_pbk, std::string_view delta, const ByteSink& sink) {
  return ApplyPbkDeltaTo(base_pbk, delta, sink);
}

}  // namespace cm
