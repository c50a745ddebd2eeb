# SPDX-License-Identifier: GPL-2.0-only
"""Flat profiles of the CPU under test while a case runs, with perf.

perf samples the cpu-clock software event on that CPU only, whatever runs
there: the gateway's worker thread, or the kernel's softirq for the
kernel case.  TCG has no PMU, so the clock event is the one that works.
Each profile is `perf report` by DSO and symbol, symbols of at least
PERCENT_LIMIT percent, written to OUT/perf-CASE-SIZE.txt.
"""
import os
import re
import shutil
import subprocess
import time

import measure

PERCENT_LIMIT = 1.5

# Categories of samples, by the first pattern that matches "DSO SYMBOL".
# They are coarse by design: a symbol name shows its subsystem, not always
# its caller.
CATEGORIES = [
    ("crypto", r"aes|gcm|ghash|rfc4106|crypto_|aead|gf128|clmul"),
    ("ucapi", r"ucapi"),
    ("copies", r"rep_movs|memcpy|memmove|copy_(to|from)_user|_copy_|copy_page"),
    ("fpu", r"fpregs|fpu|xsave|xrstor"),
    ("memory", r"slab|kmem|kmalloc|kfree|page_frag|alloc_skb|free_skb|"
               r"skb_release|__alloc|kmalloc_reserve|consume_skb"),
    ("af_packet", r"packet_|tpacket|fanout|bpf_"),
    ("inspection", r"libhs|hs_|inspect|rule|packet_parse"),
    ("gateway", r"^ipsec-proxyd "),
    ("irq, softirq", r"softirq|irq|apic|ipi|smp_call"),
    ("scheduler", r"wake|schedule|sched|switch_to|finish_task|enqueue_task|"
                  r"dequeue_task|pick_next"),
    ("idle", r"halt|idle"),
    ("net stack", r"netif|napi|backlog|net_rx|ip_|ipv4|xfrm|esp|veth|dev_|"
                  r"skb|udp|sk_|sock|neigh|fib|eth_|gro|rps|nf_|inet"),
    ("syscall entry", r"syscall|entry_|do_syscall|__x64_sys|ret_from|"
                      r"exit_to_user|syscall_exit"),
    ("libc", r"^libc"),
]


def perf_available():
    return shutil.which("perf") is not None


def profile_case(topo, paths, target, pcap, cpu, gen_cpu, seconds, out):
    """Profile cpu for seconds while the generator feeds target, write the
    report to out, and return the shares by category and the commands."""
    data = os.path.join(paths["sockets"], f"perf-{target.name}.data")
    record = ["perf", "record", "-q", "-N", "-e", "cpu-clock", "-F", "1000",
              "-C", str(cpu), "-o", data, "--", "sleep", f"{seconds}"]
    report = ["perf", "report", "-i", data, "--stdio", "--no-children",
              "--sort", "dso,symbol", "--percent-limit", str(PERCENT_LIMIT)]
    gen = measure.Generator(topo, paths["bench_send"], gen_cpu, target.interface,
                            pcap, seconds + 30)
    try:
        gen.wait_sending()
        time.sleep(1.0)
        r = subprocess.run(record, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           text=True)
    finally:
        gen.stop()
        target.wait_idle()
    if r.returncode != 0:
        raise RuntimeError(f"perf record failed with status {r.returncode}: "
                           f"{r.stderr.strip()}")
    with open(out, "w") as f:
        r = subprocess.run(report, stdout=f, stderr=subprocess.PIPE, text=True)
    if r.returncode != 0:
        raise RuntimeError(f"perf report failed with status {r.returncode}: "
                           f"{r.stderr.strip()}")
    everything = report[:-1] + ["0"]
    r = subprocess.run(everything, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       text=True)
    os.unlink(data)
    if r.returncode != 0:
        raise RuntimeError(f"perf report failed with status {r.returncode}: "
                           f"{r.stderr.strip()}")
    return categorize(r.stdout), [" ".join(record), " ".join(report)]


def categorize(report_text):
    """Sum the percentages of a flat `perf report --sort dso,symbol` by
    CATEGORIES; what matches none is "other"."""
    shares = {name: 0.0 for name, _ in CATEGORIES}
    shares["other"] = 0.0
    for line in report_text.splitlines():
        m = re.match(r"\s*([\d.]+)%\s+(\S+)\s+\[.\]\s+(\S+)", line)
        if not m:
            continue
        key = f"{m.group(2)} {m.group(3)}"
        for name, pattern in CATEGORIES:
            if re.search(pattern, key):
                shares[name] += float(m.group(1))
                break
        else:
            shares["other"] += float(m.group(1))
    return shares
