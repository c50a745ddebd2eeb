#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Run the live-mode tests that need the patched kernel in the QEMU guest:
# the inline test with libucapi's syscall backend, and the XFRM SA source.
#
#   run-guest.sh            boot the guest (build/kernel/default), run the
#                           tests, print their TAP stream
#   run-guest.sh --inside   (in the guest) run the tests
#
# TAP goes to $O/gw-results/guest.tap and the tests' stderr to guest.log;
# the build folder is shared with the guest, so both land on the host.
set -uo pipefail
dir=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$dir/../../.." && pwd)
export O=${O:-$TOP/build/proxy}
export DAEMON_O=${DAEMON_O:-$TOP/build/proxy-daemon}
export PYTHONDONTWRITEBYTECODE=1
results=$O/gw-results

if [ "${1:-}" = --inside ]; then
	mkdir -p "$results"
	UCAPI_BACKEND=syscall GW_EXPECT_BACKEND=syscall \
		/usr/bin/python3 "$TOP/scripts/tap-merge.py" \
		"/usr/bin/python3 $dir/test_inline.py" \
		"/usr/bin/python3 $dir/test_xfrm.py" \
		>"$results/guest.tap" 2>"$results/guest.log"
	exit
fi

[ -x "$O/ipsec-proxyd" ] || { echo "error: build first: make -C proxy" >&2; exit 2; }
mkdir -p "$results"
rm -f "$results/guest.tap"
rc=0
bash "$TOP/scripts/guest-run.sh" --kernel default --name gw-test --timeout 900 \
	-- bash "$dir/run-guest.sh" --inside >"$results/guest.console" 2>&1 || rc=$?
if [ -s "$results/guest.tap" ]; then
	cat "$results/guest.tap"
else
	echo "Bail out! the guest wrote no TAP (console: $results/guest.console)"
	rc=1
fi
exit $rc
