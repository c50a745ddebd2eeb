# The address plan and the tunnels of the end-to-end scenario.  Source it;
# do not run it.
#
# alice and bob share one Ethernet segment and one IP subnet; gw sits
# between them as a bump in the wire.  Every address comes from the
# documentation ranges (RFC 5737, RFC 3849) or from 10.0.0.0/8 and is used
# only inside the scenario's network namespaces.

NS_ALICE=alice
NS_GW=gw
NS_BOB=bob

# Interfaces: alice's eth0 is cabled to gw's gw-alice, bob's eth0 to gw-bob.
ENDPOINT_IF=eth0
GW_IF_ALICE=gw-alice
GW_IF_BOB=gw-bob

# Fixed locally administered MAC addresses, so that forged frames can be
# addressed without asking the neighbour table.
ALICE_MAC=02:e2:e0:00:00:01
BOB_MAC=02:e2:e0:00:00:02

ALICE_V4=192.0.2.1
BOB_V4=192.0.2.2
OUTER_V4_PLEN=24
ALICE_V6=2001:db8::1
BOB_V6=2001:db8::2
OUTER_V6_PLEN=64

# The tunnels, one a line:
#   NAME REQID FAMILY ALICE_NET BOB_NET ESP_PROPOSAL ENCAP
# FAMILY is the IP version of the outer header and of the subnets.  The ESP
# proposal is written as strongSwan names it.  aes128gcm16 is AES-GCM with a
# 128-bit key and a 16-byte ICV (RFC 4106).  aes128-sha256 is AES-CBC with
# HMAC-SHA-256 truncated to 128 bits (RFC 4868).  ENCAP udp4500 puts ESP in
# UDP on port 4500 as behind a NAT (RFC 3948).
TUNNELS=(
	"gcm4  1 4 10.1.0.0/24      10.2.0.0/24      aes128gcm16   none"
	"cbc4  2 4 10.3.0.0/24      10.4.0.0/24      aes128-sha256 none"
	"gcm6  3 6 2001:db8:1::/64  2001:db8:2::/64  aes128gcm16   none"
	"natt4 4 4 10.5.0.0/24      10.6.0.0/24      aes128gcm16   udp4500"
)

# tunnel_names: print the names of the tunnels in use, one a line: those
# E2E_TUNNELS lists when it is set, else all.
tunnel_names()
{
	local line

	if [ -n "${E2E_TUNNELS:-}" ]; then
		printf '%s\n' $E2E_TUNNELS
		return 0
	fi
	for line in "${TUNNELS[@]}"; do
		printf '%s\n' "${line%% *}"
	done
}

# net_host NET: print the first host address of NET, which the endpoint owns.
net_host()
{
	local addr=${1%/*}

	case $addr in
	*::) printf '%s1\n' "$addr" ;;
	*.0) printf '%s.1\n' "${addr%.0}" ;;
	*) return 1 ;;
	esac
}

# tunnel_load NAME: set T_NAME, T_REQID, T_FAMILY, T_ALICE_NET, T_BOB_NET,
# T_ESP, T_ENCAP, the endpoint addresses T_ALICE_IP and T_BOB_IP inside the
# subnets, and the outer addresses T_ALICE_OUTER and T_BOB_OUTER.
tunnel_load()
{
	local line

	for line in "${TUNNELS[@]}"; do
		[ "${line%% *}" = "$1" ] || continue
		read -r T_NAME T_REQID T_FAMILY T_ALICE_NET T_BOB_NET T_ESP \
			T_ENCAP <<<"$line"
		T_ALICE_IP=$(net_host "$T_ALICE_NET")
		T_BOB_IP=$(net_host "$T_BOB_NET")
		if [ "$T_FAMILY" = 6 ]; then
			T_ALICE_OUTER=$ALICE_V6
			T_BOB_OUTER=$BOB_V6
		else
			T_ALICE_OUTER=$ALICE_V4
			T_BOB_OUTER=$BOB_V4
		fi
		return 0
	done
	printf 'error: unknown tunnel "%s" (known: %s)\n' "$1" \
		"$(tunnel_names | tr '\n' ' ')" >&2
	return 1
}
