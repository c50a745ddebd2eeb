# SPDX-License-Identifier: GPL-2.0-only
"""Network namespaces of the gateway benchmark, removed on exit.

    src:tGW  --veth--  ga:GW:gb  --veth--  sGW:SINK   (one per gateway)
    src:tk   --veth--  k0:KERN:k1  --veth--  sk:SINK
    src:tn   --veth--  n0:NULL

The generator sends from SRC into one of its interfaces:

* tGW: each gateway namespace GW (one per gateway configuration, so that
  all of them run at once and the cases can alternate every few seconds)
  runs ipsec-proxyd --inline ga,gb, which forwards each frame that passes
  out of gb;
* tk: KERN has the outer destination address on k0, the XFRM states and
  a forward policy, so the kernel decapsulates the tunnel and routes the
  inner packets out of k1;
* tn: NULL has no address, so it drops every frame at once; this is the
  generator's own rate.

SINK drops what reaches it: the frames carry a destination MAC address
that is not its own.  IPv6 is off everywhere, so that nothing else moves.

The kernel's receive processing of k0 is steered to the CPU under test
with RPS, so that the generator's CPU only queues the frames to that CPU's
backlog and the whole decapsulation runs there.  ga has no RPS: the
generator's CPU copies each frame into the gateway's AF_PACKET ring, as a
NIC would write it into a receive ring, and the worker's CPU is left to
the worker.  With RPS on ga the worker's CPU would spend most of its time
in softirq receiving frames that the full ring then drops, and starve the
worker (receive livelock).
"""
import os
import subprocess

import frames

KERN_NEXT_HOP = "198.18.0.2"
KERN_NEXT_HOP_MAC = "02:00:00:00:00:0c"


def run(*cmd, check=True):
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       text=True)
    if check and r.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed with status {r.returncode}: "
                           f"{r.stderr.strip()}")
    return r.stdout


class Topology:
    def __init__(self, sas, work_cpu, gateways):
        """gateways: the names of the gateway namespaces, short words."""
        tag = os.getpid()
        self.gateways = list(gateways)
        self.ns = {k: f"bp{k}{tag}"
                   for k in ["src", "kern", "sink", "null"] + self.gateways}
        self.sas = sas
        self.work_cpu = work_cpu
        self.holders = {}

    def __enter__(self):
        try:
            self.setup()
        except Exception:
            self.cleanup()
            raise
        return self

    def __exit__(self, *exc):
        self.cleanup()

    def ip(self, ns, *args):
        return run("ip", "-n", self.ns[ns], *args)

    def sysctl(self, ns, setting):
        run("ip", "netns", "exec", self.ns[ns], "sysctl", "-q", "-w", setting)

    def veth(self, ns_a, dev_a, ns_b, dev_b):
        run("ip", "link", "add", dev_a, "netns", self.ns[ns_a], "type", "veth",
            "peer", "name", dev_b, "netns", self.ns[ns_b])

    def setup(self):
        for key, ns in self.ns.items():
            run("ip", "netns", "add", ns)
            self.ip(key, "link", "set", "lo", "up")
            for scope in ("all", "default"):
                self.sysctl(key, f"net.ipv6.conf.{scope}.disable_ipv6=1")
        links = [("src", "tk", "kern", "k0"), ("kern", "k1", "sink", "sk"),
                 ("src", "tn", "null", "n0")]
        for gw in self.gateways:
            links += [("src", f"t{gw}", gw, "ga"), (gw, "gb", "sink", f"s{gw}")]
        for link in links:
            self.veth(*link)
        self.ip("kern", "link", "set", "k0", "address", frames.MAC_DST)
        for ns_a, dev_a, ns_b, dev_b in links:
            self.ip(ns_a, "link", "set", dev_a, "up")
            self.ip(ns_b, "link", "set", dev_b, "up")
        self.setup_kernel_ipsec()
        self.set_rps("kern", "k0", f"{1 << self.work_cpu:x}")
        self.start_holders()

    def setup_kernel_ipsec(self):
        self.ip("kern", "addr", "add", f"{frames.OUTER_DST}/24", "dev", "k0")
        self.ip("kern", "addr", "add", "198.18.0.1/24", "dev", "k1")
        self.ip("kern", "neigh", "add", KERN_NEXT_HOP, "lladdr",
                KERN_NEXT_HOP_MAC, "dev", "k1", "nud", "permanent")
        self.ip("kern", "route", "add", f"{frames.INNER_DST}/32", "via",
                KERN_NEXT_HOP, "dev", "k1")
        self.sysctl("kern", "net.ipv4.ip_forward=1")
        # No ICMP redirects or errors: they would cost work per packet.
        self.sysctl("kern", "net.ipv4.conf.all.send_redirects=0")
        for sa in self.sas:
            run("ip", "-n", self.ns["kern"], "xfrm", "state", "add",
                *shell_words(sa.words()))
        for direction in ("in", "fwd"):
            self.ip("kern", "xfrm", "policy", "add",
                    "src", f"{frames.INNER_SRC}/32", "dst", f"{frames.INNER_DST}/32",
                    "dir", direction, "tmpl", "src", frames.OUTER_SRC,
                    "dst", frames.OUTER_DST, "proto", "esp", "mode", "tunnel")

    def set_rps(self, ns, dev, mask):
        path = f"/sys/class/net/{dev}/queues/rx-0/rps_cpus"
        run("ip", "netns", "exec", self.ns[ns], "sh", "-c",
            f"echo {mask} > {path}")

    def start_holders(self):
        """Start one idle process per namespace, whose /proc/PID/net files
        show that namespace's counters without a new process per reading."""
        for key, ns in self.ns.items():
            self.holders[key] = subprocess.Popen(
                ["ip", "netns", "exec", ns, "sleep", "1000000"])

    def proc_net(self, ns, name):
        with open(f"/proc/{self.holders[ns].pid}/net/{name}") as f:
            return f.read()

    def cleanup(self):
        for proc in self.holders.values():
            proc.kill()
            proc.wait()
        self.holders = {}
        for ns in self.ns.values():
            subprocess.run(["ip", "netns", "del", ns], stderr=subprocess.DEVNULL)

    def exec_prefix(self, ns):
        return ["ip", "netns", "exec", self.ns[ns]]

    def link_packets(self, ns, dev, direction):
        """Return the rx or tx packet count of dev in namespace ns."""
        for line in self.proc_net(ns, "dev").splitlines():
            name, sep, fields = line.partition(":")
            if sep and name.strip() == dev:
                values = fields.split()
                return int(values[1] if direction == "rx" else values[9])
        raise RuntimeError(f"no interface {dev} in namespace {self.ns[ns]}")


def shell_words(text):
    """Split text into words and remove their quotes (no quoted SA word
    contains a space)."""
    return [w.strip("'\"") for w in text.split()]
