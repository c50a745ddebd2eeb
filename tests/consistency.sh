#!/bin/bash
# Checks that the patch series and the repository agree, as TAP: every patch
# of the series and of kernel-patches/experimental/ passes checkpatch
# --strict, and the UAPI header and selftests the series adds to the kernel
# are the same files the library and selftests/ use.
set -uo pipefail
source "$(dirname "$0")/../scripts/lib.sh"

WORK=$(mktemp -d "$BUILD/consistency.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
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

bash "$TOP/scripts/kernel.sh" tree >&2

# checkpatch message types that a patch may raise, each with the reason it
# is a false positive there: PATCH-NUMBER TYPE REASON.  The numbers of
# experimental patches start with experimental/.
CHECKPATCH_ALLOWED='
0002 ENOSYS key.c turns the -ENOSYS that crypto_shash_setkey returns for an unkeyed hash into -EOPNOTSUPP; it compares a received value and never returns ENOSYS
0003 FILE_PATH_CHANGES the new file is in crypto/ucapi/, which 0002 adds to MAINTAINERS; checkpatch reads each patch alone
0005 ENOSYS ucapi_off_test checks that a kernel without CONFIG_UCAPI returns ENOSYS for the syscall numbers, the one meaning checkpatch reserves ENOSYS for
experimental/0001 FILE_PATH_CHANGES the new file is in crypto/ucapi/, which 0002 adds to MAINTAINERS; checkpatch reads each patch alone
'

# allowed_types PATCH: the checkpatch types PATCH, named relative to
# kernel-patches/, may raise, comma-separated.
allowed_types()
{
	local number=${1%%-*}

	printf '%s\n' "$CHECKPATCH_ALLOWED" |
		awk -v n="$number" '$1 == n { printf "%s%s", sep, $2; sep = "," }'
}

for patch in "$TOP"/kernel-patches/*.patch \
	"$TOP"/kernel-patches/experimental/*.patch; do
	[ -f "$patch" ] || continue
	name=${patch#"$TOP"/kernel-patches/}
	ignore=$(allowed_types "$name")
	(cd "$BUILD/linux" && scripts/checkpatch.pl --strict --quiet \
		${ignore:+--ignore "$ignore"} "$patch") >"$WORK/checkpatch.out" 2>&1
	rc=$?
	sed 's/^/# /' "$WORK/checkpatch.out"
	ok $rc "checkpatch --strict $name"
done

# Replay the series on an empty tree, keeping only the files compared here.
git -C "$WORK" init -q series
for patch in "$TOP"/kernel-patches/*.patch; do
	git -C "$WORK/series" apply --include='include/uapi/linux/ucapi.h' \
		--include='tools/testing/selftests/ucapi/*' "$patch" 2>>"$WORK/apply.err"
done
sed 's/^/# /' "$WORK/apply.err"

cmp -s "$WORK/series/include/uapi/linux/ucapi.h" \
	"$TOP/ucapi-lib/include/uapi/linux/ucapi.h"
ok $? "library's copy of the UAPI header matches the series"

for file in "$TOP"/selftests/ucapi/*; do
	[ -f "$file" ] || continue
	cmp -s "$file" "$WORK/series/tools/testing/selftests/ucapi/$(basename "$file")"
	ok $? "selftests/ucapi/$(basename "$file") matches the series"
done
for file in "$WORK"/series/tools/testing/selftests/ucapi/*; do
	[ -f "$TOP/selftests/ucapi/$(basename "$file")" ]
	ok $? "series file tools/testing/selftests/ucapi/$(basename "$file") is in selftests/ucapi"
done

echo "1..$n"
exit $failed
