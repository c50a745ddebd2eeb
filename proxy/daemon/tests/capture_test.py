#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""The capture path between network namespaces, as TAP.

Topology, all in namespaces this test creates and removes:

    [pxa: a0] --veth-- [ga  pxg: capture_fwd  gb] --veth-- [b0 :pxb]

Frames built with scapy are sent from a0 and b0 through AF_PACKET
sockets.  capture_fwd forwards them between ga and gb with two workers and
reports the worker that handled each frame.  The checks: frames arrive
byte for byte, VLAN tags included.  Each SPI always reaches the worker
SPI % 2, and flows without an SPI keep one worker in both directions.  The
counters add up, and a paused worker's full ring shows up as kernel drops.

Usage: capture_test.py BUILD_DIR   (root; BUILD_DIR holds tests/capture_fwd)
"""
import ctypes
import os
import select
import socket
import struct
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict

from scapy.layers.inet import IP, TCP, UDP
from scapy.layers.inet6 import IPv6
from scapy.layers.l2 import ARP, Dot1Q, Ether
from scapy.packet import Raw

CLONE_NEWNET = 0x40000000
ETH_P_ALL = 0x0003
PACKET_OUTGOING = 4
PACKET_AUXDATA = 8
TP_STATUS_VLAN_VALID = 1 << 4
TP_STATUS_VLAN_TPID_VALID = 1 << 6
WORKERS = 2

libc = ctypes.CDLL(None, use_errno=True)
tag = str(os.getpid())
NS = {"a": f"pxa{tag}", "g": f"pxg{tag}", "b": f"pxb{tag}"}
count = 0
failed = 0


def ok(cond, name, diag=None):
    global count, failed
    count += 1
    if not cond:
        failed += 1
    print(f"{'ok' if cond else 'not ok'} {count} - {name}", flush=True)
    if not cond and diag:
        for line in str(diag).splitlines():
            print(f"# {line}", flush=True)
    return cond


def run(*cmd):
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)


def setup():
    for ns in NS.values():
        run("ip", "netns", "add", ns)
        run("ip", "-n", ns, "link", "set", "lo", "up")
        run("ip", "netns", "exec", ns, "sysctl", "-q", "-w",
            "net.ipv6.conf.all.disable_ipv6=1", "net.ipv6.conf.default.disable_ipv6=1")
    run("ip", "link", "add", "a0", "netns", NS["a"], "type", "veth",
        "peer", "name", "ga", "netns", NS["g"])
    run("ip", "link", "add", "b0", "netns", NS["b"], "type", "veth",
        "peer", "name", "gb", "netns", NS["g"])
    for ns, dev in (("a", "a0"), ("g", "ga"), ("g", "gb"), ("b", "b0")):
        run("ip", "-n", NS[ns], "link", "set", dev, "up")


def cleanup():
    for ns in NS.values():
        subprocess.run(["ip", "netns", "del", ns], stderr=subprocess.DEVNULL)


def packet_socket(ns, dev):
    """An AF_PACKET socket bound to dev inside namespace ns."""
    home = os.open("/proc/self/ns/net", os.O_RDONLY)
    target = os.open(f"/run/netns/{ns}", os.O_RDONLY)
    try:
        if libc.setns(target, CLONE_NEWNET) != 0:
            raise OSError(ctypes.get_errno(), "setns")
        s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
        s.bind((dev, ETH_P_ALL))
        s.setsockopt(263, PACKET_AUXDATA, 1)   # SOL_PACKET
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8 << 20)
    finally:
        libc.setns(home, CLONE_NEWNET)
        os.close(home)
        os.close(target)
    return s


def receive(sock, want, timeout):
    """Frames received (not sent) on sock, VLAN tags put back."""
    frames = []
    deadline = time.time() + timeout
    while len(frames) < want and time.time() < deadline:
        r, _, _ = select.select([sock], [], [], max(0, deadline - time.time()))
        if not r:
            break
        data, anc, _, addr = sock.recvmsg(65536, socket.CMSG_SPACE(32))
        if addr[2] == PACKET_OUTGOING:
            continue
        for level, kind, payload in anc:
            if level == 263 and kind == PACKET_AUXDATA:
                status, _, _, _, _, tci, tpid = struct.unpack("IIIHHHH", payload[:20])
                if status & TP_STATUS_VLAN_VALID:
                    if not status & TP_STATUS_VLAN_TPID_VALID:
                        tpid = 0x8100
                    data = data[:12] + struct.pack("!HH", tpid, tci) + data[12:]
        frames.append(data)
    return frames


MAC_A = "02:00:00:00:00:0a"
MAC_B = "02:00:00:00:00:0b"


def eth(src=MAC_A, dst=MAC_B):
    return Ether(src=src, dst=dst)


def esp4(spi, seq, src="198.51.100.1", dst="203.0.113.9", size=40):
    return bytes(eth() / IP(src=src, dst=dst, proto=50) /
                 Raw(struct.pack("!II", spi, seq) + bytes(size)))


def esp_udp4(spi, seq, sport=4500, dport=4500):
    return bytes(eth() / IP(src="198.51.100.2", dst="203.0.113.9") /
                 UDP(sport=sport, dport=dport) /
                 Raw(struct.pack("!II", spi, seq) + bytes(32)))


def ah4(spi, seq):
    return bytes(eth() / IP(src="198.51.100.3", dst="203.0.113.9", proto=51) /
                 Raw(bytes([4, 4, 0, 0]) + struct.pack("!II", spi, seq) + bytes(12) + bytes(20)))


def esp6(spi, seq):
    return bytes(eth() / IPv6(src="2001:db8::1", dst="2001:db8::9", nh=50) /
                 Raw(struct.pack("!II", spi, seq) + bytes(40)))


def esp4_vlan(spi, seq):
    return bytes(eth() / Dot1Q(vlan=100, prio=3) /
                 IP(src="198.51.100.4", dst="203.0.113.9", proto=50) /
                 Raw(struct.pack("!II", spi, seq) + bytes(40)))


def ike4(seq):
    return bytes(eth() / IP(src="198.51.100.5", dst="203.0.113.9") /
                 UDP(sport=4500, dport=4500) / Raw(bytes(4) + struct.pack("!I", seq) + bytes(24)))


def tcp4(src, dst, seq, mac_src=MAC_A, mac_dst=MAC_B):
    return bytes(eth(mac_src, mac_dst) / IP(src=src, dst=dst) /
                 TCP(sport=40000, dport=443, seq=seq) / Raw(b"data"))


def spi_of(frame):
    """The SPI the fanout program should use, or None."""
    p = Ether(frame)
    ip = p.getlayer(IP) or p.getlayer(IPv6)
    if ip is None:
        return None
    payload = bytes(ip.payload)
    proto = ip.proto if ip.haslayer(IP) else ip.nh
    if proto == 50:
        return struct.unpack("!I", payload[:4])[0]
    if proto == 51:
        return struct.unpack("!I", payload[4:8])[0]
    if proto == 17 and 4500 in (ip[UDP].sport, ip[UDP].dport):
        spi = struct.unpack("!I", bytes(ip[UDP].payload)[:4])[0]
        return spi or None
    return None


def start_fwd(build, *args):
    """Start capture_fwd; a thread keeps reading its output, which would
    otherwise fill the pipe and block the workers in the middle of a test."""
    proc = subprocess.Popen(
        ["ip", "netns", "exec", NS["g"], f"{build}/tests/capture_fwd", *args, "ga", "gb"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    if line.strip() != "ready":
        proc.kill()
        raise RuntimeError(f"capture_fwd did not start: {line!r} {proc.stderr.read()}")
    proc.lines = []
    proc.reader = threading.Thread(target=lambda: proc.lines.extend(proc.stdout))
    proc.reader.start()
    return proc


def stop_fwd(proc):
    proc.stdin.close()
    proc.reader.join(timeout=30)
    err = proc.stderr.read()
    proc.wait(timeout=30)
    frames = defaultdict(list)
    stats = {}
    for line in proc.lines:
        fields = dict(f.split("=", 1) for f in line.split()[1:])
        if line.startswith("frame "):
            frames[fields["dir"]].append((int(fields["worker"]), bytes.fromhex(fields["data"])))
        elif line.startswith("stats "):
            stats[(fields["dir"], int(fields["worker"]))] = {
                k: int(v) for k, v in fields.items() if k not in ("dir", "worker")}
    return frames, stats, err


def test_forwarding(build, sa, sb):
    ab, ba = [], []
    for spi in range(0x1000, 0x1008):
        ab += [esp4(spi, seq) for seq in range(6)]
    for spi in range(0x2000, 0x2004):
        ab += [esp_udp4(spi, seq) for seq in range(4)]
    ab += [esp_udp4(0x2101, seq, sport=4500, dport=31000) for seq in range(3)]
    for spi in range(0x3000, 0x3004):
        ab += [ah4(spi, seq) for seq in range(3)]
    for spi in range(0x4000, 0x4004):
        ab += [esp6(spi, seq) for seq in range(3)]
    ab += [esp4_vlan(0x5001, seq) for seq in range(3)]
    ab += [ike4(seq) for seq in range(3)]
    flows = [("10.0.0.1", "10.9.0.1"), ("10.0.0.2", "10.9.0.2"),
             ("10.0.0.3", "10.9.0.7"), ("10.0.0.4", "10.9.0.9")]
    for src, dst in flows:
        ab += [tcp4(src, dst, seq) for seq in range(3)]
    ab += [bytes(Ether(src=MAC_A, dst="ff:ff:ff:ff:ff:ff") / ARP(pdst="10.9.0.1", psrc="10.0.0.1"))] * 2
    for spi in range(0x6000, 0x6004):
        ba += [esp4(spi, seq, src="203.0.113.9", dst="198.51.100.1") for seq in range(3)]
    for src, dst in flows:
        ba += [tcp4(dst, src, seq, MAC_B, MAC_A) for seq in range(3)]

    proc = start_fwd(build, "-w", str(WORKERS))
    for frame in ab:
        sa.send(frame)
    for frame in ba:
        sb.send(frame)
    got_b = receive(sb, len(ab), 10)
    got_a = receive(sa, len(ba), 10)
    frames, stats, err = stop_fwd(proc)

    ok(Counter(got_b) == Counter(ab), f"all {len(ab)} frames a->b arrive unchanged",
       f"sent {len(ab)}, received {len(got_b)}")
    ok(Counter(got_a) == Counter(ba), f"all {len(ba)} frames b->a arrive unchanged",
       f"sent {len(ba)}, received {len(got_a)}")
    ok(Counter(f for _, f in frames["ab"]) == Counter(ab),
       "workers saw every a->b frame as sent, VLAN tag restored")

    seen = [(w, f) for d in ("ab", "ba") for w, f in frames[d]]
    by_spi = defaultdict(set)
    for worker, frame in seen:
        spi = spi_of(frame)
        if spi is not None:
            by_spi[spi].add(worker)
    spread = {spi: workers for spi, workers in by_spi.items() if len(workers) != 1}
    sent_spis = {spi_of(f) for f in ab + ba} - {None}
    ok(set(by_spi) == sent_spis and not spread,
       f"each of {len(sent_spis)} SPIs stays on one worker",
       f"SPIs seen {len(by_spi)}, on several workers: {spread}")
    wrong = {hex(s): w for s, w in by_spi.items() if w != {s % WORKERS}}
    ok(not wrong, "the worker of an SPI is SPI % workers", f"mismatches: {wrong}")
    ok({next(iter(w)) for w in by_spi.values()} == set(range(WORKERS)),
       "SPIs use every worker")

    flow_workers = defaultdict(set)
    for worker, frame in seen:
        p = Ether(frame)
        if p.haslayer(TCP):
            flow_workers[frozenset((p[IP].src, p[IP].dst))].add(worker)
    ok(len(flow_workers) == 4 and all(len(w) == 1 for w in flow_workers.values()),
       "a TCP flow keeps one worker in both directions", dict(flow_workers))
    ike_workers = {w for w, f in frames["ab"] if spi_of(f) is None and Ether(f).haslayer(UDP)}
    ok(len(ike_workers) == 1, "IKE packets of one address pair keep one worker")

    for d, sent in (("ab", ab), ("ba", ba)):
        rx = sum(stats[(d, w)]["rx_frames"] for w in range(WORKERS))
        tx = sum(stats[(d, w)]["tx_frames"] for w in range(WORKERS))
        errors = sum(stats[(d, w)]["tx_errors"] + stats[(d, w)]["kernel_drops"]
                     for w in range(WORKERS))
        ok(rx == len(sent) and tx == len(sent) and errors == 0,
           f"{d}: counters {rx} received, {tx} sent, no errors or drops",
           f"stats: {stats} stderr: {err}")
    txb = sum(stats[("ab", w)]["tx_bytes"] for w in range(WORKERS))
    ok(txb == sum(len(f) for f in ab), "ab: tx_bytes is the sum of frame sizes")


def test_overload(build, sa, sb):
    sent = 3000
    burst = [esp4(0x7000 + (i % 16), i, size=1000) for i in range(sent)]
    # The burst is built before the workers start their 1.5 s pause, so
    # that all of it arrives while they sleep.
    proc = start_fwd(build, "-w", str(WORKERS), "-s", "65536", "-c", "2", "-p", "1500")
    for frame in burst:
        sa.send(frame)
    got = receive(sb, sent, 4)
    frames, stats, err = stop_fwd(proc)
    rx = sum(stats[("ab", w)]["rx_frames"] for w in range(WORKERS))
    drops = sum(stats[("ab", w)]["kernel_drops"] for w in range(WORKERS))
    tx = sum(stats[("ab", w)]["tx_frames"] for w in range(WORKERS))
    ok(drops > 0, f"paused workers: the kernel counts ring drops ({drops})",
       f"stats: {stats}")
    ok(rx + drops == sent, f"received {rx} + dropped {drops} = {sent} sent",
       f"stats: {stats}")
    ok(tx == rx and len(got) == tx, f"every received frame forwarded ({len(got)} arrived)",
       f"stats: {stats} stderr: {err}")


def main():
    build = sys.argv[1]
    if os.geteuid() != 0:
        print("1..0 # SKIP needs root for network namespaces")
        return 0
    try:
        setup()
        sa = packet_socket(NS["a"], "a0")
        sb = packet_socket(NS["b"], "b0")
        test_forwarding(build, sa, sb)
        test_overload(build, sa, sb)
    finally:
        cleanup()
    print(f"1..{count}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
