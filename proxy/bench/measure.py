# SPDX-License-Identifier: GPL-2.0-only
"""Counters and CPU time of one measured window of the gateway benchmark.

A case sends frames with bench-send for warm-up + window seconds and reads
a snapshot of the counters at the start and at the end of the window:

* gen: the frames that reached the namespace that drops them (n0 rx);
* kernel: the packets of the XFRM states (`ip -s xfrm state`), the inner
  packets routed out of k1, and /proc/net/xfrm_stat;
* gw: the counters of ipsec-proxyd's workers and drops
  (`ipsec-proxyctl stats`).

Every snapshot also contains /proc/stat and /proc/softirqs: the share of
each CPU that was busy, and in softirq.  A case pinned to the CPU under
test gets its CPU time from that CPU's busy share.  The generator's own
CPU time (from /proc/PID/stat) is not subtracted from the other CPUs.
Under TCG on a loaded host it disagrees with the ticks of /proc/stat,
because a vCPU that the host does not run misses ticks but not run time.
"""
import re
import select
import signal
import subprocess
import time

from topology import run



def cpu_times():
    """Jiffies per CPU: {cpu: {"busy": n, "softirq": n, "total": n}}."""
    result = {}
    with open("/proc/stat") as f:
        for line in f:
            m = re.match(r"cpu(\d+) (.*)", line)
            if not m:
                continue
            v = [int(x) for x in m.group(2).split()]
            # user nice system idle iowait irq softirq steal guest guest_nice;
            # guest time is already part of user time.
            total = sum(v[:8])
            result[int(m.group(1))] = {"busy": total - v[3] - v[4],
                                       "softirq": v[6], "total": total}
    return result


def net_rx_softirqs():
    """NET_RX softirqs run per CPU, from /proc/softirqs."""
    with open("/proc/softirqs") as f:
        for line in f:
            if line.strip().startswith("NET_RX:"):
                return [int(x) for x in line.split()[1:]]
    return []


class Generator:
    """bench-send on one CPU in the source namespace."""

    def __init__(self, topo, binary, cpu, interface, pcap, duration):
        cmd = ["taskset", "-c", str(cpu)] + topo.exec_prefix("src") + \
            [binary, "--interface", interface, "--pcap", pcap,
             "--duration", f"{duration:.3f}"]
        self.cmd = cmd
        # taskset and ip netns exec both exec, so the pid is bench-send's.
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True)

    def wait_sending(self, timeout=60):
        """Wait for bench-send's "sending" line: starting a process in a
        namespace takes a noticeable time under emulation."""
        ready, _, _ = select.select([self.proc.stdout], [], [], timeout)
        line = self.proc.stdout.readline() if ready else ""
        if line.strip() != "sending":
            self.proc.kill()
            out, err = self.proc.communicate()
            raise RuntimeError(f"bench-send did not start sending within {timeout} s: "
                               f"{line}{out}{err.strip()}")

    def stop(self):
        """Stop it and return its summary as a dict."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        out, err = self.proc.communicate(timeout=30)
        if self.proc.returncode != 0:
            raise RuntimeError(f"bench-send failed with status {self.proc.returncode}: "
                               f"{err.strip()}")
        fields = dict(w.split("=", 1) for w in out.split())
        return {"sent": int(fields["sent"]), "rejected": int(fields["rejected"]),
                "buffer_full": int(fields["buffer_full"]),
                "seconds": float(fields["seconds"]), "rate": float(fields["rate"])}


def parse_stats(text):
    """Parse the output of `ipsec-proxyctl stats` into workers, drops and
    metrics."""
    workers, drops, metrics = {}, {}, {}
    for line in text.splitlines():
        words = line.split()
        if not words:
            continue
        if words[0] == "worker":
            fields = dict(w.split("=", 1) for w in words[1:])
            workers[int(fields.pop("id"))] = {k: int(v) for k, v in fields.items()}
        elif words[0] == "drop":
            fields = dict(w.split("=", 1) for w in words[1:])
            drops[fields["reason"]] = int(fields["packets"])
        elif words[0] == "metric":
            fields = dict(w.split("=", 1) for w in words[1:] if "=" in w)
            if fields.get("value", "").isdigit():
                metrics[fields["name"]] = int(fields["value"])
    return {"workers": workers, "drops": drops, "metrics": metrics}


def xfrm_state_packets(topo):
    """Read the packets per SPI of the kernel namespace's XFRM states."""
    out = run("ip", "-n", topo.ns["kern"], "-s", "xfrm", "state")
    result = {}
    spi = None
    lines = out.splitlines()
    for i, line in enumerate(lines):
        m = re.search(r"\bspi (0x[0-9a-f]+)", line)
        if m:
            spi = int(m.group(1), 16)
        if "lifetime current:" in line and spi is not None:
            m = re.search(r"(\d+)\(packets\)", lines[i + 1])
            result[spi] = int(m.group(1))
    return result


def xfrm_stat(topo):
    """Read the kernel namespace's /proc/net/xfrm_stat into a dict."""
    out = topo.proc_net("kern", "xfrm_stat")
    return {w[0]: int(w[1]) for w in (line.split() for line in out.splitlines()) if len(w) == 2}


class Snapshot:
    def __init__(self, target):
        self.time = time.monotonic()
        self.cpu = cpu_times()
        self.net_rx = net_rx_softirqs()
        self.counters = target.counters()


def delta_cpu(a_cpu, b_cpu, seconds, work_cpus):
    """CPU use between two /proc/stat readings: per CPU busy and softirq
    shares, and the busy CPU-seconds of work_cpus (None: no such CPUs)."""
    per_cpu = {}
    work = 0.0
    for cpu in sorted(b_cpu):
        total = b_cpu[cpu]["total"] - a_cpu[cpu]["total"]
        d_busy = b_cpu[cpu]["busy"] - a_cpu[cpu]["busy"]
        d_soft = b_cpu[cpu]["softirq"] - a_cpu[cpu]["softirq"]
        per_cpu[cpu] = {"busy": d_busy / total if total else 0.0,
                        "softirq": d_soft / total if total else 0.0}
        if work_cpus is not None and cpu in work_cpus:
            work += per_cpu[cpu]["busy"] * seconds
    return {"per_cpu": per_cpu, "work_cpu_s": work if work_cpus is not None else None}


def measure(target, gen, warmup, window):
    """Counters of target over window seconds after warmup, with the
    generator's summary and the CPU use."""
    gen.wait_sending()
    time.sleep(warmup)
    a = Snapshot(target)
    time.sleep(window)
    b = Snapshot(target)
    sent = gen.stop()
    target.wait_idle()
    seconds = b.time - a.time
    result = target.rates(a.counters, b.counters, seconds)
    result.update({"seconds": seconds, "generator": sent,
                   "cpu": delta_cpu(a.cpu, b.cpu, seconds, target.work_cpus)})
    result["cpu"]["net_rx_softirqs"] = [y - x for x, y in zip(a.net_rx, b.net_rx)]
    work = result["cpu"]["work_cpu_s"]
    result["packets_per_work_cpu_s"] = result["packets"] / work if work else None
    return result


def forwarded(counters):
    return sum(w["forwarded"] for w in counters["workers"].values())


def drain(target, gen, fill, poll=0.05, quiet=0.5, limit=120):
    """Rate at which a stopped gateway's workers empty their full rings.

    The daemon is stopped (SIGSTOP) while the generator fills its rings
    for fill seconds, then continued with nothing else running.  The rate
    is the frames forwarded until the counters stop moving, divided by
    the time until the last poll that saw them move, which is late by
    less than one poll interval.
    """
    a = target.counters()
    target.pause()
    try:
        gen.wait_sending()
        time.sleep(fill)
        sent = gen.stop()
    finally:
        start_cpu = cpu_times()
        start = time.monotonic()
        target.resume()
    last, last_time, last_cpu = a, start, start_cpu
    while True:
        time.sleep(poll)
        now = time.monotonic()
        counters = target.counters()
        cpu = cpu_times()
        if forwarded(counters) > forwarded(last):
            last, last_time, last_cpu = counters, now, cpu
        elif now - last_time > quiet:
            break
        if now - start > limit:
            raise RuntimeError(f"{target.name}: rings still draining after {limit} s")
    seconds = last_time - start
    if seconds <= 0:
        raise RuntimeError(f"{target.name}: nothing queued to drain after {fill} s "
                           "of traffic")
    result = target.rates(a, last, seconds)
    # Nothing but the workers and the polling runs: every CPU counts.
    result.update({"seconds": seconds, "generator": sent,
                   "cpu": delta_cpu(start_cpu, last_cpu, seconds, set(cpu))})
    work = result["cpu"]["work_cpu_s"]
    result["packets_per_work_cpu_s"] = result["packets"] / work if work else None
    return result
