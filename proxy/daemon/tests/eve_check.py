#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Validate an EVE alert file and print one summary line per event.

Every line must be one JSON object with the fields of an alert event.
The summary is a JSON array [sid, signature, src_ip, src_port, dest_ip,
dest_port, proto, spi, protocol, action, in_iface] with ASCII escapes, so
that the caller can compare exact values.  Exits 1 on the first invalid
line.
"""
import json
import re
import sys

TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}[+-]\d{4}$")
SPI = re.compile(r"^0x[0-9a-f]{8}$")


def fail(lineno, reason):
    print(f"line {lineno}: {reason}", file=sys.stderr)
    sys.exit(1)


def check(lineno, line):
    try:
        event = json.loads(line)
    except json.JSONDecodeError as err:
        fail(lineno, f"invalid JSON: {err}")
    if not isinstance(event, dict):
        fail(lineno, "not a JSON object")
    if event.get("event_type") != "alert":
        fail(lineno, "event_type is not alert")
    if not TIMESTAMP.match(event.get("timestamp", "")):
        fail(lineno, f"invalid timestamp {event.get('timestamp')!r}")
    ipsec, alert = event.get("ipsec", {}), event.get("alert", {})
    if not SPI.match(ipsec.get("spi", "")) or ipsec.get("protocol") not in ("esp", "ah"):
        fail(lineno, f"invalid ipsec object {ipsec!r}")
    if alert.get("action") not in ("blocked", "allowed") or alert.get("gid") != 1:
        fail(lineno, f"invalid alert object {alert!r}")
    for key in ("signature_id", "rev"):
        if not isinstance(alert.get(key), int):
            fail(lineno, f"alert.{key} is not a number")
    return [alert["signature_id"], alert.get("signature"), event.get("src_ip"),
            event.get("src_port"), event.get("dest_ip"), event.get("dest_port"),
            event.get("proto"), ipsec["spi"], ipsec["protocol"], alert["action"],
            event.get("in_iface")]


def main():
    with open(sys.argv[1], "rb") as f:
        data = f.read()
    if data and not data.endswith(b"\n"):
        fail(0, "the file does not end with a newline")
    text = data.decode("utf-8")   # raises on invalid UTF-8
    for lineno, line in enumerate(text.split("\n")[:-1], 1):
        print(json.dumps(check(lineno, line), ensure_ascii=True))


if __name__ == "__main__":
    main()
