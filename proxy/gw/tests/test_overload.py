#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Overload of the inline gateway, as TAP.

The gateway runs one worker with the smallest ring (2 blocks of 64 KiB
per direction).  While the worker is stopped (SIGSTOP), A sends far more
than the ring holds; then the worker resumes.  Checks: the excess is
dropped by the kernel and counted (ring_full), every frame is either
forwarded or counted as dropped, memory stays bounded, the gateway does
not crash and forwards normally afterwards.
"""
import os
import signal
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gwtest import (GCM, Gateway, Net, Sa, Tap, drain, receive,  # noqa: E402
                    remove, require_root, workdir, write)

tap = Tap()
BURST = 4000
PAYLOAD = b"x" * 1000


def main():
    require_root(tap)
    sa = Sa(0x1000, GCM)
    wd = workdir("overload")
    conf = os.path.join(wd, "sa.conf")
    write(conf, sa.line + "\n")
    try:
        with Net("o") as net:
            sock_a, sock_b = net.socket("a"), net.socket("b")
            with Gateway(net, ["--inline", "ga,gb", "--workers", "1",
                               "--ring-block-size", "65536", "--ring-blocks", "2",
                               "--sa", conf], wd) as gw:
                warm = [sa.frame(b"warm %d" % i) for i in range(50)]
                for f in warm:
                    sock_a.send(f)
                tap.equal(len(receive(sock_b, want=50, timeout=3)), 50,
                          "forwarding before the overload")
                rss_before = gw.rss_kib()

                frames = [sa.frame(PAYLOAD) for _ in range(BURST)]
                os.kill(gw.daemon_pid(), signal.SIGSTOP)
                for i, f in enumerate(frames):
                    sock_a.send(f)
                    if i % 200 == 199:
                        time.sleep(0.002)
                os.kill(gw.daemon_pid(), signal.SIGCONT)
                got = receive(sock_b, timeout=10, quiet=1.5)
                drops = gw.drops()
                w = gw.workers()[0]
                tap.ok(0 < len(got) < BURST, "part of the burst is forwarded",
                       f"{len(got)} of {BURST}")
                tap.ok(drops["ring_full"] > 0, "the excess is dropped by the kernel and counted",
                       drops)
                tap.equal(len(got) + drops["ring_full"], BURST,
                          "every frame is forwarded or counted as dropped")
                tap.equal(w["forwarded"] - 50, len(got), "forwarded counter matches")
                tap.ok(set(got) <= set(frames), "what arrives was sent")
                rss_after = gw.rss_kib()
                tap.ok(rss_after - rss_before < 16 * 1024, "memory stays bounded",
                       f"VmRSS {rss_before} KiB before, {rss_after} KiB after")
                tap.ok(gw.alive(), "the gateway survives")

                drain(sock_b)
                after = [sa.frame(b"after %d" % i) for i in range(20)]
                for f in after:
                    sock_a.send(f)
                tap.ok(receive(sock_b, want=20, timeout=3) == after,
                       "forwarding works again after the overload")
    finally:
        remove(wd)
    return tap.done()


if __name__ == "__main__":
    sys.exit(main())
