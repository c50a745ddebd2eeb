#!/bin/bash
# Boot the patched kernel in QEMU and run one command inside it.
#
#   guest-run.sh [options] -- COMMAND [ARG...]
#
#   --kernel VARIANT  default, off or debug (build/kernel/VARIANT), or a path
#                     to a bzImage
#   --timeout SECS    hard limit for the whole boot-run-power-off (default 900)
#   --name NAME       label of the run folder build/guest/NAME (default "run")
#   --mem MIB         guest memory (default 2048, 4096 for the debug kernel)
#   --shell           an interactive shell on the console instead of COMMAND
#
# The guest sees the host's / read-only (virtio-9p) with tmpfs and overlays
# for writable paths, the repository read-only and the build folder
# read-write at their host paths (shared on their own, so that a checkout
# under /tmp stays visible above the guest's tmpfs), so every file of the
# repository and every fresh build is where it is on the host.  The guest has no network device.  The console goes to the terminal
# and to build/guest/NAME/console.log.
#
# Exit status: the command's own, or 1 when the kernel log shows an oops,
# BUG, WARNING, panic, KASAN, UBSAN or kmemleak report, or when the command's
# exit status never came back; 124 on timeout.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

variant=default timeout=900 name=run mem= shell=0
while [ $# -gt 0 ]; do
	case $1 in
	--kernel) variant=$2; shift 2 ;;
	--timeout) timeout=$2; shift 2 ;;
	--name) name=$2; shift 2 ;;
	--mem) mem=$2; shift 2 ;;
	--shell) shell=1; shift ;;
	--) shift; break ;;
	*) die "unknown option '$1' (see the header of $0)" ;;
	esac
done
[ $# -gt 0 ] || [ $shell = 1 ] || die "no command given (guest-run.sh [options] -- COMMAND)"

if [ -f "$variant" ]; then
	bzimage=$variant
else
	bzimage=$BUILD/kernel/$variant/arch/x86/boot/bzImage
fi
[ -f "$bzimage" ] || die "$bzimage not found: run make kernel first"
if [ -z "$mem" ]; then
	mem=2048
	[ "$variant" = debug ] && mem=4096
fi

RUN_DIR=$BUILD/guest/$name
rm -rf "$RUN_DIR"
mkdir -p "$RUN_DIR"
{
	printf 'set -e\n'
	printf 'export UCAPI_IN_GUEST=1 BUILD=%q\n' "$BUILD"
	printf 'cd %q\n' "$PWD"
	printf '%q ' "$@"
	printf '\n'
} >"$RUN_DIR/cmd.sh"

# qemu_args ACCEL: print the QEMU command line, one argument a line.
qemu_args()
{
	local accel=$1 cpu=max

	[ "$accel" = kvm ] && cpu=host
	printf '%s\n' qemu-system-x86_64 -machine "q35,accel=$accel" -cpu "$cpu" \
		-smp "$NPROC" -m "$mem" -display none -no-reboot -monitor none \
		-serial stdio -kernel "$bzimage" \
		-fsdev local,id=root,path=/,security_model=none,readonly=on,multidevs=remap \
		-device virtio-9p-pci,fsdev=root,mount_tag=/dev/root \
		-fsdev "local,id=top,path=$TOP,security_model=none,readonly=on,multidevs=remap" \
		-device virtio-9p-pci,fsdev=top,mount_tag=ucapi-top \
		-fsdev "local,id=build,path=$BUILD,security_model=none,multidevs=remap" \
		-device virtio-9p-pci,fsdev=build,mount_tag=ucapi-build \
		-append "console=ttyS0 root=/dev/root rootfstype=9p rootflags=trans=virtio,version=9p2000.L,msize=524288,cache=loose ro init=$TOP/scripts/guest-init.sh panic=-1 ucapi.run=$RUN_DIR ucapi.top=$TOP ucapi.build=$BUILD ucapi.cwd=$PWD ucapi.interactive=$shell"
}

# KVM opens on some hosts but the guest hangs at boot; boot once with a
# short deadline and remember the answer for this QEMU and host kernel.
probe_accel()
{
	local cache=$BUILD/guest/.accel key

	key="$(qemu-system-x86_64 --version | head -1) $(uname -r)"
	if [ -f "$cache" ] && [ "$(head -1 "$cache")" = "$key" ]; then
		tail -1 "$cache"
		return
	fi
	local accel=tcg probe=$BUILD/guest/.kvm-probe
	if [ -w /dev/kvm ]; then
		mkdir -p "$probe"
		printf 'true\n' >"$probe/cmd.sh"
		local saved=$RUN_DIR
		RUN_DIR=$probe
		mapfile -t qemu < <(qemu_args kvm)
		if timeout -k 2 20 "${qemu[@]}" </dev/null >"$probe/console.log" 2>&1 &&
				[ -f "$probe/status" ]; then
			accel=kvm
		fi
		RUN_DIR=$saved
		rm -rf "$probe"
	fi
	printf '%s\n%s\n' "$key" "$accel" >"$cache"
	echo "$accel"
}

# Kernel messages that fail a run.  The guest's dmesg is checked, not the
# console, so that test output cannot match by accident.
REPORT_RE='Oops|BUG:|WARNING:|Kernel panic|general protection fault|KASAN:|UBSAN:|kmemleak:.*suspected|unreferenced object|possible circular locking|possible recursive locking|INFO: task .* blocked|KFENCE:'

accel=$(probe_accel)
step_begin "guest[$name]: boot $(basename "$(dirname "$(dirname "$(dirname "$(dirname "$bzimage")")")")") kernel ($accel) and run: $*"
stdin=/dev/null
[ $shell = 1 ] && stdin=/dev/tty
mapfile -t qemu < <(qemu_args "$accel")
timeout -k 5 "$timeout" "${qemu[@]}" <"$stdin" 2>&1 |
	tee "$RUN_DIR/console.log" && qrc=0 || qrc=${PIPESTATUS[0]}

if [ "$qrc" = 124 ] || [ "$qrc" = 137 ]; then
	printf 'guest-run: timed out after %ss (console: %s)\n' "$timeout" "$RUN_DIR/console.log" >&2
	exit 124
fi
status=$(cat "$RUN_DIR/status" 2>/dev/null || true)
logs=("$RUN_DIR/dmesg.txt")
[ -f "${logs[0]}" ] || logs=("$RUN_DIR/console.log")
[ -f "$RUN_DIR/kmemleak.txt" ] && logs+=("$RUN_DIR/kmemleak.txt")
if grep -E -q "$REPORT_RE" "${logs[@]}"; then
	printf 'guest-run: the kernel reported a problem:\n' >&2
	grep -E -h -A3 "$REPORT_RE" "${logs[@]}" | head -40 >&2 || true
	exit 1
fi
if [ -z "$status" ]; then
	printf 'guest-run: the command exit status is missing: the guest did not finish (console: %s)\n' \
		"$RUN_DIR/console.log" >&2
	exit 1
fi
step_end
exit "$status"
