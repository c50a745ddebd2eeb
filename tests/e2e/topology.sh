#!/bin/bash
# The three network namespaces of the scenario and their cabling.
#
#   topology.sh up      create alice, gw and bob, the veth pairs, the
#                       addresses and the routes into the tunnels
#   topology.sh down    delete the namespaces (and so everything in them)
#   topology.sh show    print links, addresses and routes
#
# gw only gets its two ports here, without addresses: what forwards frames
# between them is gw-bridge.sh (a Linux bridge) until ipsec-proxyd does.
set -euo pipefail
here=${0%/*}
[ "$here" != "$0" ] || here=.
source "$here/lib.sh"

# ns_create NS: create a namespace with loopback up and without IPv6
# duplicate address detection, whose 1 s wait would delay the first packets.
ns_create()
{
	local ns=$1

	if [ -e "$NETNS_DIR/$ns" ]; then
		die "namespace $ns exists already: run '$0 down' first"
	fi
	ip netns add "$ns"
	ip -n "$ns" link set lo up
	in_ns "$ns" sysctl -qw net.ipv6.conf.all.accept_dad=0 \
		net.ipv6.conf.default.accept_dad=0
}

# cable NS MAC GW_IF: add a veth pair from NS's eth0 (with MAC) to GW_IF in gw.
cable()
{
	ip link add name "$ENDPOINT_IF" address "$2" netns "$1" type veth \
		peer name "$3" netns "$NS_GW"
	ip -n "$NS_GW" link set "$3" up
}

# endpoint_addresses NS V4 V6: add the outer addresses and bring eth0 up.
endpoint_addresses()
{
	ip -n "$1" addr add "$2/$OUTER_V4_PLEN" dev "$ENDPOINT_IF"
	ip -n "$1" addr add "$3/$OUTER_V6_PLEN" dev "$ENDPOINT_IF" nodad
	ip -n "$1" link set "$ENDPOINT_IF" up
}

# inner_addresses NS: add the endpoint's address in each of its tunnel subnets,
# on loopback, and a route to the peer's subnet through the peer's outer
# address.  The route's source address makes locally sent packets match the
# tunnel policy's selector.
inner_addresses()
{
	local ns=$1 name plen

	for name in $(tunnel_names); do
		tunnel_load "$name"
		tunnel_side "$ns"
		plen=32
		[ "$T_FAMILY" = 6 ] && plen=128
		ip -n "$ns" addr add "$L_IP/$plen" dev lo
		ip -n "$ns" route add "$R_NET" via "$R_OUTER" src "$L_IP"
	done
}

cmd_up()
{
	ns_create "$NS_ALICE"
	ns_create "$NS_GW"
	ns_create "$NS_BOB"
	# gw has no address and must not send anything of its own.
	in_ns "$NS_GW" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
		net.ipv6.conf.default.disable_ipv6=1

	cable "$NS_ALICE" "$ALICE_MAC" "$GW_IF_ALICE"
	cable "$NS_BOB" "$BOB_MAC" "$GW_IF_BOB"
	endpoint_addresses "$NS_ALICE" "$ALICE_V4" "$ALICE_V6"
	endpoint_addresses "$NS_BOB" "$BOB_V4" "$BOB_V6"
	inner_addresses "$NS_ALICE"
	inner_addresses "$NS_BOB"
}

cmd_down()
{
	local ns

	for ns in "$NS_ALICE" "$NS_GW" "$NS_BOB"; do
		if [ -e "$NETNS_DIR/$ns" ]; then
			ip netns delete "$ns"
		fi
	done
}

cmd_show()
{
	local ns

	for ns in "$NS_ALICE" "$NS_GW" "$NS_BOB"; do
		printf '%s:\n' "$ns"
		# tunl0 and sit0 exist in every namespace and stay down.
		ip -n "$ns" -br link show | awk '$1 != "lo" && $1 !~ /@NONE$/' |
			sed 's/^/  link  /'
		ip -n "$ns" -br addr show | awk '$1 !~ /@NONE$/' |
			sed 's/^/  addr  /'
		ip -n "$ns" route show | grep via | sed 's/^/  route /' || true
		ip -n "$ns" -6 route show | grep via | sed 's/^/  route /' || true
	done
}

case ${1:-} in
up) cmd_up ;;
down) cmd_down ;;
show) cmd_show ;;
*) die "usage: $0 up | down | show" ;;
esac
