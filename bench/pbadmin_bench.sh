#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# pbadmin's speed targets (issue 3), measured on real workspaces with /usr/bin/time -v:
#   import of 32,000 POPs; publish of 65,000 POPs (full + 5 deltas, signed); a 6,000-change
#   release on 65,000 POPs (delta size against the full cabinet); with limits lifted, import and
#   publish (full + 5 deltas) of 1,000,000 POPs and their peak memory.
# Usage: bench/pbadmin_bench.sh BIN_DIR [--quick]   (--quick skips the million-POP cases)
set -euo pipefail
bin=$(cd "${1:?usage: bench/pbadmin_bench.sh BIN_DIR [--quick]}" && pwd)
quick=${2:-}
pbadmin="$bin/pbadmin"
work=$(mktemp -d /tmp/pbadmin-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT

# POP lines in the PBA import format: ids FIRST..LAST, TAG in the names, fictional numbers.
pops() {
  python3 - "$1" "$2" "${3:-}" <<'PY'
import sys
first, last, tag = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
countries = (1, 44, 107, 61, 49)
out = sys.stdout
for i in range(first, last + 1):  # every field a function of the POP index only
    h = (i * 2654435761) & 0xFFFFFFFF
    out.write(f"{i}, {countries[h % 5]}, {h % 41}, City{tag} {i}, {20 + h % 980}, "
              f"555-01{(h >> 8) % 100:02d}, 9600, 56000, 0, 32, CorpDialup\r\n")
PY
}
# Runs a pbadmin command under /usr/bin/time -v and prints LABEL, wall time, CPU and peak RSS.
measure() {
  local label=$1; shift
  /usr/bin/time -v -o "$work/time.txt" "$pbadmin" "$@" > "$work/out.txt"
  awk -v label="$label" '
    /Elapsed \(wall clock\)/ { n = split($NF, t, ":"); wall = (n == 3 ? t[1] * 3600 + t[2] * 60 + t[3] : t[1] * 60 + t[2]) }
    /User time/ { user = $NF } /System time/ { sys = $NF }
    /Maximum resident set size/ { rss = $NF / 1024 }
    END { printf "%-52s %6.2f s wall  %6.2f s cpu  %6.0f MB peak\n", label, wall, user + sys, rss }' \
    "$work/time.txt"
}
book() {  # book WS NAME: creates NAME with 40 regions
  "$pbadmin" --workspace "$1" create "$2" > /dev/null
  "$pbadmin" --workspace "$1" region add "$2" $(seq -f "R%g" 1 40) > /dev/null
}
# Publishes versions until the book has 5 earlier releases, one small edit each.
five_versions() {
  for v in 1 2 3 4 5; do
    [ "$v" -gt 1 ] && "$pbadmin" --workspace "$1" pop edit "$2" "$v" --city "Edit $v" > /dev/null
    "$pbadmin" --workspace "$1" publish "$2" > /dev/null
  done
  "$pbadmin" --workspace "$1" pop edit "$2" 6 --city "Edit 6" > /dev/null
}

echo "== pbadmin_bench ($(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"
pops 1 32000 > "$work/32k.txt"
book "$work/a" BOOK
measure "import 32,000 POPs (target 0.4 s)" --workspace "$work/a" import BOOK "$work/32k.txt"

pops 1 65000 > "$work/65k.txt"
book "$work/b" BOOK
"$pbadmin" --workspace "$work/b" config set limits cmdial > /dev/null
"$pbadmin" --workspace "$work/b" import BOOK "$work/65k.txt" > /dev/null
"$pbadmin" --workspace "$work/b" config set limits cm13 > /dev/null
five_versions "$work/b" BOOK
measure "publish 65,000 POPs, full + 5 deltas (target 0.6 s)" --workspace "$work/b" publish BOOK

# 6,000 changes: 2,000 edits, 2,000 adds, 2,000 deletes (--replace drops the missing ones).
{ pops 1 2000 X; pops 2001 63000; pops 65001 67000; } > "$work/changes.txt"
"$pbadmin" --workspace "$work/b" import BOOK "$work/changes.txt" --replace > /dev/null
"$pbadmin" --workspace "$work/b" publish BOOK > /dev/null
full=$(stat -c %s "$work/b/BOOK/7/full.cab")
delta=$(stat -c %s "$work/b/BOOK/7/delta-6.cab")
awk -v f="$full" -v d="$delta" 'BEGIN { printf "%-52s %d of %d bytes = %.1f%% (target 12%%)\n",
  "delta for 6,000 changes on 65,000 POPs", d, f, 100 * d / f }'

if [ "$quick" != "--quick" ]; then
  pops 1 1000000 > "$work/1m.txt"
  book "$work/c" BOOK
  "$pbadmin" --workspace "$work/c" config set limits cmdial > /dev/null
  measure "import 1,000,000 POPs, limits lifted (target 5 s)" --workspace "$work/c" import BOOK "$work/1m.txt"
  five_versions "$work/c" BOOK
  measure "publish 1,000,000 POPs, full + 5 deltas (8 s, 600 MB)" --workspace "$work/c" publish BOOK
fi
