#!/bin/bash
# Run the libucapi test suite inside the QEMU guest, where the kernel
# backends exist.
#
#   run-guest.sh [--kernel VARIANT]    on the host (default: default)
#
# The default kernel has the ucapi system calls and AF_ALG, so both kernel
# backends are required there: their absence fails the run instead of
# skipping.  The off kernel (CONFIG_UCAPI=n) requires AF_ALG only.  Build
# the tests on the host first (make -C ucapi-lib tests).
set -euo pipefail
SRCDIR=$(cd "$(dirname "$0")/.." && pwd)
TOP=$(cd "$SRCDIR/.." && pwd)
O=${UCAPI_O:-$TOP/build/ucapi-lib}

tests=(test_api test_kat test_diff test_errors test_threads
       test_syscall_table test_keyring)

run_inside()
{
	local bins=() t

	for t in "${tests[@]}"; do
		bins+=("$O/tests/$t")
	done
	export UCAPI_SRCDIR=$SRCDIR UCAPI_O=$O UCAPI_TOP=$TOP
	export UCAPI_VERSION=${UCAPI_VERSION:-0.1.0}
	unset UCAPI_BACKEND
	echo "# kernel $(uname -r), required backends: $UCAPI_REQUIRE_BACKENDS"
	prove -v -e '' "${bins[@]}" "$SRCDIR/tests/test_exports.sh"
}

if [ "${1:-}" = --inside ]; then
	export UCAPI_REQUIRE_BACKENDS=$2
	run_inside
	exit
fi

variant=default
if [ "${1:-}" = --kernel ]; then
	variant=$2
fi
case $variant in
off) required=af_alg ;;
*) required=syscall,af_alg ;;
esac
for t in "${tests[@]}"; do
	[ -x "$O/tests/$t" ] || {
		echo "run-guest.sh: $O/tests/$t is missing: run make -C $SRCDIR tests" >&2
		exit 1
	}
done
exec "$TOP/scripts/guest-run.sh" --kernel "$variant" --name ucapi-lib \
	--timeout 900 -- "$SRCDIR/tests/run-guest.sh" --inside "$required"
