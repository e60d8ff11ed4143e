#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Summarises bench/pbserver_vs_nginx.sh's interleaved rounds. Input: a TSV file of
# "ROUND<TAB>CASE<TAB>SERVER<TAB>REQUESTS_PER_S<TAB>P99_MS<TAB>CPU_US_PER_REQUEST" lines, SERVER
# being pbserver, nginx or before. Prints each round's requests/s, then per case the medians
# over the rounds and the median (with min and max) of the per-round ratios pbserver/nginx (and
# before/nginx); then the server CPU time per request, whose ratio nginx/pbserver (> 1: pbserver
# spends less) does not depend on the share of the CPU a loaded machine leaves the servers.
# Each ratio also gets a 95% confidence interval for its median (from the order statistics, no
# assumption about the spread) and a verdict: ">=1" when the whole interval is at or above 1.0,
# "<1" when it is below, "level" when it holds 1.0 and the rounds cannot tell.
# Usage: pbserver_rounds_summary.py RESULTS.tsv
import collections
import math
import statistics
import sys

ORDER = ["pbserver", "nginx", "before"]


def median_interval(values, confidence=0.95):
    """(low, high): the order statistics x(k) and x(n+1-k), k the largest for which they hold
    the median with the given confidence (P = 1 - 2 P(Binomial(n, 1/2) < k)); at least 1, so
    with under six rounds it is min and max at less than 95%."""
    xs = sorted(values)
    n = len(xs)

    def below(k):  # P(Binomial(n, 1/2) < k)
        return sum(math.comb(n, j) for j in range(k)) / 2**n

    k = 1
    while k + 1 <= (n + 1) // 2 and 1 - 2 * below(k + 1) >= confidence:
        k += 1
    return xs[k - 1], xs[n - k]


def verdict(low, high):
    return ">=1" if low >= 1.0 else "<1" if high < 1.0 else "level"


def main(path):
    data = collections.defaultdict(dict)  # case -> {(server, round): (rps, p99)}
    cases = []
    with open(path) as f:
        for line in f:
            if not line.strip():
                continue
            rnd, case, server, rps, p99, cpu = line.rstrip("\n").split("\t")
            if case not in cases:
                cases.append(case)
            data[case][(server, int(rnd))] = (float(rps), float(p99), float(cpu))
    servers = sorted({k[0] for c in data.values() for k in c}, key=ORDER.index)
    print("requests/s per round (" + " / ".join(servers) + "):")
    for case in cases:
        rounds = sorted({k[1] for k in data[case]})
        cells = ["/".join(f"{data[case][(s, r)][0]:.0f}" for s in servers) for r in rounds]
        print(f"  {case:22s} " + "  ".join(cells))
    print("medians over the rounds; ratio = median of the per-round ratios to nginx (min, max)")
    header = f"{'case':22s} {'pbserver/s':>10s} {'p99 ms':>7s} {'nginx/s':>8s} {'p99 ms':>7s} {'ratio':>6s} {'min':>5s} {'max':>5s} {'95% CI':>11s} {'1.0?':>5s}"
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
                f"{statistics.median(mine):6.2f} {min(mine):5.2f} {max(mine):5.2f} "
                f"{'%.2f-%.2f' % median_interval(mine):>11s} {verdict(*median_interval(mine)):>5s}")
        if "before" in servers:
            line += (f" {median('before', 0):9.0f} {median('before', 1):7.2f} "
                     f"{statistics.median(ratios('before')):6.2f}")
        print(line)
    print("server CPU time per request, microseconds (median over the rounds); "
          "ratio = median of the per-round nginx/pbserver")
    print(f"{'case':22s} " + " ".join(f"{s:>9s}" for s in servers) +
          f" {'ratio':>6s} {'min':>5s} {'max':>5s} {'95% CI':>11s} {'1.0?':>5s}")
    for case in cases:
        rounds = sorted({k[1] for k in data[case]})
        cost = {s: [data[case][(s, r)][2] for r in rounds] for s in servers}
        ratio = [n / p if p > 0 else float("nan") for n, p in zip(cost["nginx"], cost["pbserver"])]
        print(f"{case:22s} " + " ".join(f"{statistics.median(cost[s]):9.1f}" for s in servers) +
              f" {statistics.median(ratio):6.2f} {min(ratio):5.2f} {max(ratio):5.2f} "
              f"{'%.2f-%.2f' % median_interval(ratio):>11s} {verdict(*median_interval(ratio)):>5s}")
    print("p99 latency, ratio = median of the per-round nginx/pbserver (> 1: pbserver's is lower)")
    print(f"{'case':22s} {'ratio':>6s} {'min':>5s} {'max':>5s} {'95% CI':>11s} {'1.0?':>5s}")
    for case in cases:
        rounds = sorted({k[1] for k in data[case]})
        ratio = [data[case][("nginx", r)][1] / data[case][("pbserver", r)][1] for r in rounds
                 if data[case][("pbserver", r)][1] > 0]
        if not ratio:
            continue
        low, high = median_interval(ratio)
        print(f"{case:22s} {statistics.median(ratio):6.2f} {min(ratio):5.2f} {max(ratio):5.2f} "
              f"{'%.2f-%.2f' % (low, high):>11s} {verdict(low, high):>5s}")


if __name__ == "__main__":
    main(sys.argv[1])
