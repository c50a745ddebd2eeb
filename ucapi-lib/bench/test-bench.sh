#!/bin/bash
# TAP test of ucapi-bench: a --quick run and checks of what it reports.
#
#   test-bench.sh            UCAPI_BENCH=PATH selects the program (default:
#                            build/ucapi-bench/ucapi-bench of this repository)
#
# Which backends must be available comes from the machine, not from the
# program: openssl always, af_alg when an AF_ALG socket opens, syscall when
# the kernel publishes /sys/kernel/ucapi/syscalls.  Checks of a backend
# that is missing here are skipped.  Needs python3 and gnuplot.
set -uo pipefail

SRCDIR=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$SRCDIR/../.." && pwd)
BENCH=${UCAPI_BENCH:-$TOP/build/ucapi-bench/ucapi-bench}

if [ ! -x "$BENCH" ]; then
	echo "Bail out! $BENCH not built (make -C ucapi-lib/bench)"
	exit 1
fi

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

n=0
failed=0

ok()
{
	n=$((n + 1))
	echo "ok $n - $1"
}

not_ok()
{
	n=$((n + 1))
	failed=$((failed + 1))
	echo "not ok $n - $1"
}

skip()
{
	n=$((n + 1))
	echo "ok $n - $1 # SKIP $2"
}

# check NAME COMMAND...: one test point from the exit status of COMMAND.
check()
{
	local name=$1

	shift
	if "$@" >"$TMP/check.out" 2>&1; then
		ok "$name"
	else
		not_ok "$name"
		sed 's/^/# /' "$TMP/check.out"
	fi
}

# json_check FILE NAME PYTHON: run PYTHON with `d` bound to the parsed
# FILE; an AssertionError message explains a failure.
json_check()
{
	local file=$1 name=$2 code=$3

	check "$name" python3 -c "
import json, sys
d = json.load(open(sys.argv[1]))
$code" "$file"
}

afalg_present()
{
	python3 -c '
import socket
socket.socket(socket.AF_ALG, socket.SOCK_SEQPACKET).close()' 2>/dev/null
}

syscall_present()
{
	[ -r /sys/kernel/ucapi/syscalls ]
}

expected=openssl
afalg_present && expected+=" af_alg"
syscall_present && expected+=" syscall"
echo "1..18"
echo "# backends this machine offers: $expected"

# 1-2: the quick run itself checks output equality and non-zero counts.
"$BENCH" --quick --json >"$TMP/quick.json" 2>"$TMP/quick.err"
rc=$?
if [ $rc = 0 ]; then
	ok "quick run exits 0"
else
	not_ok "quick run exits 0 (status $rc)"
	sed 's/^/# /' "$TMP/quick.err"
fi
json_check "$TMP/quick.json" "quick run JSON parses" 'assert d["tool"] == "ucapi-bench"'

# 3: availability matches the machine.
json_check "$TMP/quick.json" "available backends match the machine" "
want = set('$expected'.split())
got = {b['backend'] for b in d['backends'] if b['available']}
assert got == want, f'available {sorted(got)}, machine offers {sorted(want)}'
for b in d['backends']:
    assert b['available'] or b['reason'], f'{b} has no reason'"

# 4-6: every available backend ran every case, with operations done.
json_check "$TMP/quick.json" "each available backend has results" "
cases = set(d['settings']['cases'])
for name in '$expected'.split():
    seen = {r['case'] for r in d['results'] if r['backend'] == name}
    assert seen == cases, f'{name}: results for {sorted(seen)}, run had {sorted(cases)}'"
json_check "$TMP/quick.json" "every result has operations" "
assert d['results'], 'no results'
for r in d['results']:
    where = (r['backend'], r['case'], r['op'], r['size'], r['batch'])
    assert r['status'] == 'ok', f'{where}: {r[\"error\"]}'
    assert r['ops'] > 0, f'{where}: no operations'
    assert r['ops_per_sec']['median'] > 0, f'{where}: median rate 0'
    assert all(s['ops'] > 0 for s in r['samples']), f'{where}: a trial without operations'
    assert len(r['samples']) == d['settings']['trials'], f'{where}: trials missing'"
json_check "$TMP/quick.json" "backends checked against a reference" "
avail = [b for b in d['backends'] if b['available']]
assert avail, 'no backend available'
for b in avail:
    assert not b['failed'], f'{b[\"backend\"]} {b[\"case\"]}: {b[\"reason\"]}'
by_case = {}
for b in avail:
    by_case.setdefault(b['case'], []).append(b)
for case, bs in by_case.items():
    refs = [b for b in bs if b['verified_against'] is None]
    assert len(refs) == 1, f'{case}: {len(refs)} backends unchecked'
assert d['failures'] == 0, f'{d[\"failures\"]} failures'"

# 7-8: system calls per operation, counted by libucapi.
if afalg_present; then
	json_check "$TMP/quick.json" "af_alg makes at least 2 calls per op" "
rs = [r for r in d['results'] if r['backend'] == 'af_alg']
assert rs
for r in rs:
    assert r['syscalls'] >= 2 * r['ops'], f'{r[\"case\"]} {r[\"size\"]} batch {r[\"batch\"]}: {r[\"syscalls_per_op\"]} calls/op'"
else
	skip "af_alg makes at least 2 calls per op" "no AF_ALG here"
fi
if syscall_present; then
	json_check "$TMP/quick.json" "syscall batch 32 makes <= 1/32 call per op" "
rs = [r for r in d['results'] if r['backend'] == 'syscall' and r['batch'] == 32]
assert rs
for r in rs:
    assert 32 * r['syscalls'] <= r['ops'], f'{r[\"case\"]} {r[\"size\"]}: {r[\"syscalls_per_op\"]} calls/op'"
else
	skip "syscall batch 32 makes <= 1/32 call per op" "no ucapi system calls here"
fi

# 9: the targets section names all three targets.
json_check "$TMP/quick.json" "targets are reported" "
names = [t['name'] for t in d['targets']]
assert names == ['syscall-batch32-vs-openssl', 'syscall-batch1-vs-af_alg', 'syscall-calls-per-op'], names
for t in d['targets']:
    assert t['verdict'] in ('met', 'missed', 'not measured'), t
    assert (t['verdict'] == 'not measured') == (t['points'] == 0), t"

# 10-11: CSV header and rows.
"$BENCH" --quick --quiet --alg rfc4106-128 --size 64 --batch 1 --csv \
	>"$TMP/quick.csv" 2>"$TMP/csv.err"
check "CSV run exits 0" test $? = 0
check "CSV header and rows" python3 -c "
import csv, sys
rows = list(csv.reader(open(sys.argv[1])))
assert rows[0][:4] == ['case', 'alg', 'key', 'op'], rows[0]
assert 'ops_per_sec_median' in rows[0], rows[0]
assert 'syscalls_per_op' in rows[0], rows[0]
assert all(len(r) == len(rows[0]) for r in rows), 'rows of unequal length'
ok = {r[8] for r in rows[1:] if r[9] == 'ok'}
assert ok == set(sys.argv[2].split()), f'ok rows for {sorted(ok)}'" "$TMP/quick.csv" "$expected"

# 12: the chart.
"$BENCH" --quick --quiet --alg rfc4106-128 --plot "$TMP/chart.png" \
	>/dev/null 2>"$TMP/plot.err"
check "plot writes a PNG" python3 -c "
import os, sys
data = open(sys.argv[1], 'rb').read()
assert len(data) > 1000, f'{len(data)} bytes'
assert data[:8] == b'\x89PNG\r\n\x1a\n', 'no PNG signature'" "$TMP/chart.png"

# 13-14: two threads, and --ops giving an exact count: batches of 8 stop
# at the first multiple of 8 from 100, per thread.
"$BENCH" --quick --quiet --alg hmac-sha256 --size 256 --batch 8 \
	--threads 2 --ops 100 --trials 1 --json >"$TMP/ops.json" 2>"$TMP/ops.err"
check "threads and --ops run exits 0" test $? = 0
json_check "$TMP/ops.json" "--ops 100 runs 104 ops per thread" "
assert d['results'], 'no results'
for r in d['results']:
    assert r['threads'] == 2, r['threads']
    assert r['ops'] == 2 * 104, f'{r[\"backend\"]}: {r[\"ops\"]} ops'"

# 15-17: invalid options are rejected with status 2.
"$BENCH" --size 0 >/dev/null 2>&1
check "size 0 is rejected" test $? = 2
"$BENCH" --backend nosuch >/dev/null 2>&1
check "unknown backend is rejected" test $? = 2
"$BENCH" --quick --plot "$TMP/chart.gif" >/dev/null 2>&1
check "plot name without .png or .svg is rejected" test $? = 2

# 18: a run that measures nothing fails.  A backend this machine lacks
# measures nothing; where all three are present, a case none offers does.
missing=
for name in syscall af_alg; do
	case " $expected " in
	*" $name "*) ;;
	*) missing=$name ;;
	esac
done
if [ -n "$missing" ]; then
	"$BENCH" --quick --backend "$missing" >/dev/null 2>"$TMP/none.err"
else
	"$BENCH" --quick --backend openssl --alg null \
		>/dev/null 2>"$TMP/none.err"
fi
rc=$?
check "a run that measures nothing exits 1" \
	sh -c "test $rc = 1 && grep -q 'nothing was measured' '$TMP/none.err' ||
		{ cat '$TMP/none.err'; exit 1; }"

[ $failed = 0 ]
