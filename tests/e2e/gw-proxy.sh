#!/bin/bash
# The gateway in gw: ipsec-proxyd between gw-alice and gw-bob, in the mode
# E2E_GW_MODE names:
#
#   inline     (the default) forwards what passes unchanged.  It learns the
#              SAs from alice's kernel XFRM database (--xfrm-netns).  That
#              is a lab substitute for a key export from the IKE daemon,
#              because a real deployment gets the keys from its own
#              endpoint or key server.
#   reencrypt  decrypts with the SAs of one side and encrypts with those of
#              the other, as $E2E_WORK/ipsec-proxyd.conf pairs them
#              (xfrm-static.sh split writes it).
#
#   gw-proxy.sh start      start ipsec-proxyd in gw, wait for its socket
#   gw-proxy.sh stop       stop it (SIGTERM) and check it exited cleanly
#   gw-proxy.sh inspects   print "yes": this gw drops what the rules drop
#   gw-proxy.sh modes      print the modes this gw runs in: inline reencrypt
#   gw-proxy.sh report     print the SAs learned, the counters, the alerts
#                          and the crypto backend; fail when the marker
#                          request raised no drop alert, and in inline
#                          mode when forged and replayed packets were not
#                          dropped here, in re-encrypt mode when nothing
#                          was re-encrypted
set -euo pipefail
here=${0%/*}
[ "$here" != "$0" ] || here=.
source "$here/lib.sh"

TOP=$(cd "$E2E_DIR/../.." && pwd)
BUILD=${BUILD:-$TOP/build}
PROXYD=$BUILD/proxy/ipsec-proxyd
PROXYCTL=$BUILD/proxy-daemon/ipsec-proxyctl
MODE=${E2E_GW_MODE:-inline}
GW_DIR=$E2E_WORK/gw-$MODE
SOCKET=$GW_DIR/control.sock
BACKEND=${E2E_GW_BACKEND:-syscall}

ctl()
{
	"$PROXYCTL" -s "$SOCKET" -t 20 "$@"
}

cmd_start()
{
	local sa_args from

	[ -x "$PROXYD" ] || die "$PROXYD not found: build it with make -C proxy"
	mkdir -p "$GW_DIR"
	rm -f "$GW_DIR/eve.json"
	# veth hands frames on with the TCP/UDP checksum still to be filled
	# in (CHECKSUM_PARTIAL), which a NIC would do before the wire.  The
	# gateway forwards frames unchanged, so the endpoints compute their
	# checksums in software, as they would behind real network cards.
	in_ns "$NS_ALICE" ethtool -K "$ENDPOINT_IF" tx off >/dev/null
	in_ns "$NS_BOB" ethtool -K "$ENDPOINT_IF" tx off >/dev/null
	ip -n "$NS_GW" link set "$GW_IF_ALICE" up
	ip -n "$NS_GW" link set "$GW_IF_BOB" up
	case $MODE in
	inline) sa_args=(--xfrm-netns "$NS_ALICE") from="from namespace $NS_ALICE" ;;
	reencrypt) sa_args=(--sa "$E2E_WORK/ipsec-proxyd.conf") from="and pairs from ipsec-proxyd.conf" ;;
	*) die "unknown E2E_GW_MODE '$MODE' (use inline or reencrypt)" ;;
	esac
	nsenter --net="$NETNS_DIR/$NS_GW" "$PROXYD" "--$MODE" "$GW_IF_ALICE,$GW_IF_BOB" \
		"${sa_args[@]}" --rules "$E2E_DIR/forbidden.rules" \
		--eve "$GW_DIR/eve.json" --control "$SOCKET" \
		--backend "$BACKEND" --foreground \
		>"$GW_DIR/ipsec-proxyd.log" 2>&1 &
	echo $! >"$GW_DIR/pid"
	if ! wait_until 30 test -S "$SOCKET"; then
		cat "$GW_DIR/ipsec-proxyd.log" >&2
		die "ipsec-proxyd did not open $SOCKET within 30 s"
	fi
	# The pairs, without the keys of the SA lines, for the summary.
	if [ "$MODE" = reencrypt ]; then
		grep '^pair ' "$E2E_WORK/ipsec-proxyd.conf" >"$GW_DIR/pairs.txt"
	fi
	info "ipsec-proxyd $MODE on $GW_IF_ALICE,$GW_IF_BOB (pid $(<"$GW_DIR/pid"), backend $BACKEND), SAs $from"
}

cmd_stop()
{
	local pid rc=0

	[ -f "$GW_DIR/pid" ] || return 0
	pid=$(<"$GW_DIR/pid")
	kill -TERM "$pid" 2>/dev/null || true
	wait_until 20 sh -c "! kill -0 $pid 2>/dev/null" || rc=1
	rm -f "$GW_DIR/pid"
	[ $rc = 0 ] || die "ipsec-proxyd (pid $pid) did not stop within 20 s"
	# ipsec-proxyd logs its "stopped" line only when it stops cleanly.
	if ! grep -q ': info: stopped: ' "$GW_DIR/ipsec-proxyd.log"; then
		tail -5 "$GW_DIR/ipsec-proxyd.log" >&2
		die "ipsec-proxyd (pid $pid) exited without logging its stop"
	fi
	info "$(grep ': info: stopped: ' "$GW_DIR/ipsec-proxyd.log")"
}

# drop_count REASON: a drop reason's packet count from "stats".
drop_count()
{
	sed -n "s/^drop reason=$1 packets=\([0-9]*\)$/\1/p" "$GW_DIR/stats.txt"
}

cmd_report()
{
	local rc=0

	ctl sa list >"$GW_DIR/sa.txt"
	ctl stats >"$GW_DIR/stats.txt"
	ctl metrics >"$GW_DIR/metrics.txt"
	info "SAs learned (no keys):"
	info_lines <"$GW_DIR/sa.txt"
	info "counters:"
	grep -E '^(sa|drop|worker|total)' "$GW_DIR/stats.txt" | info_lines || true
	info "crypto:"
	grep -E '^ipsec_proxy_(ucapi|crypto)[a-z_]*' "$GW_DIR/metrics.txt" |
		grep -v '^#' | info_lines || true
	info "alerts ($GW_DIR/eve.json):"
	info_lines <"$GW_DIR/eve.json"

	if ! grep -q '"signature_id":1000001' "$GW_DIR/eve.json"; then
		err "no alert for the forbidden marker (sid 1000001)"
		rc=1
	fi
	if ! grep -q "backend=\"$BACKEND\"" "$GW_DIR/metrics.txt"; then
		err "the metrics do not show the $BACKEND backend"
		rc=1
	fi
	case $MODE in
	inline) inline_check || rc=1 ;;
	reencrypt) reencrypt_check || rc=1 ;;
	esac
	return $rc
}

# inline_check: the forged and replayed frames that forgery.sh sent were
# dropped here.
inline_check()
{
	local rc=0 auth replay

	# The forged frames of gcm4 and cbc4 fail their ICV check.
	auth=$(drop_count auth)
	replay=$(drop_count replay)
	if [ "${auth:-0}" -lt 6 ]; then
		err "gw dropped ${auth:-0} packets failing authentication, expected at least the 6 forged ones"
		rc=1
	fi
	if [ "${replay:-0}" -lt 3 ]; then
		err "gw dropped ${replay:-0} replayed packets, expected at least 3"
		rc=1
	fi
	return $rc
}

# reencrypt_check: every packet gw decrypted and let through left encrypted
# again, none for want of a pair, and none passed unchanged.
reencrypt_check()
{
	local rc=0 decrypted encrypted forwarded no_pair

	decrypted=$(worker_sum "$GW_DIR/stats.txt" decrypted)
	encrypted=$(worker_sum "$GW_DIR/stats.txt" encrypted)
	forwarded=$(worker_sum "$GW_DIR/stats.txt" forwarded)
	no_pair=$(drop_count no_pair)
	info "re-encrypted $encrypted of $decrypted decrypted packets"
	if [ "$encrypted" = 0 ]; then
		err "gw re-encrypted no packet"
		rc=1
	fi
	if [ "${no_pair:-0}" != 0 ]; then
		err "gw dropped $no_pair packets of SAs without a pair"
		rc=1
	fi
	return $rc
}

case ${1:-} in
start) cmd_start ;;
stop) cmd_stop ;;
inspects) echo yes ;;
modes) echo inline reencrypt ;;
report) cmd_report ;;
*) die "usage: $0 start | stop | inspects | modes | report" ;;
esac
