#!/bin/bash
# make install into a staging folder, then build the example against the
# installed library with pkg-config only, and run it.
set -u
O=${UCAPI_O:?set UCAPI_O to the build folder}
SRCDIR=${UCAPI_SRCDIR:?set UCAPI_SRCDIR to ucapi-lib}
MAKE=${MAKE:-make}
# Sanitizer builds pass their flags: the example must link the same runtime.
CFLAGS_EXTRA=${UCAPI_EXTRA_CFLAGS:-}
stage=$O/install-test
n=0 failed=0

check() {	# check NAME COMMAND...
	local name=$1
	shift
	n=$((n + 1))
	if "$@" >"$stage.log" 2>&1; then
		echo "ok $n - $name"
	else
		echo "not ok $n - $name"
		sed 's/^/# /' "$stage.log"
		failed=$((failed + 1))
	fi
}

rm -rf "$stage"
mkdir -p "$stage"
check "make install into DESTDIR" \
	$MAKE -s -C "$SRCDIR" O="$O" install PREFIX=/usr/local DESTDIR="$stage"
for f in lib/libucapi.so.0 lib/libucapi.so lib/libucapi.a \
	include/ucapi.h lib/pkgconfig/ucapi.pc share/man/man3/ucapi_open.3; do
	check "installed $f" test -e "$stage/usr/local/$f"
done

export PKG_CONFIG_PATH=$stage/usr/local/lib/pkgconfig
export PKG_CONFIG_SYSROOT_DIR=$stage
check "pkg-config finds ucapi" pkg-config --exists ucapi
check "example builds with pkg-config flags" \
	bash -c "cc $CFLAGS_EXTRA '$SRCDIR/examples/example.c' \$(pkg-config --cflags --libs ucapi) -o '$stage/example'"
check "example runs against the installed library" \
	env LD_LIBRARY_PATH="$stage/usr/local/lib" "$stage/example"
check "example uses the installed library" \
	bash -c "LD_LIBRARY_PATH='$stage/usr/local/lib' ldd '$stage/example' | grep -q '$stage/usr/local/lib/libucapi.so.0'"
check "static link with pkg-config --static" \
	bash -c "cc $CFLAGS_EXTRA '$SRCDIR/examples/example.c' \$(pkg-config --cflags ucapi) '$stage/usr/local/lib/libucapi.a' \$(pkg-config --libs-only-l --static ucapi | sed 's/-lucapi//') -o '$stage/example-static' && '$stage/example-static'"
echo "1..$n"
rm -f "$stage.log"
[ $failed = 0 ]
