#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Summarises bench/pbserver_vs_nginx.sh's interleaved rounds. Input: a TSV file of
# "ROUND<TAB>CASE<TAB>SERVER<TAB>REQUESTS_PER_S<TAB>P99_MS" lines, SERVER being pbserver, nginx
# or before. Prints each round's requests/s, then per case the medians over the rounds and the
# median (with min and max) of the per-round ratios pbserver/nginx (and before/nginx).
# Usage: pbserver_rounds_summary.py RESULTS.tsv
import collections
import statistics
import sys

ORDER = ["pbserver", "nginx", "before"]


def main(path):
    data = collections.defaultdict(dict)  # case -> {(server, round): (rps, p99)}
    cases = []
    with open(path) as f:
        for line in f:
            if not line.strip():
                continue
            rnd, case, server, rps, p99 = line.rstrip("\n").split("\t")
            if case not in cases:
                cases.append(case)
            data[case][(server, int(rnd))] = (float(rps), float(p99))
    servers = sorted({k[0] for c in data.values() for k in c}, key=ORDER.index)
    print("requests/s per round (" + " / ".join(servers) + "):")
    for case in cases:
        rounds = sorted({k[1] for k in data[case]})
        cells = ["/".join(f"{data[case][(s, r)][0]:.0f}" for s in servers) for r in rounds]
        print(f"  {case:22s} " + "  ".join(cells))
    print("medians over the rounds; ratio = median of the per-round ratios to nginx (min, max)")
    header = f"{'case':22s} {'pbserver/s':>10s} {'p99 ms':>7s} {'nginx/s':>8s} {'p99 ms':>7s} {'ratio':>6s} {'min':>5s} {'max':>5s}"
    if "before" in servers:
        header += f" {'before/s':>9s} {'p99 ms':>7s} {'ratio':>6s}"
    print(header)
    for case in cases:
        rounds = sorted({k[1] for k in data[case]})

        def median(server, i):
            return statistics.median(data[case][(server, r)][i] for r in rounds)

        def ratios(server):
            return [data[case][(server, r)][0] / data[case][("nginx", r)][0] for r in rounds]

        mine = ratios("pbserver")
        line = (f"{case:22s} {median('pbserver', 0):10.0f} {median('pbserver', 1):7.2f} "
                f"{median('nginx', 0):8.0f} {median('nginx', 1):7.2f} "
                f"{statistics.median(mine):6.2f} {min(mine):5.2f} {max(mine):5.2f}")
        if "before" in servers:
            line += (f" {median('before', 0):9.0f} {median('before', 1):7.2f} "
                     f"{statistics.median(ratios('before')):6.2f}")
        print(line)


if __name__ == "__main__":
    main(sys.argv[1])
