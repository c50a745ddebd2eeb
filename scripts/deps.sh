#!/bin/bash
# Install the Debian 12 packages the project needs, only those missing.
# As a user other than root, print the apt-get command instead.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

PACKAGES=(
	# kernel build
	linux-source-6.12 build-essential flex bison bc libelf-dev libssl-dev
	cpio kmod rsync xz-utils ccache git python3-ply perl
	# guest
	qemu-system-x86 iproute2 iputils-ping keyutils ethtool
	# libucapi
	pkg-config libnl-3-dev libnl-genl-3-dev libkeyutils-dev
	clang libclang-rt-14-dev
	# gateway
	libpcap-dev libhyperscan-dev libcap-ng-dev libnl-xfrm-3-dev
	libnl-route-3-dev
	# tests, demo and benchmarks
	python3 python3-scapy python3-cryptography tshark tcpdump strongswan-charon
	linux-perf
	strongswan-swanctl netcat-openbsd socat curl gnuplot-nox
)

missing=()
for pkg in "${PACKAGES[@]}"; do
	if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'ok installed'; then
		missing+=("$pkg")
	fi
done

if [ ${#missing[@]} = 0 ]; then
	echo "deps: all ${#PACKAGES[@]} packages installed"
	exit 0
fi

cmd=(apt-get install -y --no-install-recommends "${missing[@]}")
if [ "$(id -u)" != 0 ]; then
	printf 'deps: missing packages; as root run:\n  apt-get update && %s\n' "${cmd[*]}" >&2
	exit 1
fi

step_begin "deps: install ${missing[*]}"
mkdir -p "$BUILD"
export DEBIAN_FRONTEND=noninteractive
# tshark asks whether non-root users may capture; the default answer (no)
# is fine for the tests, which run as root.
echo 'wireshark-common wireshark-common/install-setuid boolean false' |
	debconf-set-selections
apt-get update -q >"$BUILD/apt.log" 2>&1 ||
	die "apt-get update failed; log: $BUILD/apt.log"
"${cmd[@]}" >>"$BUILD/apt.log" 2>&1 ||
	die "apt-get install failed; log: $BUILD/apt.log"
step_end
