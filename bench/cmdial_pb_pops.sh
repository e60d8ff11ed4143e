#!/usr/bin/env bash
# Times `cmdial pops SERVICE --country GB` as a process (start, find the profile, read the
# 65,000-POP book, filter, print) on a profile made by cmdial_pb_bench's data generator.
# Usage: bench/cmdial_pb_pops.sh BUILD_DIR [RUNS]   (needs BUILD_DIR/bin/cmdial, cmak, pbadmin
# is not needed: the book comes from BUILD_DIR/bin/cmdial_pb_bench --make-book)
set -euo pipefail
build=${1:?usage: bench/cmdial_pb_pops.sh BUILD_DIR [RUNS]}
runs=${2:-50}
bin="$build/bin"
work=$(mktemp -d /tmp/cmdial-pb-pops.XXXXXX)
trap 'rm -rf "$work"' EXIT
export XDG_DATA_HOME="$work/data" XDG_CONFIG_HOME="$work/config" XDG_STATE_HOME="$work/state"
export CMSUITE_SYSTEM_DIR="$work/system"
"$bin/cmdial_pb_bench" --make-book "$work/book" > /dev/null
"$bin/cmak" keygen --out "$work/key" > /dev/null
"$bin/cmak" new BENCH --service-name Bench --out "$work" --vpn-server vpn.example --phonebook "$work/book/BENCH.pbk" \
  --regions "$work/book/BENCH.pbr" > /dev/null
"$bin/cmak" build "$work/BENCH" --sign-key "$work/key" -o "$work/BENCH.cab" > /dev/null 2>&1
"$bin/cmdial" install "$work/BENCH.cab" > /dev/null
"$bin/cmdial" location set --country US --area-code 206 > /dev/null
listed=$("$bin/cmdial" pops BENCH --country GB | wc -l)
best=999999999
total=0
for _ in $(seq "$runs"); do
  start=$(date +%s%N)
  "$bin/cmdial" pops BENCH --country GB > /dev/null
  end=$(date +%s%N)
  elapsed=$(( (end - start) / 1000 ))
  total=$(( total + elapsed ))
  (( elapsed < best )) && best=$elapsed
done
echo "cmdial pops BENCH --country GB: $((listed - 1)) POPs listed of 65000;" \
     "best $((best / 1000)).$(( (best % 1000) / 100 )) ms, mean $((total / runs / 1000)).$(( (total / runs % 1000) / 100 )) ms over $runs runs"
