// SPDX-License-Identifier: MIT
#include "connect/command_line.h"

#include "cm/profile_names.h"

namespace cm::cmdial {
namespace {

bool IsBlank(char c) { return c == ' ' || c == '\t'; }

std::string_view TrimLeft(std::string_view text) {
  while (!text.empty() && IsBlank(text.front())) text.remove_prefix(1);
  return text;
}

}  // namespace

ActionCommandLine SplitCommandLine(std::string_view command_line) {
  std::string_view text = TrimLeft(command_line);
  std::string_view program = ActionProgram(text);
  ActionCommandLine result;
  if (program.empty()) return result;
  result.program = std::string(program);
  // ActionProgram returns a view into `text`: the rest starts after it (and after a closing '+').
  size_t end = static_cast<size_t>(program.data() - text.data()) + program.size();
  if (end < text.size() && text[end] == '+') ++end;
  std::string_view rest = TrimLeft(text.substr(std::min(end, text.size())));
  while (!rest.empty() && IsBlank(rest.back())) rest.remove_suffix(1);
  result.parameters = std::string(rest);
  return result;
}

std::vector<std::string> SplitParameters(std::string_view parameters) {
  std::vector<std::string> words;
  size_t i = 0;
  while (true) {
    while (i < parameters.size() && IsBlank(parameters[i])) ++i;
    if (i >= parameters.size()) break;
    std::string word;
    bool in_quotes = false;
    for (; i < parameters.size(); ++i) {
      char c = parameters[i];
      if (c == '"') {
        in_quotes = !in_quotes;
        continue;
      }
      if (!in_quotes && IsBlank(c)) break;
      word.push_back(c);
    }
    words.push_back(std::move(word));
  }
  return words;
}

std::vector<std::string> ExpandParameters(std::string_view parameters, const MacroValues& macros) {
  std::vector<std::string> words = SplitParameters(parameters);
  for (std::string& word : words) word = ExpandMacros(word, macros);
  return words;
}

EntryPointCall SplitEntryPoint(std::string_view parameters, const MacroValues& macros) {
  std::string_view text = TrimLeft(parameters);
  size_t end = 0;
  while (end < text.size() && !IsBlank(text[end])) ++end;
  EntryPointCall call;
  call.entry_point = std::string(text.substr(0, end));
  call.command_line = ExpandMacros(TrimLeft(text.substr(end)), macros);
  return call;
}

}  // namespace cm::cmdial
