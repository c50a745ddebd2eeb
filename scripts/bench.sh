#!/bin/bash
# Measure libucapi's backends with ucapi-bench and record the results.
#
#   bench.sh [--out DIR] [--kernel VARIANT] [-- UCAPI-BENCH-OPTION...]
#
#   --out DIR         where the results go (default Documentation/bench)
#   --kernel VARIANT  guest kernel (default: default, the one with the ucapi
#                     system calls; "off" has AF_ALG only)
#   OPTIONS after --  passed to both ucapi-bench runs, e.g. -- --quick;
#                     without them the full matrix runs
#
# Steps:
#   1. build libucapi and ucapi-bench;
#   2. run ucapi-bench in the QEMU guest: syscall, af_alg and openssl
#      backends side by side (guest.*);
#   3. run the openssl backend on the host (host-openssl.*);
#   4. run `openssl speed -evp aes-128-gcm` on the host: the rate of
#      AES-128-GCM without per-record setup (no -aead option), a ceiling
#      for in-process crypto (openssl-speed.txt);
#   5. write the commands (command.txt), and the machine with the host's
#      load average during the run (machine.txt).
#
# Each run writes .txt (the table), .json, .csv and .png, a chart of MB/s
# against size.  The chart shows what ucapi-bench's --plot defaults pick:
# in the full matrix, rfc4106(gcm(aes)) AES-128 encryption at batch 32
# with one thread.
# Under TCG the guest CPU is emulated: only ratios between backends of one
# run mean anything, never absolute rates, and never guest against host.
# With --threads 1 the full matrix took 16 minutes in the guest and 5 on
# the host of Documentation/benchmarks.md; the default 1 and 2 threads
# double the points, so expect about twice that.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

out=$TOP/Documentation/bench variant=default
while [ $# -gt 0 ]; do
	case $1 in
	--out) out=$2; shift 2 ;;
	--kernel) variant=$2; shift 2 ;;
	--) shift; break ;;
	*) die "unknown option '$1' (see the header of $0)" ;;
	esac
done
bench_args=("$@")

BENCH=$BUILD/ucapi-bench/ucapi-bench
WORK=$BUILD/bench
# The chart follows ucapi-bench's defaults unless --plot-* options choose.
for arg in "${bench_args[@]}"; do
	case $arg in
	--plot|--plot=*|--csv*|--json*) die "bench.sh sets $arg itself; leave it out" ;;
	esac
done

step_begin "build libucapi and ucapi-bench"
build_ucapi_bench
step_end

rm -rf "$WORK"
mkdir -p "$WORK" "$out"
failed=0


# bench_cmd PREFIX [OPTION...]: print the shell command of one ucapi-bench
# run that writes $WORK/PREFIX.*.  The guest runs it as it is, because it
# sees $BUILD read-write at the same path.
bench_cmd()
{
	local prefix=$1

	shift
	printf '%q ' "$BENCH" "$@" "${bench_args[@]}" \
		--json="$WORK/$prefix.json" --csv="$WORK/$prefix.csv" \
		--plot "$WORK/$prefix.png"
	printf '>%q 2>%q\n' "$WORK/$prefix.txt" "$WORK/$prefix.log"
}

guest_cmd=$(bench_cmd guest)
host_cmd=$(bench_cmd host-openssl --backend openssl)
speed_cmd="openssl speed -evp aes-128-gcm"

step_begin "ucapi-bench in the guest ($variant kernel)"
note_load "guest run starts"
bash "$TOP/scripts/guest-run.sh" --kernel "$variant" --name bench \
	--timeout 10800 -- bash -c "$guest_cmd" >"$WORK/guest-console.log" 2>&1 ||
	{ failed=1; printf '    guest run failed: see %s and %s\n' \
		"$WORK/guest-console.log" "$WORK/guest.log"; }
step_end

note_load "guest run ended"
step_begin "ucapi-bench on the host, openssl backend"
bash -c "$host_cmd" ||
	{ failed=1; printf '    host run failed: see %s\n' "$WORK/host-openssl.log"; }
step_end

note_load "host run ended"
step_begin "openssl speed on the host"
$speed_cmd >"$WORK/openssl-speed.txt" 2>"$WORK/openssl-speed.log" ||
	{ failed=1; printf '    openssl speed failed: see %s\n' "$WORK/openssl-speed.log"; }
step_end

{
	printf '# Commands of the run of %s (UTC); $BUILD is %s\n\n' \
		"$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$BUILD"
	printf '# in the guest:\nscripts/guest-run.sh --kernel %s --name bench -- bash -c %q\n\n' \
		"$variant" "$guest_cmd"
	printf '# on the host:\n%s\n%s\n' "$host_cmd" "$speed_cmd"
} >"$WORK/command.txt"

{
	run_lines
	printf '\nHost\n'
	host_lines
	printf '  OpenSSL: %s\n' "$(openssl version)"
	printf '  compiler: %s\n' "$(cc --version | head -1)"
	printf '  load average (1, 5, 15 min) during the run:\n'
	sed 's/^/    /' "$WORK/load.txt"
	printf '\nGuest\n'
	printf '  QEMU: %s\n' "$(qemu-system-x86_64 --version | head -1)"
	printf '  accelerator: %s\n' "$(tail -1 "$BUILD/guest/.accel" 2>/dev/null || echo unknown)"
	printf '  vCPUs: %s, memory: 2048 MiB (scripts/guest-run.sh defaults)\n' "$NPROC"
	printf '  kernel: build/kernel/%s\n' "$variant"
	if [ -s "$WORK/guest.json" ]; then
		python3 -c '
import json, sys
m = json.load(open(sys.argv[1]))["machine"]
print("  as ucapi-bench saw it: %s, %d CPUs: %s"
      % (m["kernel"], m["cpus"], m["cpu_model"]))' \
			"$WORK/guest.json"
	fi
} >"$WORK/machine.txt"

results_copy "$out" guest.txt guest.json guest.csv guest.png \
	host-openssl.txt host-openssl.json host-openssl.csv host-openssl.png \
	openssl-speed.txt command.txt machine.txt || failed=1
printf 'bench: results in %s\n' "$out"
exit $failed
