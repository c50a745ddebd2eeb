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

# Benchmarks: what a result file records about the run and the machine.

# note_load WHAT: append the time and the host's load average to
# $WORK/load.txt.  Other work on the host slows the guest and widens the
# spread of a benchmark's rounds.
note_load()
{
	printf '%s %s: %s\n' "$(date -u +%H:%M:%S)" "$1" \
		"$(cut -d' ' -f1-3 /proc/loadavg)" >>"$WORK/load.txt"
}

# run_lines: print the date of the run and the commit it measured.
run_lines()
{
	printf 'Run date (UTC): %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
	printf 'Repository: %s%s\n' "$(git -C "$TOP" rev-parse --short HEAD)" \
		"$(git -C "$TOP" diff --quiet HEAD 2>/dev/null || echo ' with uncommitted changes')"
}

# host_lines: print the host's CPU, memory, kernel and OS, indented.
host_lines()
{
	printf '  CPU: %s, %s online CPUs\n' \
		"$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)" "$(nproc)"
	printf '  virtualized: %s\n' \
		"$(grep -q -w hypervisor /proc/cpuinfo && echo 'yes (the hypervisor flag is set)' || echo no)"
	printf '  memory: %s MiB\n' "$(awk '/^MemTotal/ { print int($2 / 1024) }' /proc/meminfo)"
	printf '  kernel: %s\n' "$(uname -r)"
	printf '  OS: %s\n' "$(. /etc/os-release && echo "$PRETTY_NAME")"
}

# results_copy OUT FILE...: copy each FILE from $WORK to OUT, first removing
# OUT's copy so that no file of an earlier run stays next to this run's.
# Returns 1 when a FILE is missing or empty.
results_copy()
{
	local out=$1 f rc=0

	shift
	for f in "$@"; do
		rm -f "$out/$f"
		if [ -s "$WORK/$f" ]; then
			cp "$WORK/$f" "$out/$f"
		else
			rc=1
			printf '    %s is missing or empty\n' "$WORK/$f"
		fi
	done
	return $rc
}

# build_ucapi_bench: build libucapi and ucapi-bench into $BUILD.
build_ucapi_bench()
{
	make -s -C "$TOP/ucapi-lib" O="$BUILD/ucapi-lib" lib
	make -s -C "$TOP/ucapi-lib/bench" O="$BUILD/ucapi-bench" UCAPI_O="$BUILD/ucapi-lib"
}
