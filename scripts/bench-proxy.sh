#!/bin/bash
# Measure ipsec-proxyd --inline against the kernel's XFRM decapsulation of
# the same ESP traffic, in the QEMU guest, and record the results.
#
#   bench-proxy.sh [--out DIR] [--quick] [-- BENCH-PROXY-OPTION...]
#
#   --out DIR   where the results go (default Documentation/bench/proxy;
#               with --quick, build/bench-proxy-quick)
#   --quick     the smoke run of proxy/bench/bench_proxy.py: one short round,
#               no breakdown; about a minute in the guest
#   OPTIONS after --  passed to proxy/bench/bench_proxy.py (--help there)
#
# Steps:
#   1. build libucapi, the gateway, ucapi-bench and bench-send;
#   2. boot the default kernel in the guest and run bench_proxy.py there:
#      rounds of the cases gen, kernel, gw1, gw2, gw1-rules and the drains,
#      then perf profiles of kernel, gw1 and gw1-rules and the breakdown
#      (offline mode and ucapi-bench);
#   3. copy results.txt, results.csv, results.json, crypto.json and the
#      profiles (perf-*.txt), and write the commands (command.txt) and the
#      machine with the host's load average before and after the run
#      (machine.txt).
#
# Under TCG the guest CPU is emulated: only ratios between cases of one
# run mean anything.  The recorded run took 8 minutes in the guest, the
# quick one about 1 (Documentation/benchmarks.md).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

out= quick=0
while [ $# -gt 0 ]; do
	case $1 in
	--out) out=$2; shift 2 ;;
	--quick) quick=1; shift ;;
	--) shift; break ;;
	*) die "unknown option '$1' (see the header of $0)" ;;
	esac
done
bench_args=("$@")
if [ -z "$out" ]; then
	out=$TOP/Documentation/bench/proxy
	[ $quick = 1 ] && out=$BUILD/bench-proxy-quick
fi
[ $quick = 1 ] && bench_args=(--quick "${bench_args[@]}")

WORK=$BUILD/bench-proxy
RESULT_FILES="results.txt results.csv results.json"
[ $quick = 1 ] || RESULT_FILES+=" crypto.json"

step_begin "build user space and bench-send"
bash "$TOP/scripts/check.sh" build-userland
make -s -C "$TOP/ucapi-lib/bench" O="$BUILD/ucapi-bench" UCAPI_O="$BUILD/ucapi-lib"
make -s -C "$TOP/proxy/bench" O="$BUILD/proxy-bench"
step_end

rm -rf "$WORK"
mkdir -p "$WORK" "$out"


guest_cmd=$(printf '%q ' /usr/bin/python3 "$TOP/proxy/bench/bench_proxy.py" \
	--out "$WORK" "${bench_args[@]}")
failed=0
step_begin "bench_proxy.py in the guest (default kernel)"
note_load "guest run starts"
bash "$TOP/scripts/guest-run.sh" --kernel default --name bench-proxy \
	--timeout 3600 -- bash -c "$guest_cmd" >"$WORK/guest-console.log" 2>&1 ||
	{ failed=1; printf '    guest run failed: see %s\n' "$WORK/guest-console.log"; }
note_load "guest run ended"
step_end

{
	printf '# Commands of the run of %s (UTC); $BUILD is %s\n\n' \
		"$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$BUILD"
	printf '# on the host:\nbash scripts/bench-proxy.sh%s\n\n' \
		"$([ $quick = 1 ] && echo ' --quick')"
	printf '# in the guest:\nscripts/guest-run.sh --kernel default --name bench-proxy -- bash -c %q\n' \
		"$guest_cmd"
	if [ -s "$WORK/results.json" ]; then
		python3 -c '
import json, sys
doc = json.load(open(sys.argv[1]))
bd = doc.get("breakdown")
if bd:
    print("\n# breakdown, crypto alone, in the guest:\n" + bd["crypto_command"])' \
			"$WORK/results.json"
	fi
} >"$WORK/command.txt"

{
	run_lines
	printf '\nHost\n'
	host_lines
	printf '  load average (1, 5, 15 min) before and after the guest run:\n'
	sed 's/^/    /' "$WORK/load.txt"
	printf '\nGuest\n'
	printf '  QEMU: %s\n' "$(qemu-system-x86_64 --version | head -1)"
	printf '  accelerator: %s\n' "$(tail -1 "$BUILD/guest/.accel" 2>/dev/null || echo unknown)"
	printf '  vCPUs: %s, memory: 2048 MiB (scripts/guest-run.sh defaults)\n' "$NPROC"
	if [ -s "$WORK/results.json" ]; then
		python3 -c '
import json, sys
m = json.load(open(sys.argv[1]))["meta"]
print("  kernel %s, %d CPUs: %s" % (m["machine"]["kernel"], m["machine"]["cpus"],
                                   m["machine"]["cpu_model"]))
print("  rfc4106(gcm(aes)) driver: %s" % m["machine"]["rfc4106_driver"])
print("  run time in the guest: %.0f s" % m["seconds"])' "$WORK/results.json"
	fi
} >"$WORK/machine.txt"

# The profiles exist when perf is installed, one per case and size.
rm -f "$out"/perf-*.txt
for f in "$WORK"/perf-*.txt; do
	[ -s "$f" ] && cp "$f" "$out/"
done
results_copy "$out" $RESULT_FILES command.txt machine.txt || failed=1
[ -s "$out/results.txt" ] && cat "$out/results.txt"
printf 'bench-proxy: results in %s\n' "$out"
exit $failed
