#!/bin/bash
# The SAs of alice and bob, negotiated by IKE or set up by hand.
#
#   sa.sh setup auto|ike|static|split
#                                 IKEv2 (ike.sh, which falls back to static
#                                 SAs when charon cannot run), static SAs
#                                 (xfrm-static.sh) only, or static SAs that
#                                 differ on each side of gw, which then
#                                 re-encrypts (xfrm-static.sh split)
#   sa.sh show                    every tunnel's SAs in both endpoints,
#                                 without keys; fails unless each tunnel has
#                                 one SA each way in each endpoint
#   sa.sh rekey TUNNEL            rekey, then check that both endpoints
#                                 switched to new SPIs and dropped the old
#   sa.sh teardown                stop what setup started
#
# $E2E_WORK/sa-source records who set the SAs up: "ike", "static" or
# "split".
set -euo pipefail
here=${0%/*}
[ "$here" != "$0" ] || here=.
source "$here/lib.sh"

REKEY_TIMEOUT=20

sa_source()
{
	cat "$E2E_WORK/sa-source" 2>/dev/null || echo none
}

cmd_setup()
{
	mkdir -p "$E2E_WORK"
	case ${1:-auto} in
	auto)
		bash "$E2E_DIR/ike.sh" start
		;;
	ike)
		bash "$E2E_DIR/ike.sh" start --no-fallback
		;;
	static)
		echo static >"$E2E_WORK/sa-source"
		bash "$E2E_DIR/xfrm-static.sh" up
		;;
	split)
		echo split >"$E2E_WORK/sa-source"
		bash "$E2E_DIR/xfrm-static.sh" split $(tunnel_names)
		;;
	*)
		die "unknown SA source '$1' (use auto, ike, static or split)"
		;;
	esac
	case $(sa_source) in
	ike) info "SAs negotiated by IKEv2 (strongSwan charon in alice and bob)" ;;
	static) info "SAs set by hand with ip xfrm (no key exchange)" ;;
	split) info "SAs set by hand with ip xfrm, different between alice and gw and between gw and bob" ;;
	esac
}

# state_lines NS: print one line per SA of NS from "ip xfrm state list nokeys",
# which prints algorithms without their keys.
state_lines()
{
	ip -n "$1" xfrm state list nokeys | awk '
		function flush() { if (line != "") print line; line = "" }
		/^src / { flush(); line = $2 " > " $4; next }
		$1 == "proto" { line = line " " $2 " spi " $4 " reqid " $6 " " $8; next }
		$1 == "aead" || $1 == "enc" || $1 == "auth-trunc" || $1 == "auth" {
			line = line " " $1 " " $2; next
		}
		$1 == "encap" { line = line " in " $3 " " $5 ">" $7; next }
		END { flush() }'
}

# tunnel_check NS NAME: check that the tunnel has one SA each way in NS.
tunnel_check()
{
	local states out in

	tunnel_load "$2"
	tunnel_side "$1"
	states=$(tunnel_states "$1" "$2") || {
		err "tunnel $2 has no outbound policy in $1"
		return 1
	}
	out=$(awk -v s="$L_OUTER" -v d="$R_OUTER" '$2 == s && $3 == d' <<<"$states" | wc -l)
	in=$(awk -v s="$R_OUTER" -v d="$L_OUTER" '$2 == s && $3 == d' <<<"$states" | wc -l)
	if [ "$out" != 1 ] || [ "$in" != 1 ]; then
		err "tunnel $2 in $1 has $out outbound and $in inbound SAs, expected 1 and 1"
		return 1
	fi
}

cmd_show()
{
	local ns name rc=0

	for ns in "$NS_ALICE" "$NS_BOB"; do
		info "$ns: SAs (keys hidden)"
		state_lines "$ns" | info_lines
		for name in $(tunnel_names); do
			tunnel_check "$ns" "$name" || rc=1
		done
	done
	return $rc
}

# spis NS NAME: print the SPIs of the tunnel's SAs in NS, sorted, on one line.
spis()
{
	tunnel_states "$1" "$2" | awk '{ print $1 }' | sort | tr '\n' ' '
}

# rekeyed NS NAME OLD: check that the tunnel has one SA each way in NS and
# none of the SPIs in OLD.
rekeyed()
{
	local spi

	tunnel_check "$1" "$2" 2>/dev/null || return 1
	for spi in $(spis "$1" "$2"); do
		case " $3 " in
		*" $spi "*) return 1 ;;
		esac
	done
}

cmd_rekey()
{
	local name=${1:?tunnel name} ns old_alice old_bob

	old_alice=$(spis "$NS_ALICE" "$name")
	old_bob=$(spis "$NS_BOB" "$name")
	case $(sa_source) in
	ike) bash "$E2E_DIR/ike.sh" rekey "$name" ;;
	static) bash "$E2E_DIR/xfrm-static.sh" rekey "$name" ;;
	split) die "SAs set up with split are not rekeyed" ;;
	*) die "no SAs are set up: run '$0 setup' first" ;;
	esac
	for ns in "$NS_ALICE" "$NS_BOB"; do
		local old=$old_alice
		[ "$ns" = "$NS_BOB" ] && old=$old_bob
		if ! wait_until $REKEY_TIMEOUT rekeyed "$ns" "$name" "$old"; then
			err "$ns: tunnel $name still has SPIs [ $(spis "$ns" "$name")] after $REKEY_TIMEOUT s (before the rekey: [ $old])"
			return 1
		fi
		info "$ns: $name SPIs [ $old] -> [ $(spis "$ns" "$name")]"
	done
}

# cmd_teardown: stop the IKE daemons or remove the static SAs, then flush
# every SA and policy, because charon may leave its SAs in the kernel.
cmd_teardown()
{
	local ns

	case $(sa_source) in
	ike) bash "$E2E_DIR/ike.sh" stop ;;
	static|split) bash "$E2E_DIR/xfrm-static.sh" down ;;
	esac
	for ns in "$NS_ALICE" "$NS_BOB"; do
		ip -n "$ns" xfrm state flush 2>/dev/null || true
		ip -n "$ns" xfrm policy flush 2>/dev/null || true
	done
	rm -f "$E2E_WORK/sa-source"
}

case ${1:-} in
setup) cmd_setup "${2:-auto}" ;;
show) cmd_show ;;
rekey) cmd_rekey "${2:-}" ;;
teardown) cmd_teardown ;;
*) die "usage: $0 setup [auto|ike|static|split] | show | rekey TUNNEL | teardown" ;;
esac
