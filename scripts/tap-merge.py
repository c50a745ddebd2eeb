#!/usr/bin/env python3
"""Run several TAP-producing commands and print one TAP stream.

    tap-merge.py COMMAND...

Each COMMAND is one shell command line.  Test points are renumbered and
prefixed with the command's program name.  A command that exits non-zero
without a failing test point, or runs a different number of tests than it
planned, adds a failing test point of its own, so a crash or an early exit
can never pass.  Standard error is passed through.
"""

import os
import re
import shlex
import subprocess
import sys

TEST_LINE = re.compile(r"^(not ok|ok)\b\s*(\d+)?\s*(?:-\s*)?(.*)$")
PLAN_LINE = re.compile(r"^1\.\.(\d+)")


class Merger:
    def __init__(self):
        self.count = 0
        self.failed = 0

    def emit(self, ok, description):
        self.count += 1
        if not ok:
            self.failed += 1
        print(f"{'ok' if ok else 'not ok'} {self.count} - {description}",
              flush=True)

    def run(self, command):
        label = os.path.basename(shlex.split(command)[0])
        if label in ("bash", "sh", "python3") and len(shlex.split(command)) > 1:
            label = os.path.basename(shlex.split(command)[1])
        plan = None
        ran = 0
        failures = 0
        print(f"# {command}", flush=True)
        proc = subprocess.Popen(command, shell=True, stdout=subprocess.PIPE,
                                text=True, errors="replace")
        for line in proc.stdout:
            line = line.rstrip("\n")
            match = TEST_LINE.match(line)
            if match:
                ok = match.group(1) == "ok"
                ran += 1
                todo = re.search(r"#\s*TODO", match.group(3), re.I)
                if not ok and not todo:
                    failures += 1
                self.emit(ok or bool(todo), f"{label}: {match.group(3)}")
                continue
            match = PLAN_LINE.match(line)
            if match and plan is None:
                plan = int(match.group(1))
                continue
            if line.startswith("Bail out!"):
                failures += 1
                self.emit(False, f"{label}: {line}")
                continue
            print(line if line.startswith("#") else f"# {line}", flush=True)
        status = proc.wait()
        if plan is None:
            self.emit(False, f"{label}: no TAP plan (exit status {status})")
        elif plan != ran:
            self.emit(False, f"{label}: planned {plan} tests, ran {ran}")
        elif status != 0 and failures == 0:
            self.emit(False, f"{label}: exited with status {status}")


def main():
    if len(sys.argv) < 2:
        sys.exit("usage: tap-merge.py COMMAND...")
    merger = Merger()
    for command in sys.argv[1:]:
        merger.run(command)
    print(f"1..{merger.count}")
    sys.exit(1 if merger.failed else 0)


if __name__ == "__main__":
    main()
