#!/bin/bash
# The shared library exports exactly the public ucapi_* calls, all at
# version UCAPI_0.1, under the soname libucapi.so.0.
set -u
O=${UCAPI_O:?set UCAPI_O to the build folder}
SRCDIR=${UCAPI_SRCDIR:?set UCAPI_SRCDIR to ucapi-lib}
lib=$O/libucapi.so.0
n=0 failed=0

check() {	# check NAME COMMAND...
	local name=$1
	shift
	n=$((n + 1))
	if "$@"; then
		echo "ok $n - $name"
	else
		echo "not ok $n - $name"
		failed=$((failed + 1))
	fi
}

exported=$(nm -D --defined-only "$lib" | awk '$2 == "T" { print $3 }' | sort)
declared=$(grep -o 'ucapi_[a-z_]*(' "$SRCDIR/include/ucapi.h" | tr -d '(' | sort -u)

check "soname is libucapi.so.0" \
	bash -c "readelf -d '$lib' | grep -q 'SONAME.*\[libucapi.so.0\]'"
check "every exported symbol is versioned UCAPI_0.1" \
	bash -c "! grep -v '@@UCAPI_0.1$' <<<'$exported' | grep -q ."
check "exports equal the calls of ucapi.h" \
	test "$(sed 's/@@UCAPI_0.1$//' <<<"$exported")" = "$declared"
if [ "$(sed 's/@@UCAPI_0.1$//' <<<"$exported")" != "$declared" ]; then
	diff <(sed 's/@@UCAPI_0.1$//' <<<"$exported") <(echo "$declared") |
		sed 's/^/# /'
fi
check "no internal symbol exported" \
	bash -c "! nm -D --defined-only '$lib' | awk '{ print \$3 }' | grep -v '^ucapi_' | grep -v '^UCAPI_0.1$' | grep -q ."
echo "1..$n"
[ $failed = 0 ]
