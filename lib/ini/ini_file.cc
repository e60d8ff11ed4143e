// SPDX-License-Identifier: MIT
// IniFile: parsing, serializing and lookups (edits are in ini_file_edit.cc).
#include "cm/ini_file.h"

#include <algorithm>
#include <unordered_map>

#include <fmt/format.h>

#include "ini/ini_line.h"
#include "ini/profile_int.h"
#include "ini/text_encoding.h"

namespace cm {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
constexpr std::string_view kUtf16LeBom = "\xFF\xFE";
constexpr std::string_view kUtf16BeBom = "\xFE\xFF";
// GetPrivateProfileString reads at most 65535 characters of a value (item 26).
constexpr size_t kWindowsValueLimit = 65535;

// Lowercases a name the way ini::NamesEqual compares it, for hashing.
std::string FoldedName(std::string_view name) {
  std::string folded(name);
  for (size_t i = 0; i < folded.size(); ++i) {
    const auto b = static_cast<unsigned char>(folded[i]);
    if (b >= 'A' && b <= 'Z') {
      folded[i] = static_cast<char>(b + 32);
    } else if (b >= 0xC2 && b <= 0xDF && i + 1 < folded.size() &&
               (static_cast<unsigned char>(folded[i + 1]) & 0xC0) == 0x80) {
      // U+00C0..U+00DE (but not U+00D7) are C3 80..C3 9E; lowercase adds 0x20.
      const auto next = static_cast<unsigned char>(folded[i + 1]);
      if (b == 0xC3 && next <= 0x9E && next != 0x97) folded[i + 1] = static_cast<char>(next + 32);
      ++i;
    }
  }
  return folded;
}

std::string_view LineEndingName(LineEnding ending) {
  switch (ending) {
    case LineEnding::kCrLf: return "CRLF";
    case LineEnding::kLf: return "LF";
    case LineEnding::kCr: return "CR";
  }
  return "?";
}

}  // namespace

std::string_view TextEncodingName(TextEncoding encoding) {
  switch (encoding) {
    case TextEncoding::kUtf8: return "utf-8";
    case TextEncoding::kUtf8Bom: return "utf-8-bom";
    case TextEncoding::kUtf16Le: return "utf-16le";
    case TextEncoding::kWindows1252: return "windows-1252";
  }
  return "unknown";
}

Result<IniFile> IniFile::Parse(std::string_view bytes) {
  if (bytes.size() > kMaxIniFileBytes) {
    return Fail(Errc::kLimit,
                fmt::format("profile file is {} bytes; the limit is {}", bytes.size(),
                            kMaxIniFileBytes),
                {.offset = kMaxIniFileBytes});
  }
  TextEncoding encoding = TextEncoding::kUtf8;
  std::string_view body = bytes;
  if (bytes.starts_with(kUtf16LeBom)) {
    encoding = TextEncoding::kUtf16Le;
    body.remove_prefix(kUtf16LeBom.size());
  } else if (bytes.starts_with(kUtf8Bom) && ini::IsValidUtf8(bytes.substr(kUtf8Bom.size()))) {
    encoding = TextEncoding::kUtf8Bom;
    body.remove_prefix(kUtf8Bom.size());
  } else if (!ini::IsValidUtf8(bytes)) {
    encoding = TextEncoding::kWindows1252;
  }

  IniFile file(encoding, LineEnding::kCrLf);
  const size_t body_offset = bytes.size() - body.size();
  file.prefix_ = std::string(bytes.substr(0, body_offset));
  file.bom_is_line_ = !file.prefix_.empty();
  if (encoding == TextEncoding::kUtf16Le && body.size() % 2 != 0) {
    file.suffix_ = std::string(body.substr(body.size() - 1));
    body.remove_suffix(1);
  }
  file.SplitLines(body, body_offset);

  switch (encoding) {
    case TextEncoding::kUtf8Bom:
      file.AddDiagnostic(1, "ini.utf8-bom",
                         "the file starts with a UTF-8 BOM; Windows does not recognise it and "
                         "reads it as part of line 1, so a section header there is not seen "
                         "(item 48)");
      break;
    case TextEncoding::kWindows1252:
      file.AddDiagnostic(0, "ini.windows-1252",
                         "the file is not valid UTF-8; it was read as Windows-1252",
                         Diagnostic::Severity::kNote);
      if (bytes.starts_with(kUtf16BeBom)) {
        file.AddDiagnostic(1, "ini.utf16be-bom",
                           "the file starts with a UTF-16BE BOM; Windows does not read UTF-16BE "
                           "(item 49), so it was read as Windows-1252 bytes");
      }
      break;
    case TextEncoding::kUtf16Le:
      if (!file.suffix_.empty()) {
        file.AddDiagnostic(file.LineAtOffset(bytes.size() - 1), "ini.odd-utf16-length",
                           fmt::format("UTF-16LE file has an odd length; the last byte (offset "
                                       "{}) is kept as is but not read",
                                       bytes.size() - 1));
      }
      break;
    case TextEncoding::kUtf8:
      break;
  }
  file.ClassifyLines();
  file.ReportDuplicates();
  std::stable_sort(file.diagnostics_.begin(), file.diagnostics_.end(),
                   [](const Diagnostic& a, const Diagnostic& b) { return a.line < b.line; });
  return file;
}

void IniFile::SplitLines(std::string_view body, size_t body_offset) {
  const size_t unit = encoding_ == TextEncoding::kUtf16Le ? 2 : 1;
  // A UTF-16LE unit is a line-break character only when its high byte is zero.
  auto unit_is = [&](size_t pos, char c) {
    return pos + unit <= body.size() && body[pos] == c && (unit == 1 || body[pos + 1] == '\0');
  };
  std::optional<LineEnding> first_ending;
  bool mixed_reported = false;
  size_t start = 0;
  while (start < body.size()) {
    size_t end = start;
    while (end < body.size() && !unit_is(end, '\r') && !unit_is(end, '\n')) end += unit;
    size_t eol_size = 0;
    LineEnding ending = LineEnding::kCrLf;
    if (unit_is(end, '\r')) {
      const bool crlf = unit_is(end + unit, '\n');
      ending = crlf ? LineEnding::kCrLf : LineEnding::kCr;
      eol_size = crlf ? 2 * unit : unit;
    } else if (unit_is(end, '\n')) {
      ending = LineEnding::kLf;
      eol_size = unit;
    }
    Line line;
    line.content = std::string(body.substr(start, end - start));
    line.eol = std::string(body.substr(end, eol_size));
    line.number = static_cast<uint32_t>(lines_.size() + 1);
    line.offset = body_offset + start;
    switch (encoding_) {
      case TextEncoding::kUtf8:
      case TextEncoding::kUtf8Bom:
        line.text = line.content;
        break;
      case TextEncoding::kWindows1252:
        line.text = ini::DecodeWindows1252(line.content);
        break;
      case TextEncoding::kUtf16Le: {
        ini::Utf16Decoded decoded = ini::DecodeUtf16Le(line.content);
        line.text = std::move(decoded.utf8);
        for (size_t bad : decoded.bad_offsets) {
          AddDiagnostic(line.number, "ini.bad-utf16",
                        fmt::format("unpaired UTF-16 surrogate at byte {}; read as U+FFFD, "
                                    "kept as is when the line is not edited",
                                    line.offset + bad));
        }
        break;
      }
    }
    if (eol_size != 0) {
      if (!first_ending) {
        first_ending = ending;
      } else if (ending != *first_ending && !mixed_reported) {
        mixed_reported = true;
        AddDiagnostic(line.number, "ini.mixed-line-endings",
                      fmt::format("line ends with {} but the first line break is {}; new lines "
                                  "will use {}",
                                  LineEndingName(ending), LineEndingName(*first_ending),
                                  LineEndingName(*first_ending)),
                      Diagnostic::Severity::kNote);
      }
    }
    lines_.push_back(std::move(line));
    start = end + eol_size;
  }
  line_ending_ = first_ending.value_or(LineEnding::kCrLf);
}

void IniFile::ClassifyLines() {
  bool in_section = false;
  for (Line& line : lines_) {
    const ini::ParsedLine parsed = ini::ParseLine(line.text);
    if (line.text.find('\0') != std::string::npos) {
      AddDiagnostic(line.number, "ini.nul-byte",
                    "line holds NUL bytes; they are kept, but Windows' A functions may stop "
                    "reading at them",
                    Diagnostic::Severity::kNote);
    }
    switch (parsed.shape) {
      case ini::LineShape::kBlank:
        line.kind = LineKind::kBlank;
        break;
      case ini::LineShape::kComment:
        line.kind = LineKind::kComment;
        break;
      case ini::LineShape::kSection:
        line.kind = LineKind::kSection;
        line.name = std::string(parsed.name);
        in_section = true;
        if (parsed.unclosed) {
          AddDiagnostic(line.number, "ini.unclosed-section",
                        fmt::format("section header [{}] has no ']'; read as [{}]", line.name,
                                    line.name));
        }
        if (parsed.text_after) {
          AddDiagnostic(line.number, "ini.text-after-section",
                        fmt::format("text after the ']' of [{}] is ignored", line.name));
        }
        break;
      case ini::LineShape::kKey:
        if (!in_section) {
          line.kind = LineKind::kBeforeSection;
          AddDiagnostic(line.number, "ini.before-section",
                        "key line before the first section can never be read; kept as is");
          break;
        }
        line.kind = LineKind::kKey;
        line.name = std::string(parsed.name);
        line.value = std::string(parsed.value);
        line.value_start = parsed.value_start;
        if (ini::Utf16Length(line.value) > kWindowsValueLimit) {
          AddDiagnostic(line.number, "ini.long-value",
                        fmt::format("value of '{}' is longer than {} characters; Windows reads "
                                    "it wrongly (item 26)",
                                    line.name, kWindowsValueLimit));
        }
        break;
      case ini::LineShape::kNoEquals:
        if (!in_section) {
          line.kind = LineKind::kBeforeSection;
          AddDiagnostic(line.number, "ini.before-section",
                        "text before the first section is not part of any section; kept as is");
          break;
        }
        line.kind = LineKind::kNoEquals;
        AddDiagnostic(line.number, "ini.no-equals",
                      "line has no '=' so it is not a key; kept as is");
        break;
    }
  }
}

void IniFile::ReportDuplicates() {
  std::unordered_map<std::string, uint32_t> sections;  // folded name -> first line
  std::unordered_map<std::string, uint32_t> keys;      // in the current section
  std::string section_name;
  for (const Line& line : lines_) {
    if (line.kind == LineKind::kSection) {
      keys.clear();
      section_name = line.name;
      const auto [it, inserted] = sections.emplace(FoldedName(line.name), line.number);
      if (!inserted) {
        AddDiagnostic(line.number, "ini.duplicate-section",
                      fmt::format("section [{}] repeats the one on line {}; Windows reads only "
                                  "the first, so keys here are not seen",
                                  line.name, it->second));
      }
    } else if (line.kind == LineKind::kKey) {
      const auto [it, inserted] = keys.emplace(FoldedName(line.name), line.number);
      if (!inserted) {
        AddDiagnostic(line.number, "ini.duplicate-key",
                      fmt::format("key '{}' in [{}] repeats the one on line {}; the first one "
                                  "is read",
                                  line.name, section_name, it->second));
      }
    }
  }
}

uint32_t IniFile::LineAtOffset(size_t offset) const {
  const auto after = std::upper_bound(
      lines_.begin(), lines_.end(), offset,
      [](size_t value, const Line& line) { return value < line.offset; });
  if (after == lines_.begin()) return lines_.empty() ? 0 : 1;
  return std::prev(after)->number;
}

void IniFile::AddDiagnostic(uint32_t line, std::string_view rule, std::string message,
                            Diagnostic::Severity severity) {
  diagnostics_.push_back(Diagnostic{.line = line,
                                    .rule = std::string(rule),
                                    .message = std::move(message),
                                    .severity = severity});
}

IniFile IniFile::Empty(TextEncoding encoding, LineEnding line_ending) {
  IniFile file(encoding, line_ending);
  if (encoding == TextEncoding::kUtf8Bom) file.prefix_ = std::string(kUtf8Bom);
  if (encoding == TextEncoding::kUtf16Le) file.prefix_ = std::string(kUtf16LeBom);
  return file;
}

std::string IniFile::Serialize() const {
  size_t size = prefix_.size() + suffix_.size();
  for (const Line& line : lines_) size += line.content.size() + line.eol.size();
  std::string out;
  out.reserve(size);
  out += prefix_;
  for (const Line& line : lines_) {
    out += line.content;
    out += line.eol;
  }
  out += suffix_;
  return out;
}

std::optional<size_t> IniFile::FindSection(std::string_view section) const {
  const std::string_view wanted = ini::TrimSpaces(section);
  for (size_t i = 0; i < lines_.size(); ++i) {
    if (lines_[i].kind == LineKind::kSection && ini::NamesEqual(lines_[i].name, wanted)) return i;
  }
  return std::nullopt;
}

size_t IniFile::SectionEnd(size_t header) const {
  size_t end = header + 1;
  while (end < lines_.size() && lines_[end].kind != LineKind::kSection) ++end;
  return end;
}

std::optional<size_t> IniFile::FindKey(std::string_view section, std::string_view key) const {
  const std::optional<size_t> header = FindSection(section);
  if (!header) return std::nullopt;
  const std::string_view wanted = ini::TrimSpaces(key);
  const size_t end = SectionEnd(*header);
  for (size_t i = *header + 1; i < end; ++i) {
    if (lines_[i].kind == LineKind::kKey && ini::NamesEqual(lines_[i].name, wanted)) return i;
  }
  return std::nullopt;
}

std::optional<std::string> IniFile::Get(std::string_view section, std::string_view key) const {
  const std::optional<size_t> index = FindKey(section, key);
  if (!index) return std::nullopt;
  return lines_[*index].value;
}

std::string IniFile::GetString(std::string_view section, std::string_view key,
                               std::string_view fallback) const {
  std::optional<std::string> value = Get(section, key);
  if (value) return *std::move(value);
  return std::string(ini::TrimTrailingSpaces(fallback));
}

IniFile::IntRead IniFile::GetInt(std::string_view section, std::string_view key,
                                 int32_t fallback) const {
  const std::optional<size_t> index = FindKey(section, key);
  if (!index || lines_[*index].value.empty()) {
    return IntRead{.value = static_cast<uint32_t>(fallback)};  // items 27, 34
  }
  const Line& line = lines_[*index];
  const ini::ProfileInt parsed = ini::ParseProfileInt(line.value);
  IntRead read{.value = parsed.value};
  const std::string where =
      fmt::format("key '{}' in [{}]", line.name, lines_[*FindSection(section)].name);
  auto diagnose = [&](std::string_view rule, std::string message, Diagnostic::Severity severity) {
    read.diagnostic = Diagnostic{.line = line.number,
                                 .rule = std::string(rule),
                                 .message = std::move(message),
                                 .severity = severity};
  };
  if (parsed.not_numeric) {
    diagnose("ini.int-not-numeric",
             fmt::format("{}: '{}' is not a number; read as 0 (item 32)", where, line.value),
             Diagnostic::Severity::kWarning);
  } else if (parsed.trailing_text) {
    diagnose("ini.int-trailing-text",
             fmt::format("{}: '{}' read as {}; the text after the number is ignored (item 31)",
                         where, line.value, read.as_signed()),
             Diagnostic::Severity::kWarning);
  } else if (parsed.radix_prefix) {
    diagnose("ini.int-radix-prefix",
             fmt::format("{}: '{}' read as {} from its radix prefix; untested on Windows "
                         "(item 35)",
                         where, line.value, read.value),
             Diagnostic::Severity::kNote);
  }
  return read;
}

bool IniFile::HasSection(std::string_view section) const { return FindSection(section).has_value(); }

std::vector<std::string> IniFile::SectionNames() const {
  std::vector<std::string> names;
  for (const Line& line : lines_) {
    if (line.kind == LineKind::kSection) names.push_back(line.name);
  }
  return names;
}

std::vector<std::string> IniFile::KeyNames(std::string_view section) const {
  std::vector<std::string> names;
  for (auto& [key, value] : Entries(section)) names.push_back(std::move(key));
  return names;
}

std::vector<std::pair<std::string, std::string>> IniFile::Entries(
    std::string_view section) const {
  std::vector<std::pair<std::string, std::string>> entries;
  const std::optional<size_t> header = FindSection(section);
  if (!header) return entries;
  const size_t end = SectionEnd(*header);
  for (size_t i = *header + 1; i < end; ++i) {
    if (lines_[i].kind == LineKind::kKey) entries.emplace_back(lines_[i].name, lines_[i].value);
  }
  return entries;
}

}  // namespace cm
