#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""The kernel's XFRM SAs as SA source of the inline gateway, as TAP.

Needs a kernel with XFRM_USER and ESP, so it runs in the QEMU guest
(run-guest.sh).  ipsec-proxyd watches namespace A with --xfrm-netns,
and "ip xfrm state" adds, rekeys and deletes SAs there.

Checks: an SA that exists at start is listed.  An added SA appears in
"sa list" and decrypts traffic.  A deleted one disappears and its SPI
becomes unknown.  A new SA leaves the replay window of the others alone,
and a flush removes every SA.
"""
import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gwtest import (ADDR_A, ADDR_B, GCM, K16, SALT, Gateway, Net, Sa, Tap,  # noqa: E402
                    drain, receive, remove, require_root, run, workdir)

tap = Tap()


def xfrm(net, *args):
    return run("ip", "-n", net.ns["a"], "xfrm", "state", *args, check=False)


def add_sa(net, spi):
    return xfrm(net, "add", "src", ADDR_A, "dst", ADDR_B, "proto", "esp",
                "spi", hex(spi), "mode", "tunnel", "reqid", "1",
                "replay-window", "64", "aead", "rfc4106(gcm(aes))",
                "0x" + (K16 + SALT).hex(), "128")


def listed(gw):
    return sorted(int(m.group(1), 16) for m in
                  (re.match(r"spi=0x([0-9a-f]+)", l) for l in gw.sa_lines()) if m)


def wait_listed(gw, want, timeout=5):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if listed(gw) == sorted(want):
            return True
        time.sleep(0.1)
    return False


def xfrm_unavailable(net):
    """Why this kernel cannot hold an ESP SA, or None when it can."""
    r = add_sa(net, 0x3001)
    return None if r.returncode == 0 else (r.stderr.strip() or "ip xfrm failed")


def main():
    require_root(tap)
    wd = workdir("xfrm")
    try:
        with Net("x") as net:
            reason = xfrm_unavailable(net)
            if reason:
                print(f"1..0 # SKIP no ESP SAs in this kernel ({reason}); runs in the guest")
                return 0
            sock_a, sock_b = net.socket("a"), net.socket("b")
            with Gateway(net, ["--inline", "ga,gb", "--workers", "2",
                               "--xfrm-netns", net.ns["a"]], wd) as gw:
                tap.ok(wait_listed(gw, [0x3001]), "an SA present at start is listed",
                       gw.sa_lines())
                sa1 = Sa(0x3001, GCM)
                frames = [sa1.frame(b"kernel SA %d" % i) for i in range(5)]
                for f in frames:
                    sock_a.send(f)
                tap.ok(receive(sock_b, want=5, timeout=3) == frames,
                       "traffic of the kernel's SA is decrypted and forwarded")

                tap.equal(add_sa(net, 0x3002).returncode, 0, "rekey: add the new SA")
                tap.ok(wait_listed(gw, [0x3001, 0x3002]), "the added SA appears",
                       gw.sa_lines())
                sa2 = Sa(0x3002, GCM)
                f2 = [sa2.frame(b"new SA %d" % i) for i in range(3)]
                for f in f2:
                    sock_a.send(f)
                tap.ok(receive(sock_b, want=3, timeout=3) == f2, "the new SA decrypts")

                xfrm(net, "delete", "src", ADDR_A, "dst", ADDR_B, "proto", "esp",
                     "spi", "0x3001")
                tap.ok(wait_listed(gw, [0x3002]), "the deleted SA disappears",
                       gw.sa_lines())
                before = gw.drops()
                sock_a.send(sa1.frame(b"after delete"))
                sock_a.send(f2[1])
                tap.equal(receive(sock_b, timeout=1), [], "old SPI and replay dropped")
                after = gw.drops()
                tap.equal(after["unknown_spi"] - before["unknown_spi"], 1,
                          "the deleted SA's SPI is unknown")
                tap.equal(after["replay"] - before["replay"], 1,
                          "the remaining SA kept its replay window")

                xfrm(net, "flush")
                tap.ok(wait_listed(gw, []), "a flush removes every SA", gw.sa_lines())
                metrics = gw.ctl("metrics")[1]
                m = re.search(r"^ipsec_proxy_xfrm_events_total (\d+)$", metrics, re.M)
                tap.ok(m and int(m.group(1)) >= 4, "XFRM events are counted", metrics)
                log = gw.log()
                tap.ok("sa: added esp spi 0x00003002" in log and
                       "sa: removed esp spi 0x00003001" in log,
                       "SA changes are logged")
                drain(sock_b)
    finally:
        remove(wd)
    return tap.done()


if __name__ == "__main__":
    sys.exit(main())
