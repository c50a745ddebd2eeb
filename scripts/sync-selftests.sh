#!/bin/bash
# Copy selftests/ucapi/ into the kernel tree as tools/testing/selftests/ucapi/
# and fold it into the series' selftests commit, so that the patch series and
# the repository carry the same tests.
#
#   sync-selftests.sh
#
# When HEAD of build/linux is the selftests commit (subject "selftests:
# ucapi: ..."), it is amended; otherwise a new commit is created on top.
# Then kernel-patches/ is exported again.  Fails when build/linux has
# uncommitted changes outside the selftests folder.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

TREE=$BUILD/linux
SRC=$TOP/selftests/ucapi
DEST=tools/testing/selftests/ucapi
SUBJECT='selftests: ucapi: add tests of the ucapi system calls'

[ -d "$TREE/.git" ] || die "no kernel tree in $TREE: run scripts/kernel.sh tree"
git -C "$TREE" diff --quiet HEAD -- . ":(exclude)$DEST" ||
	die "build/linux has uncommitted changes outside $DEST: commit them first"

rm -rf "${TREE:?}/$DEST"
mkdir -p "$TREE/$DEST"
# Build products of an out-of-tree run in selftests/ucapi/build stay out.
find "$SRC" -maxdepth 1 -type f ! -name '*.o' -exec cp {} "$TREE/$DEST/" \;

# Register the target once in the selftests Makefile, in sorted position.
if ! grep -qx 'TARGETS += ucapi' "$TREE/tools/testing/selftests/Makefile"; then
	sed -i '/^TARGETS += tty$/a TARGETS += ucapi' \
		"$TREE/tools/testing/selftests/Makefile"
	grep -qx 'TARGETS += ucapi' "$TREE/tools/testing/selftests/Makefile" ||
		die "cannot find where to add ucapi in tools/testing/selftests/Makefile"
fi

# The MAINTAINERS entry lists the selftests folder.
if ! grep -qx "F:	$DEST/" "$TREE/MAINTAINERS"; then
	sed -i "/^UCAPI CRYPTO API SYSTEM CALLS$/,/^$/ s|^F:	include/uapi/linux/ucapi.h$|&\nF:	$DEST/|" \
		"$TREE/MAINTAINERS"
	grep -qx "F:	$DEST/" "$TREE/MAINTAINERS" ||
		die "no UCAPI entry in MAINTAINERS to add $DEST/ to"
fi

git -C "$TREE" add -A "$DEST" tools/testing/selftests/Makefile MAINTAINERS
# The tree's top-level .gitignore ignores every dotfile, this one included.
git -C "$TREE" add -f "$DEST/.gitignore"
if git -C "$TREE" diff --cached --quiet; then
	printf 'selftests: build/linux already matches selftests/ucapi\n'
else
	GIT=(git -C "$TREE" -c "user.name=ucapi developers" -c user.email=ucapi@localhost)
	if [ "$(git -C "$TREE" log -1 --format=%s)" = "$SUBJECT" ]; then
		"${GIT[@]}" commit -q --amend --no-edit
		printf 'selftests: amended %s\n' "$(git -C "$TREE" log -1 --format=%h)"
	else
		"${GIT[@]}" commit -q -F - <<MSG
$SUBJECT

Test every ucapi system call with the kselftest harness:

 - ucapi_kat_test: published known-answer vectors for rfc4106(gcm(aes))
   with 128 and 256 bit keys and 8, 12 and 16 byte tags, rfc4543,
   rfc7539esp, authenc(hmac(sha1|sha256),cbc(aes)), cbc(aes), ctr(aes),
   hmac(sha1), hmac(sha256) and sha256.
 - ucapi_afalg_test: random batches compared with AF_ALG on the same
   kernel.
 - ucapi_errors_test: each invalid argument, pointer, length and limit.
 - ucapi_session_test: GET_INFO, threads, dup(), fork(), descriptor
   leaks, close-on-exec, keyring keys, seccomp, signals and sysfs.
 - ucapi_off_test, run by hand on a kernel without CONFIG_UCAPI: the
   calls return -ENOSYS and /sys/kernel/ucapi is absent.

Signed-off-by: ucapi developers <ucapi@localhost>
MSG
		printf 'selftests: created %s\n' "$(git -C "$TREE" log -1 --format=%h)"
	fi
fi
bash "$TOP/scripts/kernel.sh" export
