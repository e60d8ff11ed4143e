#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# cmdial connect overhead (issue 6: "connecting with nine no-op actions and the command tunnel
# adds <= 40 ms beyond the actions' own run time").
#
# A profile from `cmak new --tunnel command` with nine no-op actions (pre-init 1, pre-connect 2,
# pre-tunnel 1, post-connect 2, monitored 1, disconnect 2) and no-op up/down commands is
# installed in a scratch home. One round = `cmdial connect DEMO --type direct` in the foreground
# from start to end: it connects, the monitored no-op exits at once, so it disconnects and
# returns. The baseline = the same eleven programs (nine actions, up, down) run one after the
# other by a loop, which is the actions' own run time including a fork and exec each.
# Overhead = median(connect) - median(baseline); rounds interleave them. `cmdial status` alone
# shows how much of it is starting the cmdial process (dynamic loading of its libraries).
# Usage: bench/cmdial_connect_bench.sh BIN_DIR [ROUNDS]
set -euo pipefail
bin=$(cd "${1:?usage: cmdial_connect_bench.sh BIN_DIR [ROUNDS]}" && pwd)
rounds=${2:-30}
t=$(mktemp -d /tmp/cmdial-bench.XXXXXX)
trap '[ -n "${KEEP-}" ] || rm -rf "$t"' EXIT
export HOME=$t/home XDG_DATA_HOME=$t/home/data XDG_STATE_HOME=$t/home/state
export XDG_CONFIG_HOME=$t/home/config XDG_RUNTIME_DIR=$t/run
mkdir -p "$HOME" "$XDG_RUNTIME_DIR" "$t/src"
chmod 700 "$XDG_RUNTIME_DIR"
printf '#!/bin/sh\nexit 0\n' > "$t/src/noop.sh"
chmod +x "$t/src/noop.sh"
actions=()
for point in pre-init pre-connect pre-connect pre-tunnel post-connect post-connect monitored \
  disconnect disconnect; do
  actions+=(--action "$point=%ServiceDir%/noop.sh $point %UserName% %ServiceDir%")
done
"$bin/cmak" new DEMO --service-name "Bench" --out "$t/src" --type direct --tunnel command \
  --tunnel-up "%ServiceDir%/noop.sh up" --tunnel-down "%ServiceDir%/noop.sh down" \
  --include "$t/src/noop.sh" \
  "${actions[@]}" > /dev/null 2>&1
"$bin/cmak" keygen --out "$t/key" > /dev/null
"$bin/cmak" build "$t/src/DEMO" --sign-key "$t/key" -o "$t/DEMO.cab" > /dev/null 2>&1
"$bin/cmdial" install "$t/DEMO.cab" > /dev/null
noop="$XDG_DATA_HOME/cmsuite/DEMO/noop.sh"
[ -x "$noop" ] || chmod +x "$noop"

now() { date +%s%N; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
: > "$t/connect.ns"
: > "$t/base.ns"
: > "$t/start.ns"
"$bin/cmdial" connect DEMO --type direct --user bench > /dev/null  # warm-up
for ((i = 0; i < rounds; i++)); do
  s=$(now)
  "$bin/cmdial" connect DEMO --type direct --user bench > /dev/null
  e=$(now)
  echo $((e - s)) >> "$t/connect.ns"
  s=$(now)
  for p in 1 2 3 4 5 6 7 8 9 10 11; do "$noop" x bench "$XDG_DATA_HOME" < /dev/null; done
  e=$(now)
  echo $((e - s)) >> "$t/base.ns"
  s=$(now)
  "$bin/cmdial" status > /dev/null
  e=$(now)
  echo $((e - s)) >> "$t/start.ns"
done
c=$(median < "$t/connect.ns")
b=$(median < "$t/base.ns")
p=$(median < "$t/start.ns")
awk -v c="$c" -v b="$b" -v p="$p" -v r="$rounds" 'BEGIN {
  printf "rounds %d\nconnect+disconnect, median: %.1f ms\neleven programs alone, median: %.1f ms\n", r, c / 1e6, b / 1e6
  printf "overhead of cmdial: %.1f ms (target <= 40 ms)\n", (c - b) / 1e6
  printf "of which starting a cmdial process (cmdial status, median): %.1f ms\n", p / 1e6 }'
# Inside the process, from the last round's log: first line to "disconnected", less the time
# the actions and tunnel commands themselves took (their "after N ms").
awk '{ split($1, t, "T"); split(t[2], h, ":"); ms = (h[1] * 3600 + h[2] * 60 + h[3]) * 1000
       if (NR == 1) first = ms; last = ms }
     / (exit|returned) [-0-9]+ after [0-9]+ ms$/ { actions += $(NF - 1) }
     /monitored action .* exited, wait status/ { actions += $(NF - 4) }
     END { printf "inside cmdial (last round): %d ms in all, %d ms of it actions and tunnel commands, %d ms engine\n", last - first, actions, last - first - actions }' \
  "$XDG_STATE_HOME/cmsuite/DEMO.log"
