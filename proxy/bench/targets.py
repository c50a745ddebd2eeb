# SPDX-License-Identifier: GPL-2.0-only
"""Targets of the gateway benchmark: the generator alone, the kernel's
XFRM decapsulation, and ipsec-proxyd --inline.

Each target sets itself up and names the interface the generator sends
to.  counters() reads its counters, and rates() turns two readings into
rates.  totals() reads them once the traffic stopped, and the sanity
checks compare the counters that must agree.
"""
import os
import signal
import socket
import subprocess
import time

import measure

# Drop reasons of ipsec-proxyd that the benchmark traffic must never hit:
# every frame is ESP of a known SA, valid, and matches no rule.
CLEAN_DROPS = ("unknown_spi", "auth", "replay", "too_old", "malformed",
               "bad_padding", "bad_next_header", "fragment", "encap_mismatch",
               "seq_overflow", "crypto_error", "rule", "inspect_error", "other")

# /proc/net/xfrm_stat counters of errors on input, which must stay 0.
XFRM_IN_ERRORS = ("XfrmInError", "XfrmInBufferError", "XfrmInHdrError",
                  "XfrmInNoStates", "XfrmInStateProtoError",
                  "XfrmInStateModeError", "XfrmInStateSeqError",
                  "XfrmInStateExpired", "XfrmInStateMismatch",
                  "XfrmInStateInvalid", "XfrmInTmplMismatch", "XfrmInNoPols",
                  "XfrmInPolBlock", "XfrmInPolError", "XfrmFwdHdrError")


RING_BLOCKS = 64


class KernelPath:
    """A case whose receiver is the kernel itself: nothing to start or stop."""

    def start(self):
        pass

    def wait_ready(self):
        pass

    def wait_idle(self):
        # The backlog has room for net.core.netdev_max_backlog frames.
        time.sleep(0.2)

    def stop(self):
        pass


class GenTarget(KernelPath):
    """The generator alone: frames into a namespace that drops them."""

    name = "gen"
    interface = "tn"
    workers = 0
    drain = False
    work_cpus = None

    def __init__(self, topo):
        self.topo = topo

    def counters(self):
        return {"rx": self.topo.link_packets("null", "n0", "rx")}

    def rates(self, a, b, seconds):
        packets = b["rx"] - a["rx"]
        return {"packets": packets, "pps": packets / seconds}

    def totals(self):
        return self.counters()


class KernelTarget(KernelPath):
    """The kernel's XFRM tunnel-mode input and forwarding in KERN."""

    name = "kernel"
    interface = "tk"
    workers = 1
    drain = False

    def __init__(self, topo):
        self.topo = topo
        self.work_cpus = {topo.work_cpu}

    def counters(self):
        return {"forwarded": self.topo.link_packets("kern", "k1", "tx"),
                "xfrm_stat": measure.xfrm_stat(self.topo)}

    def rates(self, a, b, seconds):
        # Packets through the whole path, as the gateway's are counted.
        forwarded = b["forwarded"] - a["forwarded"]
        return {"packets": forwarded, "pps": forwarded / seconds}

    def totals(self):
        result = self.counters()
        result["sa"] = measure.xfrm_state_packets(self.topo)
        return result


class GatewayTarget:
    """ipsec-proxyd --inline ga,gb in its own namespace, with the syscall
    backend.

    Its rings hold RING_BLOCKS blocks of 256 KiB per worker and interface
    (16 MiB, 4 times the default), so that a stopped daemon queues about
    a second of traffic for the drain measurement.
    """

    def __init__(self, topo, name, ns, workers, paths, rules=None, cpu=None,
                 drain=False):
        """ns: the gateway namespace of topo; cpu: the one CPU to pin the
        daemon to, or None for any."""
        self.topo = topo
        self.name = name
        self.ns = ns
        self.interface = f"t{ns}"
        self.drain = drain
        self.cpus = None if cpu is None else str(cpu)
        # A worker that shares its CPU with the generator has no CPU time
        # of its own to read.
        self.work_cpus = None if cpu is None else {cpu}
        self.paths = paths
        self.workers = workers
        self.rules = rules
        # The build folder, shared over 9p with the guest, cannot contain
        # a socket.
        self.control = os.path.join(paths["sockets"], f"{self.name}.sock")
        self.log_path = os.path.join(paths["work"], f"{self.name}.log")
        self.proc = None
        self.sock = None
        self.reader = None

    def command(self):
        cmd = []
        if self.cpus is not None:
            cmd += ["taskset", "-c", self.cpus]
        cmd += self.topo.exec_prefix(self.ns) + [
            self.paths["proxyd"], "--inline", "ga,gb", "--sa", self.paths["sa"],
            "--workers", str(self.workers), "--backend", "syscall",
            "--control", self.control, "--foreground",
            "--ring-blocks", str(RING_BLOCKS)]
        if self.rules:
            cmd += ["--rules", self.rules]
        return cmd

    def start(self):
        """Start the daemon; wait_ready() waits for its control socket."""
        if os.path.exists(self.control):
            os.unlink(self.control)
        with open(self.log_path, "w") as log:
            self.proc = subprocess.Popen(self.command(), stdout=log, stderr=log)

    def wait_ready(self, timeout=120):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"ipsec-proxyd exited with status "
                                   f"{self.proc.returncode}: see {self.log_path}")
            if os.path.exists(self.control) and self.ctl("help", check=False)[0] == 0:
                return
            time.sleep(0.1)
        raise RuntimeError(f"ipsec-proxyd did not respond on {self.control} "
                           f"within {timeout} s: see {self.log_path}")

    def wait_idle(self, poll=0.1, quiet=0.3, limit=60):
        """Wait until the workers stop forwarding: a full ring takes
        seconds to empty, which would take the CPU from the next case."""
        last = measure.forwarded(self.counters())
        last_time = start = time.monotonic()
        while time.monotonic() - last_time < quiet:
            time.sleep(poll)
            now = measure.forwarded(self.counters())
            if now != last:
                last, last_time = now, time.monotonic()
            if time.monotonic() - start > limit:
                raise RuntimeError(f"{self.name}: still forwarding {limit} s "
                                   "after the traffic stopped")

    def pause(self):
        os.kill(self.proc.pid, signal.SIGSTOP)

    def resume(self):
        os.kill(self.proc.pid, signal.SIGCONT)

    def stop(self):
        if self.sock is not None:
            self.reader.close()
            self.sock.close()
            self.sock = None
        if not self.proc or self.proc.poll() is not None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()

    def request(self, command):
        """Send one control command and return the response body.  The
        connection stays open: starting ipsec-proxyctl for every reading
        would cost CPU time inside the measured window."""
        if self.sock is None:
            self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            self.sock.settimeout(30)
            self.sock.connect(self.control)
            self.reader = self.sock.makefile("r")
        self.sock.sendall(command.encode() + b"\n")
        status = self.reader.readline().rstrip("\n")
        if status != "OK":
            raise RuntimeError(f"ipsec-proxyd control command {command!r}: {status}")
        lines = []
        for line in self.reader:
            line = line.rstrip("\n")
            if line == ".":
                return "\n".join(lines)
            lines.append(line[1:] if line.startswith("..") else line)
        raise RuntimeError(f"ipsec-proxyd closed the control connection during {command!r}")

    def ctl(self, *words, check=True):
        r = subprocess.run([self.paths["proxyctl"], "-s", self.control, "-t", "30"]
                           + list(words), stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True)
        if check and r.returncode != 0:
            raise RuntimeError(f"ipsec-proxyctl {' '.join(words)} failed with "
                               f"status {r.returncode}: {r.stderr.strip()}")
        return r.returncode, r.stdout

    def counters(self):
        return measure.parse_stats(self.request("stats"))

    def rates(self, a, b, seconds):
        per_worker = []
        for wid in sorted(b["workers"]):
            wa, wb = a["workers"][wid], b["workers"][wid]
            per_worker.append({k: wb[k] - wa.get(k, 0) for k in wb})
        forwarded = sum(w["forwarded"] for w in per_worker)
        decrypted = sum(w["decrypted"] for w in per_worker)
        batches = sum(w["batches"] for w in per_worker)
        syscalls = (b["metrics"].get("crypto_syscalls_total", 0)
                    - a["metrics"].get("crypto_syscalls_total", 0))
        tx_errors = b["drops"].get("tx_error", 0) - a["drops"].get("tx_error", 0)
        return {"packets": forwarded, "pps": forwarded / seconds,
                "tx_errors": tx_errors,
                "worker_pps": [w["forwarded"] / seconds for w in per_worker],
                "decrypted": decrypted,
                "ring_drops": sum(w.get("ring_drops", 0) for w in per_worker),
                "packets_per_batch": decrypted / batches if batches else None,
                "crypto_syscalls_per_packet": syscalls / decrypted if decrypted else None}

    def totals(self):
        return self.counters()


def settle(seconds=1.0):
    """Wait for queued frames to drain once the generator stopped."""
    time.sleep(seconds)


def check_totals(target, totals):
    """Check a target's totals after its traffic stopped and return a list
    of (condition, name, diagnostic)."""
    checks = []
    if isinstance(target, GatewayTarget):
        w = totals["workers"]
        rx = sum(x["rx_frames"] for x in w.values())
        fwd = sum(x["forwarded"] for x in w.values())
        dec = sum(x["decrypted"] for x in w.values())
        drops = totals["drops"]
        bad = {k: v for k, v in drops.items() if k in CLEAN_DROPS and v}
        # A frame the kernel rejects on sending (the sink's backlog is full)
        # counts as tx_error, although it was decrypted and passed.
        tx_error = drops.get("tx_error", 0)
        checks.append((dec == fwd + tx_error,
                       f"{target.name}: every decrypted packet forwarded or tx_error",
                       f"decrypted {dec}, forwarded {fwd}, drops {drops}"))
        checks.append((rx == dec,
                       f"{target.name}: every received frame decrypted",
                       f"rx_frames {rx}, decrypted {dec}, drops {drops}"))
        checks.append((not bad, f"{target.name}: no drops for auth, replay or parsing",
                       f"drops {bad}"))
        checks.append((all(x["forwarded"] > 0 for x in w.values()),
                       f"{target.name}: every worker forwarded",
                       f"forwarded per worker {[x['forwarded'] for x in w.values()]}"))
        checks.append((totals["metrics"].get("crypto_syscalls_total", 0) > 0,
                       f"{target.name}: crypto ran through ucapi system calls",
                       f"metrics {totals['metrics']}"))
    elif isinstance(target, KernelTarget):
        sa = sum(totals["sa"].values())
        errors = {k: v for k, v in totals["xfrm_stat"].items()
                  if k in XFRM_IN_ERRORS and v}
        checks.append((sa == totals["forwarded"],
                       "kernel: every decapsulated packet forwarded",
                       f"XFRM state packets {sa}, k1 tx {totals['forwarded']}"))
        checks.append((not errors, "kernel: no XFRM input errors", f"{errors}"))
    return checks

