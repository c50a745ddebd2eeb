#!/bin/bash
# A gw without the gateway: a Linux bridge that forwards every frame
# between gw-alice and gw-bob unchanged and decrypts and inspects nothing.
# It runs the scenario without ipsec-proxyd (E2E_GW=gw-bridge.sh), to tell
# the endpoints' faults from the gateway's.
#
#   gw-bridge.sh start | stop
#   gw-bridge.sh inspects   print "no": this gw drops nothing, so the HTTP
#                           check reports the marker request without
#                           requiring its drop
#   gw-bridge.sh modes      print "inline": a bridge cannot re-encrypt
#   gw-bridge.sh report     print that a bridge has nothing to report
set -euo pipefail
here=${0%/*}
[ "$here" != "$0" ] || here=.
source "$here/lib.sh"

GW_BRIDGE=br0

cmd_start()
{
	# No STP and no forward delay: the ports forward at once.  Multicast
	# snooping off: IPv6 neighbour discovery is flooded to both ports.
	ip -n "$NS_GW" link add "$GW_BRIDGE" type bridge stp_state 0 \
		forward_delay 0 mcast_snooping 0
	ip -n "$NS_GW" link set "$GW_IF_ALICE" master "$GW_BRIDGE"
	ip -n "$NS_GW" link set "$GW_IF_BOB" master "$GW_BRIDGE"
	ip -n "$NS_GW" link set "$GW_BRIDGE" up
}

cmd_stop()
{
	ip -n "$NS_GW" link delete "$GW_BRIDGE" 2>/dev/null || true
}

case ${1:-} in
start) cmd_start ;;
stop) cmd_stop ;;
inspects) echo no ;;
modes) echo inline ;;
report) info "gw is a Linux bridge: it decrypts and counts nothing" ;;
*) die "usage: $0 start | stop | inspects | modes | report" ;;
esac
