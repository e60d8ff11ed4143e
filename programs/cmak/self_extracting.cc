// SPDX-License-Identifier: MIT
// The self-extracting installer script.
#include "self_extracting.h"

#include <fmt/format.h>

#include <algorithm>

namespace cm::cmak {
namespace {

// {short} is the profile's short name, {service} its service name, {skip} the line number of the
// first line after the marker (tail -n +{skip} gives exactly the cabinet's bytes, binary safe).
// The script ends with `exit` before the marker, so sh never reads the cabinet.
constexpr std::string_view kScript = R"(#!/bin/sh
# {short}.run: installs the cmsuite service profile {short} ({service}).
# Made by `cmak build --self-extracting`; the profile's cabinet follows the marker line.
#   sh {short}.run [OPTIONS]             run `cmdial install CABINET [OPTIONS]`; cmdial is
#                                   $CMDIAL if set, else found on PATH
#   sh {short}.run --extract FILE.cab    only write the cabinet to FILE.cab
self=$0
skip={skip}
if [ "${{1-}}" = --extract ]; then
  if [ $# -ne 2 ]; then
    echo "usage: sh $self --extract FILE.cab" >&2
    exit 2
  fi
  tail -n "+$skip" "$self" >"$2" || exit 1
  exit 0
fi
cmdial=${{CMDIAL-}}
if [ -z "$cmdial" ]; then
  cmdial=$(command -v cmdial) || {{
    echo "{short}.run: cmdial not found; install cmsuite or set CMDIAL=/path/to/cmdial" >&2
    exit 1
  }}
fi
tmp=$(mktemp -d "${{TMPDIR:-/tmp}}/{short}.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM HUP
tail -n "+$skip" "$self" >"$tmp/{short}.cab" || exit 1
"$cmdial" install "$tmp/{short}.cab" "$@"
exit $?
)";

}  // namespace

std::string MakeSelfExtracting(std::string_view short_name, std::string_view service_name,
                               std::string_view cabinet) {
  std::string service(service_name);
  std::replace_if(
      service.begin(), service.end(), [](char c) { return c == '\r' || c == '\n'; }, ' ');
  // The number of lines does not depend on the values filled in, so count them first.
  std::string probe = fmt::format(fmt::runtime(kScript), fmt::arg("short", short_name),
                                  fmt::arg("service", service), fmt::arg("skip", 0));
  size_t lines = static_cast<size_t>(std::count(probe.begin(), probe.end(), '\n'));
  std::string script = fmt::format(fmt::runtime(kScript), fmt::arg("short", short_name),
                                   fmt::arg("service", service), fmt::arg("skip", lines + 2));
  script += kCabMarker;
  script += '\n';
  script += cabinet;
  return script;
}

}  // namespace cm::cmak
