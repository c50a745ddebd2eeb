# SPDX-License-Identifier: GPL-2.0-only
"""Summaries, ratios and output files of the gateway benchmark.

Rates are medians over the rounds; spread is (max - min) / median.  A
ratio is computed within each round and size, between cases measured
seconds apart, and reported as the median over the rounds with its
minimum and maximum.  "Per worker" for the kernel is per CPU that did the
decapsulation: RPS steers all of it to one CPU.
"""
import csv
import json
import statistics

PER_WORKER_TARGET = 1.0
SCALING_TARGET = 1.8


def spread(values):
    med = statistics.median(values)
    return (max(values) - min(values)) / med if med else None


def summarize(samples):
    """Group the samples by (case, size) and return one row of medians
    over the rounds for each."""
    groups = {}
    for s in samples:
        groups.setdefault((s["case"], s["size"]), []).append(s)
    rows = {}
    for (case, size), group in groups.items():
        pps = [s["pps"] for s in group]
        workers = max(group[0]["workers"], 1)
        eff = [s["packets_per_work_cpu_s"] for s in group
               if s["packets_per_work_cpu_s"]]
        row = {
            "case": case, "size": size, "rounds": len(group),
            "pps": statistics.median(pps), "pps_min": min(pps),
            "pps_max": max(pps), "spread": spread(pps),
            "per_worker_pps": statistics.median(pps) / workers,
            "gen_pps": statistics.median(s["generator"]["rate"] for s in group),
            "gen_rejected": sum(s["generator"]["rejected"] for s in group),
            "work_cpu": statistics.median(s["cpu"]["work_cpu_s"] / s["seconds"]
                                          for s in group)
            if group[0]["cpu"]["work_cpu_s"] is not None else None,
            "packets_per_work_cpu_s": statistics.median(eff) if eff else None,
            "cpu_busy": {cpu: statistics.median(s["cpu"]["per_cpu"][cpu]["busy"]
                                                for s in group)
                         for cpu in group[0]["cpu"]["per_cpu"]},
            "cpu_softirq": {cpu: statistics.median(s["cpu"]["per_cpu"][cpu]["softirq"]
                                                   for s in group)
                            for cpu in group[0]["cpu"]["per_cpu"]},
        }
        if "worker_pps" in group[0]:
            row["worker_pps"] = [statistics.median(s["worker_pps"][i] for s in group)
                                 for i in range(len(group[0]["worker_pps"]))]
            row["ring_drops"] = sum(s["ring_drops"] for s in group)
            pb = [s["packets_per_batch"] for s in group if s["packets_per_batch"]]
            row["packets_per_batch"] = statistics.median(pb) if pb else None
            cs = [s["crypto_syscalls_per_packet"] for s in group
                  if s["crypto_syscalls_per_packet"]]
            row["crypto_syscalls_per_packet"] = statistics.median(cs) if cs else None
        rows[(case, size)] = row
    return rows


def ratio(a, b):
    return a / b if a and b else None


def pps(sample, per_worker=False):
    return sample["pps"] / sample["workers"] if per_worker else sample["pps"]


def per_cpu_s(sample):
    return sample["packets_per_work_cpu_s"]


# name, text, numerator case, denominator case, value of a sample
RATIOS = [
    ("gw1_vs_kernel", "gw1 / kernel", "gw1", "kernel", pps),
    ("gw2_per_worker_vs_kernel", "gw2 per worker / kernel", "gw2", "kernel",
     lambda s: pps(s, s["case"] != "kernel")),
    ("gw2_vs_gw1", "gw2 / gw1", "gw2", "gw1", pps),
    ("rules_vs_gw1", "gw1-rules / gw1", "gw1-rules", "gw1", pps),
    ("drain1_vs_kernel", "gw1-drain / kernel", "gw1-drain", "kernel", pps),
    ("drain2_per_worker_vs_kernel", "gw2-drain per worker / kernel", "gw2-drain",
     "kernel", lambda s: pps(s, s["case"] != "kernel")),
    ("drain2_vs_drain1", "gw2-drain / gw1-drain", "gw2-drain", "gw1-drain", pps),
    ("gw1_vs_kernel_per_cpu_s", "gw1 / kernel, per CPU-second", "gw1", "kernel",
     per_cpu_s),
    ("drain2_vs_drain1_per_cpu_s", "gw2-drain / gw1-drain, per CPU-second",
     "gw2-drain", "gw1-drain", per_cpu_s),
]


def ratios(samples, sizes):
    """Compute every ratio of RATIOS within each round and size, and
    return per size the median, minimum and maximum over the rounds."""
    by_key = {(s["round"], s["size"], s["case"]): s for s in samples}
    rounds = sorted({s["round"] for s in samples})
    out = []
    for size in sizes:
        row = {"size": size}
        for name, _, num, den, value in RATIOS:
            values = []
            for r in rounds:
                a, b = by_key.get((r, size, num)), by_key.get((r, size, den))
                x = ratio(value(a), value(b)) if a and b else None
                if x is not None:
                    values.append(x)
            row[name] = {"median": statistics.median(values), "min": min(values),
                         "max": max(values), "rounds": len(values)} if values else None
        out.append(row)
    return out


def median_of(row, name):
    return row[name]["median"] if row.get(name) else None


def verdict(values, target):
    values = [x for x in values if x is not None]
    return {"target": target, "worst": min(values) if values else None,
            "best": max(values) if values else None,
            "met": bool(values) and min(values) >= target}


def verdicts(ratio_rows):
    """Check the targets against the median ratios: on the live cases, and
    on the drains, where no generator competes for the CPUs."""
    def medians(*names):
        return [median_of(r, n) for r in ratio_rows for n in names]
    return {
        "per_worker": verdict(medians("gw1_vs_kernel", "gw2_per_worker_vs_kernel"),
                              PER_WORKER_TARGET),
        "scaling": verdict(medians("gw2_vs_gw1"), SCALING_TARGET),
        "per_worker_drain": verdict(medians("drain1_vs_kernel",
                                            "drain2_per_worker_vs_kernel"),
                                    PER_WORKER_TARGET),
        "scaling_drain": verdict(medians("drain2_vs_drain1"), SCALING_TARGET),
    }


def fmt(x, spec="{:.2f}"):
    return "-" if x is None else spec.format(x)


def pct(x):
    return "-" if x is None else f"{100 * x:.0f}%"


def header_lines(meta):
    return [
        "ipsec-proxyd --inline against the kernel's XFRM input, in the guest",
        f"{meta['sas']} SAs, ESP tunnel mode, AES-GCM-128 (rfc4106, 16-byte ICV), "
        "replay window 0, inner IPv4/UDP",
        f"{meta['rounds']} round(s), {meta['window']} s window after "
        f"{meta['warmup']} s warm-up; generator on CPU {meta['gen_cpu']}, "
        f"kernel receive processing (RPS) and gw1 on CPU {meta['work_cpu']}",
        "Under TCG absolute rates mean nothing: read the ratios.",
    ]


def rate_lines(meta, rows):
    lines = [
        "Packets/s, median over rounds (spread = (max - min) / median)",
        f"{'size':>5} {'case':<10} {'pps':>9} {'spread':>7} {'per wkr':>9} "
        f"{'gen pps':>9} {'work CPU':>8} {'pkt/CPU-s':>9} {'CPU0':>9} {'CPU1':>9} "
        f"{'pkt/batch':>9} {'calls/pkt':>9}",
    ]
    for key in sorted(rows, key=lambda k: (k[1], meta["cases"].index(k[0]))):
        r = rows[key]
        cpus = [f"{pct(r['cpu_busy'][c])}/{pct(r['cpu_softirq'][c])}"
                for c in sorted(r["cpu_busy"])][:2]
        lines.append(
            f"{r['size']:>5} {r['case']:<10} {r['pps']:>9.0f} {pct(r['spread']):>7} "
            f"{r['per_worker_pps']:>9.0f} {r['gen_pps']:>9.0f} "
            f"{fmt(r['work_cpu']):>8} {fmt(r['packets_per_work_cpu_s'], '{:.0f}'):>9} "
            + " ".join(f"{c:>9}" for c in cpus) + " "
            f"{fmt(r.get('packets_per_batch'), '{:.1f}'):>9} "
            f"{fmt(r.get('crypto_syscalls_per_packet'), '{:.3f}'):>9}")
    lines += [
        "",
        "CPUn: busy/softirq share of that CPU in the window.  work CPU: busy",
        "CPU-seconds per second of the CPUs that only the case used (CPU 1 for",
        "kernel and gw1, both CPUs for drains, none for gw2); pkt/CPU-s: packets",
        "per busy CPU-second of them.  per wkr: pps / workers (kernel: one CPU).",
    ]
    return lines


def ratio_lines(ratio_rows):
    lines = ["Ratios within a round: median over the rounds (minimum - maximum)",
             f"{'ratio':<38}" + "".join(f"{str(r['size']) + ' B':>19}"
                                         for r in ratio_rows)]
    for name, text, _, _, _ in RATIOS:
        cells = []
        for r in ratio_rows:
            v = r.get(name)
            cells.append(f"{fmt(v['median'])} ({fmt(v['min'])}-{fmt(v['max'])})"
                         if v else "-")
        lines.append(f"{text:<38}" + "".join(f"{c:>19}" for c in cells))
    lines += [
        "drain: the rings of a stopped daemon emptied with no generator running.",
        "per CPU-second: ratio of pkt/CPU-s.",
    ]
    return lines


def verdict_lines(verdict):
    lines = []
    for key, text in (("per_worker", "the kernel per worker, live"),
                      ("scaling", "from 1 to 2 workers, live"),
                      ("per_worker_drain", "the kernel per worker, drain"),
                      ("scaling_drain", "from 1 to 2 workers, drain")):
        v = verdict[key]
        lines.append(f"Target >= {v['target']}x {text}: "
                     f"{'met' if v['met'] else 'missed'} "
                     f"(worst {fmt(v['worst'])}, best {fmt(v['best'])})")
    return lines


def breakdown_lines(breakdown):
    lines = ["Without packet I/O (offline mode, pinned to the CPU under test), pps",
             f"{'size':>5} {'order':<12} {'syscall':>9} {'openssl':>9} {'ops/call':>8}"]
    off = {}
    for r in breakdown["offline"]:
        off.setdefault((r["size"], r["order"]), {})[r["backend"]] = r
    for (size, order), b in sorted(off.items()):
        lines.append(f"{size:>5} {order:<12} {fmt(b['syscall']['pps'], '{:.0f}'):>9} "
                     f"{fmt(b['openssl']['pps'], '{:.0f}'):>9} "
                     f"{fmt(b['syscall']['ops_per_call'], '{:.1f}'):>8}")

    lines += ["", "Crypto alone (ucapi-bench, rfc4106 AES-128 decrypt), ops/s",
              f"{'size':>5} {'payload':>7} {'batch':>5} {'syscall':>9} {'openssl':>9}"]
    crypto = {}
    for r in breakdown["crypto"]:
        crypto.setdefault((r["size"], r["payload"], r["batch"]), {})[r["backend"]] = r
    for (size, payload, batch), b in sorted(crypto.items()):
        lines.append(f"{size:>5} {payload:>7} {batch:>5} "
                     f"{fmt(b.get('syscall', {}).get('ops_per_s'), '{:.0f}'):>9} "
                     f"{fmt(b.get('openssl', {}).get('ops_per_s'), '{:.0f}'):>9}")

    lines += profile_lines(breakdown.get("profiles", []))
    lines += ["", "Time per packet of one worker (microseconds of the CPU under test)",
              f"{'size':>5} {'live gw1':>9} {'rules':>7} {'offline':>8} "
              f"{'crypto b2':>9} {'kernel':>7}"]
    for row in breakdown["per_packet"]:
        lines.append(f"{row['size']:>5} {fmt(row['live_us']):>9} "
                     f"{fmt(row['rules_us']):>7} {fmt(row['offline_us']):>8} "
                     f"{fmt(row['crypto_us']):>9} {fmt(row['kernel_us']):>7}")
    return lines


def profile_lines(profiles):
    if not profiles:
        return []
    names = list(profiles[0]["shares"])
    lines = ["", "Profile of the CPU under test (perf, % of samples by category)",
             f"{'category':<14}" + "".join(f"{p['case'] + ' ' + str(p['size']):>15}"
                                          for p in profiles)]
    for name in names:
        lines.append(f"{name:<14}" + "".join(f"{p['shares'][name]:>15.1f}"
                                             for p in profiles))
    return lines


def text_report(meta, rows, ratio_rows, verdict, breakdown):
    lines = header_lines(meta) + [""] + rate_lines(meta, rows) + [""] + \
        ratio_lines(ratio_rows) + [""] + verdict_lines(verdict)
    if breakdown:
        lines += [""] + breakdown_lines(breakdown)
    return "\n".join(lines) + "\n"


def per_packet(rows, breakdown, sizes):
    """Compute the microseconds of CPU per packet of each size: live,
    offline, crypto alone and the kernel."""
    out = []
    for size in sizes:
        def us(case):
            r = rows.get((case, size))
            e = r and r["packets_per_work_cpu_s"]
            return 1e6 / e if e else None
        off = [r for r in breakdown["offline"] if r["size"] == size and
               r["order"] == "interleaved" and r["backend"] == "syscall"]
        cr = [r for r in breakdown["crypto"] if r["size"] == size and
              r["batch"] == 2 and r["backend"] == "syscall"]
        out.append({"size": size, "live_us": us("gw1"), "rules_us": us("gw1-rules"),
                    "kernel_us": us("kernel"),
                    "offline_us": 1e6 / off[0]["pps"] if off and off[0]["pps"] else None,
                    "crypto_us": 1e6 / cr[0]["ops_per_s"] if cr else None})
    return out


def write_csv(path, rows, meta):
    fields = ["case", "size", "rounds", "pps", "pps_min", "pps_max", "spread",
              "per_worker_pps", "gen_pps", "gen_rejected", "work_cpu",
              "packets_per_work_cpu_s", "packets_per_batch",
              "crypto_syscalls_per_packet", "ring_drops"]
    with open(path, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=fields, extrasaction="ignore")
        w.writeheader()
        for key in sorted(rows, key=lambda k: (k[1], meta["cases"].index(k[0]))):
            w.writerow(rows[key])


def write_json(path, doc):
    with open(path, "w") as f:
        json.dump(doc, f, indent=1, default=str)
        f.write("\n")
