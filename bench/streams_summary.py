#!/usr/bin/env python3
"""The summary of bench/streams.sh: ROUNDS_FILE SIZE_MIB WAY... (the first way is the baseline).

rounds.txt has a line per transfer pair: WAY ROUND UP_SECONDS DOWN_SECONDS [UP_COLD DOWN_COLD]. For each way it
prints the mean throughput (the image size over the mean time) and the ratios to the baseline: the ratio of those
means, and the median and range of the ratios taken round by round (each against the baseline's transfer of the
same round, minutes apart, which the machine's drift touches least). Java clients' cold figures (their first
transfer in a new JVM) follow, where recorded.
"""
import statistics
import sys


def main():
    path, size, ways = sys.argv[1], float(sys.argv[2]), sys.argv[3:]
    runs = {}  # way -> round -> [up, down, up_cold, down_cold]
    for line in open(path):
        f = line.split()
        if f:
            runs.setdefault(f[0], {})[f[1]] = [float(x) for x in f[2:]]
    base = runs[ways[0]]

    def mibps(seconds):
        return size / seconds

    def ratios(way, col):
        return [mibps(r[col]) / mibps(base[k][col]) for k, r in runs[way].items() if k in base]

    def mean_rate(way, col):
        return mibps(statistics.mean(r[col] for r in runs[way].values()))

    print("%-10s %8s %8s %10s %10s %18s %18s" % ("way", "up MiB/s", "dn MiB/s", "up ratio", "dn ratio",
                                               "up per round", "dn per round"))
    for way in ways:
        if way not in runs:
            continue
        cells = []
        for col in (0, 1):
            r = ratios(way, col)
            cells.append("%.2f (%.2f-%.2f)" % (statistics.median(r), min(r), max(r)))
        print("%-10s %8.0f %8.0f %10.2f %10.2f %18s %18s" % (
            way, mean_rate(way, 0), mean_rate(way, 1), mean_rate(way, 0) / mean_rate(ways[0], 0),
            mean_rate(way, 1) / mean_rate(ways[0], 1), cells[0], cells[1]))
    for way in ways:
        rounds = runs.get(way, {}).values()
        if rounds and all(len(r) >= 4 for r in rounds):
            print("%s cold (first transfer in a new JVM): up %.0f MiB/s, down %.0f MiB/s" % (
                way, mean_rate(way, 2), mean_rate(way, 3)))
    print("(per round: the median of the ratios of each round's transfer to the baseline's, and their range)")


if __name__ == "__main__":
    main()
