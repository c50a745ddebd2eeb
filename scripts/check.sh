#!/bin/bash
# Run the test suites and summarise them.
#
#   check.sh all            build everything, run host and guest suites
#   check.sh debug          the guest suites under the debug kernel
#   check.sh suite NAME     one suite (and what it needs built)
#   check.sh list           the suites
#   check.sh build-userland build the library, gateway and selftests
#   check.sh guest VARIANT  (inside the guest) run that kernel's suites
#
# Every suite writes TAP to build/results/NAME.tap; its stderr goes to
# build/results/NAME.log.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

RESULTS=$BUILD/results

# Suites, one a line: NAME WHERE COMMAND...  WHERE is "host" or the kernel
# variant whose guest runs it (default, off, debug).
suite_table()
{
	cat <<-'EOF'
	harness          host     bash tests/harness.sh
	consistency      host     bash tests/consistency.sh
	lib-host         host     bash ucapi-lib/tests/run-tap.sh host
	lib-asan         host     make -s -C ucapi-lib O=$BUILD/ucapi-lib/asan SAN=address CFLAGS="-O1 -g" lib tests >&2 && UCAPI_SANITIZER=address UCAPI_O=$BUILD/ucapi-lib/asan bash ucapi-lib/tests/run-tap.sh host
	lib-ubsan        host     make -s -C ucapi-lib O=$BUILD/ucapi-lib/ubsan SAN=undefined CFLAGS="-O1 -g" lib tests >&2 && UCAPI_SANITIZER=undefined UCAPI_O=$BUILD/ucapi-lib/ubsan bash ucapi-lib/tests/run-tap.sh host
	lib-fuzz         host     bash scripts/fuzz-tap.sh fuzz_batch make -s -C ucapi-lib O=$BUILD/ucapi-lib fuzz-smoke FUZZ_TIME=20
	selftests        default  python3 scripts/tap-merge.py $BUILD/selftests/ucapi_kat_test $BUILD/selftests/ucapi_errors_test $BUILD/selftests/ucapi_session_test $BUILD/selftests/ucapi_afalg_test
	selftests-off    off      python3 scripts/tap-merge.py $BUILD/selftests/ucapi_off_test
	proxy-host       host     bash proxy/tests/run-tap.sh
	proxy-asan       host     make -s -C proxy O=$BUILD/proxy-asan CFLAGS="-O1 -g -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer" all >&2 && O=$BUILD/proxy-asan bash proxy/tests/run-tap.sh
	proxy-fuzz       host     bash scripts/fuzz-tap.sh fuzz_packet make -s -C proxy O=$BUILD/proxy fuzz-smoke FUZZ_TIME=20
	daemon-host      host     bash proxy/daemon/tests/tap-all.sh host $BUILD/proxy-daemon
	daemon-asan      host     make -s -C proxy/daemon SAN=1 all >&2 && bash proxy/daemon/tests/tap-all.sh unit $BUILD/proxy-daemon-asan
	gw-host          host     bash proxy/gw/tests/run-tap.sh
	bench-host       host     bash ucapi-lib/bench/test-bench.sh
	lib-guest        default  bash ucapi-lib/tests/run-tap.sh guest syscall,af_alg
	lib-guest-off    off      bash ucapi-lib/tests/run-tap.sh guest af_alg
	bench-guest      default  bash ucapi-lib/bench/test-bench.sh
	bench-proxy-quick default make -s -C proxy/bench O=$BUILD/proxy-bench >&2 && /usr/bin/python3 proxy/bench/bench_proxy.py --quick --tap --out $BUILD/bench-proxy-check
	proxy-guest      default  UCAPI_BACKEND=syscall bash proxy/tests/run-tap.sh
	syscall-fuzz     default  $BUILD/tests/ucapi-fuzz 100000
	e2e              default  E2E_GW=gw-proxy.sh bash tests/e2e/scenario.sh --check
	gw-guest         default  UCAPI_BACKEND=syscall GW_EXPECT_BACKEND=syscall python3 scripts/tap-merge.py "/usr/bin/python3 proxy/gw/tests/test_inline.py" "/usr/bin/python3 proxy/gw/tests/test_xfrm.py"
	selftests-debug  debug    python3 scripts/tap-merge.py $BUILD/selftests/ucapi_kat_test $BUILD/selftests/ucapi_errors_test $BUILD/selftests/ucapi_session_test $BUILD/selftests/ucapi_afalg_test
	syscall-fuzz-dbg debug    $BUILD/tests/ucapi-fuzz 1000000
	lib-guest-debug  debug    bash ucapi-lib/tests/run-tap.sh guest syscall,af_alg
	daemon-xfrm      off      bash proxy/daemon/tests/tap-all.sh xfrm $BUILD/proxy-daemon
	EOF
}

suite_field()
{
	suite_table | awk -v n="$1" -v f="$2" '$1 == n {
		if (f == 3) { $1 = ""; $2 = ""; sub(/^ +/, ""); print } else print $f }'
}

suites_where()
{
	suite_table | awk -v w="$1" '$2 == w { print $1 }'
}

# run_suite NAME: run one suite here, TAP to its result file.
run_suite()
{
	local name=$1 cmd rc=0

	cmd=$(suite_field "$name" 3)
	[ -n "$cmd" ] || die "unknown suite '$name' (see: make list-suites)"
	mkdir -p "$RESULTS"
	step_begin "suite $name"
	(cd "$TOP" && timeout 1800 bash -c "$cmd") >"$RESULTS/$name.tap" \
		2>"$RESULTS/$name.log" || rc=$?
	grep -E '^not ok|^Bail out' "$RESULTS/$name.tap" | sed 's/^/    /' || true
	[ $rc = 0 ] || printf '    %s exited with status %d (stderr: %s)\n' \
		"$name" $rc "${RESULTS#"$TOP"/}/$name.log"
	step_end
}

build_userland()
{
	step_begin "build user space"
	{
		bash "$TOP/scripts/kernel.sh" tree &&
		make -C "$TOP/ucapi-lib" O="$BUILD/ucapi-lib" all tests &&
		make -C "$TOP/proxy" O="$BUILD/proxy" all &&
		make -C "$TOP/proxy/daemon" all &&
		make -C "$TOP/selftests/ucapi" KSRC="$BUILD/linux" O="$BUILD/selftests" &&
		mkdir -p "$BUILD/tests" &&
		gcc -O2 -Wall -Wextra -o "$BUILD/tests/ucapi-fuzz" "$TOP/tests/ucapi-fuzz.c"
	} >"$BUILD/userland.log" 2>&1 ||
		die "user-space build failed; log: $BUILD/userland.log"
	step_end
}

# guest_suites VARIANT: boot that kernel once and run its suites inside.
# The kernel-log pseudo-suite fails when the guest run failed, which
# covers kernel reports (oops, WARNING, KASAN...) and a guest that died.
guest_suites()
{
	local variant=$1 names rc=0

	names=$(suites_where "$variant")
	[ -n "$names" ] || return 0
	make -s -C "$TOP" "kernel$([ "$variant" = default ] || echo "-$variant")"
	for name in $names; do
		rm -f "$RESULTS/$name.tap"
	done
	bash "$TOP/scripts/guest-run.sh" --kernel "$variant" --name "check-$variant" \
		--timeout 2400 -- bash "$TOP/scripts/check.sh" guest "$variant" >"$RESULTS/guest-$variant.console" 2>&1 || rc=$?
	grep -E '^==>|^<==|^    not ok|^guest-run' "$RESULTS/guest-$variant.console" || true
	{
		echo "1..1"
		if [ $rc = 0 ]; then
			echo "ok 1 - guest run on the $variant kernel: no kernel reports"
		else
			echo "not ok 1 - guest run on the $variant kernel failed (status $rc): see build/guest/check-$variant/console.log"
		fi
	} >"$RESULTS/kernel-$variant.tap"
}

summary()
{
	local args=() name

	for name in "$@"; do
		args+=("$name=$RESULTS/$name.tap")
	done
	bash "$TOP/scripts/tap-summary.sh" "${args[@]}"
}

# all_names VARIANT...: the host suites, then each variant's guest suites
# followed by its kernel-log pseudo-suite.
all_names()
{
	local variant names

	names=$(suites_where host)
	for variant in "$@"; do
		if [ -n "$(suites_where "$variant")" ]; then
			names+=" $(suites_where "$variant") kernel-$variant"
		fi
	done
	echo $names
}

cmd_all()
{
	local name

	rm -rf "$RESULTS"
	mkdir -p "$RESULTS"
	build_userland
	for name in $(suites_where host); do
		run_suite "$name"
	done
	guest_suites default
	guest_suites off
	summary $(all_names default off)
}

cmd_debug()
{
	mkdir -p "$RESULTS"
	build_userland
	guest_suites debug
	summary $(suites_where debug) kernel-debug
}

cmd_one()
{
	local name=$1 where

	where=$(suite_field "$name" 2)
	[ -n "$where" ] || die "unknown suite '$name' (see: make list-suites)"
	build_userland
	if [ "$where" = host ]; then
		run_suite "$name"
	else
		mkdir -p "$RESULTS"
		make -s -C "$TOP" "kernel$([ "$where" = default ] || echo "-$where")"
		bash "$TOP/scripts/guest-run.sh" --kernel "$where" --name "suite-$name" \
			-- bash "$TOP/scripts/check.sh" guest-one "$name"
	fi
	summary "$name"
}

case ${1:-} in
all) cmd_all ;;
debug) cmd_debug ;;
suite) cmd_one "${2:?suite name}" ;;
list) suite_table ;;
build-userland) build_userland ;;
guest)
	for name in $(suites_where "${2:?variant}"); do
		run_suite "$name"
	done
	;;
guest-one) run_suite "${2:?suite name}" ;;
*) die "usage: $0 all | debug | suite NAME | list | build-userland" ;;
esac
