#!/bin/bash
# alice and bob as IPsec endpoints that negotiate their SAs with IKEv2:
# one strongSwan charon in each namespace, pre-shared key authentication,
# one CHILD_SA per tunnel of plan.sh, alice initiating.
#
#   ike.sh start [--no-fallback]
#                         start both daemons and bring up every tunnel
#   ike.sh rekey TUNNEL   rekey the tunnel's CHILD_SA from alice
#   ike.sh stop           stop both daemons (their SAs go with them)
#   ike.sh sas            list the IKE and CHILD SAs of alice's daemon
#
# When charon cannot run (missing, or dead before its control socket opens)
# start says so and sets up the same tunnels with xfrm-static.sh instead,
# unless given --no-fallback.
# A daemon that runs but fails to negotiate is an error, not a reason to
# fall back.  $E2E_WORK/sa-source then holds "ike" or "static".
#
# charon has fixed paths for its pid file and control socket under /run, so
# each daemon runs in its own mount namespace (ip netns exec makes one)
# with /run replaced by $E2E_RUNTIME/NS, where swanctl finds the socket.
set -euo pipefail
here=${0%/*}
[ "$here" != "$0" ] || here=.
source "$here/lib.sh"

CHARON=${CHARON:-/usr/lib/ipsec/charon}
IKE_DIR=$E2E_WORK/ike
IKE_PROPOSAL=aes128-sha256-modp2048
umask 077

# tunnel_conn: print the IKE connection of the loaded tunnel.  NAT-T needs
# an IKE_SA of its own because encapsulation applies to all its CHILD_SAs.
# IPv6 tunnels need an IKE_SA between the IPv6 outer addresses.
tunnel_conn()
{
	if [ "$T_ENCAP" = udp4500 ]; then
		echo e2e-natt
	elif [ "$T_FAMILY" = 6 ]; then
		echo e2e-v6
	else
		echo e2e
	fi
}

# conn_id NS CONN: print the IKE identity of NS in CONN.  The NAT-T
# connection has identities of its own because it shares its addresses
# with e2e, and bob selects the connection by identity.
conn_id()
{
	if [ "$2" = e2e-natt ]; then
		echo "$1-natt.e2e"
	else
		echo "$1.e2e"
	fi
}

peer_of()
{
	if [ "$1" = "$NS_ALICE" ]; then
		echo "$NS_BOB"
	else
		echo "$NS_ALICE"
	fi
}

strongswan_conf_write()
{
	local ns=$1

	cat >"$IKE_DIR/$ns/strongswan.conf" <<-EOF_CONF
	# charon of namespace $ns, written by ike.sh.
	charon {
		load = random nonce aes sha1 sha2 hmac kdf gmp kernel-netlink socket-default vici
		# topology.sh's routes lead into the tunnels already, so
		# charon needs neither its routes nor their routing table.
		install_routes = no
		routing_table = 0
		retransmit_timeout = 2
		retransmit_tries = 3
		# Old inbound SAs stay this many seconds after a rekey, for
		# packets still in flight.
		delete_rekeyed_delay = 1
		filelog {
			e2e {
				path = $IKE_DIR/$ns/charon.log
				time_format = %T
				ike_name = yes
				flush_line = yes
				default = 1
			}
		}
		syslog {
			daemon {
				default = -1
			}
		}
	}
	swanctl {
		load = random nonce pem pkcs1 x509 pubkey
	}
	EOF_CONF
}

# children_write NS CONN: print the children section of CONN for NS.
children_write()
{
	local ns=$1 conn=$2 name

	printf '\t\tchildren {\n'
	for name in $(tunnel_names); do
		tunnel_load "$name"
		[ "$(tunnel_conn)" = "$conn" ] || continue
		tunnel_side "$ns"
		printf '\t\t\t%s {\n' "$name"
		printf '\t\t\t\tlocal_ts = %s\n' "$L_NET"
		printf '\t\t\t\tremote_ts = %s\n' "$R_NET"
		printf '\t\t\t\tmode = tunnel\n'
		printf '\t\t\t\tesp_proposals = %s\n' "$T_ESP"
		printf '\t\t\t}\n'
	done
	printf '\t\t}\n'
}

# conn_write NS CONN TUNNEL: print connection CONN for NS.  TUNNEL is one of
# its tunnels, which gives the outer addresses and the encapsulation.
conn_write()
{
	local ns=$1 conn=$2 peer encap=no

	peer=$(peer_of "$ns")
	tunnel_load "$3"
	tunnel_side "$ns"
	[ "$T_ENCAP" = udp4500 ] && encap=yes
	printf '\t%s {\n' "$conn"
	printf '\t\tversion = 2\n'
	printf '\t\tlocal_addrs = %s\n' "$L_OUTER"
	printf '\t\tremote_addrs = %s\n' "$R_OUTER"
	printf '\t\tproposals = %s\n' "$IKE_PROPOSAL"
	# encap = yes makes charon act as if behind a NAT: IKE moves to
	# port 4500 and ESP goes in UDP, with no NAT in the path.
	printf '\t\tencap = %s\n' "$encap"
	printf '\t\tlocal {\n\t\t\tauth = psk\n\t\t\tid = %s\n\t\t}\n' \
		"$(conn_id "$ns" "$conn")"
	printf '\t\tremote {\n\t\t\tauth = psk\n\t\t\tid = %s\n\t\t}\n' \
		"$(conn_id "$peer" "$conn")"
	children_write "$ns" "$conn"
	printf '\t}\n'
}

# conns_list: print "CONN TUNNEL" for each connection and its first tunnel.
conns_list()
{
	local name

	for name in $(tunnel_names); do
		tunnel_load "$name"
		printf '%s %s\n' "$(tunnel_conn)" "$name"
	done | awk '!seen[$1]++'
}

# swanctl_conf_write NS PSK
swanctl_conf_write()
{
	local ns=$1 psk=$2 conn tunnel id i=0

	{
		printf '# swanctl.conf of namespace %s, written by ike.sh.\n' "$ns"
		printf 'connections {\n'
		conns_list | while read -r conn tunnel; do
			conn_write "$ns" "$conn" "$tunnel"
		done
		printf '}\n'
		printf 'secrets {\n\tike-e2e {\n'
		for conn in $(conns_list | awk '{ print $1 }'); do
			for id in "$(conn_id "$NS_ALICE" "$conn")" \
					"$(conn_id "$NS_BOB" "$conn")"; do
				i=$((i + 1))
				printf '\t\tid-%d = %s\n' $i "$id"
			done
		done
		printf '\t\tsecret = 0x%s\n\t}\n}\n' "$psk"
	} >"$IKE_DIR/$ns/swanctl.conf"
}

# swanctl_ns NS COMMAND ARG...: run swanctl COMMAND on the daemon of NS.
# swanctl takes --uri only after the command.
swanctl_ns()
{
	local ns=$1 command=$2

	shift 2
	STRONGSWAN_CONF=$IKE_DIR/$ns/strongswan.conf swanctl "$command" \
		--uri "unix://$E2E_RUNTIME/$ns/charon.vici" "$@"
}

# charon_start NS: start the daemon and wait for its control socket.
charon_start()
{
	local ns=$1 dir=$IKE_DIR/$1 run=$E2E_RUNTIME/$1

	mkdir -p "$run"
	ip netns exec "$ns" sh -c 'mount --bind "$1" /run &&
		STRONGSWAN_CONF="$2" exec "$3"' \
		sh "$run" "$dir/strongswan.conf" "$CHARON" \
		>"$dir/charon.out" 2>&1 &
	echo $! >"$dir/charon.pid"
	if ! wait_until 20 charon_listening "$ns"; then
		CHARON_FAILURE="charon in $ns did not open $run/charon.vici"
		CHARON_FAILURE+=" (log: $(tail -3 "$dir/charon.out" \
			"$dir/charon.log" 2>/dev/null | tr '\n' ' '))"
		return 1
	fi
}

charon_listening()
{
	local pid

	pid=$(cat "$IKE_DIR/$1/charon.pid")
	kill -0 "$pid" 2>/dev/null || return 2
	[ -S "$E2E_RUNTIME/$1/charon.vici" ]
}

# charons_start: start both daemons, or return 1 with the reason in
# CHARON_FAILURE.
charons_start()
{
	local psk ns

	CHARON_FAILURE=
	if [ ! -x "$CHARON" ]; then
		CHARON_FAILURE="$CHARON not found (Debian package strongswan-charon)"
		return 1
	fi
	if ! command -v swanctl >/dev/null; then
		CHARON_FAILURE="swanctl not found (Debian package strongswan-swanctl)"
		return 1
	fi
	psk=$(random_hex 32)
	for ns in "$NS_ALICE" "$NS_BOB"; do
		mkdir -p "$IKE_DIR/$ns"
		strongswan_conf_write "$ns"
		swanctl_conf_write "$ns" "$psk"
	done
	psk=
	for ns in "$NS_ALICE" "$NS_BOB"; do
		charon_start "$ns" || return 1
	done
}

# conf_load NS: load connections and secrets into the daemon of NS.
conf_load()
{
	local dir=$IKE_DIR/$1

	if ! swanctl_ns "$1" --load-all --noprompt --file "$dir/swanctl.conf" \
			>"$dir/load.out" 2>&1; then
		err "swanctl --load-all failed in $1:"
		cat "$dir/load.out" >&2
		return 1
	fi
}

# tunnel_initiate NAME: make alice bring up the tunnel's CHILD_SA (and its
# IKE_SA, the first time), waiting up to 30 s.
tunnel_initiate()
{
	local log=$IKE_DIR/$NS_ALICE/initiate-$1.out

	tunnel_load "$1"
	if ! swanctl_ns "$NS_ALICE" --initiate --ike "$(tunnel_conn)" \
			--child "$1" --timeout 30 >"$log" 2>&1; then
		err "IKE negotiation of tunnel $1 failed; swanctl said:"
		tail -20 "$log" >&2
		return 1
	fi
}

# conn_initiate CONN: bring up the tunnels of CONN one after the other,
# because the first one creates the IKE_SA that the others then share.
conn_initiate()
{
	local name

	for name in $(tunnel_names); do
		tunnel_load "$name"
		[ "$(tunnel_conn)" = "$1" ] || continue
		tunnel_initiate "$name" || return 1
	done
}

# conns_initiate: bring up the IKE connections in parallel, so that their
# Diffie-Hellman computations overlap, which matters under emulation.
conns_initiate()
{
	local conn pids=() pid rc=0

	for conn in $(conns_list | awk '{ print $1 }'); do
		conn_initiate "$conn" &
		pids+=($!)
	done
	for pid in "${pids[@]}"; do
		wait "$pid" || rc=1
	done
	return $rc
}

cmd_start()
{
	local ns

	mkdir -p "$E2E_WORK"
	if ! charons_start; then
		cmd_stop
		info "strongSwan cannot run here: $CHARON_FAILURE"
		[ "${1:-}" = --no-fallback ] && return 1
		info "falling back to static SAs (xfrm-static.sh)"
		echo static >"$E2E_WORK/sa-source"
		exec bash "$E2E_DIR/xfrm-static.sh" up
	fi
	echo ike >"$E2E_WORK/sa-source"
	for ns in "$NS_ALICE" "$NS_BOB"; do
		conf_load "$ns"
	done
	conns_initiate
}

# cmd_rekey TUNNEL: start the rekey and return once the CREATE_CHILD_SA
# exchange is sent.  The caller watches the SPIs change.
cmd_rekey()
{
	tunnel_load "${1:?tunnel name}"
	swanctl_ns "$NS_ALICE" --rekey --child "$1" >/dev/null
}

cmd_stop()
{
	local ns

	for ns in "$NS_ALICE" "$NS_BOB"; do
		kill_pidfile "$IKE_DIR/$ns/charon.pid"
	done
	return 0
}

case ${1:-} in
start) cmd_start "${2:-}" ;;
rekey) cmd_rekey "${2:-}" ;;
stop) cmd_stop ;;
sas) swanctl_ns "$NS_ALICE" --list-sas ;;
*) die "usage: $0 start | rekey TUNNEL | stop | sas" ;;
esac
