// SPDX-License-Identifier: MIT
// IniFile: a Windows profile file (.cms, .cmp, .inf, .sed) read and edited the way Windows does.
//
// An IniFile is a value holding every line of the input exactly as it was, plus what each line
// means under the rules of GetPrivateProfileString / WritePrivateProfileString (see
// docs/formats/ini.md and /work/shared/reference/ini-semantics.md, cited below as "item N").
//
// * Serialize() of an unmodified file returns the input bytes unchanged, whatever they hold:
//   comments, blank lines, junk lines, text before the first section, CRLF/LF/CR, no final
//   newline, NUL bytes, a BOM, bad UTF-16.
// * An edit rewrites, inserts or deletes only the lines it is about; every other byte stays.
// * Lookups ignore case (ASCII and Latin-1 letters); the first of duplicate sections and the
//   first of duplicate keys win (items 11-13, 17).
// * All text passed in and out is UTF-8. Serialize() writes the file's own encoding back.
//
// Nothing here touches the disk: bytes in, bytes out (use cm/file_util.h for files).
// Thread-safety: const methods may run concurrently; anything else needs outside locking.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cm/result.h"

namespace cm {

// How a profile file's bytes map to text.
enum class TextEncoding {
  kUtf8,          // valid UTF-8 (pure ASCII counts as this), no BOM
  kUtf8Bom,       // EF BB BF, then valid UTF-8
  kUtf16Le,       // FF FE, then UTF-16LE code units (the only "Unicode" Windows knows, item 47)
  kWindows1252,   // anything that is not valid UTF-8; each byte is one character
};

// The line break written for new lines.
enum class LineEnding { kCrLf, kLf, kCr };

// The largest input Parse() accepts. Profile files are a few kilobytes.
inline constexpr size_t kMaxIniFileBytes = size_t{64} << 20;

class IniFile {
 public:
  // What GetInt() read: the number as Windows' GetPrivateProfileInt returns it (a UINT; negative
  // numbers come back as two's complement), and a finding when text was ignored or when the value
  // was not a number.
  struct IntRead {
    uint32_t value = 0;
    std::optional<Diagnostic> diagnostic;

    int32_t as_signed() const { return static_cast<int32_t>(value); }
  };

  // Reads a profile file from its bytes. Detects the encoding (FF FE -> UTF-16LE; valid UTF-8 with
  // or without BOM -> UTF-8; otherwise Windows-1252) and the line ending (the first line break in
  // the file; CRLF when there is none). Lenient like Windows: every odd line becomes a Diagnostic
  // and parsing goes on. Bytes that don't decode (unpaired UTF-16 surrogates, an odd last byte)
  // are kept as they are for Serialize() and reported as diagnostics; their text reads as U+FFFD.
  // Errors: kLimit when `bytes` is larger than kMaxIniFileBytes (location: that byte offset).
  [[nodiscard]] static Result<IniFile> Parse(std::string_view bytes);

  // A file with no bytes at all that will be written in `encoding` with `line_ending` breaks.
  // The default matches a file WritePrivateProfileString creates (item 37): no BOM, CRLF.
  // A kUtf8Bom or kUtf16Le file starts with its BOM.
  static IniFile Empty(TextEncoding encoding = TextEncoding::kUtf8,
                       LineEnding line_ending = LineEnding::kCrLf);

  // The file's bytes in its own encoding. Unchanged since Parse() -> exactly the parsed bytes.
  std::string Serialize() const;

  // --- Reading. Section and key arguments lose leading and trailing spaces (only spaces, item 16)
  // and match without regard to case. Only the first section of a name is seen (item 12), and in
  // it the first key of a name (item 17). Lines before the first section are never reached.

  // The value of `key`: blanks around it trimmed and one outer pair of matching quotes removed
  // (items 14, 20). std::nullopt when the section or key is missing. `k=` gives "" (item 19).
  std::optional<std::string> Get(std::string_view section, std::string_view key) const;

  // Get(), or `fallback` without its trailing spaces when the key is missing (item 24).
  std::string GetString(std::string_view section, std::string_view key,
                        std::string_view fallback) const;

  // The value as GetPrivateProfileInt reads it (items 27-36): optional blanks and sign, then
  // decimal digits (or 0x/0o/0b digits), the rest ignored; wraps modulo 2^32. Missing key or
  // empty value -> `fallback`. No digits -> 0. `diagnostic` is set (rule "ini.int-*", naming the
  // line and key) when text was ignored, the value was not a number, or a radix prefix was used.
  IntRead GetInt(std::string_view section, std::string_view key, int32_t fallback) const;

  // True when a section of that name exists (even an empty one).
  bool HasSection(std::string_view section) const;

  // Every section header's name in file order, duplicates included (item 12), as written.
  std::vector<std::string> SectionNames() const;

  // The key names of the first section called `section`, in file order, duplicates included
  // (item 17), as written. Empty when there is no such section.
  std::vector<std::string> KeyNames(std::string_view section) const;

  // Key/value pairs (values as Get() returns them) of the first section called `section`, in
  // file order, duplicates included. Lines without '=' and comments are not listed.
  std::vector<std::pair<std::string, std::string>> Entries(std::string_view section) const;

  // --- Editing, like WritePrivateProfileString (items 38-46). Only edited lines change; new
  // lines end with line_ending(). Diagnostics keep describing the input as parsed.

  // Sets `key` in `section` to `value`, written verbatim (no quoting, item 39; Get() will trim
  // blanks and strip an outer quote pair). An existing key keeps its spelling, its place and the
  // text up to the blanks after '='; only the value part of that line changes (item 42). A new
  // key goes right after the last key line of the section, or after its header (item 41). A new
  // section goes at the end of the file, after a line break if the file lacks one (item 40).
  // Errors (the file is left unchanged): kInvalidArgument when a name or value is not valid
  // UTF-8, holds CR or LF, can't be read back (a section name with ']', a key with '=' or starting
  // with ';' or '[', a name with outer tabs), or can't be written in encoding() (Windows-1252
  // has no such character; Windows would write '?').
  [[nodiscard]] Status Set(std::string_view section, std::string_view key,
                           std::string_view value);

  // Deletes the line of `key` (the one Get() reads) and nothing else (item 43). False when there
  // is no such key.
  bool Remove(std::string_view section, std::string_view key);

  // Deletes the first section called `section`: its header, key lines and lines without '='.
  // Comment and blank lines inside it stay (item 44). A later section of the same name then
  // becomes the visible one. False when there is no such section.
  bool RemoveSection(std::string_view section);

  TextEncoding encoding() const { return encoding_; }
  LineEnding line_ending() const { return line_ending_; }

  // Findings from Parse(), in line order: rule ids "ini.*" (listed in docs/formats/ini.md).
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }

 private:
  enum class LineKind { kBlank, kComment, kSection, kKey, kNoEquals, kBeforeSection };

  struct Line {
    std::string content;  // the line's bytes in the file's encoding, without the line break
    std::string eol;      // its line break as bytes; empty for an unterminated last line
    std::string text;     // `content` decoded to UTF-8
    LineKind kind = LineKind::kBlank;
    std::string name;        // section name or key, trimmed
    std::string value;       // key value, trimmed, outer quotes stripped
    size_t value_start = 0;  // where the value's text begins in `text` (after '=' and blanks)
    uint32_t number = 0;     // 1-based line number in the input; 0 for lines added by edits
    size_t offset = 0;       // byte offset of `content` in the input
  };

  IniFile(TextEncoding encoding, LineEnding line_ending)
      : encoding_(encoding), line_ending_(line_ending) {}

  void SplitLines(std::string_view body, size_t body_offset);
  void ClassifyLines();
  void ReportDuplicates();
  uint32_t LineAtOffset(size_t offset) const;
  void AddDiagnostic(uint32_t line, std::string_view rule, std::string message,
                     Diagnostic::Severity severity = Diagnostic::Severity::kWarning);
  std::optional<size_t> FindSection(std::string_view section) const;
  size_t SectionEnd(size_t header) const;
  std::optional<size_t> FindKey(std::string_view section, std::string_view key) const;
  [[nodiscard]] Result<std::string> Encode(std::string_view text) const;
  [[nodiscard]] Result<Line> MakeLine(std::string text, LineKind kind) const;
  bool EndsWithLineBreak() const;
  void TerminateLastLine();
  std::string EncodedLineBreak() const;

  TextEncoding encoding_;
  LineEnding line_ending_;
  std::string prefix_;  // the BOM, if any
  std::string suffix_;  // an odd last byte of a UTF-16 file, kept as is
  // Windows treats a BOM as text of an unterminated first line (item 40), so appending to a
  // parsed BOM-only file starts with a line break. False for Empty(), whose BOM is ours.
  bool bom_is_line_ = false;
  std::vector<Line> lines_;
  std::vector<Diagnostic> diagnostics_;
};

// "utf-8", "utf-8-bom", "utf-16le", "windows-1252".
std::string_view TextEncodingName(TextEncoding encoding);

}  // namespace cm
