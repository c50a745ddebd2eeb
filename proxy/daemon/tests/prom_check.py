#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Check a file against the Prometheus text exposition format 0.0.4.

The checks: HELP and TYPE lines come before the samples of their metric,
and each metric has one TYPE.  Metric and label names are valid, label
values are escaped as the format requires, and sample values are numbers.
The samples of one metric are together, no series repeats, and the file
ends with a newline.  Prints "valid: N samples" or the
first violation, and exits 1 on a violation.
"""
import re
import sys

NAME = r"[a-zA-Z_:][a-zA-Z0-9_:]*"
LABEL = r'[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*"'
SAMPLE = re.compile(rf"^({NAME})(\{{(?:{LABEL}(?:,{LABEL})*)?\}})? (\S+)$")
HELP = re.compile(rf"^# HELP ({NAME}) (.*)$")
TYPE = re.compile(rf"^# TYPE ({NAME}) (counter|gauge|histogram|summary|untyped)$")


def fail(lineno, reason):
    print(f"line {lineno}: {reason}")
    sys.exit(1)


def main():
    text = open(sys.argv[1], encoding="utf-8").read()
    if text and not text.endswith("\n"):
        fail(0, "no final newline")
    types, helps, closed, series = {}, set(), set(), set()
    current = None
    samples = 0
    for lineno, line in enumerate(text.split("\n")[:-1], 1):
        if m := HELP.match(line):
            if m.group(1) in helps:
                fail(lineno, f"second HELP for {m.group(1)}")
            helps.add(m.group(1))
            continue
        if m := TYPE.match(line):
            name = m.group(1)
            if name in types:
                fail(lineno, f"second TYPE for {name}")
            types[name] = m.group(2)
            continue
        if line.startswith("#"):
            fail(lineno, f"unknown comment line {line!r}")
        m = SAMPLE.match(line)
        if not m:
            fail(lineno, f"not a valid sample line: {line!r}")
        name, labels, value = m.groups()
        if name not in types:
            fail(lineno, f"sample of {name} before its TYPE line")
        if name != current:
            if name in closed:
                fail(lineno, f"samples of {name} are not together")
            if current:
                closed.add(current)
            current = name
        try:
            float(value)
        except ValueError:
            fail(lineno, f"value {value!r} is not a number")
        key = (name, labels or "")
        if key in series:
            fail(lineno, f"duplicate series {name}{labels or ''}")
        series.add(key)
        samples += 1
    print(f"valid: {samples} samples")


if __name__ == "__main__":
    main()
