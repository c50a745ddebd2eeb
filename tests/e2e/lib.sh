# Helpers shared by the end-to-end scripts.  Source it; do not run it.
#
# Under emulation every program started costs a noticeable fraction of a
# second, so these scripts prefer shell built-ins to small programs such as
# dirname(1) and cat(1), and "ip -n NS" to entering NS first.

E2E_DIR=${BASH_SOURCE[0]%/*}
[ "$E2E_DIR" != "${BASH_SOURCE[0]}" ] || E2E_DIR=.
E2E_DIR=$(cd "$E2E_DIR" && pwd)
source "$E2E_DIR/plan.sh"

# Scratch files (configuration, keys, captures, logs): /tmp is a tmpfs in
# the guest, so keys never reach a disk.
E2E_WORK=${E2E_WORK:-/tmp/ucapi-e2e}
# Per-namespace runtime folders of the IKE daemons (pid file, control socket).
E2E_RUNTIME=${E2E_RUNTIME:-/run/ucapi-e2e}
# Debian's interpreter, which has python3-scapy; a PATH entry may not.
PYTHON=${PYTHON:-/usr/bin/python3}

# info TEXT...: print a line for the operator.
info()
{
	printf '%s\n' "$*"
}

# info_lines: print the standard input, indented.
info_lines()
{
	local line

	while IFS= read -r line; do
		info "    $line"
	done
}

err()
{
	printf 'error: %s\n' "$*" >&2
}

die()
{
	err "$@"
	exit 1
}

# Where "ip netns add" pins the namespaces.
NETNS_DIR=/run/netns

# in_ns NS COMMAND...: run COMMAND in network namespace NS.  nsenter only
# switches the network namespace, which costs much less under emulation
# than "ip netns exec" with its new mount namespace and sysfs mount.
# Start background processes with nsenter itself, so that $! is the
# process's own id.
in_ns()
{
	local ns=$1

	shift
	nsenter --net="$NETNS_DIR/$ns" "$@"
}

# wait_until SECS COMMAND...: run COMMAND every 0.2 s until it succeeds, and
# fail after SECS seconds.
wait_until()
{
	local deadline=$((SECONDS + $1))

	shift
	until "$@"; do
		[ $SECONDS -lt $deadline ] || return 1
		sleep 0.2
	done
}

# random_hex BYTES: print BYTES bytes from /dev/urandom as hex digits.
random_hex()
{
	od -An -tx1 -N"$1" /dev/urandom | tr -d ' \n'
}

# random_spi: print a random SPI as 0x%08x, above the range 1-255 that RFC 4303
# reserves.
random_spi()
{
	local spi=0

	while [ "$spi" -lt 256 ]; do
		spi=$(od -An -tu4 -N4 /dev/urandom | tr -d ' ')
	done
	printf '0x%08x\n' "$spi"
}

# tunnel_side NS: set the variables of the side NS plays in a tunnel.
# Sets L_NET, R_NET, L_OUTER, R_OUTER, L_IP and R_IP from the T_ variables
# of tunnel_load.  L_ is the local side of NS, R_ the remote side.
tunnel_side()
{
	if [ "$1" = "$NS_ALICE" ]; then
		L_NET=$T_ALICE_NET R_NET=$T_BOB_NET
		L_OUTER=$T_ALICE_OUTER R_OUTER=$T_BOB_OUTER
		L_IP=$T_ALICE_IP R_IP=$T_BOB_IP
	else
		L_NET=$T_BOB_NET R_NET=$T_ALICE_NET
		L_OUTER=$T_BOB_OUTER R_OUTER=$T_ALICE_OUTER
		L_IP=$T_BOB_IP R_IP=$T_ALICE_IP
	fi
}

# tunnel_reqid NS NAME: print the reqid of tunnel NAME's outbound policy in
# NS.  Static SAs use the reqid of the tunnel table, and IKE picks its own.
tunnel_reqid()
{
	tunnel_load "$2" || return 1
	tunnel_side "$1"
	ip -n "$1" xfrm policy list dir out src "$L_NET" dst "$R_NET" |
		awk '$1 == "proto" { for (i = 2; i < NF; i++)
			if ($i == "reqid") { print $(i + 1); exit } }'
}

# xfrm_states NS [SELECTOR...]: print one line per ESP state of NS matching
# the ip-xfrm SELECTOR: "SPI SRC DST BYTES PACKETS REPLAYED FAILED".
# BYTES and PACKETS count what passed the state.  REPLAYED and FAILED count
# the packets it dropped as replays and for a failed integrity check.
xfrm_states()
{
	local ns=$1

	shift
	ip -n "$ns" -s xfrm state list "$@" | awk '
		/^src / { src = $2; dst = $4 }
		$1 == "proto" { spi = $4; sub(/\(.*/, "", spi) }
		/^\tlifetime current:/ { current = 1; next }
		current {
			bytes = $1; sub(/\(.*/, "", bytes)
			packets = $2; sub(/\(.*/, "", packets)
			current = 0
		}
		$1 == "replay-window" && $3 == "replay" {
			print spi, src, dst, bytes, packets, $4, $6
		}'
}

# sa_counter NS SPI FIELD: print one field of xfrm_states (4 bytes, 5 packets,
# 6 replayed, 7 failed) for the state with SPI.
sa_counter()
{
	xfrm_states "$1" spi "$2" | awk -v f="$3" 'NR == 1 { print $f }'
}

# tunnel_states NS NAME: print the xfrm_states of tunnel NAME in NS.
tunnel_states()
{
	local reqid

	reqid=$(tunnel_reqid "$1" "$2") || return 1
	[ -n "$reqid" ] || return 1
	xfrm_states "$1" reqid "$reqid"
}

# tunnel_out_spi NS NAME: print the SPI of the newest outbound state of tunnel
# NAME in NS, the one the kernel uses when several are installed.  The
# kernel lists states newest first.
tunnel_out_spi()
{
	tunnel_load "$2" || return 1
	tunnel_side "$1"
	tunnel_states "$1" "$2" | awk -v src="$L_OUTER" '$2 == src { print $1; found = 1; exit }
		END { exit !found }'
}

# xfrm_stat NS NAME...: print the counters NAME of /proc/net/xfrm_stat in NS, on
# one line in the order given.
xfrm_stat()
{
	local ns=$1

	shift
	in_ns "$ns" awk -v names="$*" '{ value[$1] = $2 }
		END {
			n = split(names, name, " ")
			for (i = 1; i <= n; i++)
				printf "%s%s", value[name[i]], i < n ? " " : "\n"
		}' /proc/net/xfrm_stat
}

# listening NS -t|-u PORT: check that a TCP (-t) or UDP (-u) socket is
# bound to PORT in NS.
listening()
{
	ss -N "$1" -Hln "$2" "sport = :$3" | grep -q .
}

# kill_pidfile FILE: end the process whose id FILE contains, then remove FILE.
kill_pidfile()
{
	local pid

	[ -f "$1" ] || return 0
	pid=$(cat "$1")
	if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
		kill "$pid" 2>/dev/null
		wait_until 5 sh -c "! kill -0 $pid 2>/dev/null" ||
			kill -9 "$pid" 2>/dev/null
	fi
	rm -f "$1"
}

# worker_sum STATS FIELD: print a per-worker counter of ipsec-proxyctl's
# "stats" output in the file STATS, summed over the workers.
worker_sum()
{
	awk -v f="$2" '$1 == "worker" {
			for (i = 2; i <= NF; i++)
				if (index($i, f "=") == 1)
					n += substr($i, length(f) + 2)
		}
		END { print n + 0 }' "$1"
}
