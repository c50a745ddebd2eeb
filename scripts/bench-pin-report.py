#!/usr/bin/python3
"""Summarise scripts/bench-pin.sh's samples as ratios pin/bounce per point.

usage: bench-pin-report.py SAMPLES.CSV RATIOS.CSV >RATIOS.TXT

SAMPLES.CSV has one row per measurement: the round, the data path, then
ucapi-bench's CSV columns.  Within a round the two data paths ran back to
back, so each round gives one ratio of their ops/s.  A point's ratio is the
median of those ratios, and their minimum and maximum show the spread.
"""

import csv
import statistics
import sys

PATHS = ("bounce", "pin")


def point_key(row):
    return (row["case"], row["op"], int(row["size"]), int(row["batch"]))


def load(path):
    """Return {point: {round: {datapath: row}}} and the points in file order."""
    points = {}
    order = []
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            if row["status"] != "ok":
                sys.exit("error: %s %s %s B batch %s failed on %s: %s"
                         % (row["case"], row["op"], row["size"],
                            row["batch"], row["datapath"], row["error"]))
            key = point_key(row)
            if key not in points:
                points[key] = {}
                order.append(key)
            points[key].setdefault(int(row["round"]), {})[row["datapath"]] = row
    return points, order


def summarise(key, rounds):
    """Ratios and medians of one point over the rounds with both paths."""
    ratios = []
    rate = {p: [] for p in PATHS}
    sys_us = {p: [] for p in PATHS}
    for number in sorted(rounds):
        rows = rounds[number]
        missing = [p for p in PATHS if p not in rows]
        if missing:
            sys.exit("error: round %d of %s has no %s measurement"
                     % (number, key, missing[0]))
        for path in PATHS:
            rate[path].append(float(rows[path]["ops_per_sec_median"]))
            sys_us[path].append(float(rows[path]["sys_us_per_op"]))
        ratios.append(rate["pin"][-1] / rate["bounce"][-1])
    case, op, size, batch = key
    return {
        "case": case, "op": op, "size": size, "batch": batch,
        "rounds": len(ratios),
        "bounce_ops_per_sec": statistics.median(rate["bounce"]),
        "pin_ops_per_sec": statistics.median(rate["pin"]),
        "ratio_median": statistics.median(ratios),
        "ratio_min": min(ratios),
        "ratio_max": max(ratios),
        "bounce_sys_us_per_op": statistics.median(sys_us["bounce"]),
        "pin_sys_us_per_op": statistics.median(sys_us["pin"]),
    }


def write_csv(path, summaries):
    fields = list(summaries[0].keys())
    with open(path, "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        for summary in summaries:
            writer.writerow({name: ("%.4f" % value
                                    if isinstance(value, float) else value)
                             for name, value in summary.items()})


def print_table(summaries):
    print("ucapi_batch(): pinned user pages against the bounce buffer")
    print("ratio = pin ops/s / bounce ops/s within a round; median, min and")
    print("max over the rounds.  sys us/op: kernel CPU time per operation.")
    print("Under TCG only the ratios mean anything.")
    print()
    head = ("%-12s %-8s %6s %5s %6s %6s %6s %11s %11s %7s %7s"
            % ("case", "op", "size", "batch", "ratio", "min", "max",
               "bounce op/s", "pin op/s", "b us/op", "p us/op"))
    print(head)
    for s in summaries:
        print("%-12s %-8s %6d %5d %6.3f %6.3f %6.3f %11.0f %11.0f %7.2f %7.2f"
              % (s["case"], s["op"], s["size"], s["batch"], s["ratio_median"],
                 s["ratio_min"], s["ratio_max"], s["bounce_ops_per_sec"],
                 s["pin_ops_per_sec"], s["bounce_sys_us_per_op"],
                 s["pin_sys_us_per_op"]))
    rounds = {s["rounds"] for s in summaries}
    print()
    print("%d points, %s rounds each" % (len(summaries),
                                          "/".join(map(str, sorted(rounds)))))


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__.strip().splitlines()[2])
    points, order = load(sys.argv[1])
    if not order:
        sys.exit("error: %s has no measurements" % sys.argv[1])
    summaries = [summarise(k, points[k]) for k in order]
    write_csv(sys.argv[2], summaries)
    print_table(summaries)


if __name__ == "__main__":
    main()
