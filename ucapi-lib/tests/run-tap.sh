#!/bin/bash
# Run the library's tests as one TAP stream (for make check).
#
#   run-tap.sh host             OpenSSL only; the kernel backends are absent
#   run-tap.sh guest REQUIRED   in the guest; REQUIRED lists the backends whose
#                               absence is a failure (e.g. syscall,af_alg)
#
# UCAPI_O selects the build folder (default build/ucapi-lib), so the
# sanitizer builds run through the same script; set UCAPI_SANITIZER for them.
set -euo pipefail
SRCDIR=$(cd "$(dirname "$0")/.." && pwd)
TOP=$(cd "$SRCDIR/.." && pwd)
export UCAPI_SRCDIR=$SRCDIR UCAPI_TOP=$TOP
export UCAPI_O=${UCAPI_O:-$TOP/build/ucapi-lib}
export UCAPI_VERSION=${UCAPI_VERSION:-0.1.0}
export MAKE=${MAKE:-make}
unset UCAPI_BACKEND

tests=(test_api test_kat test_diff test_errors test_threads
	test_syscall_table test_keyring)
commands=()
for t in "${tests[@]}"; do
	commands+=("$UCAPI_O/tests/$t")
done
commands+=("bash $SRCDIR/tests/test_exports.sh")

case ${1:-} in
host)
	# The install test builds a program against the installed library,
	# which a sanitizer build of the library cannot link.
	if [ -z "${UCAPI_SANITIZER:-}" ]; then
		commands+=("bash $SRCDIR/tests/test_install.sh")
	fi
	;;
guest)
	export UCAPI_REQUIRE_BACKENDS=${2:?required backends}
	;;
*)
	echo "usage: $0 host | guest REQUIRED_BACKENDS" >&2
	exit 2
	;;
esac
exec python3 "$TOP/scripts/tap-merge.py" "${commands[@]}"
