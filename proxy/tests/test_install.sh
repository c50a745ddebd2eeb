#!/bin/bash
# make install of the gateway into staging folders, with PREFIX=/usr/local
# and PREFIX=/usr: the programs, the man pages, and a systemd unit under
# PREFIX whose ExecStart starts the installed ipsec-proxyd.
#
#   O=build/proxy test_install.sh
set -u
dir=$(cd "$(dirname "$0")" && pwd)
SRCDIR=$(cd "$dir/.." && pwd)
O=${O:?set O to the build folder}
MAKE=${MAKE:-make}
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

check_prefix() {	# check_prefix PREFIX
	local prefix=$1 root=$stage$1
	local unit=$root/lib/systemd/system/ipsec-proxyd.service

	check "make install PREFIX=$prefix into DESTDIR" \
		$MAKE -s -C "$SRCDIR" O="$O" install PREFIX="$prefix" \
		DESTDIR="$stage"
	for f in sbin/ipsec-proxyd sbin/ipsec-proxyctl \
		share/man/man5/ipsec-proxyd.conf.5 \
		share/man/man5/ipsec-proxyd.rules.5 \
		share/man/man8/ipsec-proxyd.8 share/man/man8/ipsec-proxyctl.8; do
		check "PREFIX=$prefix: installed $f" test -e "$root/$f"
	done
	check "PREFIX=$prefix: unit in $prefix/lib/systemd/system" \
		test -f "$unit"
	check "PREFIX=$prefix: ExecStart starts $prefix/sbin/ipsec-proxyd" \
		grep -q "^ExecStart=$prefix/sbin/ipsec-proxyd " "$unit"
	check "PREFIX=$prefix: unit otherwise as in the source" \
		diff <(sed "s|$prefix/sbin/ipsec-proxyd|/usr/sbin/ipsec-proxyd|" \
			"$unit") "$SRCDIR/ipsec-proxyd.service"
	check "PREFIX=$prefix: installed ipsec-proxyd runs" \
		"$root/sbin/ipsec-proxyd" --version
}

rm -rf "$stage"
mkdir -p "$stage"
check_prefix /usr/local
rm -rf "$stage"
mkdir -p "$stage"
check_prefix /usr
echo "1..$n"
rm -rf "$stage" "$stage.log"
[ $failed = 0 ]
