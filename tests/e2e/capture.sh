#!/bin/bash
# A packet capture on gw's two ports, to show what crosses the wire.
#
#   capture.sh start     dumpcap on gw-alice and gw-bob into one pcapng file
#   capture.sh stop      end the capture
#   capture.sh summary   packets per port and flow, read by tshark; fails
#                        when an inner address shows up in clear or a kind
#                        of ESP flow the tunnels use is missing
#
# The file is $E2E_WORK/NAME.pcapng, where E2E_CAPTURE gives NAME (default
# gw).  Every frame appears once per port while gw forwards it unchanged.
# When E2E_GW_MODE is reencrypt, gw sends what it forwards with the SAs of
# the other side: the summary then requires each endpoint's SPIs on its own
# port and never on the other.
set -euo pipefail
here=${0%/*}
[ "$here" != "$0" ] || here=.
source "$here/lib.sh"

CAPTURE_NAME=${E2E_CAPTURE:-gw}
CAPTURE=$E2E_WORK/$CAPTURE_NAME.pcapng
PIDFILE=$E2E_WORK/dumpcap.pid
# Headers are all the summary reads.
SNAPLEN=128

cmd_start()
{
	mkdir -p "$E2E_WORK"
	rm -f "$CAPTURE"
	ip netns exec "$NS_GW" dumpcap -q -s $SNAPLEN -i "$GW_IF_ALICE" \
		-i "$GW_IF_BOB" -w "$CAPTURE" >"$E2E_WORK/dumpcap.log" 2>&1 &
	echo $! >"$PIDFILE"
	if ! wait_until 30 grep -q '^Capturing on' "$E2E_WORK/dumpcap.log"; then
		err "dumpcap did not start capturing on gw's ports:"
		cat "$E2E_WORK/dumpcap.log" >&2
		return 1
	fi
	info "capturing on gw's $GW_IF_ALICE and $GW_IF_BOB into $CAPTURE"
}

cmd_stop()
{
	kill_pidfile "$PIDFILE"
}

# inner_prefixes: print an extended regular expression that matches the
# addresses of the tunnel subnets as tshark prints them.  Only /24 and /64
# subnets are handled.
inner_prefixes()
{
	local name net re=

	for name in $(tunnel_names); do
		tunnel_load "$name"
		for net in "$T_ALICE_NET" "$T_BOB_NET"; do
			case $net in
			*.0/24) net=${net%0/24} ;;
			*::/64) net=${net%:/64} ;;
			*) die "capture.sh handles /24 and /64 subnets only, not $net" ;;
			esac
			re+="${re:+|}^${net//./\\.}"
		done
	done
	printf '%s\n' "$re"
}

# flows: print one line per frame, "PORT SRC DST KIND SPI CLEAR".  SRC and
# DST are the outer addresses.  KIND is esp, esp-in-udp or the protocol
# name tshark gives, and SPI is "-" without ESP.  CLEAR is 1 when the frame
# shows a tunnel subnet's address, which tshark can only read in
# unencrypted packets.
flows()
{
	tshark -r "$CAPTURE" -n -T fields -E separator='|' \
		-e frame.interface_name -e ip.src -e ip.dst -e ipv6.src \
		-e ipv6.dst -e udp.dstport -e esp.spi -e _ws.col.Protocol \
		-e ip.addr -e ipv6.addr 2>"$E2E_WORK/tshark.log" |
	INNER=$(inner_prefixes) awk -F'|' '{
		split($2, src, ","); split($3, dst, ",")
		if ($4 != "") { split($4, src, ","); split($5, dst, ",") }
		kind = tolower($8)
		if ($7 != "") {
			kind = "esp"
			if ($6 == "4500")
				kind = "esp-in-udp"
		}
		n = split($9 "," $10, addrs, ",")
		clear = 0
		for (i = 1; i <= n; i++)
			if (addrs[i] ~ ENVIRON["INNER"])
				clear = 1
		split($7, spi, ",")
		printf "%s %s %s %s %s %d\n", $1, src[1] == "" ? "-" : src[1],
			dst[1] == "" ? "-" : dst[1], kind,
			spi[1] == "" ? "-" : spi[1], clear
	}'
}

# spi_seen FLOWS SPI: check that SPI appears on both ports in FLOWS.
spi_seen()
{
	awk -v spi="$2" -v a="$GW_IF_ALICE" -v b="$GW_IF_BOB" '
		$5 == spi { port[$1] = 1 }
		END { exit !(port[a] && port[b]) }' "$1"
}

# spi_only_on FLOWS SPI PORT: check that SPI appears on PORT and on no other.
spi_only_on()
{
	awk -v spi="$2" -v port="$3" '
		$5 == spi { seen[$1 == port] = 1 }
		END { exit !(seen[1] && !seen[0]) }' "$1"
}

# spis_check FLOWS: check the current outbound SPI of every tunnel in both
# endpoints against the ports it must cross.
spis_check()
{
	local list=$1 name ns spi port rc=0

	for name in $(tunnel_names); do
		for ns in "$NS_ALICE" "$NS_BOB"; do
			spi=$(tunnel_out_spi "$ns" "$name") || {
				err "tunnel $name has no outbound policy or SA in $ns"
				rc=1
				continue
			}
			port=$GW_IF_ALICE
			[ "$ns" = "$NS_BOB" ] && port=$GW_IF_BOB
			if [ "${E2E_GW_MODE:-inline}" = reencrypt ]; then
				spi_only_on "$list" "$spi" "$port" && continue
				err "ESP of tunnel $name from $ns (SPI $spi) is missing on $port or crosses gw"
			else
				spi_seen "$list" "$spi" && continue
				err "ESP of tunnel $name from $ns (SPI $spi) is missing on a gw port"
			fi
			rc=1
		done
	done
	[ $rc != 0 ] && return 1
	if [ "${E2E_GW_MODE:-inline}" = reencrypt ]; then
		info "every endpoint's current SAs seen on its own port only: gw re-encrypted"
	else
		info "every tunnel's current SAs seen in both directions on both ports"
	fi
}

cmd_summary()
{
	local list=$E2E_WORK/$CAPTURE_NAME-flows.txt clear rc=0

	[ -s "$CAPTURE" ] || die "the capture $CAPTURE is missing or empty: run '$0 start' first"
	if ! flows >"$list"; then
		err "tshark could not read $CAPTURE:"
		cat "$E2E_WORK/tshark.log" >&2
		return 1
	fi
	info "frames seen on $GW_IF_ALICE and on $GW_IF_BOB, by flow:"
	awk -v a="$GW_IF_ALICE" '
		$4 ~ /^(esp|esp-in-udp|isakmp)$/ {
			flow = $2 " > " $3 " " $4 ($5 == "-" ? "" : " spi " $5)
			count[flow, $1 == a]++
			flows[flow] = 1
			next
		}
		{ other[$1 == a]++; kinds[$4] = 1 }
		END {
			for (f in flows)
				printf "%6d %6d  %s\n", count[f, 1], count[f, 0], f
			list = ""
			for (k in kinds)
				list = list (list == "" ? "" : ", ") k
			if (list != "")
				printf "%6d %6d  other (%s)\n", other[1], other[0], list
		}' "$list" | sort -k3 | info_lines

	clear=$(awk '$6 == 1' "$list" | wc -l)
	if [ "$clear" != 0 ]; then
		err "$clear frames carried a tunnel subnet address in clear:"
		awk '$6 == 1' "$list" | head -5 >&2
		rc=1
	else
		info "no tunnel subnet address in clear on the wire"
	fi

	spis_check "$list" || rc=1
	return $rc
}

case ${1:-} in
start) cmd_start ;;
stop) cmd_stop ;;
summary) cmd_summary ;;
*) die "usage: $0 start | stop | summary" ;;
esac
