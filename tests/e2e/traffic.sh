#!/bin/bash
# Traffic between the subnets behind alice and bob, through a tunnel.
#
#   traffic.sh ping TUNNEL        echo requests each way; the tunnel's SAs
#                                 must have carried them
#   traffic.sh tcp TUNNEL [KIB]   KIB KiB (default 4096) of random data from
#                                 alice to bob over TCP, SHA-256 compared
#                                 at both ends and appended to
#                                 $E2E_WORK/checksums.txt
#   traffic.sh http TUNNEL        HTTP GETs from alice to a web server in
#                                 bob: a plain one, and one whose URL contains
#                                 the marker of forbidden.rules
#
# E2E_GW names the script that runs gw (default gw-bridge.sh).  The output
# of its "inspects" command decides whether the marker request must be
# dropped.
set -euo pipefail
here=${0%/*}
[ "$here" != "$0" ] || here=.
source "$here/lib.sh"

E2E_GW=${E2E_GW:-gw-bridge.sh}
MARKER=ucapi-demo-forbidden
PING_COUNT=3
TCP_PORT=5001
HTTP_PORT=8080

# url_host ADDRESS: print ADDRESS as the host part of a URL or socat address.
url_host()
{
	case $1 in
	*:*) printf '[%s]\n' "$1" ;;
	*) printf '%s\n' "$1" ;;
	esac
}

# out_sa_delta_check NS SPI BEFORE FIELD MIN WHAT: check that the counter
# FIELD of the state SPI in NS grew by MIN or more since BEFORE.  WHAT names
# the unit in messages.
out_sa_delta_check()
{
	local now

	now=$(sa_counter "$1" "$2" "$4")
	if [ $((now - $3)) -lt "$5" ]; then
		err "$1's outbound SA $2 counted $((now - $3)) $6, expected at least $5: the traffic did not take the tunnel"
		return 1
	fi
	info "$1's outbound SA $2 carried $((now - $3)) $6"
}

cmd_ping()
{
	local spi_a spi_b before_a before_b

	tunnel_load "$1"
	spi_a=$(tunnel_out_spi "$NS_ALICE" "$1")
	spi_b=$(tunnel_out_spi "$NS_BOB" "$1")
	before_a=$(sa_counter "$NS_ALICE" "$spi_a" 5)
	before_b=$(sa_counter "$NS_BOB" "$spi_b" 5)

	in_ns "$NS_ALICE" ping -q -c $PING_COUNT -i 0.2 -W 3 \
		-I "$T_ALICE_IP" "$T_BOB_IP" | tail -2 | info_lines
	in_ns "$NS_BOB" ping -q -c $PING_COUNT -i 0.2 -W 3 \
		-I "$T_BOB_IP" "$T_ALICE_IP" | tail -2 | info_lines

	# Each side sends its own requests and its replies to the other's.
	out_sa_delta_check "$NS_ALICE" "$spi_a" "$before_a" 5 \
		$((2 * PING_COUNT)) packets
	out_sa_delta_check "$NS_BOB" "$spi_b" "$before_b" 5 \
		$((2 * PING_COUNT)) packets
}

# tcp_receiver_wait PID SECS: wait for the receiver to exit.
tcp_receiver_wait()
{
	wait_until "$2" sh -c "! kill -0 $1 2>/dev/null"
}

cmd_tcp()
{
	local kib=${2:-4096} sent received pid spi before start ms
	local family_opt listen connect sum_sent sum_received

	tunnel_load "$1"
	sent=$E2E_WORK/tcp-$1.sent
	received=$E2E_WORK/tcp-$1.received
	mkdir -p "$E2E_WORK"
	rm -f "$received"
	dd if=/dev/urandom of="$sent" bs=1024 count="$kib" status=none

	family_opt=-4
	[ "$T_FAMILY" = 6 ] && family_opt=-6
	listen="TCP$T_FAMILY-LISTEN:$TCP_PORT,bind=$(url_host "$T_BOB_IP"),reuseaddr"
	connect="TCP$T_FAMILY:$(url_host "$T_BOB_IP"):$TCP_PORT,bind=$(url_host "$T_ALICE_IP")"
	nsenter --net="$NETNS_DIR/$NS_BOB" socat -u "$listen" "CREATE:$received" &
	pid=$!
	if ! wait_until 10 listening "$NS_BOB" -t $TCP_PORT; then
		err "socat in bob is not listening on TCP port $TCP_PORT"
		kill $pid 2>/dev/null
		return 1
	fi

	spi=$(tunnel_out_spi "$NS_ALICE" "$1")
	before=$(sa_counter "$NS_ALICE" "$spi" 4)
	start=$(date +%s%N)
	if ! in_ns "$NS_ALICE" timeout 120 socat -u "OPEN:$sent" "$connect"; then
		err "sending $kib KiB from alice to bob failed"
		kill $pid 2>/dev/null
		return 1
	fi
	if ! tcp_receiver_wait $pid 30; then
		err "the receiver in bob did not finish within 30 s"
		kill $pid 2>/dev/null
		return 1
	fi
	ms=$((($(date +%s%N) - start) / 1000000))

	sum_sent=$(sha256sum <"$sent" | cut -d' ' -f1)
	sum_received=$(sha256sum <"$received" | cut -d' ' -f1)
	info "alice sent     $(stat -c %s "$sent") bytes, SHA-256 $sum_sent"
	info "bob received   $(stat -c %s "$received") bytes, SHA-256 $sum_received"
	info "in $ms ms"
	rm -f "$sent" "$received"
	printf '%s %s KiB sent %s received %s\n' "$1" "$kib" "$sum_sent" \
		"$sum_received" >>"$E2E_WORK/checksums.txt"
	if [ "$sum_sent" != "$sum_received" ]; then
		err "the SHA-256 of the received data differs from the sent data"
		return 1
	fi
	out_sa_delta_check "$NS_ALICE" "$spi" "$before" 4 $((kib * 1024)) bytes
}

# http_get URL OUTPUT: fetch URL from alice into OUTPUT and print the HTTP
# status code, 000 when no response came.
http_get()
{
	in_ns "$NS_ALICE" curl -sS -m 10 --interface "$T_ALICE_IP" \
		-o "$2" -w '%{http_code}' "$1" 2>/dev/null || true
}

http_server_start()
{
	local root=$E2E_WORK/www

	mkdir -p "$root"
	printf 'hello from bob\n' >"$root/index.txt"
	printf 'this body must not reach alice through ipsec-proxyd\n' \
		>"$root/$MARKER.txt"
	nsenter --net="$NETNS_DIR/$NS_BOB" "$PYTHON" -m http.server "$HTTP_PORT" \
		--bind "$T_BOB_IP" --directory "$root" \
		>"$E2E_WORK/http.log" 2>&1 &
	echo $! >"$E2E_WORK/http.pid"
	if ! wait_until 20 listening "$NS_BOB" -t $HTTP_PORT; then
		err "the HTTP server in bob is not listening on port $HTTP_PORT"
		return 1
	fi
}

# status_text CODE: curl's status code in words.
status_text()
{
	if [ "$1" = 000 ]; then
		echo "no response"
	else
		echo "HTTP status $1"
	fi
}

# marker_result CODE INSPECTS: check the status of the marker request, and
# whether bob's web server saw it, against whether gw inspects traffic.
marker_result()
{
	local code=$1 inspects=$2

	if [ "$inspects" = yes ]; then
		if [ "$code" = 200 ]; then
			err "the request with \"$MARKER\" got through gw, which should drop it"
			return 1
		fi
		if grep -q "$MARKER" "$E2E_WORK/http.log"; then
			err "bob's web server received the request with \"$MARKER\" ($(status_text "$code") at alice)"
			return 1
		fi
		info "request with \"$MARKER\": dropped by gw ($(status_text "$code") at alice, not in bob's server log)"
		return 0
	fi
	if [ "$code" = 200 ]; then
		info "request with \"$MARKER\": delivered (HTTP 200); gw ($E2E_GW) does not inspect, so no drop is expected"
	else
		info "request with \"$MARKER\": $(status_text "$code") although gw ($E2E_GW) does not inspect"
	fi
}

cmd_http()
{
	local base code out=$E2E_WORK/http.body rc=0 inspects

	tunnel_load "$1"
	http_server_start || { kill_pidfile "$E2E_WORK/http.pid"; return 1; }
	base="http://$(url_host "$T_BOB_IP"):$HTTP_PORT"

	code=$(http_get "$base/index.txt" "$out")
	if [ "$code" != 200 ] || ! grep -q 'hello from bob' "$out"; then
		err "GET $base/index.txt: HTTP status $code, expected 200 with bob's page"
		rc=1
	else
		info "GET $base/index.txt: HTTP 200, body \"$(cat "$out")\""
	fi

	inspects=$(bash "$E2E_DIR/$E2E_GW" inspects)
	code=$(http_get "$base/$MARKER.txt" "$out")
	info "GET $base/$MARKER.txt: $(status_text "$code")"
	marker_result "$code" "$inspects" || rc=1

	kill_pidfile "$E2E_WORK/http.pid"
	info "bob's web server log:"
	grep '"GET ' "$E2E_WORK/http.log" | info_lines || true
	rm -f "$out"
	return $rc
}

case ${1:-} in
ping) cmd_ping "${2:?tunnel name}" ;;
tcp) cmd_tcp "${2:?tunnel name}" "${3:-}" ;;
http) cmd_http "${2:?tunnel name}" ;;
*) die "usage: $0 ping TUNNEL | tcp TUNNEL [KIB] | http TUNNEL" ;;
esac
