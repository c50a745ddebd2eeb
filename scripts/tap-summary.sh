#!/bin/bash
# Summarise TAP result files.
#
#   tap-summary.sh SUITE=FILE...
#
# Prints one line per suite and closes with "N passed, N failed[, N skipped]".
# A suite whose file is missing, has no plan, bailed out, or ran a different
# number of tests than it planned adds one failure: a suite that could not
# run never counts as passed.  Exits 1 when anything failed.
set -uo pipefail

total_pass=0 total_fail=0 total_skip=0
printf '\n%-18s %7s %7s %7s  %s\n' suite passed failed skipped note
for arg in "$@"; do
	suite=${arg%%=*} file=${arg#*=}
	if [ ! -s "$file" ]; then
		read -r pass fail skip note <<<"0 1 0 no-results:_the_suite_did_not_run"
	else
		read -r pass fail skip note < <(awk '
			/^[ \t]*#/ { next }
			/^1\.\.[0-9]+/ { if (!indent_plan($0)) plan = substr($1, 4) + 0; next }
			/^Bail out!/ { bail = 1; next }
			/^not ok/ { run++; if ($0 ~ /# *(SKIP|skip)/) skip++; else if ($0 ~ /# *TODO/) pass++; else fail++; next }
			/^ok/ { run++; if ($0 ~ /# *(SKIP|skip)/) skip++; else pass++; next }
			function indent_plan(l) { return l ~ /^[ \t]/ }
			END {
				note = "-"
				if (bail) { fail++; note = "bailed_out" }
				else if (plan == "") { fail++; note = "no_plan" }
				else if (plan != run) { fail++; note = "planned_" plan "_ran_" run }
				printf "%d %d %d %s\n", pass, fail, skip, note
			}' "$file")
	fi
	total_pass=$((total_pass + pass))
	total_fail=$((total_fail + fail))
	total_skip=$((total_skip + skip))
	printf '%-18s %7d %7d %7d  %s\n' "$suite" "$pass" "$fail" "$skip" "${note//_/ }"
done
echo
if [ $total_skip -gt 0 ]; then
	printf '%d passed, %d failed, %d skipped\n' $total_pass $total_fail $total_skip
else
	printf '%d passed, %d failed\n' $total_pass $total_fail
fi
[ $total_fail = 0 ]
