#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Packets per second of ipsec-proxyd --inline against the kernel's own
XFRM decapsulation of the same ESP traffic, in the same machine.

Runs as root in the QEMU guest (scripts/bench-proxy.sh starts it there),
with Debian's /usr/bin/python3, which has python3-cryptography.  Cases,
each fed by bench-send on CPU 0 with the same pre-built frames:

  gen        the generator alone, into a namespace that drops everything
  kernel     XFRM tunnel-mode input and forwarding, one CPU (RPS)
  gw1        ipsec-proxyd --inline, 1 worker, on CPU 1
  gw2        ipsec-proxyd --inline, 2 workers, on any CPU
  gw1-rules  gw1 with a rule file that scans every decrypted packet
  gwN-drain  the gwN daemon stopped while the generator fills its rings,
             then continued alone: the workers' rate without a generator
             competing for the CPUs

All gateways run for the whole benchmark, each in its own namespace, so
that the cases alternate every few seconds: a round measures every case
at every size, in an order that rotates from size to size and round to
round, so that drift of the machine reaches every case alike.  Ratios
are taken between the cases of one round and size, measured within
seconds of each other, and their median over the rounds is reported.

Results: results.txt, results.csv and results.json in --out.  With --tap
the sanity checks are printed as TAP and decide the exit status; speed
targets never do.

Documentation/benchmarks.md describes the method and the results.
"""
import argparse
import os
import shutil
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import breakdown  # noqa: E402
import frames  # noqa: E402
import measure  # noqa: E402
import perf_profile  # noqa: E402
import report  # noqa: E402
import targets  # noqa: E402
from topology import Topology  # noqa: E402

TOP = os.path.abspath(os.path.join(HERE, "..", ".."))
BUILD = os.environ.get("BUILD", os.path.join(TOP, "build"))
GEN_CPU = 0
WORK_CPU = 1
CASES = ["gen", "kernel", "gw1", "gw2", "gw1-rules", "gw1-drain", "gw2-drain"]
GATEWAY_NAMESPACES = ["gw1", "gw2", "gwr"]
PROFILE_SECONDS = 3


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--out", default=os.path.join(BUILD, "bench-proxy"),
                   help="results folder (default: $BUILD/bench-proxy)")
    p.add_argument("--quick", action="store_true",
                   help="smoke run: 1 round, 0.3 s warm-up, 0.7 s window, 0.3 s "
                   "fill, 16 frames per SA, no breakdown; options given still apply")
    p.add_argument("--rounds", type=int, help="rounds of all cases (default 4)")
    p.add_argument("--warmup", type=float, help="seconds before each window (default 1)")
    p.add_argument("--window", type=float, help="seconds measured per case (default 2.5)")
    p.add_argument("--fill", type=float,
                   help="seconds of traffic into a stopped gateway before a drain "
                   "(default 1.5)")
    p.add_argument("--sizes", default="64,576,1420",
                   help="inner IPv4 packet sizes in bytes (default 64,576,1420)")
    p.add_argument("--sas", type=int, default=16, help="SAs, SPIs 0x1000 on (default 16)")
    p.add_argument("--per-sa", type=int, help="frames per SA in the loop (default 64)")
    p.add_argument("--no-breakdown", action="store_true",
                   help="skip the profiles and the offline and crypto-only "
                   "measurements")
    p.add_argument("--tap", action="store_true",
                   help="print the sanity checks as TAP; exit 1 if one fails")
    a = p.parse_args()
    quick = {"rounds": 1, "warmup": 0.3, "window": 0.7, "fill": 0.3, "per_sa": 16}
    full = {"rounds": 4, "warmup": 1.0, "window": 2.5, "fill": 1.5, "per_sa": 64}
    for key, value in (quick if a.quick else full).items():
        if getattr(a, key) is None:
            setattr(a, key, value)
    if a.quick:
        a.no_breakdown = True
    a.sizes = [int(s) for s in a.sizes.split(",")]
    if a.rounds < 1 or a.window <= 0 or a.warmup < 0 or a.per_sa < 1 or a.sas < 1:
        p.error("--rounds, --per-sa and --sas must be >= 1, --window > 0, --warmup >= 0")
    return a


def tool_paths(work):
    paths = {
        "proxyd": os.path.join(BUILD, "proxy", "ipsec-proxyd"),
        "proxyctl": os.path.join(BUILD, "proxy-daemon", "ipsec-proxyctl"),
        "bench_send": os.path.join(BUILD, "proxy-bench", "bench-send"),
        "ucapi_bench": os.path.join(BUILD, "ucapi-bench", "ucapi-bench"),
        "rules": os.path.join(HERE, "bench.rules"),
        "work": work, "sa": os.path.join(work, "bench.sa"),
        "sockets": tempfile.mkdtemp(prefix="bench-proxy-"),
    }
    for key in ("proxyd", "proxyctl", "bench_send", "ucapi_bench"):
        if not os.access(paths[key], os.X_OK):
            sys.exit(f"bench_proxy: {paths[key]} not found: run make userland "
                     "and make -C proxy/bench")
    return paths


def log(msg):
    print(f"{time.strftime('%H:%M:%S')} {msg}", file=sys.stderr, flush=True)


def build_traffic(args, paths):
    sas = frames.make_sas(args.sas)
    frames.write_sa_file(paths["sa"], sas)
    traffic = {}
    for size in args.sizes:
        frame_list = frames.build_frames(sas, size, args.per_sa)
        pcap = os.path.join(paths["work"], f"esp-{size}.pcap")
        frames.write_pcap(pcap, frame_list)
        traffic[size] = {"pcap": pcap, "frames": frame_list}
        log(f"built {len(frame_list)} frames of {len(frame_list[0])} bytes "
            f"(inner {size} bytes)")
    return sas, traffic


def make_targets(topo, paths):
    """Create the live targets in their base order, and name the gateways
    to drain."""
    gw1 = targets.GatewayTarget(topo, "gw1", "gw1", 1, paths, cpu=WORK_CPU)
    gw2 = targets.GatewayTarget(topo, "gw2", "gw2", 2, paths)
    rules = targets.GatewayTarget(topo, "gw1-rules", "gwr", 1, paths,
                                  rules=paths["rules"], cpu=WORK_CPU)
    live = [targets.GenTarget(topo), targets.KernelTarget(topo), gw1, gw2, rules]
    return live, [gw1, gw2]


def log_sample(result):
    busy = " ".join(f"{100 * c['busy']:.0f}/{100 * c['softirq']:.0f}"
                    for c in result["cpu"]["per_cpu"].values())
    log(f"round {result['round'] + 1} {result['case']:<9} {result['size']:>4} B: "
        f"{result['pps']:.0f} pps, generator {result['generator']['rate']:.0f}/s "
        f"({result['generator']['rejected']} rejected), "
        f"CPU busy/softirq % {busy}")


def rotated(items, n):
    n %= len(items)
    return items[n:] + items[:n]


def run_round(args, paths, topo, traffic, live, drained, round_no, samples):
    """Run one round: every live case at every size, the order rotating
    from size to size and round to round, then the drains."""
    for i, size in enumerate(args.sizes):
        for target in rotated(live, round_no + i):
            gen = measure.Generator(topo, paths["bench_send"], GEN_CPU,
                                    target.interface, traffic[size]["pcap"],
                                    args.warmup + args.window + 10)
            result = measure.measure(target, gen, args.warmup, args.window)
            result.update({"case": target.name, "size": size, "round": round_no,
                           "workers": target.workers})
            samples.append(result)
            log_sample(result)
    for i, size in enumerate(args.sizes):
        for target in rotated(drained, round_no + i):
            gen = measure.Generator(topo, paths["bench_send"], GEN_CPU,
                                    target.interface, traffic[size]["pcap"],
                                    args.fill + 10)
            result = measure.drain(target, gen, args.fill)
            result.update({"case": f"{target.name}-drain", "size": size,
                           "round": round_no, "workers": target.workers})
            samples.append(result)
            log_sample(result)


def run_rounds(args, paths, topo, traffic, samples, checks, profiles):
    """Start every gateway, run the rounds, and check every target's
    totals once the traffic stopped."""
    live, drained = make_targets(topo, paths)
    try:
        # Opening the sessions of every SA takes seconds under emulation:
        # the daemons start side by side.
        for target in live:
            target.start()
        for target in live:
            target.wait_ready()
        log("gateways ready")
        for r in range(args.rounds):
            run_round(args, paths, topo, traffic, live, drained, r, samples)
        if not args.no_breakdown:
            profiles.extend(run_profiles(args, paths, topo, traffic, live))
        targets.settle()
        for target in live:
            checks.extend(targets.check_totals(target, target.totals()))
    finally:
        for target in live:
            target.stop()


def run_profiles(args, paths, topo, traffic, live):
    """Profile the CPU under test for kernel, gw1 and gw1-rules at the
    smallest and largest size, into perf-CASE-SIZE.txt, and return the
    shares by category."""
    profiles = []
    if not perf_profile.perf_available():
        log("perf not found: no profiles")
        return profiles
    for target in live:
        if target.name not in ("kernel", "gw1", "gw1-rules"):
            continue
        for size in sorted({min(args.sizes), max(args.sizes)}):
            out = os.path.join(args.out, f"perf-{target.name}-{size}.txt")
            shares, commands = perf_profile.profile_case(
                topo, paths, target, traffic[size]["pcap"], WORK_CPU, GEN_CPU,
                PROFILE_SECONDS, out)
            profiles.append({"case": target.name, "size": size, "shares": shares})
            log(f"profile {target.name} {size} B: {out}")
    with open(os.path.join(args.out, "perf-command.txt"), "w") as f:
        f.write("\n".join(commands) + "\n")
    return profiles


def run_breakdown(args, paths, traffic, rows):
    log("breakdown: offline mode and ucapi-bench")
    offline = []
    for size in args.sizes:
        # About 20000 packets beyond the short capture for each size.
        repeat = max(2, 20000 // len(traffic[size]["frames"]))
        offline += breakdown.offline_rates(paths, traffic[size]["frames"],
                                           args.sas, size, WORK_CPU, repeat)
    crypto, cmd = breakdown.crypto_rates(
        paths, args.sizes, WORK_CPU, os.path.join(args.out, "crypto.json"))
    result = {"offline": offline, "crypto": crypto, "crypto_command": cmd}
    result["per_packet"] = report.per_packet(rows, result, args.sizes)
    return result


def machine_info():
    info = {"kernel": os.uname().release, "cpus": os.cpu_count(),
            "cpu_model": "", "rfc4106_driver": ""}
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                info["cpu_model"] = line.split(":", 1)[1].strip()
                break
    # The driver of highest priority is the one the XFRM states use.
    best = -1
    with open("/proc/crypto") as f:
        entry = {}
        for line in f.read().splitlines() + [""]:
            if line.strip():
                key, _, value = line.partition(":")
                entry[key.strip()] = value.strip()
                continue
            if entry.get("name") == "rfc4106(gcm(aes))" and \
                    int(entry.get("priority", -1)) > best:
                best = int(entry["priority"])
                info["rfc4106_driver"] = entry["driver"]
            entry = {}
    return info


def print_tap(samples, checks):
    n = failed = 0
    for s in samples:
        checks.append((s["pps"] > 0, f"{s['case']} {s['size']} B: packets/s > 0 "
                       f"(round {s['round'] + 1})", f"{s['pps']}"))
    for cond, name, diag in checks:
        n += 1
        failed += not cond
        print(f"{'ok' if cond else 'not ok'} {n} - {name}")
        if not cond:
            print(f"# {diag}")
    print(f"1..{n}")
    return 1 if failed else 0


def main():
    args = parse_args()
    if os.geteuid() != 0:
        sys.exit("bench_proxy: needs root (network namespaces, AF_PACKET)")
    if (os.cpu_count() or 1) < 2:
        sys.exit("bench_proxy: needs 2 CPUs: one for the generator, one under test")
    work = os.path.join(args.out, "work")
    os.makedirs(work, exist_ok=True)
    paths = tool_paths(work)
    try:
        return run_all(args, paths)
    finally:
        shutil.rmtree(paths["sockets"], ignore_errors=True)


def run_all(args, paths):
    started = time.time()
    sas, traffic = build_traffic(args, paths)
    samples, checks, profiles = [], [], []
    with Topology(sas, WORK_CPU, GATEWAY_NAMESPACES) as topo:
        run_rounds(args, paths, topo, traffic, samples, checks, profiles)
    rows = report.summarize(samples)
    ratio_rows = report.ratios(samples, args.sizes)
    verdict = report.verdicts(ratio_rows)
    bd = None if args.no_breakdown else run_breakdown(args, paths, traffic, rows)
    if bd:
        bd["profiles"] = profiles
    if bd:
        dropped = {(r["size"], r["order"], r["backend"]): r["dropped"]
                   for r in bd["offline"] if r["dropped"]}
        checks.append((not dropped, "offline: every benchmark frame decrypted",
                       f"dropped {dropped}"))
    meta = {"sas": args.sas, "rounds": args.rounds, "window": args.window,
            "warmup": args.warmup, "sizes": args.sizes, "per_sa": args.per_sa,
            "gen_cpu": GEN_CPU, "work_cpu": WORK_CPU, "cases": CASES,
            "seconds": time.time() - started, "machine": machine_info(),
            "command": " ".join(sys.argv)}
    text = report.text_report(meta, rows, ratio_rows, verdict, bd)
    with open(os.path.join(args.out, "results.txt"), "w") as f:
        f.write(text)
    report.write_csv(os.path.join(args.out, "results.csv"), rows, meta)
    report.write_json(os.path.join(args.out, "results.json"), {
        "meta": meta, "summary": list(rows.values()), "ratios": ratio_rows,
        "targets": verdict, "breakdown": bd, "samples": samples,
        "checks": [{"ok": c, "name": n, "detail": d} for c, n, d in checks]})
    sys.stderr.write(text)
    if args.tap:
        return print_tap(samples, checks)
    return 0 if all(c for c, _, _ in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
