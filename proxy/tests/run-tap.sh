#!/bin/bash
# Run the proxy's tests as one TAP stream (for make check).
#
#   O=build/proxy run-tap.sh
#
# The Python tests need Debian's python3 (for python3-scapy), whatever
# python3 comes first in PATH.  The tests use libucapi's automatic backend
# choice unless UCAPI_BACKEND names one, so the same script serves the host
# (in-process backend) and the guest (syscall).
set -euo pipefail
dir=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$dir/../.." && pwd)
export O=${O:-$TOP/build/proxy}
export PYTHONDONTWRITEBYTECODE=1

commands=()
for name in test_conf test_esp_sa test_replay test_parse test_ah_mutable \
		test_datapath test_hostile; do
	commands+=("$O/tests/$name")
done
for name in test_vectors test_scapy_tshark test_encap_independent test_cli; do
	commands+=("/usr/bin/python3 $dir/$name.py")
done
# The install test runs make, which is slow under emulation, and checks
# nothing that depends on the kernel, so only the host runs it.
if [ "${UCAPI_IN_GUEST:-}" != 1 ]; then
	commands+=("bash $dir/test_install.sh")
fi
exec python3 "$TOP/scripts/tap-merge.py" "${commands[@]}"
