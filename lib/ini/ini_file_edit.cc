// SPDX-License-Identifier: MIT
// IniFile edits: in-place changes the way WritePrivateProfileString makes them (items 38-46).
#include <fmt/format.h>

#include "cm/ini_file.h"
#include "ini/ini_line.h"
#include "ini/text_encoding.h"

namespace cm {
namespace {

bool HasLineBreak(std::string_view text) {
  return text.find_first_of("\r\n") != std::string_view::npos;
}

// A name must read back as itself: after the API trims spaces, the file parser would still trim
// tabs and vertical tabs around it (item 14), so those can't be written.
Status CheckName(std::string_view what, std::string_view name) {
  if (!ini::IsValidUtf8(name)) {
    return Fail(Errc::kInvalidArgument, fmt::format("{} name is not valid UTF-8", what));
  }
  if (HasLineBreak(name)) {
    return Fail(Errc::kInvalidArgument, fmt::format("{} name holds a line break", what));
  }
  if (!name.empty() && (ini::IsBlank(name.front()) || ini::IsBlank(name.back()))) {
    return Fail(Errc::kInvalidArgument,
                fmt::format("{} name '{}' starts or ends with a tab or vertical tab", what, name));
  }
  return Ok();
}

Status CheckSection(std::string_view section) {
  CM_TRY_STATUS(CheckName("section", section));
  if (section.find(']') != std::string_view::npos) {
    return Fail(Errc::kInvalidArgument,
                fmt::format("section name '{}' holds ']', which ends a header", section));
  }
  return Ok();
}

Status CheckKey(std::string_view key) {
  CM_TRY_STATUS(CheckName("key", key));
  if (key.find('=') != std::string_view::npos) {
    return Fail(Errc::kInvalidArgument, fmt::format("key '{}' holds '='", key));
  }
  if (key.starts_with(';') || key.starts_with('[')) {
    return Fail(Errc::kInvalidArgument,
                fmt::format("key '{}' would be read as a {}", key,
                            key.starts_with(';') ? "comment" : "section header"));
  }
  return Ok();
}

Status CheckValue(std::string_view value) {
  if (!ini::IsValidUtf8(value)) return Fail(Errc::kInvalidArgument, "value is not valid UTF-8");
  if (HasLineBreak(value)) return Fail(Errc::kInvalidArgument, "value holds a line break");
  return Ok();
}

}  // namespace

Result<std::string> IniFile::Encode(std::string_view text) const {
  switch (encoding_) {
    case TextEncoding::kUtf8:
    case TextEncoding::kUtf8Bom:
      if (!ini::IsValidUtf8(text)) return Fail(Errc::kInvalidArgument, "text is not valid UTF-8");
      return std::string(text);
    case TextEncoding::kWindows1252:
      return ini::EncodeWindows1252(text);
    case TextEncoding::kUtf16Le:
      return ini::EncodeUtf16Le(text);
  }
  return Fail(Errc::kInternal, "unknown text encoding");
}

std::string IniFile::EncodedLineBreak() const {
  std::string_view ascii = "\r\n";
  if (line_ending_ == LineEnding::kLf) ascii = "\n";
  if (line_ending_ == LineEnding::kCr) ascii = "\r";
  if (encoding_ != TextEncoding::kUtf16Le) return std::string(ascii);
  std::string out;
  for (char c : ascii) {
    out += c;
    out += '\0';
  }
  return out;
}

Result<IniFile::Line> IniFile::MakeLine(std::string text, LineKind kind) const {
  Result<std::string> content = Encode(text);
  if (!content) {
    return Fail(Errc::kInvalidArgument,
                fmt::format("can't write '{}' as {}: {}", text, TextEncodingName(encoding_),
                            content.error().message()));
  }
  Line line;
  line.content = *std::move(content);
  line.eol = EncodedLineBreak();
  line.kind = kind;
  const ini::ParsedLine parsed = ini::ParseLine(text);
  line.name = std::string(parsed.name);
  line.value = std::string(parsed.value);
  line.value_start = parsed.value_start;
  line.text = std::move(text);
  return line;
}

bool IniFile::EndsWithLineBreak() const {
  if (!lines_.empty()) return !lines_.back().eol.empty();
  return !bom_is_line_;
}

void IniFile::TerminateLastLine() {
  if (EndsWithLineBreak()) return;
  if (lines_.empty()) {
    // Only a BOM that Windows counts as the text of line 1 (item 40): give it its line break.
    Line line;
    line.eol = EncodedLineBreak();
    lines_.push_back(std::move(line));
    return;
  }
  lines_.back().eol = EncodedLineBreak();
}

Status IniFile::Set(std::string_view section, std::string_view key, std::string_view value) {
  section = ini::TrimSpaces(section);
  key = ini::TrimSpaces(key);
  CM_TRY_STATUS(CheckSection(section));
  CM_TRY_STATUS(CheckKey(key));
  CM_TRY_STATUS(CheckValue(value));

  if (const std::optional<size_t> index = FindKey(section, key)) {
    // Keep the key's spelling and the blanks after '='; replace the rest (item 42).
    Line& old = lines_[*index];
    std::string text = old.text.substr(0, old.value_start);
    text += value;
    Line line = CM_TRY(MakeLine(std::move(text), LineKind::kKey));
    if (!old.eol.empty()) line.eol = old.eol;  // an unterminated last line gets one (item 42)
    line.number = old.number;
    line.offset = old.offset;
    old = std::move(line);
    return Ok();
  }

  std::string key_text = fmt::format("{}={}", key, value);
  if (const std::optional<size_t> header = FindSection(section)) {
    // Right after the section's last key line, above trailing comments and blanks (item 41).
    Line line = CM_TRY(MakeLine(std::move(key_text), LineKind::kKey));
    size_t insert_at = *header + 1;
    const size_t end = SectionEnd(*header);
    for (size_t i = *header + 1; i < end; ++i) {
      if (lines_[i].kind == LineKind::kKey) insert_at = i + 1;
    }
    if (insert_at == lines_.size()) TerminateLastLine();
    lines_.insert(lines_.begin() + static_cast<std::ptrdiff_t>(insert_at), std::move(line));
    return Ok();
  }

  // A new section goes at the very end, after a line break if the file lacks one (item 40).
  Line header = CM_TRY(MakeLine(fmt::format("[{}]", section), LineKind::kSection));
  Line line = CM_TRY(MakeLine(std::move(key_text), LineKind::kKey));
  TerminateLastLine();
  lines_.push_back(std::move(header));
  lines_.push_back(std::move(line));
  return Ok();
}

bool IniFile::Remove(std::string_view section, std::string_view key) {
  const std::optional<size_t> index = FindKey(section, key);
  if (!index) return false;
  lines_.erase(lines_.begin() + static_cast<std::ptrdiff_t>(*index));
  return true;
}

bool IniFile::RemoveSection(std::string_view section) {
  const std::optional<size_t> header = FindSection(section);
  if (!header) return false;
  const size_t end = SectionEnd(*header);
  std::vector<Line> kept;
  kept.reserve(lines_.size());
  for (size_t i = 0; i < lines_.size(); ++i) {
    const bool inside = i >= *header && i < end;
    const LineKind kind = lines_[i].kind;
    // Comments stay (item 44); blank lines too, since Windows' handling of them is untested
    // and keeping them changes less.
    if (!inside || kind == LineKind::kComment || kind == LineKind::kBlank) {
      kept.push_back(std::move(lines_[i]));
    }
  }
  lines_ = std::move(kept);
  return true;
}

}  // namespace cm
