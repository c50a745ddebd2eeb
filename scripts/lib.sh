# Shared shell helpers for the build and test scripts.  Source it; do not run it.

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${BUILD:-$TOP/build}
export BUILD
NPROC=$(nproc)

# step_begin NAME: print a "==> NAME" line and start its timer.
step_begin()
{
	STEP_NAME=$1
	STEP_START=$(date +%s)
	printf '==> %s\n' "$STEP_NAME"
}

# step_end: print how long the step started by step_begin took.
step_end()
{
	local secs=$(($(date +%s) - STEP_START))

	printf '<== %s: done in %dm%02ds\n' "$STEP_NAME" $((secs / 60)) $((secs % 60))
}

die()
{
	printf 'error: %s\n' "$*" >&2
	exit 1
}

# hash_files FILE...: print one SHA-256 over the names and contents of FILEs.
hash_files()
{
	local f

	for f in "$@"; do
		printf '%s\n' "${f##*/}"
		cat "$f"
	done | sha256sum | cut -d' ' -f1
}
