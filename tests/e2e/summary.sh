#!/bin/bash
# What the gateway did during the scenario, in a few lines for the
# operator.  It reads the files that gw-proxy.sh keeps in $E2E_WORK/gw-MODE
# for each mode that ran, once ipsec-proxyd has stopped, and the TCP
# checksums traffic.sh kept.
#
#   summary.sh
#
# For each mode it prints where the SAs came from and every SA the gateway
# had, with its algorithms, packets, bytes and drops.  ipsec-proxyd logs
# these when an SA goes and when it stops, so rekeyed SAs are listed too.
# Then come the packet totals, the drops by reason and the first alert as
# written.  Last come the checksums, and the crypto backend with the number
# of ucapi system calls it made.
set -euo pipefail
here=${0%/*}
[ "$here" != "$0" ] || here=.
source "$here/lib.sh"

# sa_table LOG [PAIRS]: one line per SA from the "sa: added" and the
# "retired" or "at stop" lines of LOG, in the order the SAs came.  The
# "dir" column is "out" for the SAs that encrypt, those the "pair" lines
# of PAIRS name after "out", and "in" for those that decrypt.
sa_table()
{
	awk '
		FILENAME != LOG {
			for (i = 1; i < NF; i++)
				if ($i == "out" && $(i + 1) == "spi")
					out[$(i + 2)] = 1
			next
		}
		/ sa: added / {
			for (i = 1; i <= NF && $i != "added"; i++)
				;
			id = $(i + 3) " " $(i + 5)
			alg = ""
			for (j = i + 6; j <= NF && $j !~ /^\(/; j++)
				alg = alg (alg == "" ? "" : "+") $j
			if (!(id in algs))
				order[n++] = id
			algs[id] = alg
			next
		}
		/ sa: worker [0-9]+: .* (retired|at stop): / {
			for (i = 1; i <= NF && $i != "spi"; i++)
				;
			id = $(i + 1) " " $(i + 3)
			end = $(i + 4) == "retired:" ? "removed" : "stop"
			packets[id] += $(i + 5 + (end == "stop"))
			bytes[id] += substr($(i + 7 + (end == "stop")), 2)
			dropped[id] += $(i + 9 + (end == "stop"))
			ends[id] = end
		}
		END {
			printf "%-10s %-3s %-16s %-28s %8s %10s %7s  %s\n",
			       "spi", "dir", "dst", "algorithms", "packets",
			       "bytes", "dropped", "until"
			for (k = 0; k < n; k++) {
				split(order[k], f, " ")
				printf "%-10s %-3s %-16s %-28s %8d %10d %7d  %s\n",
				       f[1], f[1] in out ? "out" : "in", f[2],
				       algs[order[k]], packets[order[k]],
				       bytes[order[k]], dropped[order[k]],
				       ends[order[k]] == "" ? "?" : ends[order[k]]
			}
		}' LOG="$1" "${@:2}" "$1"
}

# drops STATS: the drop reasons that counted packets, "auth 3, replay 3".
drops()
{
	awk -F'[ =]' '$1 == "drop" && $5 != 0 {
			list = list (list == "" ? "" : ", ") $3 " " $5
		}
		END { print list == "" ? "none" : list }' "$1"
}

# flows EVE: how many TCP or UDP flows the alerts of EVE are for, in words.
# TCP sends a dropped segment again, and each copy raises an alert.
flows()
{
	local n

	n=$(sed -n 's/.*"src_ip":"\([^"]*\)","src_port":\([0-9]*\),"dest_ip":"\([^"]*\)","dest_port":\([0-9]*\).*/\1 \2 \3 \4/p' "$1" |
		sort -u | wc -l)
	if [ "$n" = 1 ]; then
		echo "1 flow (copies sent again by TCP)"
	else
		echo "$n flows"
	fi
}

# metric STATS NAME: the value of a metric line of STATS.
metric()
{
	awk -v n="name=$2" '$1 == "metric" && $2 == n {
			sub(/.*value=/, ""); print; exit
		}' "$1"
}

mode_report()
{
	local mode=$1 dir=$E2E_WORK/gw-$1 stats=$E2E_WORK/gw-$1/stats.txt
	local encrypted alerts line

	case $mode in
	inline) info "inline mode, SAs $(cat "$E2E_WORK/inline-sa-source" 2>/dev/null || echo "from alice's kernel"):" ;;
	reencrypt) info "re-encrypt mode, static SAs that differ on each side of gw, paired in ipsec-proxyd.conf:" ;;
	esac
	if [ -f "$dir/pairs.txt" ]; then
		sa_table "$dir/ipsec-proxyd.log" "$dir/pairs.txt" | info_lines
	else
		sa_table "$dir/ipsec-proxyd.log" | info_lines
	fi
	encrypted=$(worker_sum "$stats" encrypted)
	line="  packets: $(worker_sum "$stats" decrypted) decrypted and inspected"
	line+=", $(worker_sum "$stats" forwarded) forwarded"
	[ "$encrypted" = 0 ] || line+=", $encrypted encrypted again"
	info "$line, $(worker_sum "$stats" other_bridged) frames without IPsec bridged"
	info "  dropped by reason: $(drops "$stats")"
	alerts=$(wc -l <"$dir/eve.json")
	info "  alerts: $alerts lines in eve.json, for $(flows "$dir/eve.json"); the first:"
	head -1 "$dir/eve.json" | info_lines
}

checksums()
{
	[ -s "$E2E_WORK/checksums.txt" ] || return 0
	info "TCP transfers, SHA-256 at alice and at bob:"
	awk '{ printf "%-6s %5s KiB  %s  %s\n", $1, $2, $5,
		$5 == $7 ? "equal" : "DIFFERENT: " $7 }' \
		"$E2E_WORK/checksums.txt" | info_lines
}

crypto()
{
	local mode stats calls=0 packets=0 backend=

	for mode in inline reencrypt; do
		stats=$E2E_WORK/gw-$mode/stats.txt
		[ -f "$stats" ] || continue
		calls=$((calls + $(metric "$stats" crypto_syscalls_total)))
		packets=$((packets + $(worker_sum "$stats" decrypted) + \
			$(worker_sum "$stats" encrypted)))
		backend=$(awk '$2 == "name=crypto_backend" {
				sub(/^backend=/, "", $3); print $3; exit }' "$stats")
	done
	info "crypto: libucapi's ${backend:-unknown} backend, $calls ucapi system calls for $packets packets decrypted or encrypted"
}

main()
{
	local mode ran=0

	for mode in inline reencrypt; do
		[ -f "$E2E_WORK/gw-$mode/stats.txt" ] || continue
		mode_report "$mode"
		ran=1
	done
	[ $ran = 1 ] || die "no gateway report in $E2E_WORK: gw-proxy.sh report writes them"
	checksums
	crypto
}

main
