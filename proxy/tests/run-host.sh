#!/bin/bash
# Run the proxy's host test suite: the C tests in $O/tests and the Python
# tests next to this script.  Each prints TAP; this script prints every
# line, then one closing line "N passed, N failed" over all the test
# points, and exits 1 when a test point failed or a test program crashed.
#
#   O=build/proxy PYTHON=/usr/bin/python3 tests/run-host.sh [NAME...]
set -u

dir=$(cd "$(dirname "$0")" && pwd)
O=${O:-$dir/../../build/proxy}
PYTHON=${PYTHON:-/usr/bin/python3}
export O
# No __pycache__ folders in the source tree
export PYTHONDONTWRITEBYTECODE=1

c_tests="test_conf test_esp_sa test_replay test_parse test_ah_mutable
	test_datapath test_hostile"
py_tests="test_vectors test_scapy_tshark test_encap_independent test_cli"
names=${*:-$c_tests $py_tests}

passed=0 failed=0 broken=""
for name in $names; do
	if [ -x "$O/tests/$name" ]; then
		cmd=("$O/tests/$name")
	elif [ -f "$dir/$name.py" ]; then
		cmd=("$PYTHON" "$dir/$name.py")
	else
		echo "# $name: not found (run make first)"
		broken="$broken $name"
		continue
	fi
	echo "# $name"
	out=$("${cmd[@]}" 2>&1)
	status=$?
	printf '%s\n' "$out"
	ok=$(printf '%s\n' "$out" | grep -c '^ok ')
	nok=$(printf '%s\n' "$out" | grep -c '^not ok ')
	passed=$((passed + ok))
	failed=$((failed + nok))
	if [ "$status" -ne 0 ] && [ "$nok" -eq 0 ]; then
		echo "# $name: exit status $status without a failed test point"
		broken="$broken $name"
	fi
done

[ -z "$broken" ] || echo "# broken:$broken"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ -z "$broken" ]
