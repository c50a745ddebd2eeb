#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""ipsec-proxyd as a daemon, as TAP.

Without --foreground the daemon detaches: the command returns once the
daemon is running, with status 0, or with status 2 when the setup
failed.  Checks: the pid file names the running daemon, privileges are
dropped to CAP_NET_RAW and CAP_NET_ADMIN (and to the user of --user),
the daemon forwards and serves its control socket, SIGHUP reloads,
and SIGTERM stops it and removes the pid file.
"""
import os
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gwtest import (GCM, PROXYCTL, PROXYD, Net, Sa, Tap, receive,  # noqa: E402
                    remove, require_root, workdir, write)

tap = Tap()
CAP_NET_ADMIN = 12
CAP_NET_RAW = 13


def status_field(pid, name):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(name + ":"):
                return line.split()[1:]
    return None


def ctl(sock, *words):
    return subprocess.run([PROXYCTL, "-s", sock] + list(words),
                          capture_output=True, text=True)


def wait_gone(pid, timeout=10):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if not os.path.exists(f"/proc/{pid}"):
            return True
        time.sleep(0.05)
    return False


def main():
    require_root(tap)
    sa = Sa(0x1000, GCM)
    wd = workdir("daemon")
    # The daemon runs as user nobody when it removes its pid file and socket.
    nobody = int(subprocess.run(["id", "-u", "nobody"], capture_output=True,
                                text=True).stdout)
    os.chown(wd, nobody, -1)
    os.chmod(wd, 0o755)
    conf = os.path.join(wd, "sa.conf")
    pidfile = os.path.join(wd, "ipsec-proxyd.pid")
    sock = os.path.join(wd, "control.sock")
    write(conf, sa.line + "\n")
    os.chmod(conf, 0o644)
    try:
        with Net("d") as net:
            sock_a, sock_b = net.socket("a"), net.socket("b")
            base = ["ip", "netns", "exec", net.ns["g"], PROXYD, "--inline", "ga,gb",
                    "--workers", "1", "--sa", conf, "--control", sock,
                    "--pidfile", pidfile]

            bad = subprocess.run(base[:6] + ["ga,nosuchif"] + base[7:],
                                 capture_output=True, text=True, timeout=20)
            tap.equal(bad.returncode, 2, "a failed setup exits with status 2")

            r = subprocess.run(base + ["--user", "nobody"], capture_output=True,
                               text=True, timeout=20)
            tap.equal(r.returncode, 0, "the command returns 0 once the daemon runs")
            pid = int(open(pidfile).read()) if os.path.exists(pidfile) else 0
            tap.ok(pid and os.path.exists(f"/proc/{pid}"), "the pid file names the daemon")
            if not pid:
                return tap.done()
            tap.equal(status_field(pid, "Uid")[0], str(nobody),
                      "the daemon runs as user nobody")
            caps = int(status_field(pid, "CapEff")[0], 16)
            tap.equal(caps, (1 << CAP_NET_ADMIN) | (1 << CAP_NET_RAW),
                      "only CAP_NET_RAW and CAP_NET_ADMIN are kept")
            tap.equal(int(status_field(pid, "CapBnd")[0], 16)
                      & ~((1 << CAP_NET_ADMIN) | (1 << CAP_NET_RAW)), 0,
                      "the bounding set holds nothing more")
            tap.equal(status_field(pid, "NoNewPrivs"), ["1"], "no_new_privs is set")

            frames = [sa.frame(b"daemon %d" % i) for i in range(5)]
            for f in frames:
                sock_a.send(f)
            tap.ok(receive(sock_b, want=5, timeout=3) == frames, "the daemon forwards")
            os.kill(pid, signal.SIGHUP)
            time.sleep(0.5)
            m = ctl(sock, "metrics")
            tap.ok('ipsec_proxy_sa_reloads_total{result="ok"} 1' in m.stdout,
                   "SIGHUP reloads the SA file as user nobody", m.stdout[-400:])
            os.kill(pid, signal.SIGTERM)
            tap.ok(wait_gone(pid), "SIGTERM stops the daemon")
            tap.ok(not os.path.exists(pidfile), "the pid file is removed")
    finally:
        remove(wd)
    return tap.done()


if __name__ == "__main__":
    sys.exit(main())
