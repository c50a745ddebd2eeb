#!/bin/bash
# The end-to-end scenario: alice and bob, two IPsec endpoints, send traffic
# through gw in four ESP tunnels (AES-GCM and AES-CBC with HMAC-SHA-256
# over IPv4, AES-GCM over IPv6, AES-GCM in UDP as behind a NAT).  It runs
# in the guest (scripts/guest-run.sh), which has the kernel's XFRM and ESP.
#
#   scenario.sh [--check] [--sa auto|ike|static]
#
#   --check   print TAP (one "ok N - name" per step, plan at the end) and
#             the step output as TAP comments
#   --sa      who sets up the SAs: IKEv2 with a fallback to static SAs
#             when charon cannot run (auto, the default), IKEv2 only, or
#             static SAs only
#
# Exits 1 when a step failed.  The capture and the daemon logs are copied
# to $BUILD/e2e when BUILD is set (no keys are in them).
set -uo pipefail
here=${0%/*}
[ "$here" != "$0" ] || here=.
source "$here/lib.sh"

E2E_GW=${E2E_GW:-gw-bridge.sh}
export E2E_GW
TCP_KIB=4096
# The re-encrypt part: tunnels without UDP encapsulation, and less data.
REENCRYPT_TUNNELS="gcm4 cbc4 gcm6"
REENCRYPT_TCP_KIB=1024
TAP=0
SA_SOURCE=auto
step_count=0
failures=0

usage()
{
	die "usage: $0 [--check] [--sa auto|ike|static]"
}

while [ $# -gt 0 ]; do
	case $1 in
	--check) TAP=1; shift ;;
	--sa) SA_SOURCE=${2:-}; shift 2 || usage ;;
	*) usage ;;
	esac
done

# step NAME COMMAND...: run one step and report it.
step()
{
	local name=$1 rc=0 log=$E2E_WORK/step.log start=$SECONDS

	shift
	step_count=$((step_count + 1))
	if [ $TAP = 1 ]; then
		"$@" >"$log" 2>&1 || rc=$?
		sed 's/^/# /' "$log"
		if [ $rc = 0 ]; then
			echo "ok $step_count - $name"
		else
			echo "not ok $step_count - $name"
		fi
		printf '# %d s\n' $((SECONDS - start))
	else
		printf '\n== %s\n' "$name"
		"$@" 2>&1 | sed 's/^/   /'
		rc=${PIPESTATUS[0]}
		if [ $rc = 0 ]; then
			printf '   -> ok in %d s\n' $((SECONDS - start))
		else
			printf '   -> FAILED with exit status %d\n' $rc
		fi
	fi
	[ $rc = 0 ] || failures=$((failures + 1))
	return $rc
}

# must STEP...: run a step the rest depends on, and stop the run when it
# fails.
must()
{
	step "$@" && return 0
	if [ $TAP = 1 ]; then
		echo "Bail out! step '$1' failed"
	else
		printf '\nstopped: step "%s" failed\n' "$1"
	fi
	exit 1
}

network_up()
{
	bash "$E2E_DIR/topology.sh" up &&
		bash "$E2E_DIR/$E2E_GW" start &&
		bash "$E2E_DIR/topology.sh" show
}

outer_ping()
{
	in_ns "$NS_ALICE" ping -q -c 1 -W 5 "$BOB_V4" | tail -2 &&
		in_ns "$NS_ALICE" ping -q -c 1 -W 5 "$BOB_V6" | tail -2
}

artifacts_keep()
{
	local dest=${BUILD:+$BUILD/e2e} file

	[ -n "$dest" ] || return 0
	# Remove an earlier run's files, which could pass for this run's.
	rm -rf "$dest"
	mkdir -p "$dest" || return 0
	for file in gw.pcapng gw-flows.txt gw-reencrypt.pcapng \
			gw-reencrypt-flows.txt http.log checksums.txt \
			ike/alice/charon.log ike/bob/charon.log \
			gw-{inline,reencrypt}/{eve.json,ipsec-proxyd.log,stats.txt,sa.txt}; do
		[ -f "$E2E_WORK/$file" ] &&
			cp "$E2E_WORK/$file" "$dest/${file//\//-}"
	done
	info "capture and logs copied to $dest"
}

cleanup()
{
	{
		bash "$E2E_DIR/capture.sh" stop
		E2E_GW_MODE=inline bash "$E2E_DIR/$E2E_GW" stop
		E2E_GW_MODE=reencrypt bash "$E2E_DIR/$E2E_GW" stop
		artifacts_keep
		bash "$E2E_DIR/sa.sh" teardown
		bash "$E2E_DIR/topology.sh" down
	} >/dev/null 2>&1
}

# sa_source_note: write for the summary where the inline part's SAs came
# from.
sa_source_note()
{
	local how

	case $(cat "$E2E_WORK/sa-source" 2>/dev/null) in
	ike) how="negotiated by IKEv2 (strongSwan)" ;;
	*) how="set with ip xfrm" ;;
	esac
	echo "$how, learned from alice's kernel XFRM database" \
		>"$E2E_WORK/inline-sa-source"
}

gw_stop()
{
	bash "$E2E_DIR/$E2E_GW" stop
}

# inline_part: the tunnels through the gateway in its default mode.
inline_part()
{
	local name

	must "SAs set up ($SA_SOURCE)" bash "$E2E_DIR/sa.sh" setup "$SA_SOURCE"
	must "SAs of every tunnel in both endpoints" bash "$E2E_DIR/sa.sh" show
	sa_source_note

	for name in $(tunnel_names); do
		step "ping both ways through $name" \
			bash "$E2E_DIR/traffic.sh" ping "$name"
	done
	step "TCP $TCP_KIB KiB alice to bob through gcm4, SHA-256 equal" \
		bash "$E2E_DIR/traffic.sh" tcp gcm4 $TCP_KIB
	step "TCP $TCP_KIB KiB alice to bob through cbc4, SHA-256 equal" \
		bash "$E2E_DIR/traffic.sh" tcp cbc4 $TCP_KIB
	step "HTTP alice to bob through gcm4" \
		bash "$E2E_DIR/traffic.sh" http gcm4

	step "forged ESP on gcm4 never accepted by bob" \
		bash "$E2E_DIR/forgery.sh" forge gcm4
	step "forged ESP on cbc4 never accepted by bob" \
		bash "$E2E_DIR/forgery.sh" forge cbc4
	step "replayed ESP on gcm4 never accepted by bob" \
		bash "$E2E_DIR/forgery.sh" replay gcm4

	for name in gcm4 cbc4; do
		if step "rekey $name: new SPIs, old SAs gone" \
				bash "$E2E_DIR/sa.sh" rekey "$name"; then
			step "ping both ways through $name after the rekey" \
				bash "$E2E_DIR/traffic.sh" ping "$name"
		fi
	done

	bash "$E2E_DIR/capture.sh" stop
	step "capture: only ESP between the tunnel subnets" \
		bash "$E2E_DIR/capture.sh" summary
	step "gw report: SAs, counters, alerts, crypto" \
		bash "$E2E_DIR/$E2E_GW" report
	step "gw stopped cleanly" gw_stop
}

# reencrypt_up: the inline gateway's SAs make way for SAs that differ
# between alice and gw and between gw and bob, and the gateway starts in
# re-encrypt mode.
reencrypt_up()
{
	bash "$E2E_DIR/sa.sh" teardown &&
		bash "$E2E_DIR/sa.sh" setup split &&
		bash "$E2E_DIR/capture.sh" start &&
		bash "$E2E_DIR/$E2E_GW" start &&
		bash "$E2E_DIR/sa.sh" show
}

# reencrypt_part: the gateway between different SAs on each side.
reencrypt_part()
{
	local name

	export E2E_GW_MODE=reencrypt E2E_TUNNELS=$REENCRYPT_TUNNELS \
		E2E_CAPTURE=gw-reencrypt
	must "re-encrypt: alice and bob have different SAs with gw" reencrypt_up
	for name in $(tunnel_names); do
		step "re-encrypt: ping both ways through $name" \
			bash "$E2E_DIR/traffic.sh" ping "$name"
	done
	step "re-encrypt: TCP $REENCRYPT_TCP_KIB KiB through gcm4, SHA-256 equal" \
		bash "$E2E_DIR/traffic.sh" tcp gcm4 $REENCRYPT_TCP_KIB
	step "re-encrypt: HTTP alice to bob through cbc4 (AES-CBC to AES-GCM)" \
		bash "$E2E_DIR/traffic.sh" http cbc4
	bash "$E2E_DIR/capture.sh" stop
	step "re-encrypt: capture shows each side's SAs on its own port only" \
		bash "$E2E_DIR/capture.sh" summary
	step "re-encrypt: gw report" bash "$E2E_DIR/$E2E_GW" report
	step "re-encrypt: gw stopped cleanly" gw_stop
	unset E2E_GW_MODE E2E_TUNNELS E2E_CAPTURE
}

main()
{
	if [ "${UCAPI_IN_GUEST:-0}" != 1 ]; then
		die "this scenario creates the network namespaces alice, gw and bob and needs a kernel with ESP: run it in the guest (bash scripts/guest-run.sh -- env E2E_GW=gw-proxy.sh bash tests/e2e/scenario.sh)"
	fi
	mkdir -p "$E2E_WORK"
	rm -rf "$E2E_WORK/gw-inline" "$E2E_WORK/gw-reencrypt" \
		"$E2E_WORK/checksums.txt"
	trap cleanup EXIT

	must "topology: alice, gw ($E2E_GW) and bob" network_up
	must "outer addresses reachable through gw" outer_ping
	step "capture started on gw's ports" bash "$E2E_DIR/capture.sh" start
	inline_part
	case " $(bash "$E2E_DIR/$E2E_GW" modes) " in
	*" reencrypt "*) reencrypt_part ;;
	esac
	if [ "$(bash "$E2E_DIR/$E2E_GW" inspects)" != yes ]; then
		:
	elif [ $TAP = 1 ]; then
		bash "$E2E_DIR/summary.sh" 2>&1 | sed 's/^/# /'
	else
		printf '\n== summary\n'
		bash "$E2E_DIR/summary.sh" 2>&1 | sed 's/^/   /'
	fi

	if [ $TAP = 1 ]; then
		echo "1..$step_count"
	else
		printf '\n%d steps, %d failed\n' $step_count $failures
	fi
	[ $failures = 0 ]
}

main
