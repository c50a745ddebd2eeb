#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Reloading rules and SAs while traffic runs, as TAP.

A steady stream of one SA crosses the inline gateway while the SA file
and the rule file change and are reloaded, by SIGHUP and through
ipsec-proxyctl.

Checks: not one frame of the unchanged SA is lost, and its replay window
survives every reload.  An added SA works, a removed one is unknown, and
the new rules apply.  A reload that fails keeps what was in force and
reports the reason.
"""
import os
import signal
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gwtest import (CBC, GCM, Gateway, Net, Sa, Tap, drain,  # noqa: E402
                    receive, remove, require_root, workdir, write)

tap = Tap()
STREAM = 600
RULES_1 = 'drop udp any any -> any 9999 (msg:"old rule"; sid:1;)\n'
RULES_2 = 'drop udp any any -> any 8888 (msg:"new rule"; sid:2;)\n'


class Sender(threading.Thread):
    """Sends prepared frames with a short pause between them."""

    def __init__(self, sock, frames, pause):
        super().__init__()
        self.sock, self.frames, self.pause = sock, frames, pause

    def run(self):
        for f in self.frames:
            self.sock.send(f)
            time.sleep(self.pause)


def reload_during_stream(gw, sock_a, sock_b, steady, conf, rules, added):
    frames = [steady.frame(b"stream %d" % i) for i in range(STREAM)]
    sender = Sender(sock_a, frames, 0.003)
    sender.start()
    time.sleep(0.2)
    write(conf, steady.line + "\n" + added.line + "\n")
    write(rules, RULES_2)
    os.kill(gw.daemon_pid(), signal.SIGHUP)
    time.sleep(0.3)
    code, out = gw.ctl("sa", "reload")
    tap.equal(code, 0, "sa reload through the control socket")
    code, out = gw.ctl("rules", "reload")
    tap.equal(code, 0, "rules reload through the control socket")
    sender.join()
    got = receive(sock_b, want=STREAM, timeout=5)
    tap.equal(len(got), STREAM, "no frame of the unchanged SA is lost")
    tap.ok(got == frames, "the stream arrives unchanged and in order")
    return frames


def check_after_reload(gw, sock_a, sock_b, steady, added, early):
    f1 = added.frame(b"new SA")
    sock_a.send(f1)
    tap.equal(receive(sock_b, want=1, timeout=2), [f1], "the added SA works")
    before = gw.drops()
    sock_a.send(early)
    tap.equal(receive(sock_b, want=1, timeout=1), [], "a replayed early frame is dropped")
    after = gw.drops()
    tap.equal(after["replay"] + after["too_old"] - before["replay"] - before["too_old"], 1,
              "the replay window survived the reloads")
    old_rule = steady.frame(b"old port", dport=9999)
    new_rule = steady.frame(b"new port", dport=8888)
    sock_a.send(old_rule)
    sock_a.send(new_rule)
    tap.equal(receive(sock_b, want=2, timeout=1.5), [old_rule], "the new rules apply")
    tap.equal(gw.drops()["rule"] - after["rule"], 1, "the new drop rule counted")


def check_failures(gw, sock_a, sock_b, steady, added, conf, rules):
    write(conf, steady.line + "\nsa this is not an SA\n")
    code, out = gw.ctl("sa", "reload", check=False)
    tap.ok(code == 1 and "sa.conf:2" in out, "a bad SA file fails the reload", out)
    f = added.frame(b"still there")
    sock_a.send(f)
    tap.equal(receive(sock_b, want=1, timeout=2), [f], "the SAs in force stay")
    write(rules, "drop udp any any -> any (sid:3;)\n")
    code, out = gw.ctl("rules", "reload", check=False)
    tap.ok(code == 1 and "rules" in out, "a bad rule file fails the reload", out)
    blocked = steady.frame(b"still blocked", dport=8888)
    sock_a.send(blocked)
    tap.equal(receive(sock_b, want=1, timeout=1), [], "the rules in force stay")

    write(conf, steady.line + "\n")
    tap.equal(gw.ctl("sa", "reload")[0], 0, "removing an SA reloads")
    before = gw.drops()["unknown_spi"]
    sock_a.send(added.frame(b"gone"))
    receive(sock_b, timeout=1)
    tap.equal(gw.drops()["unknown_spi"] - before, 1, "the removed SA is unknown")
    metrics = gw.ctl("metrics")[1]
    tap.ok('ipsec_proxy_sa_reloads_total{result="failed"} 1' in metrics and
           'ipsec_proxy_rules_reloads_total{result="failed"} 1' in metrics,
           "failed reloads are in the metrics", metrics)
    log = gw.log()
    tap.ok("sa: added esp spi 0x00002001" in log and
           "sa: removed esp spi 0x00002001" in log, "SA changes are logged")


def main():
    require_root(tap)
    steady = Sa(0x1000, GCM)
    added = Sa(0x2001, CBC)
    wd = workdir("reload")
    conf = os.path.join(wd, "sa.conf")
    rules = os.path.join(wd, "rules")
    write(conf, steady.line + "\n")
    write(rules, RULES_1)
    try:
        with Net("l") as net:
            sock_a, sock_b = net.socket("a"), net.socket("b")
            with Gateway(net, ["--inline", "ga,gb", "--workers", "2",
                               "--sa", conf, "--rules", rules], wd) as gw:
                frames = reload_during_stream(gw, sock_a, sock_b, steady,
                                              conf, rules, added)
                drain(sock_b)
                check_after_reload(gw, sock_a, sock_b, steady, added, frames[3])
                check_failures(gw, sock_a, sock_b, steady, added, conf, rules)
                tap.ok(gw.alive(), "gateway still runs")
    finally:
        remove(wd)
    return tap.done()


if __name__ == "__main__":
    sys.exit(main())
