#!/bin/bash
# Compare ucapi_batch()'s bounce buffer with pinned user pages.
#
#   bench-pin.sh [--out DIR] [--rounds N] [--duration SECONDS]
#
#   --out DIR           where the results go (default Documentation/bench/pin)
#   --rounds N          measurements per data path and point (default 7)
#   --duration SECONDS  timed run of one measurement (default 0.2)
#
# Steps:
#   1. build the pin kernel (scripts/kernel.sh build pin: the series and
#      kernel-patches/experimental/), libucapi and ucapi-bench;
#   2. boot it in the QEMU guest, set /sys/kernel/ucapi/datapath to pin and
#      let ucapi-bench's output check compare the syscall backend's output
#      with the openssl and af_alg backends' at every size (check.txt);
#   3. measure every point (case, operation, size, batch) ROUNDS times on
#      each data path with the syscall backend and one thread.  A round
#      measures the two paths back to back, bounce first in odd rounds and
#      pin first in even ones, so that drift of the machine reaches both
#      alike (samples.csv);
#   4. write the ratio pin/bounce per point, the median over the rounds of
#      the ratio within a round with its minimum and maximum (ratios.csv,
#      ratios.txt), the commands (command.txt) and the machine with the
#      host's load average during the run (machine.txt).
#
# Under TCG the guest CPU is emulated: only the ratios mean anything, and
# TCG weighs copies, page-table walks and AES instructions differently
# from real hardware (Documentation/benchmarks.md).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

BENCH=$BUILD/ucapi-bench/ucapi-bench
DATAPATH=/sys/kernel/ucapi/datapath
# The points: CASE:OPERATION pairs, then sizes and batches.
POINTS="rfc4106-128:encrypt rfc4106-128:decrypt cbc-aes-128:encrypt
	cbc-aes-128:decrypt hmac-sha256:digest null:encrypt"
SIZES=64,576,1420,4096,16384,65536
BATCHES=1,32
WARMUP=0.05

# set_datapath PATH: switch the guest kernel's data path and check it.
set_datapath()
{
	echo "$1" >"$DATAPATH"
	grep -qF "[$1]" "$DATAPATH" ||
		die "$DATAPATH shows '$(cat "$DATAPATH")' after writing $1"
}

# guest_check WORK: compare the pinned path's output with the other
# backends' at every size and batch of the run.
guest_check()
{
	local work=$1 rc=0

	set_datapath pin
	"$BENCH" --quick --quiet --backend syscall,af_alg,openssl \
		--alg rfc4106-128,cbc-aes-128,hmac-sha256 --size "$SIZES" \
		--batch "$BATCHES" >"$work/check.txt" 2>"$work/check.log" || rc=$?
	if [ $rc != 0 ]; then
		cat "$work/check.log" >&2
		die "ucapi-bench's output check failed on the pinned path (status $rc): see $work/check.txt"
	fi
}

# guest_drivers WORK: the implementation the Crypto API picks for each
# transform measured, the one of highest priority in /proc/crypto.
guest_drivers()
{
	python3 - "$1/drivers.txt" <<-'EOF'
	import sys
	names = ["rfc4106(gcm(aes))", "cbc(aes)", "hmac(sha256)", "ecb(cipher_null)"]
	best = {}
	for block in open("/proc/crypto").read().split("\n\n"):
	    pairs = (line.split(":", 1) for line in block.splitlines() if ":" in line)
	    fields = {key.strip(): value.strip() for key, value in pairs}
	    name = fields.get("name")
	    if name not in names:
	        continue
	    priority = int(fields["priority"])
	    if priority > best.get(name, ("", -1))[1]:
	        best[name] = (fields["driver"], priority)
	with open(sys.argv[1], "w") as out:
	    for name in names:
	        driver = best.get(name)
	        out.write("%s: %s\n" % (name, "%s (priority %d)" % driver
	                                 if driver else "not loaded"))
	EOF
}

# guest_measure WORK ROUNDS DURATION: the measurements of step 3.
guest_measure()
{
	local work=$1 rounds=$2 duration=$3 point case op size batch round
	local order path failed=0

	printf 'round,datapath,' >"$work/samples.csv"
	"$BENCH" --quick --quiet --backend syscall --alg null --size 64 \
		--batch 1 --csv | head -1 >>"$work/samples.csv"
	for point in $POINTS; do
		case=${point%%:*} op=${point#*:}
		printf 'measuring %s %s\n' "$case" "$op"
		for size in ${SIZES//,/ }; do
			for batch in ${BATCHES//,/ }; do
				for round in $(seq "$rounds"); do
					order="bounce pin"
					[ $((round % 2)) = 0 ] && order="pin bounce"
					for path in $order; do
						set_datapath "$path"
						"$BENCH" --quiet --backend syscall \
							--alg "$case" --op "$op" \
							--size "$size" --batch "$batch" \
							--threads 1 --trials 1 \
							--duration "$duration" \
							--warmup "$WARMUP" --csv \
							2>>"$work/measure.log" |
							tail -n +2 |
							sed "s/^/$round,$path,/" \
								>>"$work/samples.csv" ||
							failed=1
					done
				done
			done
		done
	done
	set_datapath bounce
	[ $failed = 0 ] || die "a measurement failed: see $work/measure.log"
}

if [ "${1:-}" = --in-guest ]; then
	[ "${UCAPI_IN_GUEST:-}" = 1 ] || die "--in-guest runs inside the guest only"
	[ -w "$DATAPATH" ] ||
		die "$DATAPATH is missing: boot the pin kernel (build/kernel/pin)"
	guest_check "$2"
	guest_drivers "$2"
	guest_measure "$2" "$3" "$4"
	exit 0
fi

out=$TOP/Documentation/bench/pin rounds=7 duration=0.2
while [ $# -gt 0 ]; do
	case $1 in
	--out) out=$2; shift 2 ;;
	--rounds) rounds=$2; shift 2 ;;
	--duration) duration=$2; shift 2 ;;
	*) die "unknown option '$1' (see the header of $0)" ;;
	esac
done
[[ $rounds =~ ^[1-9][0-9]*$ ]] ||
	die "invalid --rounds '$rounds': expected a positive integer"
[[ $duration =~ ^[0-9]*\.?[0-9]+$ ]] ||
	die "invalid --duration '$duration': expected seconds, such as 0.2"

WORK=$BUILD/bench-pin

bash "$TOP/scripts/kernel.sh" build pin

step_begin "build libucapi and ucapi-bench"
build_ucapi_bench
step_end

rm -rf "$WORK"
mkdir -p "$WORK" "$out"


guest_cmd=(bash "$TOP/scripts/bench-pin.sh" --in-guest "$WORK" "$rounds"
	"$duration")

step_begin "bounce buffer against pinned pages in the guest (pin kernel)"
note_load "guest run starts"
failed=0
bash "$TOP/scripts/guest-run.sh" --kernel pin --name bench-pin \
	--timeout 10800 -- "${guest_cmd[@]}" >"$WORK/guest-console.log" 2>&1 ||
	{ failed=1; printf '    guest run failed: see %s\n' "$WORK/guest-console.log"; }
note_load "guest run ended"
step_end

if [ $failed = 0 ]; then
	step_begin "ratios pin/bounce"
	python3 "$TOP/scripts/bench-pin-report.py" "$WORK/samples.csv" \
		"$WORK/ratios.csv" >"$WORK/ratios.txt" ||
		{ failed=1; printf '    report failed\n'; }
	cat "$WORK/ratios.txt"
	step_end
fi

{
	printf '# Commands of the run of %s (UTC); $BUILD is %s\n\n' \
		"$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$BUILD"
	printf 'scripts/bench-pin.sh --rounds %s --duration %s\n\n' \
		"$rounds" "$duration"
	printf '# the guest run:\nscripts/guest-run.sh --kernel pin --name bench-pin -- %s\n\n' \
		"${guest_cmd[*]}"
	printf '# in the guest, for each point, round and data path PATH:\n'
	printf 'echo PATH >%s\n' "$DATAPATH"
	printf '%q ' "$BENCH" --quiet --backend syscall --alg CASE --op OP \
		--size SIZE --batch BATCH --threads 1 --trials 1 \
		--duration "$duration" --warmup "$WARMUP" --csv
	printf '\n\n# points: %s\n# sizes: %s\n# batches: %s\n' \
		"$(printf '%s ' $POINTS)" "$SIZES" "$BATCHES"
} >"$WORK/command.txt"

{
	run_lines
	printf 'Kernel: build/kernel/pin, %s\n' \
		"$(git -C "$BUILD/linux-pin" log -1 --format='%h %s')"
	printf '\nHost\n'
	host_lines
	printf '  load average (1, 5, 15 min):\n'
	sed 's/^/    /' "$WORK/load.txt"
	printf '\nGuest\n'
	printf '  QEMU: %s\n' "$(qemu-system-x86_64 --version | head -1)"
	printf '  accelerator: %s\n' "$(tail -1 "$BUILD/guest/.accel" 2>/dev/null || echo unknown)"
	printf '  vCPUs: %s, memory: 2048 MiB (scripts/guest-run.sh defaults)\n' "$NPROC"
	printf '  crypto drivers picked (/proc/crypto in the guest):\n'
	sed 's/^/    /' "$WORK/drivers.txt" 2>/dev/null || printf '    unknown\n'
} >"$WORK/machine.txt"

results_copy "$out" ratios.txt ratios.csv samples.csv check.txt command.txt \
	machine.txt || failed=1
printf 'bench-pin: results in %s\n' "$out"
exit $failed
