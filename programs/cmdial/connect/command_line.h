// SPDX-License-Identifier: MIT
// How a custom action's command line becomes a program and its arguments (the seed's rules).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "cm/macros.h"

namespace cm::cmdial {

// A command line cut into its program and the parameter text after it.
struct ActionCommandLine {
  std::string program;     // the first word, or the text between a leading '+' and the next '+'
  std::string parameters;  // the rest, leading blanks removed
};

// Cuts `command_line` (as written in the .cms) into program and parameters.
ActionCommandLine SplitCommandLine(std::string_view command_line);

// Splits parameter text into words as the seed writes them: blanks (space, tab) separate words;
// a double-quoted run keeps its blanks ("quotes only when a parameter contains spaces"); the
// quotes themselves are removed; `""` is an empty word. An unterminated quote runs to the end.
std::vector<std::string> SplitParameters(std::string_view parameters);

// The words of `parameters` with macros expanded in each word. Splitting happens before
// expansion, so a value with blanks or quotes (a user name, a folder) stays one argument and
// cannot add arguments of its own.
std::vector<std::string> ExpandParameters(std::string_view parameters, const MacroValues& macros);

// The parameter text with the first word removed (a shared-library action's entry point), and
// that word. Macros are expanded in the remaining text, which is passed as one string.
struct EntryPointCall {
  std::string entry_point;
  std::string command_line;
};
EntryPointCall SplitEntryPoint(std::string_view parameters, const MacroValues& macros);

}  // namespace cm::cmdial
