#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Run the XFRM SA source suite in a QEMU guest: the host kernel has no
# XFRM/ESP, the off kernel (build/kernel/off) has them.
#
#   run-guest.sh            boot the guest, run the suite, summarise
#   run-guest.sh --inside   (in the guest) run the suite
#
# With VALGRIND=1 the suite runs under valgrind memcheck, and a memory
# error fails it.
#
# TAP goes to build/proxy-daemon/results/xfrm.tap, stderr to xfrm.log;
# the build folder is shared with the guest, so both land on the host.
set -uo pipefail

daemon_dir=$(cd "$(dirname "$0")/.." && pwd)
top=$(cd "$daemon_dir/../.." && pwd)
build=${BUILD:-$top/build}
out=$build/proxy-daemon
results=$out/results

if [ "${1:-}" = --inside ]; then
	mkdir -p "$results"
	wrap=()
	if [ "${VALGRIND:-0}" = 1 ]; then
		wrap=(valgrind -q --error-exitcode=99 --leak-check=full
			--errors-for-leak-kinds=definite,indirect)
	fi
	"${wrap[@]}" "$out/tests/xfrm_test" >"$results/xfrm.tap" 2>"$results/xfrm.log"
	rc=$?
	[ $rc = 0 ] || echo "Bail out! xfrm_test exited with status $rc" >>"$results/xfrm.tap"
	exit $rc
fi

[ -x "$out/tests/xfrm_test" ] || { echo "error: build first: make -C proxy/daemon" >&2; exit 1; }
mkdir -p "$results"
rm -f "$results/xfrm.tap"
rc=0
bash "$top/scripts/guest-run.sh" --kernel off --name xfrm-test --timeout 600 \
	-- env VALGRIND="${VALGRIND:-0}" bash "$daemon_dir/tests/run-guest.sh" --inside >"$results/xfrm-guest.console" 2>&1 || rc=$?
grep -E '^not ok|^Bail out' "$results/xfrm.tap" 2>/dev/null | sed 's/^/    /'
[ $rc = 0 ] || printf '    the guest run exited with status %d (console: %s)\n' \
	$rc "$results/xfrm-guest.console"
bash "$top/scripts/tap-summary.sh" xfrm="$results/xfrm.tap" || rc=1
exit $rc
