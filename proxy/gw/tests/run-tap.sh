#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Run the live-mode tests of ipsec-proxyd on the host as one TAP stream.
#
#   O=build/proxy DAEMON_O=build/proxy-daemon run-tap.sh
#
# Needs root: the tests create network namespaces and veth pairs, and
# remove them when they end.  The Python tests need Debian's python3 (for
# python3-scapy), whatever python3 comes first in PATH.  test_xfrm.py
# needs ESP in the kernel and runs in the guest (run-guest.sh).
set -euo pipefail
dir=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$dir/../../.." && pwd)
export O=${O:-$TOP/build/proxy}
export DAEMON_O=${DAEMON_O:-$TOP/build/proxy-daemon}
export PYTHONDONTWRITEBYTECODE=1

commands=("$O/tests/test_gw_units")
for name in test_inline test_reencrypt test_reload test_monitor test_daemon \
		test_overload; do
	commands+=("/usr/bin/python3 $dir/$name.py")
done
exec /usr/bin/python3 "$TOP/scripts/tap-merge.py" "${commands[@]}"
