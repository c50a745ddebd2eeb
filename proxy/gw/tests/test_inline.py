#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""The inline mode between network namespaces, as TAP.

scapy encrypts UDP packets with AES-GCM and with AES-CBC and HMAC-SHA-256,
in tunnel and transport mode, and sends them from namespace A through
ipsec-proxyd (two workers) in namespace GW to namespace B.

Checks: B receives exactly the frames A sent, byte for byte and in order.
Traffic from B to A crosses too.  Each SA is served by the worker its SPI
picks.  A packet that a drop rule matches is dropped, and its EVE line
names the SPI, the inner 5-tuple and the sid.  An alert rule alerts and
forwards.  Forged, replayed and unknown-SPI packets are dropped and
counted, and ARP is bridged.  A second run checks --other drop and
--unknown-spi forward.
"""
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gwtest import (CBC, GCM, ADDR_A, ADDR_B, INNER_A, INNER_B, MAC_A,  # noqa: E402
                    MAC_B, Gateway, Net, Sa, Tap, drain, eth, receive,
                    remove, require_root, workdir, write)
from scapy.layers.inet import IP  # noqa: E402
from scapy.layers.ipsec import ESP  # noqa: E402
from scapy.layers.l2 import ARP  # noqa: E402

RULES = """\
drop udp any any -> any 9999 (msg:"blocked port"; sid:1001; rev:2;)
alert udp any any -> any any (msg:"secret seen"; content:"SECRET"; sid:1002; rev:1;)
"""
PER_SA = 20

tap = Tap()


def make_sas():
    return [
        Sa(0x1000, GCM, "tunnel"),
        Sa(0x1001, CBC, "tunnel"),
        Sa(0x1002, GCM, "transport"),
        Sa(0x1003, CBC, "transport"),
    ]


def eve_lines(path):
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def check_forwarding(net, gw, sas, back, sock_a, sock_b):
    sent = []
    for i in range(PER_SA):
        for sa in sas:
            frame = sa.frame(b"payload %d of spi %x" % (i, sa.spi))
            sent.append(frame)
            sock_a.send(frame)
    got = receive(sock_b, want=len(sent), timeout=5)
    tap.equal(len(got), len(sent), "all frames A to B arrive")
    tap.ok(sorted(got) == sorted(sent), "frames arrive byte for byte")
    for sa in sas:
        spi = sa.spi.to_bytes(4, "big")
        # Ethernet and a 20-byte IPv4 header come before the SPI.
        mine = [f for f in sent if f[34:38] == spi]
        theirs = [f for f in got if f in mine]
        tap.ok(theirs == mine, f"spi 0x{sa.spi:x} ({sa.mode}) keeps its order")

    frames = [back.frame(b"reply %d" % i, src=MAC_B, dst=MAC_A) for i in range(5)]
    for f in frames:
        sock_b.send(f)
    tap.ok(receive(sock_a, want=5, timeout=3) == frames, "frames B to A arrive unchanged")

    workers = gw.workers()
    even = sum(1 for sa in sas if sa.spi % 2 == 0) * PER_SA
    odd = sum(1 for sa in sas if sa.spi % 2 == 1) * PER_SA + 5
    tap.equal(workers[0]["decrypted"], even, "worker 0 decrypts the even SPIs")
    tap.equal(workers[1]["decrypted"], odd, "worker 1 decrypts the odd SPIs")
    tap.equal((gw.metric("worker_sas", 'worker="0"'), gw.metric("worker_sas", 'worker="1"')),
              (2, 3), "every SA is in the worker its SPI picks")


def check_rules(gw, sa, sock_a, sock_b, eve):
    before = gw.drops().get("rule", 0)
    sock_a.send(sa.frame(b"to the blocked port", dport=9999))
    passed = sa.frame(b"a SECRET inside")
    sock_a.send(passed)
    got = receive(sock_b, want=2, timeout=2)
    tap.ok(got == [passed], "drop rule drops, alert rule forwards", got)
    tap.equal(gw.drops().get("rule", 0) - before, 1, "rule drop counted")

    lines = eve_lines(eve)
    blocked = [e for e in lines if e.get("alert", {}).get("signature_id") == 1001]
    tap.equal(len(blocked), 1, "one EVE line for the drop rule")
    if blocked:
        e = blocked[0]
        tap.equal(e["alert"]["action"], "blocked", "EVE action is blocked")
        tap.equal(e["alert"]["rev"], 2, "EVE has the rule's rev")
        tap.equal(e["ipsec"]["spi"], f"0x{sa.spi:08x}", "EVE names the SPI")
        tap.equal((e["src_ip"], e["src_port"], e["dest_ip"], e["dest_port"], e["proto"]),
                  (INNER_A, 4000, INNER_B, 9999, "UDP"), "EVE has the inner 5-tuple")
        tap.equal(e.get("in_iface"), "ga", "EVE names the receiving interface")
    alerted = [e for e in lines if e.get("alert", {}).get("signature_id") == 1002]
    tap.ok(len(alerted) == 1 and alerted[0]["alert"]["action"] == "allowed",
           "alert rule writes an allowed EVE line", alerted)


def check_bad_packets(gw, sa, sock_a, sock_b):
    good = [sa.frame(b"good %d" % i) for i in range(3)]
    forged = bytearray(sa.frame(b"forged"))
    forged[-1] ^= 0x01
    unknown = Sa(0x7777, GCM).frame(b"no SA for this")
    before = gw.drops()
    for f in good:
        sock_a.send(f)
    sock_a.send(bytes(forged))
    sock_a.send(good[1])           # replayed
    sock_a.send(unknown)
    got = receive(sock_b, want=4, timeout=2)
    tap.ok(got == good, "only the good frames arrive", [len(g) for g in got])
    after = gw.drops()
    tap.equal(after["auth"] - before["auth"], 1, "bad ICV dropped and counted")
    tap.equal(after["replay"] - before["replay"], 1, "replay dropped and counted")
    tap.equal(after["unknown_spi"] - before["unknown_spi"], 1,
              "unknown SPI dropped and counted")
    sa_line = [l for l in gw.ctl("stats")[1].splitlines()
               if l.startswith(f"sa spi=0x{sa.spi:08x}")]
    tap.ok(sa_line and " auth=1 " in sa_line[0] and " replay=1 " in sa_line[0],
           "per-SA stats count the drops", sa_line)


def check_other(gw, sock_a, sock_b, bridged):
    arp = eth(ARP(psrc=ADDR_A, pdst=ADDR_B, hwsrc=MAC_A), dst="ff:ff:ff:ff:ff:ff")
    plain = eth(IP(src=ADDR_A, dst=ADDR_B) / b"not encrypted")
    sock_a.send(arp)
    sock_a.send(plain)
    got = receive(sock_b, want=2 if bridged else None, timeout=2)
    if bridged:
        # ARP goes to worker 0 and IP by address hash, so the two may
        # leave in either order.
        tap.ok(sorted(got) == sorted([arp, plain]),
               "ARP and plain IP are bridged", got)
    else:
        tap.ok(got == [], "--other drop: ARP and plain IP are dropped", got)
        tap.equal(gw.drops()["other"], 2, "--other drop counts them")


def check_backend(gw):
    """With GW_EXPECT_BACKEND set (the guest run), the SA sessions must use
    that libucapi backend, and the syscall backend must have made calls."""
    want = os.environ.get("GW_EXPECT_BACKEND")
    if not want:
        return
    tap.equal(gw.metric("crypto_backend", f'backend="{want}"'), 1,
              f"SA sessions use the {want} backend")
    if want == "syscall":
        calls = gw.metric("crypto_syscalls_total")
        tap.ok(calls is not None and calls > 0, "crypto ran through ucapi system calls",
               calls)


def check_started_backend(log):
    """Check that the start message names a libucapi backend, and the
    one GW_EXPECT_BACKEND names when it is set (the guest run)."""
    m = re.search(r"started: inline mode on ga and gb, 2 workers, "
                  r"batch \d+, backend (\w+)", log)
    names = ("syscall", "af_alg", "openssl")
    tap.ok(m is not None and m.group(1) in names,
           "start message names the backend", log)
    want = os.environ.get("GW_EXPECT_BACKEND")
    if want and m:
        tap.equal(m.group(1), want, f"start message names {want}")


def run_default(sas, back):
    wd = workdir("inline")
    conf = os.path.join(wd, "sa.conf")
    rules = os.path.join(wd, "rules")
    eve = os.path.join(wd, "eve.json")
    write(conf, "\n".join(sa.line for sa in sas + [back]) + "\n")
    write(rules, RULES)
    try:
        with Net("i") as net:
            sock_a, sock_b = net.socket("a"), net.socket("b")
            with Gateway(net, ["--inline", "ga,gb", "--workers", "2",
                               "--sa", conf, "--rules", rules, "--eve", eve],
                         wd) as gw:
                check_forwarding(net, gw, sas, back, sock_a, sock_b)
                drain(sock_b)
                check_rules(gw, sas[0], sock_a, sock_b, eve)
                check_bad_packets(gw, sas[1], sock_a, sock_b)
                check_other(gw, sock_a, sock_b, bridged=True)
                check_backend(gw)
                tap.ok(gw.alive(), "gateway still runs")
                status = gw.stop()
                tap.equal(status, 0, "SIGTERM stops the gateway with status 0")
                log = gw.log()
                tap.ok("started: inline mode" in log and "stopped:" in log,
                       "start and stop are logged", log)
                check_started_backend(log)
    finally:
        remove(wd)


def run_policies(sas):
    wd = workdir("inline-policy")
    conf = os.path.join(wd, "sa.conf")
    write(conf, sas[0].line + "\n")
    try:
        with Net("p") as net:
            sock_a, sock_b = net.socket("a"), net.socket("b")
            with Gateway(net, ["--inline", "ga,gb", "--workers", "1",
                               "--sa", conf, "--other", "drop",
                               "--unknown-spi", "forward"], wd) as gw:
                check_other(gw, sock_a, sock_b, bridged=False)
                unknown = Sa(0x7778, CBC).frame(b"forwarded unseen")
                sock_a.send(unknown)
                tap.ok(receive(sock_b, want=1, timeout=2) == [unknown],
                       "--unknown-spi forward forwards an unknown SPI")
                tap.equal(gw.total("unknown_spi_forwarded"), 1,
                          "the forwarded unknown SPI is counted")
    finally:
        remove(wd)


def main():
    require_root(tap)
    sas = make_sas()
    back = Sa(0x2001, GCM, "tunnel", src=ADDR_B, dst=ADDR_A)
    run_default(sas, back)
    run_policies(make_sas())
    return tap.done()


if __name__ == "__main__":
    sys.exit(main())
