#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""The re-encrypt mode between network namespaces, as TAP.

A sends ESP of SA 1.  ipsec-proxyd (two workers) decrypts it, inspects it
and encrypts the inner packet again with SA 2, which a "pair" statement
declares.  scapy in B decrypts with SA 2 and must get the original inner
packet.  The same for the way back (SA 3 to SA 4), for AES-CBC with HMAC
in transport mode, with a drop rule, and for an SA without a pair.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gwtest import (ADDR_A, ADDR_B, CBC, GCM, MAC_A, MAC_B, Gateway,  # noqa: E402
                    Net, Sa, Tap, receive, remove, require_root, workdir,
                    write)
from scapy.layers.inet import IP  # noqa: E402
from scapy.layers.ipsec import ESP  # noqa: E402
from scapy.layers.l2 import Ether  # noqa: E402

tap = Tap()
N = 10

# Outer addresses of the far-side tunnels differ from the near side's.
FAR_A, FAR_B = "192.0.2.101", "192.0.2.102"


def decrypt_all(sa, frames):
    """Inner packets scapy gets out of frames, or the error."""
    inner = []
    for f in frames:
        try:
            pkt = Ether(f)[IP]
            inner.append(bytes(sa.scapy.decrypt(pkt)))
        except Exception as e:   # scapy raises on a bad ICV
            inner.append(repr(e))
    return inner


def check_way(name, sock_in, sock_out, sa_in, sa_out, src, dst, dport=5000):
    originals = [sa_in.inner(b"%s %d" % (name.encode(), i), dport) for i in range(N)]
    for p in originals:
        sock_in.send(bytes(Ether(src=src, dst=dst) / sa_in.scapy.encrypt(p)))
    got = receive(sock_out, want=N, timeout=4)
    tap.equal(len(got), N, f"{name}: every packet comes out")
    if not got:
        return
    outer = Ether(got[0])[IP]
    tap.equal(outer[ESP].spi, sa_out.spi, f"{name}: ESP of the paired SA")
    if sa_out.mode == "tunnel":
        tap.equal((outer.src, outer.dst), (sa_out.src, sa_out.dst),
                  f"{name}: outer addresses of the paired SA")
    tap.equal([Ether(f)[ESP].seq for f in got], list(range(1, N + 1)),
              f"{name}: sequence numbers 1 to {N}")
    tap.ok(decrypt_all(sa_out, got) == [bytes(p) for p in originals],
           f"{name}: scapy decrypts the original inner packets")
    tap.ok(all(Ether(f).src == src and Ether(f).dst == dst for f in got),
           f"{name}: the Ethernet header is kept")


def reload_keeps_sequence(gw, conf, sas, sock_a, sock_b):
    """A reload that changes the outbound SA but not its key goes on
    counting; a restart would start at 1, with other IVs."""
    with open(conf) as f:
        text = f.read()
    write(conf, text.replace(sas[1].line, sas[1].line + " replay-window 64"))
    gw.ctl("sa", "reload")
    for i in range(3):
        sock_a.send(sas[0].frame(b"after reload %d" % i))
    got = receive(sock_b, want=3, timeout=4)
    tap.equal([Ether(f)[ESP].seq for f in got], [N + 1, N + 2, N + 3],
              "a reload that keeps the key keeps the sequence numbers")
    write(conf, text)


def pair_move_keeps_sequence(gw, conf, sas, sock_a, sock_b):
    """A pair whose new inbound SA is served by the other worker takes its
    outbound SA along, and the sequence numbers go on."""
    moved = Sa(0x1002, GCM, "tunnel")
    with open(conf) as f:
        text = f.read()
    write(conf, text.replace("pair in spi 0x1001 out spi 0x2000\n",
                             moved.line + "\npair in spi 0x1002 out spi 0x2000\n"))
    gw.ctl("sa", "reload")
    for i in range(3):
        sock_a.send(moved.frame(b"moved pair %d" % i))
    got = receive(sock_b, want=3, timeout=4)
    tap.equal([Ether(f)[ESP].seq for f in got], [N + 4, N + 5, N + 6],
              "an outbound SA moved to another worker keeps its sequence")
    tap.ok(decrypt_all(sas[1], got) == [bytes(moved.inner(b"moved pair %d" % i))
                                        for i in range(3)],
           "the moved outbound SA still encrypts what the far side reads")
    tap.ok("moves from worker 1 to worker 0" in gw.log(),
           "the move is logged")
    write(conf, text)


def main():
    require_root(tap)
    sa1 = Sa(0x1001, GCM, "tunnel")
    sa2 = Sa(0x2000, GCM, "tunnel", src=FAR_A, dst=FAR_B)
    sa3 = Sa(0x3001, CBC, "tunnel", src=ADDR_B, dst=ADDR_A)
    sa4 = Sa(0x4001, CBC, "tunnel", src=FAR_B, dst=FAR_A)
    sa5 = Sa(0x5001, CBC, "transport")
    sa6 = Sa(0x6002, GCM, "transport")
    lonely = Sa(0x7001, GCM, "tunnel")
    sas = [sa1, sa2, sa3, sa4, sa5, sa6, lonely]
    wd = workdir("reencrypt")
    conf = os.path.join(wd, "sa.conf")
    rules = os.path.join(wd, "rules")
    write(conf, "\n".join(s.line for s in sas) + "\n" +
          "pair in spi 0x1001 out spi 0x2000\n"
          "pair in spi 0x3001 dst 192.0.2.1 \\\n"
          "     out spi 0x4001 proto esp\n"
          f"pair in spi 0x5001 out spi 0x6002 dst {ADDR_B}\n")
    write(rules, 'drop udp any any -> any 9999 (msg:"no"; sid:7;)\n')
    try:
        with Net("r") as net:
            sock_a, sock_b = net.socket("a"), net.socket("b")
            with Gateway(net, ["--reencrypt", "ga,gb", "--workers", "2",
                               "--sa", conf, "--rules", rules], wd) as gw:
                check_way("A to B tunnel GCM", sock_a, sock_b, sa1, sa2,
                          MAC_A, MAC_B)
                check_way("B to A tunnel CBC", sock_b, sock_a, sa3, sa4,
                          MAC_B, MAC_A)
                check_way("A to B transport", sock_a, sock_b, sa5, sa6,
                          MAC_A, MAC_B)
                tap.equal((gw.metric("worker_sas", 'worker="0"'),
                           gw.metric("worker_sas", 'worker="1"')), (0, 7),
                          "each pair's SAs are served by the inbound SA's worker")

                before = gw.drops()
                sock_a.send(sa1.frame(b"blocked", dport=9999))
                sock_a.send(lonely.frame(b"no pair"))
                tap.equal(receive(sock_b, want=1, timeout=1.5), [],
                          "rule drops and unpaired packets do not come out")
                after = gw.drops()
                tap.equal(after["rule"] - before["rule"], 1, "rule drop counted")
                tap.equal(after["no_pair"] - before["no_pair"], 1,
                          "packet of an SA without pair counted")
                tap.equal(gw.total("encrypted"), 3 * N, "encrypted counter")
                reload_keeps_sequence(gw, conf, sas, sock_a, sock_b)
                pair_move_keeps_sequence(gw, conf, sas, sock_a, sock_b)
    finally:
        remove(wd)
    return tap.done()


if __name__ == "__main__":
    sys.exit(main())
