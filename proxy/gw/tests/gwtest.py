# SPDX-License-Identifier: GPL-2.0-only
"""Shared pieces of the live-mode tests of ipsec-proxyd.

Topology, all in network namespaces a test creates and removes itself:

    [A: a0] --veth-- [ga  GW: ipsec-proxyd  gb] --veth-- [b0: B]

Frames built with scapy go into a0 (or b0) through AF_PACKET sockets and
are read on the far side the same way, so nothing depends on routing.
The gateway runs in GW with --foreground and a control socket, and the
tests read its counters through ipsec-proxyctl.

Environment: O (build/proxy) and DAEMON_O (build/proxy-daemon).  Needs
root and Debian's /usr/bin/python3 (python3-scapy).
"""
import ctypes
import os
import re
import select
import shutil
import socket
import subprocess
import sys
import tempfile
import time

import logging
logging.getLogger("scapy.runtime").setLevel(logging.ERROR)
from scapy.layers.inet import IP, UDP  # noqa: E402
from scapy.layers.ipsec import ESP, SecurityAssociation  # noqa: E402
from scapy.layers.l2 import Ether  # noqa: E402
from scapy.packet import Raw  # noqa: E402

CLONE_NEWNET = 0x40000000
ETH_P_ALL = 0x0003
PACKET_OUTGOING = 4

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
O = os.environ.get("O", os.path.join(TOP, "build", "proxy"))
DAEMON_O = os.environ.get("DAEMON_O", os.path.join(TOP, "build", "proxy-daemon"))
PROXYD = os.path.join(O, "ipsec-proxyd")
PROXYCTL = os.path.join(DAEMON_O, "ipsec-proxyctl")

MAC_A = "02:00:00:00:00:0a"
MAC_B = "02:00:00:00:00:0b"
# Documentation ranges (RFC 5737), used only inside the namespaces.
ADDR_A = "192.0.2.1"
ADDR_B = "192.0.2.2"
INNER_A = "198.51.100.1"
INNER_B = "203.0.113.1"

libc = ctypes.CDLL(None, use_errno=True)


class Tap:
    """TAP output: a plan, then one line a check."""

    def __init__(self):
        self.count = 0
        self.failed = 0

    def ok(self, cond, name, diag=None):
        self.count += 1
        if not cond:
            self.failed += 1
        print(f"{'ok' if cond else 'not ok'} {self.count} - {name}", flush=True)
        if not cond and diag is not None:
            for line in str(diag).splitlines():
                print(f"# {line}", flush=True)
        return cond

    def equal(self, got, want, name):
        return self.ok(got == want, name, f"got {got!r}, expected {want!r}")

    def done(self):
        print(f"1..{self.count}", flush=True)
        return 1 if self.failed else 0


def run(*cmd, check=True):
    return subprocess.run(cmd, check=check, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True)


class Net:
    """Namespaces A, GW and B with the two veth pairs, removed on exit."""

    def __init__(self, tag):
        suffix = f"{tag}{os.getpid()}"
        self.ns = {"a": f"gwa{suffix}", "g": f"gwg{suffix}", "b": f"gwb{suffix}"}

    def __enter__(self):
        try:
            self.setup()
        except Exception:
            self.cleanup()
            raise
        return self

    def __exit__(self, *exc):
        self.cleanup()

    def setup(self):
        for ns in self.ns.values():
            run("ip", "netns", "add", ns)
            run("ip", "-n", ns, "link", "set", "lo", "up")
            for key in ("all", "default"):
                run("ip", "netns", "exec", ns, "sysctl", "-q", "-w",
                    f"net.ipv6.conf.{key}.disable_ipv6=1")
        run("ip", "link", "add", "a0", "netns", self.ns["a"], "type", "veth",
            "peer", "name", "ga", "netns", self.ns["g"])
        run("ip", "link", "add", "b0", "netns", self.ns["b"], "type", "veth",
            "peer", "name", "gb", "netns", self.ns["g"])
        for ns, dev in (("a", "a0"), ("g", "ga"), ("g", "gb"), ("b", "b0")):
            run("ip", "-n", self.ns[ns], "link", "set", dev, "up")
        run("ip", "-n", self.ns["a"], "addr", "add", f"{ADDR_A}/24", "dev", "a0")
        run("ip", "-n", self.ns["b"], "addr", "add", f"{ADDR_B}/24", "dev", "b0")

    def cleanup(self):
        for ns in self.ns.values():
            subprocess.run(["ip", "netns", "del", ns], stderr=subprocess.DEVNULL)

    def socket(self, side):
        """An AF_PACKET socket on a0 (side "a") or b0 (side "b")."""
        dev = "a0" if side == "a" else "b0"
        home = os.open("/proc/self/ns/net", os.O_RDONLY)
        target = os.open(f"/run/netns/{self.ns[side]}", os.O_RDONLY)
        try:
            if libc.setns(target, CLONE_NEWNET) != 0:
                raise OSError(ctypes.get_errno(), "setns")
            s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW,
                              socket.htons(ETH_P_ALL))
            s.bind((dev, ETH_P_ALL))
            s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 16 << 20)
        finally:
            libc.setns(home, CLONE_NEWNET)
            os.close(home)
            os.close(target)
        return s


def receive(sock, want=None, timeout=2.0, quiet=0.5):
    """Frames that arrived on sock: want of them within timeout seconds, or
    without want, all that come until none came for quiet seconds."""
    frames = []
    deadline = time.time() + timeout
    while want is None or len(frames) < want:
        left = deadline - time.time()
        if left <= 0:
            break
        wait = left if want is not None else min(left, quiet)
        r, _, _ = select.select([sock], [], [], wait)
        if not r:
            if want is None:
                break
            continue
        data, _, _, addr = sock.recvmsg(65536)
        if addr[2] == PACKET_OUTGOING:
            continue
        frames.append(data)
    return frames


def drain(sock):
    sock.setblocking(False)
    try:
        while True:
            sock.recv(65536)
    except BlockingIOError:
        pass
    finally:
        sock.setblocking(True)


def eth(pkt, src=MAC_A, dst=MAC_B):
    return bytes(Ether(src=src, dst=dst) / pkt)


# name, scapy crypt, crypt key, scapy auth, auth key, configuration
K16 = bytes(range(16))
SALT = bytes.fromhex("a0a1a2a3")
H32 = bytes(range(0x41, 0x41 + 32))
GCM = ("AES-GCM", K16 + SALT, None, None,
       f"aead 'rfc4106(gcm(aes))' 0x{(K16 + SALT).hex()} 128")
CBC = ("AES-CBC", K16, "SHA2-256-128", H32,
       f"enc 'cbc(aes)' 0x{K16.hex()} auth-trunc 'hmac(sha256)' 0x{H32.hex()} 128")


class Sa:
    """One SA: scapy's end of it and its ipsec-proxyd.conf(5) line."""

    def __init__(self, spi, alg, mode="tunnel", src=ADDR_A, dst=ADDR_B,
                 extra=""):
        crypt, ckey, auth, akey, conf = alg
        self.spi = spi
        self.mode = mode
        self.src, self.dst = src, dst
        header = IP(src=src, dst=dst) if mode == "tunnel" else None
        self.scapy = SecurityAssociation(ESP, spi=spi, crypt_algo=crypt,
                                         crypt_key=ckey, auth_algo=auth,
                                         auth_key=akey, tunnel_header=header)
        self.line = (f"sa src {src} dst {dst} proto esp spi 0x{spi:x} "
                     f"mode {mode} {conf} {extra}").strip()

    def inner(self, payload, dport=5000, sport=4000):
        """A plain packet that this SA carries."""
        if self.mode == "tunnel":
            return IP(src=INNER_A, dst=INNER_B) / UDP(sport=sport, dport=dport) / Raw(payload)
        return IP(src=self.src, dst=self.dst) / UDP(sport=sport, dport=dport) / Raw(payload)

    def frame(self, payload, dport=5000, src=MAC_A, dst=MAC_B):
        """An Ethernet frame with the next ESP packet of this SA."""
        return eth(self.scapy.encrypt(self.inner(payload, dport)), src, dst)


class Gateway:
    """ipsec-proxyd in the GW namespace, stopped with SIGTERM."""

    def __init__(self, net, args, workdir):
        self.net = net
        self.control = os.path.join(workdir, "control.sock")
        self.log_path = os.path.join(workdir, "gateway.log")
        self.args = args
        self.proc = None

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()

    def start(self, timeout=20):
        log = open(self.log_path, "a")
        cmd = ["ip", "netns", "exec", self.net.ns["g"], PROXYD, "--foreground",
               "--control", self.control] + self.args
        self.proc = subprocess.Popen(cmd, stdout=log, stderr=log)
        log.close()
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"ipsec-proxyd exited with status {self.proc.returncode}:\n"
                                   + self.log())
            if os.path.exists(self.control) and self.ctl("help", check=False)[0] == 0:
                return
            time.sleep(0.05)
        raise RuntimeError("ipsec-proxyd did not answer on its control socket:\n" + self.log())

    def stop(self):
        if not self.proc or self.proc.poll() is not None:
            return self.proc.returncode if self.proc else None
        self.proc.terminate()
        try:
            return self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            return self.proc.wait()

    def alive(self):
        return self.proc.poll() is None

    def log(self):
        with open(self.log_path) as f:
            return f.read()

    def ctl(self, *words, check=True):
        r = subprocess.run([PROXYCTL, "-s", self.control, "-t", "20"] + list(words),
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        if check and r.returncode != 0:
            raise RuntimeError(f"ipsec-proxyctl {' '.join(words)}: {r.returncode} {r.stderr}{r.stdout}")
        return r.returncode, r.stdout + r.stderr

    def drops(self):
        """Drops by reason, from 'stats'."""
        out = self.ctl("stats")[1]
        return {m.group(1): int(m.group(2))
                for m in re.finditer(r"^drop reason=(\S+) packets=(\d+)$", out, re.M)}

    def workers(self):
        """Counters of each worker, from 'stats'."""
        out = self.ctl("stats")[1]
        result = {}
        for line in out.splitlines():
            if line.startswith("worker "):
                fields = dict(f.split("=", 1) for f in line.split()[1:])
                result[int(fields.pop("id"))] = {k: int(v) for k, v in fields.items()}
        return result

    def total(self, counter):
        return sum(w.get(counter, 0) for w in self.workers().values())

    def metric(self, name, label=None):
        """The value of ipsec_proxy_NAME{label} from 'metrics', or None."""
        out = self.ctl("metrics")[1]
        sel = "{%s}" % label if label else ""
        m = re.search(r"^ipsec_proxy_%s%s (\d+)$" % (re.escape(name), re.escape(sel)),
                      out, re.M)
        return int(m.group(1)) if m else None

    def sa_lines(self):
        return [l for l in self.ctl("sa", "list")[1].splitlines() if l.startswith("spi=")]

    def rss_kib(self):
        """Resident memory of the daemon (the child of ip netns exec)."""
        pid = self.daemon_pid()
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        return None

    def daemon_pid(self):
        # ip netns exec execs the program, so the pid is the daemon's.
        return self.proc.pid


def workdir(name):
    path = tempfile.mkdtemp(prefix=f"gw-{name}-")
    return path


def remove(path):
    shutil.rmtree(path, ignore_errors=True)


def write(path, text):
    with open(path, "w") as f:
        f.write(text)


def require_root(tap):
    if os.geteuid() != 0:
        print("1..0 # SKIP needs root for network namespaces")
        sys.exit(0)
