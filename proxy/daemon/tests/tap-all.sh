#!/bin/bash
# Run the daemon components' tests as one TAP stream (for make check).
#
#   tap-all.sh unit OUT      the C unit suites built in OUT
#   tap-all.sh host OUT      the unit suites and the capture test
#   tap-all.sh xfrm OUT      the XFRM SA source suite (needs XFRM: the guest)
set -euo pipefail
dir=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$dir/../../.." && pwd)
mode=${1:?mode} out=${2:?build folder}

commands=()
for t in log_test packet_test rules_test inspect_test eve_test \
		control_test fanout_bpf_test privs_test; do
	commands+=("$out/tests/$t")
done
case $mode in
unit) ;;
host) commands+=("/usr/bin/python3 $dir/capture_test.py $out") ;;
xfrm) commands=("$out/tests/xfrm_test") ;;
*) echo "usage: $0 unit|host|xfrm OUT" >&2; exit 2 ;;
esac
exec python3 "$top/scripts/tap-merge.py" "${commands[@]}"
