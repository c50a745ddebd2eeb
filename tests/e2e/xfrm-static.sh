#!/bin/bash
# alice and bob as IPsec endpoints with SAs and policies set by hand through
# ip-xfrm(8), without a key exchange: random SPIs and keys from
# /dev/urandom, ESP in tunnel mode, the algorithm each tunnel of plan.sh
# names.
#
#   xfrm-static.sh up [TUNNEL...]   SAs and policies (all tunnels by default)
#   xfrm-static.sh split [TUNNEL...]  the same, but alice and bob do not
#                                   share SAs: each has its own with gw,
#                                   which re-encrypts between them; bob's
#                                   side always uses AES-GCM-128
#   xfrm-static.sh rekey TUNNEL     new SPIs and keys for TUNNEL; its old
#                                   SAs are deleted once the new ones are in
#   xfrm-static.sh down             flush SAs and policies, stop the UDP
#                                   encapsulation sockets, remove the keys
#
# With up, both endpoints get the same SAs.  The SA list is kept, keys
# included, in the format of ipsec-proxyd.conf(5) in
# $E2E_WORK/ipsec-proxyd.conf (mode 0600) for the gateway to load, and
# rewritten on every change.  After split it also pairs each SA of one
# side with the SA of the other side that carries the same direction.
set -euo pipefail
here=${0%/*}
[ "$here" != "$0" ] || here=.
source "$here/lib.sh"

STATIC_DIR=$E2E_WORK/static
GW_SA_CONF=$E2E_WORK/ipsec-proxyd.conf
REPLAY_WINDOW=32
SPLIT_BOB_ESP=aes128gcm16
umask 077

# alg_words ESP_PROPOSAL: print the ip-xfrm algorithm words, one a line, with
# fresh keys.
alg_words()
{
	case $1 in
	aes128gcm16)
		# A 16-byte AES key followed by the 4-byte salt of RFC 4106.
		printf '%s\n' aead 'rfc4106(gcm(aes))' "0x$(random_hex 20)" 128
		;;
	aes128-sha256)
		printf '%s\n' enc 'cbc(aes)' "0x$(random_hex 16)" \
			auth-trunc 'hmac(sha256)' "0x$(random_hex 32)" 128
		;;
	*)
		err "no static algorithm for the ESP proposal '$1'"
		return 1
		;;
	esac
}

# sa_write FILE SRC DST: write a new SA from SRC to DST for the loaded tunnel,
# as the words of "ip xfrm state add", one a line.
sa_write()
{
	{
		printf '%s\n' src "$2" dst "$3" proto esp spi "$(random_spi)" \
			reqid "$T_REQID" mode tunnel replay-window "$REPLAY_WINDOW"
		alg_words "$T_ESP"
		if [ "$T_ENCAP" = udp4500 ]; then
			printf '%s\n' encap espinudp 4500 4500 0.0.0.0
		fi
	} >"$1"
}

# sa_field FILE WORD: print the word after WORD in the SA file.
sa_field()
{
	awk -v w="$2" 'prev == w { print; exit } { prev = $0 }' "$1"
}

# sa_install FILE [NS...]: add the SA to the namespaces NS, by default to
# alice and to bob.
sa_install()
{
	local file=$1 words ns namespaces=("${@:2}")

	[ ${#namespaces[@]} -gt 0 ] || namespaces=("$NS_ALICE" "$NS_BOB")
	mapfile -t words <"$file"
	for ns in "${namespaces[@]}"; do
		ip -n "$ns" xfrm state add "${words[@]}"
	done
	words=()
}

# sa_remove FILE: delete the SA from alice and bob, and wipe the file.
sa_remove()
{
	local ns

	for ns in "$NS_ALICE" "$NS_BOB"; do
		ip -n "$ns" xfrm state delete src "$(sa_field "$1" src)" \
			dst "$(sa_field "$1" dst)" proto esp \
			spi "$(sa_field "$1" spi)"
	done
	shred -u "$1"
}

# policies_add NS: add the loaded tunnel's outbound and inbound policies in NS.
policies_add()
{
	tunnel_side "$1"
	ip -n "$1" xfrm policy add src "$L_NET" dst "$R_NET" dir out \
		tmpl src "$L_OUTER" dst "$R_OUTER" proto esp \
		reqid "$T_REQID" mode tunnel
	ip -n "$1" xfrm policy add src "$R_NET" dst "$L_NET" dir in \
		tmpl src "$R_OUTER" dst "$L_OUTER" proto esp \
		reqid "$T_REQID" mode tunnel
}

# The kernel only takes ESP out of UDP port 4500 for a socket bound there
# with the UDP_ENCAP option.  An IKE daemon opens that socket, and without
# one udp-encap-socket.py does.
encap_sockets_start()
{
	local ns pidfile

	for ns in "$NS_ALICE" "$NS_BOB"; do
		pidfile=$STATIC_DIR/udp-encap.$ns.pid
		[ -f "$pidfile" ] && continue
		nsenter --net="$NETNS_DIR/$ns" "$PYTHON" \
			"$E2E_DIR/udp-encap-socket.py" 4500 \
			>"$STATIC_DIR/udp-encap.$ns.log" 2>&1 &
		echo $! >"$pidfile"
		if ! wait_until 20 listening "$ns" -u 4500; then
			err "udp-encap-socket.py did not bind UDP port 4500 in $ns"
			return 1
		fi
	done
}

# gw_conf_write: write the current SAs of every tunnel as ipsec-proxyd.conf(5).
gw_conf_write()
{
	local file

	{
		printf '# SAs between alice and bob, written by xfrm-static.sh.\n'
		for file in "$STATIC_DIR"/*.sa; do
			[ -f "$file" ] || continue
			printf 'sa'
			# The loader splits words at blanks and accepts
			# quotes.  Algorithm names contain parentheses, so
			# they are quoted.
			awk '/[()]/ { printf " '\''%s'\''", $0; next }
				{ printf " %s", $0 }' "$file"
			printf '\n'
		done
		for file in "$STATIC_DIR"/*.pairs; do
			[ -f "$file" ] && cat "$file"
		done
	} >"$GW_SA_CONF.new"
	mv "$GW_SA_CONF.new" "$GW_SA_CONF"
}

tunnel_up()
{
	local ab=$STATIC_DIR/$1.alice-bob.sa ba=$STATIC_DIR/$1.bob-alice.sa

	tunnel_load "$1"
	if [ -f "$ab" ]; then
		err "tunnel $1 is up already"
		return 1
	fi
	if [ "$T_ENCAP" = udp4500 ]; then
		encap_sockets_start
	fi
	sa_write "$ab" "$T_ALICE_OUTER" "$T_BOB_OUTER"
	sa_write "$ba" "$T_BOB_OUTER" "$T_ALICE_OUTER"
	sa_install "$ab"
	sa_install "$ba"
	policies_add "$NS_ALICE"
	policies_add "$NS_BOB"
}

# tunnel_split_up NAME: SAs of alice's side in alice, SAs of bob's side in
# bob, both directions, and the pairs that join them in gw.
tunnel_split_up()
{
	local dir ns src dst esp

	tunnel_load "$1"
	if [ "$T_ENCAP" != none ]; then
		err "tunnel $1 uses UDP encapsulation, which split does not set up"
		return 1
	fi
	esp=$T_ESP
	for ns in "$NS_ALICE" "$NS_BOB"; do
		[ "$ns" = "$NS_BOB" ] && T_ESP=$SPLIT_BOB_ESP
		for dir in alice-bob bob-alice; do
			src=$T_ALICE_OUTER dst=$T_BOB_OUTER
			[ $dir = bob-alice ] && src=$T_BOB_OUTER dst=$T_ALICE_OUTER
			sa_write "$STATIC_DIR/$1.$dir.$ns.sa" "$src" "$dst"
			sa_install "$STATIC_DIR/$1.$dir.$ns.sa" "$ns"
		done
	done
	T_ESP=$esp
	policies_add "$NS_ALICE"
	policies_add "$NS_BOB"
	pair_write "$1" alice-bob "$NS_ALICE" "$NS_BOB"
	pair_write "$1" bob-alice "$NS_BOB" "$NS_ALICE"
}

# pair_write NAME DIR FROM TO: append to NAME's pairs the pair that takes
# what FROM sends in direction DIR on to TO's SA of that direction.
pair_write()
{
	local in=$STATIC_DIR/$1.$2.$3.sa out=$STATIC_DIR/$1.$2.$4.sa

	printf 'pair in spi %s dst %s out spi %s dst %s\n' \
		"$(sa_field "$in" spi)" "$(sa_field "$in" dst)" \
		"$(sa_field "$out" spi)" "$(sa_field "$out" dst)" \
		>>"$STATIC_DIR/$1.pairs"
	info "$1 ${2/-/->}: gw re-encrypts SPI $(sa_field "$in" spi) ($3's side) as SPI $(sa_field "$out" spi) ($4's side)"
}

# cmd_up FUNCTION [TUNNEL...]: set up the tunnels (all by default) with
# FUNCTION, tunnel_up or tunnel_split_up, then write the gateway's file.
cmd_up()
{
	local up=$1 name names

	shift
	names=${*:-$(tunnel_names)}
	mkdir -p "$STATIC_DIR"
	for name in $names; do
		"$up" "$name"
	done
	gw_conf_write
}

# cmd_rekey TUNNEL: install the new SAs in both directions before deleting
# the old ones.  With old and new installed, the kernel sends on the newest
# SA and receives on both, so no packet is lost in between.
cmd_rekey()
{
	local dir old new old_spi

	tunnel_load "${1:?tunnel name}"
	for dir in alice-bob bob-alice; do
		old=$STATIC_DIR/$1.$dir.sa
		[ -f "$old" ] || die "tunnel $1 is not up"
		if [ $dir = alice-bob ]; then
			sa_write "$old.new" "$T_ALICE_OUTER" "$T_BOB_OUTER"
		else
			sa_write "$old.new" "$T_BOB_OUTER" "$T_ALICE_OUTER"
		fi
		sa_install "$old.new"
	done
	for dir in alice-bob bob-alice; do
		old=$STATIC_DIR/$1.$dir.sa
		new=$old.new
		old_spi=$(sa_field "$old" spi)
		sa_remove "$old"
		mv "$new" "$old"
		info "$1 ${dir/-/->}: SPI $old_spi replaced by $(sa_field "$old" spi)"
	done
	gw_conf_write
}

cmd_down()
{
	local ns

	for ns in "$NS_ALICE" "$NS_BOB"; do
		kill_pidfile "$STATIC_DIR/udp-encap.$ns.pid"
		ip -n "$ns" xfrm state flush
		ip -n "$ns" xfrm policy flush
	done
	if [ -d "$STATIC_DIR" ]; then
		find "$STATIC_DIR" -name '*.sa*' -exec shred -u {} +
		rm -rf "$STATIC_DIR"
	fi
	[ -f "$GW_SA_CONF" ] && shred -u "$GW_SA_CONF"
	return 0
}

case ${1:-} in
up) shift; cmd_up tunnel_up "$@" ;;
split) shift; cmd_up tunnel_split_up "$@" ;;
rekey) cmd_rekey "${2:-}" ;;
down) cmd_down ;;
*) die "usage: $0 up [TUNNEL...] | split [TUNNEL...] | rekey TUNNEL | down" ;;
esac
