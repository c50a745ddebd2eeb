#!/bin/bash
# PID 1 of the test guest.  The root file system is the host's /, read-only
# over virtio-9p; this script makes the writable paths, mounts the build
# folder read-write at the host's path, runs the command the host wrote to
# RUN_DIR/cmd.sh, records its exit status and the kernel log there, and
# powers off.  Kernel parameters: ucapi.run=RUN_DIR ucapi.top=REPOSITORY
# ucapi.build=BUILD_DIR.

export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root TERM=${TERM:-linux} LANG=C.UTF-8

param()
{
	local arg

	for arg in $(cat /proc/cmdline); do
		case $arg in
		"$1"=*) printf '%s\n' "${arg#*=}" ;;
		esac
	done
}

power_off()
{
	sync
	echo o >/proc/sysrq-trigger
	sleep 5
	echo b >/proc/sysrq-trigger
}

mount_base()
{
	mount -t proc proc /proc
	mount -t sysfs sysfs /sys
	mount -t devtmpfs devtmpfs /dev 2>/dev/null
	mkdir -p /dev/pts /dev/shm
	ln -sf /proc/self/fd /dev/fd
	mount -t devpts -o gid=5,mode=620 devpts /dev/pts
	mount -t tmpfs tmpfs /dev/shm
	mount -t debugfs debugfs /sys/kernel/debug
	mount -t cgroup2 cgroup2 /sys/fs/cgroup
	mount -t tmpfs -o mode=755 tmpfs /run
	mount -t tmpfs -o mode=1777 tmpfs /tmp
	mount -t tmpfs -o mode=700 tmpfs /root
}

# overlay_dir DIR: make DIR writable, with changes kept in memory.
overlay_dir()
{
	local dir=$1 mem=/run/overlay$1

	mkdir -p "$mem/upper" "$mem/work"
	mount -t overlay overlay \
		-o "lowerdir=$dir,upperdir=$mem/upper,workdir=$mem/work" "$dir"
}

mount_base
overlay_dir /etc
overlay_dir /var
hostname ucapi-guest
ip link set lo up 2>/dev/null

RUN_DIR=$(param ucapi.run)
TOP_DIR=$(param ucapi.top)
BUILD_DIR=$(param ucapi.build)
# The repository and the build folder have shares of their own: the tmpfs
# mounts above would hide a checkout under /tmp or /root.
mkdir -p "$TOP_DIR" 2>/dev/null
mount -t 9p -o trans=virtio,version=9p2000.L,msize=524288,ro ucapi-top "$TOP_DIR" ||
	echo "guest-init: cannot mount the repository at $TOP_DIR" >&2
mkdir -p "$BUILD_DIR" 2>/dev/null
mount -t 9p -o trans=virtio,version=9p2000.L,msize=524288 ucapi-build "$BUILD_DIR" ||
	echo "guest-init: cannot mount the build folder at $BUILD_DIR" >&2

printf 'guest-init: running %s/cmd.sh\n' "$RUN_DIR"
cd "$(param ucapi.cwd)" 2>/dev/null || cd /
if [ "$(param ucapi.interactive)" = 1 ]; then
	setsid -c bash -l <>/dev/ttyS0 >&0 2>&0
	rc=$?
else
	bash "$RUN_DIR/cmd.sh" </dev/null
	rc=$?
fi

if [ -w /sys/kernel/debug/kmemleak ]; then
	echo scan >/sys/kernel/debug/kmemleak
	sleep 6
	echo scan >/sys/kernel/debug/kmemleak
	cat /sys/kernel/debug/kmemleak
	cat /sys/kernel/debug/kmemleak >"$RUN_DIR/kmemleak.txt"
fi
dmesg >"$RUN_DIR/dmesg.txt"
echo "$rc" >"$RUN_DIR/status"
printf 'guest-init: command exited with status %d\n' "$rc"
power_off
