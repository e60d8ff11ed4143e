#!/usr/bin/env bash
# Times `cmdial pops SERVICE --country GB` as a process (start, find the profile, read the
# 65,000-POP book, filter, print) on a profile made by cmdial_pb_bench's data generator: the
# first listing right after an install, and listings after that.
# Usage: bench/cmdial_pb_pops.sh BUILD_DIR [RUNS [OTHER_CMDIAL]]
#   BUILD_DIR/bin needs cmdial, cmak and cmdial_pb_bench (--make-book writes the book).
#   OTHER_CMDIAL: a second cmdial binary (say, an older build) timed in the same rounds,
#   alternating with BUILD_DIR's, so a busy machine slows both alike.
# Times come from bash's $EPOCHREALTIME around the process (no `date` processes in between).
set -euo pipefail
build=${1:?usage: bench/cmdial_pb_pops.sh BUILD_DIR [RUNS [OTHER_CMDIAL]]}
runs=${2:-50}
other=${3:-}
bin="$build/bin"
work=$(mktemp -d /tmp/cmdial-pb-pops.XXXXXX)
trap 'rm -rf "$work"' EXIT
export XDG_DATA_HOME="$work/data" XDG_CONFIG_HOME="$work/config" XDG_STATE_HOME="$work/state"
export XDG_CACHE_HOME="$work/cache"
export CMSUITE_SYSTEM_DIR="$work/system"
"$bin/cmdial_pb_bench" --make-book "$work/book" > /dev/null
"$bin/cmak" keygen --out "$work/key" > /dev/null
"$bin/cmak" new BENCH --service-name Bench --out "$work" --vpn-server vpn.example --phonebook "$work/book/BENCH.pbk" \
  --regions "$work/book/BENCH.pbr" > /dev/null
"$bin/cmak" build "$work/BENCH" --sign-key "$work/key" -o "$work/BENCH.cab" > /dev/null 2>&1
"$bin/cmdial" install "$work/BENCH.cab" > /dev/null
"$bin/cmdial" location set --country US --area-code 206 > /dev/null
# Install stamps the book as plain (docs/formats/installed-profile.md), so the first listing
# is as fast as later ones: timed after each of a few installs ("first after install").
first_rounds=$(( runs < 10 ? runs : 10 ))
for _ in $(seq "$first_rounds"); do
  "$bin/cmdial" install "$work/BENCH.cab" > /dev/null
  start=$EPOCHREALTIME
  "$bin/cmdial" pops BENCH --country GB > /dev/null
  end=$EPOCHREALTIME
  echo $(( ${end/./} - ${start/./} )) >> "$work/first-times"
done
listed=$("$bin/cmdial" pops BENCH --country GB | wc -l)
if [[ -n $other ]] && ! cmp -s <("$bin/cmdial" pops BENCH --country GB) \
                               <("$other" pops BENCH --country GB); then
  echo "the two cmdial binaries print different lists" >&2
  exit 1
fi

# One timed run of "$1" in microseconds, appended to the file "$2".
time_one() {
  local start end
  start=$EPOCHREALTIME
  "$1" pops BENCH --country GB > /dev/null
  end=$EPOCHREALTIME
  echo $(( ${end/./} - ${start/./} )) >> "$2"
}

summary() {  # file label
  sort -n "$1" | awk -v label="$2" '{ t[NR] = $1; s += $1 }
    END { printf "%s: best %.1f ms, median %.1f ms, mean %.1f ms over %d runs\n",
          label, t[1] / 1000, t[int((NR + 1) / 2)] / 1000, s / NR / 1000, NR }'
}

for _ in $(seq "$runs"); do
  time_one "$bin/cmdial" "$work/times"
  if [[ -n $other ]]; then time_one "$other" "$work/other-times"; fi
done
echo "cmdial pops BENCH --country GB: $((listed - 1)) POPs listed of 65000; load average" \
     "$(cut -d' ' -f1-3 /proc/loadavg)"
summary "$work/times" "$bin/cmdial"
summary "$work/first-times" "$bin/cmdial, first listing after install"
if [[ -n $other ]]; then summary "$work/other-times" "$other"; fi
