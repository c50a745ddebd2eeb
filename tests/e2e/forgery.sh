#!/bin/bash
# ESP packets from alice's side that bob must not deliver.
#
#   forgery.sh forge TUNNEL    frames with the valid SPI of alice's
#                              outbound SA but random ciphertext and ICV
#   forgery.sh replay TUNNEL   copies of a frame bob has accepted once
#
# Nothing the frames carry may reach bob's sockets, and bob's SA must count
# no packet as processed.  bob's kernel must count each frame as rejected,
# both in the SA's own statistics and in /proc/net/xfrm_stat:
# XfrmInStateProtoError for a failed integrity check, XfrmInStateSeqError
# for a replay.
set -euo pipefail
here=${0%/*}
[ "$here" != "$0" ] || here=.
source "$here/lib.sh"

E2E_GW=${E2E_GW:-gw-bridge.sh}
FRAMES=3
UDP_PORT=5002
# Sequence numbers far ahead of what the tunnel has used pass the
# anti-replay check, so the frames reach the integrity check.
FORGED_SEQ=1000000

inject()
{
	in_ns "$NS_ALICE" "$PYTHON" "$E2E_DIR/inject.py" "$@" | info_lines
}

# counters SPI: print bob's "PROCESSED REPLAYED FAILED PROTO_ERRORS
# SEQ_ERRORS", three counters of the SA with SPI and two of
# /proc/net/xfrm_stat.
counters()
{
	local sa

	sa=$(xfrm_states "$NS_BOB" spi "$1" | awk 'NR == 1 { print $5, $6, $7 }')
	if [ -z "$sa" ]; then
		err "bob has no SA with SPI $1"
		return 1
	fi
	printf '%s %s\n' "$sa" \
		"$(xfrm_stat "$NS_BOB" XfrmInStateProtoError XfrmInStateSeqError)"
}

# counted_rejects SPI BEFORE SA_FIELD STAT_FIELD: check that bob counted
# FRAMES more rejects in both the SA field and the xfrm_stat field.
counted_rejects()
{
	local now before

	now=($(counters "$1"))
	before=($2)
	[ $((now[$3] - before[$3])) -ge $FRAMES ] &&
		[ $((now[$4] - before[$4])) -ge $FRAMES ]
}

# check_rejected SPI BEFORE PROCESSED SA_FIELD STAT_FIELD STAT_NAME SA_NAME:
# compare bob's counters with BEFORE, an output of counters.  The SA must
# have processed PROCESSED packets and counted FRAMES rejects in SA_FIELD
# and in the xfrm_stat field STAT_FIELD.
check_rejected()
{
	local spi=$1 processed=$3 sa_field=$4 stat_field=$5 stat_name=$6
	local sa_name=$7 now before accepted sa_rejects stat_rejects

	if [ "$(bash "$E2E_DIR/$E2E_GW" inspects)" = yes ]; then
		# Such a gateway drops the frames before they reach bob, so its
		# report checks its own drop counters instead.
		info "gw inspects and drops them first: its report counts them, not bob"
		return 0
	fi
	wait_until 5 counted_rejects "$spi" "$2" "$sa_field" "$stat_field" ||
		true
	now=($(counters "$spi"))
	before=($2)
	accepted=$((now[0] - before[0]))
	sa_rejects=$((now[sa_field] - before[sa_field]))
	stat_rejects=$((now[stat_field] - before[stat_field]))
	info "bob: SA $spi $sa_name +$sa_rejects, $stat_name +$stat_rejects, processed +$accepted"

	if [ $accepted != "$processed" ]; then
		err "bob's SA $spi processed $accepted packets, expected $processed"
		return 1
	fi
	if [ $sa_rejects != $FRAMES ]; then
		err "bob's SA $spi counted $sa_rejects $sa_name, expected $FRAMES"
		return 1
	fi
	if [ $stat_rejects != $FRAMES ]; then
		err "bob's $stat_name grew by $stat_rejects, expected $FRAMES"
		return 1
	fi
}

cmd_forge()
{
	local spi before

	tunnel_load "$1"
	spi=$(tunnel_out_spi "$NS_ALICE" "$1")
	before=$(counters "$spi")
	inject forge "$ENDPOINT_IF" "$ALICE_MAC" "$BOB_MAC" \
		"$T_ALICE_OUTER" "$T_BOB_OUTER" "$spi" $FORGED_SEQ $FRAMES
	check_rejected "$spi" "$before" 0 2 3 XfrmInStateProtoError \
		"integrity failures"
}

# udp_received FILE: print the number of datagrams bob's receiver wrote.
udp_received()
{
	if [ -f "$1" ]; then
		wc -l <"$1"
	else
		echo 0
	fi
}

cmd_replay()
{
	local spi before received=$E2E_WORK/replay-$1.received pid rc=0 got

	tunnel_load "$1"
	spi=$(tunnel_out_spi "$NS_ALICE" "$1")
	rm -f "$received"
	mkdir -p "$E2E_WORK"
	nsenter --net="$NETNS_DIR/$NS_BOB" socat -u \
		"UDP$T_FAMILY-RECV:$UDP_PORT,bind=$T_BOB_IP" \
		"OPEN:$received,creat,append" &
	pid=$!
	if ! wait_until 10 listening "$NS_BOB" -u $UDP_PORT; then
		kill $pid
		err "socat in bob is not listening on UDP port $UDP_PORT"
		return 1
	fi

	before=$(counters "$spi")
	inject replay "$ENDPOINT_IF" "$T_BOB_OUTER" "$T_ALICE_IP" "$T_BOB_IP" \
		$UDP_PORT $FRAMES
	# bob accepts the original frame once, so its SA processes one packet.
	check_rejected "$spi" "$before" 1 1 4 XfrmInStateSeqError replays ||
		rc=1

	got=$(udp_received "$received")
	kill $pid 2>/dev/null || true
	info "bob's UDP receiver got $got datagram(s): the original, no copy"
	if [ "$got" != 1 ]; then
		err "bob received $got datagrams, expected exactly the original one"
		rc=1
	fi
	rm -f "$received"
	return $rc
}

case ${1:-} in
forge) cmd_forge "${2:?tunnel name}" ;;
replay) cmd_replay "${2:?tunnel name}" ;;
*) die "usage: $0 forge TUNNEL | replay TUNNEL" ;;
esac
