// SPDX-License-Identifier: MIT
#include "connect/action_runner.h"

#include <dlfcn.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>

#include "connect/command_line.h"

namespace cm::cmdial {
namespace {

using Clock = std::chrono::steady_clock;

// The seed's DLL entry point: HRESULT WINAPI f(HWND, HINSTANCE, LPCSTR, DWORD), on Linux.
using EntryPoint = int (*)(void* parent, void* handle, const char* command_line, uint32_t reserved);

constexpr int64_t kTimedOutValue = 124;
constexpr int64_t kNotRunnableValue = 126;
constexpr int64_t kNotFoundValue = 127;

std::string BaseName(std::string_view path) {
  size_t slash = path.find_last_of('/');
  return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

std::string FirstLine(std::string_view text) {
  size_t end = text.find('\n');
  std::string line(text.substr(0, end));
  if (line.size() > 200) line = line.substr(0, 200) + "...";
  return line;
}

std::string Quoted(const std::vector<std::string>& words) {
  std::string text;
  for (const std::string& word : words) {
    text += ' ';
    if (word.empty() || word.find_first_of(" \t\"") != std::string::npos) {
      text += '"' + word + '"';
    } else {
      text += word;
    }
  }
  return text;
}

// Runs in the forked child: load, call, unload. Exits 127 when the library or the entry point
// cannot be found (the parent then has no result to read).
int CallEntryPoint(const std::string& library, const EntryPointCall& call) {
  void* handle = dlopen(library.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    std::fprintf(stderr, "cannot load: %s\n", dlerror());
    _exit(static_cast<int>(kNotFoundValue));
  }
  void* symbol = dlsym(handle, call.entry_point.c_str());
  if (!symbol) {
    std::fprintf(stderr, "no entry point '%s' in %s\n", call.entry_point.c_str(), library.c_str());
    _exit(static_cast<int>(kNotFoundValue));
  }
  EntryPoint entry = reinterpret_cast<EntryPoint>(symbol);
  int result = entry(nullptr, handle, call.command_line.c_str(), 0);
  std::fflush(stdout);
  std::fflush(stderr);
  dlclose(handle);
  return result;
}

PointResult Failure(const ProfileAction& action, int64_t value, std::string_view why) {
  PointResult result;
  result.kind = PointResult::Kind::kFailed;
  result.value = value;
  result.message = fmt::format("{} failed {}", DescriptionOf(action), value);
  if (!why.empty()) result.message += fmt::format(" ({})", why);
  result.source = fmt::format("{} action {}", ActionPointName(action.point), DescriptionOf(action));
  return result;
}

}  // namespace

bool IsSharedLibrary(std::string_view program) {
  std::string name = BaseName(program);
  if (name.size() > 3 && name.ends_with(".so")) return true;
  return name.find(".so.") != std::string::npos;
}

std::string DescriptionOf(const ProfileAction& action) {
  if (!action.description.empty()) return action.description;
  return BaseName(SplitCommandLine(action.command_line).program);
}

void ActionRunner::Log(std::string_view text) const {
  if (settings_.log) settings_.log->Write(text);
}

Result<std::string> ActionRunner::ResolveProgram(const std::string& program_text,
                                                 const MacroValues& macros) const {
  return ResolveProfileProgram(program_text, macros, settings_.profile_dir, settings_.short_name);
}

Result<std::string> ResolveProfileProgram(const std::string& program_text,
                                          const MacroValues& macros, const std::string& profile_dir,
                                          const std::string& short_name) {
  std::string program = ExpandMacros(program_text, macros);
  for (char& c : program) {
    if (c == '\\') c = '/';
  }
  if (program.empty()) return Fail(Errc::kInvalidArgument, "the action names no program");
  std::filesystem::path path(program);
  if (path.is_absolute()) return path.lexically_normal().string();
  // CMS paths are relative to the .cmp's folder ("SHORT\prog"); the profile folder is SHORT.
  std::string prefix = short_name + "/";
  if (!short_name.empty() && program.size() > prefix.size() &&
      std::equal(prefix.begin(), prefix.end(), program.begin(),
                 [](char a, char b) { return std::tolower(a) == std::tolower(b); })) {
    path = program.substr(prefix.size());
  }
  for (const auto& part : path) {
    if (part == "..") {
      return Fail(Errc::kInvalidArgument,
                  fmt::format("'{}' leaves the profile folder; name a program in it or give an "
                              "absolute path",
                              program));
    }
  }
  return (std::filesystem::path(profile_dir) / path).lexically_normal().string();
}

std::string ActionRunner::SkipReason(const ProfileAction& action,
                                     const std::string& program) const {
  if (!action.RunsFor(settings_.type)) {
    return fmt::format("not for {} connections (flags 0x{:02x})",
                       ConnectionTypeName(settings_.type), action.flags);
  }
  if (action.interactive() && !settings_.interactive) {
    return "interacts with the user, and this connection is non-interactive";
  }
  if (settings_.logon && !settings_.logon->Allows(program)) {
    return "logon mode: not listed for this profile in the logon actions file";
  }
  return {};
}

PointResult ActionRunner::RunPoint(const std::vector<ProfileAction>& actions,
                                   const MacroValues& macros, OnFailure on_failure,
                                   int interrupt_fd) {
  PointResult first_failure;
  for (const ProfileAction& action : actions) {
    PointResult result = RunOne(action, macros, interrupt_fd);
    if (result.kind == PointResult::Kind::kInterrupted) return result;
    if (result.kind == PointResult::Kind::kFailed) {
      if (on_failure == OnFailure::kStop) return result;
      if (first_failure.kind == PointResult::Kind::kDone) first_failure = result;
    }
  }
  return first_failure;
}

PointResult ActionRunner::RunOne(const ProfileAction& action, const MacroValues& macros,
                                 int interrupt_fd) {
  std::string where = fmt::format("{} action {} '{}'", ActionPointName(action.point), action.index,
                                  DescriptionOf(action));
  ActionCommandLine command = SplitCommandLine(action.command_line);
  Result<std::string> program = ResolveProgram(command.program, macros);
  if (!program) {
    Log(fmt::format("{}: {}", where, program.error().message()));
    return Failure(action, kNotFoundValue, program.error().message());
  }
  if (std::string reason = SkipReason(action, *program); !reason.empty()) {
    Log(fmt::format("{}: skipped: {}", where, reason));
    return {};
  }

  Clock::time_point start = Clock::now();
  Result<Child> child = Fail(Errc::kInternal, "not started");
  int result_fd = -1;
  std::string shown;
  if (IsSharedLibrary(*program)) {
    EntryPointCall call = SplitEntryPoint(command.parameters, macros);
    shown = fmt::format("{} entry {} \"{}\"", *program, call.entry_point, call.command_line);
    if (access(program->c_str(), R_OK) != 0) {
      child = Fail(Errc::kNotFound, fmt::format("{}: no such library", *program));
    } else {
      std::string library = *program;
      child = ForkCall([library, call] { return CallEntryPoint(library, call); }, &result_fd);
    }
  } else {
    std::vector<std::string> args = ExpandParameters(command.parameters, macros);
    shown = *program + Quoted(args);
    child = Spawn(*program, args, SpawnOptions{});
  }
  Log(fmt::format("{}: run {}", where, shown));
  if (!child) {
    int64_t value = child.error().code() == Errc::kNotFound ? kNotFoundValue : kNotRunnableValue;
    Log(fmt::format("{}: cannot start: {}", where, child.error().message()));
    return Failure(action, value, child.error().message());
  }

  WaitOutcome outcome =
      WaitChild(*child, std::chrono::seconds(action.timeout_seconds), interrupt_fd);
  std::string took = FormatDuration(Clock::now() - start);
  int entry_result = 0;
  bool have_entry_result = false;
  if (result_fd >= 0) {
    have_entry_result = read(result_fd, &entry_result, sizeof entry_result) ==
                        static_cast<ssize_t>(sizeof entry_result);
    close(result_fd);
  }
  if (!child->output().empty()) {
    Log(fmt::format("{}: output: {}", where, FirstLine(child->output())));
  }
  switch (outcome.kind) {
    case WaitOutcome::Kind::kInterrupted:
      Log(fmt::format("{}: interrupted after {}; its process group was killed", where, took));
      return {PointResult::Kind::kInterrupted, 0, {}, {}};
    case WaitOutcome::Kind::kTimedOut:
      Log(fmt::format("{}: timed out after {} s; its process group was killed", where,
                      action.timeout_seconds));
      return Failure(action, kTimedOutValue,
                     fmt::format("timed out after {} s", action.timeout_seconds));
    case WaitOutcome::Kind::kSignalled:
      Log(fmt::format("{}: killed by signal {} after {}", where, outcome.code, took));
      return Failure(action, 128 + outcome.code, fmt::format("killed by signal {}", outcome.code));
    case WaitOutcome::Kind::kExited:
      break;
  }
  if (result_fd >= 0) {
    if (!have_entry_result) {
      Log(fmt::format("{}: could not be called (exit {}) after {}", where, outcome.code, took));
      return Failure(action, kNotFoundValue, FirstLine(child->output()));
    }
    Log(fmt::format("{}: returned {} after {}", where, entry_result, took));
    if (entry_result < 0) return Failure(action, entry_result, {});
    return {};
  }
  Log(fmt::format("{}: exit {} after {}", where, outcome.code, took));
  if (outcome.code != 0) return Failure(action, outcome.code, {});
  return {};
}

std::vector<Child> ActionRunner::StartMonitored(const std::vector<ProfileAction>& actions,
                                                const MacroValues& macros) {
  std::vector<Child> started;
  for (const ProfileAction& action : actions) {
    std::string where =
        fmt::format("monitored action {} '{}'", action.index, DescriptionOf(action));
    ActionCommandLine command = SplitCommandLine(action.command_line);
    Result<std::string> program = ResolveProgram(command.program, macros);
    if (!program) {
      Log(fmt::format("{}: {}", where, program.error().message()));
      continue;
    }
    if (std::string reason = SkipReason(action, *program); !reason.empty()) {
      Log(fmt::format("{}: skipped: {}", where, reason));
      continue;
    }
    if (IsSharedLibrary(*program)) {
      Log(fmt::format("{}: skipped: monitored actions must be programs, not shared libraries",
                      where));
      continue;
    }
    std::vector<std::string> args = ExpandParameters(command.parameters, macros);
    Result<Child> child = Spawn(*program, args, SpawnOptions{ChildOutput::kDiscard, {}});
    if (!child) {
      Log(fmt::format("{}: cannot start: {}", where, child.error().message()));
      continue;
    }
    Log(fmt::format("{}: started {}{} (pid {})", where, *program, Quoted(args), child->pid()));
    started.push_back(std::move(*child));
  }
  return started;
}

}  // namespace cm::cmdial
