#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""The monitor mode, as TAP.

ipsec-proxyd captures on ga with libpcap and the BPF filter "esp", while
A sends ESP and plain UDP.

Checks: the decrypted pcap contains the inner packets byte for byte, and
the filter keeps plain UDP out.  A drop rule only alerts ("allowed"),
nothing is forwarded, and bad packets are counted.  The decrypted pcap
rotates at --rotate-size and keeps --rotate-count old files.
"""
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gwtest import (ADDR_A, ADDR_B, CBC, GCM, Gateway, Net, Sa, Tap,  # noqa: E402
                    eth, receive, remove, require_root, workdir, write)
from scapy.layers.inet import IP, UDP  # noqa: E402
from scapy.utils import rdpcap  # noqa: E402
import json  # noqa: E402

tap = Tap()


def read_pcap(path):
    return [bytes(p) for p in rdpcap(path)] if os.path.exists(path) else []


def main():
    require_root(tap)
    sa1 = Sa(0x1000, GCM)
    sa2 = Sa(0x1001, CBC, "transport")
    wd = workdir("monitor")
    conf = os.path.join(wd, "sa.conf")
    rules = os.path.join(wd, "rules")
    eve = os.path.join(wd, "eve.json")
    pcap = os.path.join(wd, "plain.pcap")
    write(conf, sa1.line + "\n" + sa2.line + "\n")
    write(rules, 'drop udp any any -> any 9999 (msg:"would block"; sid:5;)\n')
    try:
        with Net("m") as net:
            sock_a, sock_b = net.socket("a"), net.socket("b")
            args = ["--monitor", "ga", "--bpf", "esp", "--sa", conf,
                    "--rules", rules, "--eve", eve, "--write-decrypted", pcap,
                    "--rotate-size", "1", "--rotate-count", "2"]
            with Gateway(net, args, wd) as gw:
                inner = []
                for i in range(10):
                    for sa in (sa1, sa2):
                        p = sa.inner(b"monitored %d" % i)
                        inner.append(bytes(p))
                        sock_a.send(eth(sa.scapy.encrypt(p)))
                sock_a.send(eth(IP(src=ADDR_A, dst=ADDR_B) / UDP() / b"plain"))
                blocked = sa1.inner(b"rule", dport=9999)
                sock_a.send(eth(sa1.scapy.encrypt(blocked)))
                forged = bytearray(sa1.frame(b"forged"))
                forged[-1] ^= 1
                sock_a.send(bytes(forged))
                time.sleep(1)
                w = gw.workers()[0]
                tap.equal(w["rx_frames"], 22, "the BPF filter passes ESP only")
                tap.equal(w["decrypted"], 21, "every good ESP packet is decrypted")
                tap.equal(gw.drops()["auth"], 1, "the forged packet is counted")
                tap.equal(receive(sock_b, timeout=0.5), [], "nothing is forwarded")
                gw.stop()
                written = read_pcap(pcap)
                tap.ok(written == inner + [bytes(blocked)],
                       "the decrypted pcap contains the inner packets", len(written))
                with open(eve) as f:
                    alerts = [json.loads(line) for line in f]
                tap.ok(len(alerts) == 1 and alerts[0]["alert"]["action"] == "allowed"
                       and alerts[0]["alert"]["signature_id"] == 5,
                       "a drop rule alerts without blocking", alerts)

            os.unlink(pcap)
            with Gateway(net, args, wd) as gw:
                big = b"r" * 1300
                for i in range(3000):
                    sock_a.send(sa1.frame(big))
                    if i % 100 == 99:
                        time.sleep(0.01)
                time.sleep(1)
                decrypted = gw.workers()[0]["decrypted"]
                ring_full = gw.drops()["ring_full"]
                gw.stop()
            tap.equal(decrypted + ring_full, 3000,
                      "every packet is decrypted or counted as dropped")
            tap.ok(decrypted > 2500, "most packets are decrypted", decrypted)
            sizes = [os.path.getsize(p) if os.path.exists(p) else None
                     for p in (pcap, pcap + ".1", pcap + ".2")]
            tap.ok(all(sizes) and sizes[1] <= 1 << 20 and sizes[2] <= 1 << 20,
                   "the pcap rotates at 1 MiB", sizes)
            tap.ok(not os.path.exists(pcap + ".3"), "at most 2 rotated files are kept")
            total = sum(len(read_pcap(p)) for p in (pcap, pcap + ".1", pcap + ".2"))
            tap.ok(0 < total < 3000, "the oldest packets were rotated away", total)
    finally:
        remove(wd)
    return tap.done()


if __name__ == "__main__":
    sys.exit(main())
