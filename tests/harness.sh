#!/bin/bash
# Tests of the build and test harness itself, as TAP: a patch that does not
# apply, a guest kernel report, a missing exit status, a timeout and a suite
# without results must each fail the run; good runs must pass.
set -uo pipefail
source "$(dirname "$0")/../scripts/lib.sh"

WORK=$(mktemp -d "$BUILD/harness-test.XXXXXX")
KERNEL=off
n=0
failed=0

ok()
{
	n=$((n + 1))
	if [ "$1" = 0 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		failed=1
	fi
}

cleanup()
{
	rm -rf "$WORK"
}
trap cleanup EXIT

# guest EXPECTED_STATUS NAME ARGS...: run the guest, check its exit status.
guest()
{
	local want=$1 name=$2 rc=0
	shift 2

	bash "$TOP/scripts/guest-run.sh" --kernel "$KERNEL" --name "harness-$name" \
		"$@" >"$WORK/$name.out" 2>&1 || rc=$?
	[ "$rc" = "$want" ]
	ok $? "guest run '$name' exits with status $want (got $rc)"
}

# out_has NAME PATTERN DESCRIPTION
out_has()
{
	grep -q -E "$2" "$WORK/$1.out"
	ok $? "$3"
}

test_patches()
{
	local stamps=$WORK/stamps patches=$WORK/patches rc=0

	mkdir -p "$stamps" "$patches"
	stat -c '%s %Y' /usr/src/linux-source-6.12.tar.xz >"$stamps/tarball"
	# A one-file tree holding the kernel's top-level Makefile keeps the test
	# fast; kernel.sh applies patches to it exactly as to the full tree.
	mkdir -p "$WORK/tree"
	git -C "$BUILD/linux" show ucapi-base:Makefile >"$WORK/tree/Makefile"
	git -C "$WORK/tree" init -q
	git -C "$WORK/tree" add Makefile
	git -C "$WORK/tree" -c user.name=t -c user.email=t@localhost \
		commit -q -m base
	git -C "$WORK/tree" tag ucapi-base

	# A good patch: change a line of the top-level Makefile.
	sed -i 's/^NAME = .*/NAME = harness test/' "$WORK/tree/Makefile"
	git -C "$WORK/tree" -c user.name=t -c user.email=t@localhost \
		commit -q -am "test: rename the release"
	git -C "$WORK/tree" format-patch -q -1 -o "$patches"
	git -C "$WORK/tree" reset -q --hard HEAD~1

	KERNEL_TREE=$WORK/tree KERNEL_PATCH_DIR=$patches KERNEL_STAMP_DIR=$stamps \
		bash "$TOP/scripts/kernel.sh" tree >"$WORK/good.out" 2>&1
	ok $? "kernel.sh applies a patch that fits"
	grep -q '^NAME = harness test' "$WORK/tree/Makefile"
	ok $? "the applied patch changed the tree"

	# The same patch with its context damaged no longer applies.
	sed -i 's/^ PATCHLEVEL = \(.*\)$/ PATCHLEVEL = 99/' "$patches"/*.patch
	KERNEL_TREE=$WORK/tree KERNEL_PATCH_DIR=$patches KERNEL_STAMP_DIR=$stamps \
		bash "$TOP/scripts/kernel.sh" tree >"$WORK/bad.out" 2>&1 || rc=$?
	[ $rc != 0 ]
	ok $? "kernel.sh fails on a patch that does not apply"
	grep -q "patch 0001-test-rename-the-release.patch does not apply" "$WORK/bad.out"
	ok $? "the failure names the patch"
	grep -q "rejected hunk in Makefile" "$WORK/bad.out"
	ok $? "the failure shows the rejected hunk"
}

test_guest()
{
	guest 0 true -- true
	guest 3 status -- sh -c 'exit 3'
	guest 0 repo-visible -- test -f "$TOP/scripts/guest-run.sh"
	guest 0 build-writable -- sh -c "echo x >'$WORK/from-guest'"
	[ -f "$WORK/from-guest" ]
	ok $? "a file the guest wrote to build/ is on the host"
	guest 1 warning -- sh -c 'echo WARNING >/sys/kernel/debug/provoke-crash/DIRECT'
	out_has warning 'reported a problem' "a guest WARNING fails the run"
	guest 1 oops -- sh -c 'echo BUG >/sys/kernel/debug/provoke-crash/DIRECT'
	out_has oops 'reported a problem' "a guest oops fails the run"
	guest 1 no-status -- sh -c 'echo o >/proc/sysrq-trigger; sleep 30'
	out_has no-status 'exit status is missing' "a run without an exit status fails"
	guest 124 timeout --timeout 20 -- sleep 600
}

test_summary()
{
	local dir=$WORK/tap rc=0

	mkdir -p "$dir"
	printf '1..2\nok 1 - a\nok 2 - b\n' >"$dir/good.tap"
	printf '1..3\nok 1 - a\n' >"$dir/short.tap"
	bash "$TOP/scripts/tap-summary.sh" good="$dir/good.tap" >"$WORK/sum1.out"
	ok $? "summary passes a complete suite"
	grep -qx '2 passed, 0 failed' "$WORK/sum1.out"
	ok $? "summary counts a complete suite"
	bash "$TOP/scripts/tap-summary.sh" good="$dir/good.tap" \
		missing="$dir/none.tap" >"$WORK/sum2.out" || rc=$?
	[ $rc != 0 ] && grep -qx '2 passed, 1 failed' "$WORK/sum2.out"
	ok $? "summary fails a suite without results"
	rc=0
	bash "$TOP/scripts/tap-summary.sh" short="$dir/short.tap" >"$WORK/sum3.out" || rc=$?
	[ $rc != 0 ] && grep -qx '1 passed, 1 failed' "$WORK/sum3.out"
	ok $? "summary fails a suite that ran fewer tests than planned"
}


test_summary
test_patches
make -s -C "$TOP" kernel-$KERNEL >&2
test_guest
echo "1..$n"
exit $failed
