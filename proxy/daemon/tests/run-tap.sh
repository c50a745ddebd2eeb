#!/bin/bash
# Run test programs that print TAP and summarise them.
#
#   run-tap.sh RESULTS_DIR NAME=COMMAND...
#
# Each command's TAP goes to RESULTS_DIR/NAME.tap and its stderr to
# RESULTS_DIR/NAME.log; the summary comes from scripts/tap-summary.sh.
set -uo pipefail

results=$1
shift
top=$(cd "$(dirname "$0")/../../.." && pwd)
args=()
for arg in "$@"; do
	name=${arg%%=*} cmd=${arg#*=}
	printf '==> %s\n' "$name"
	bash -c "$cmd" >"$results/$name.tap" 2>"$results/$name.log"
	rc=$?
	grep -E '^not ok|^Bail out' "$results/$name.tap" | sed 's/^/    /'
	if [ $rc != 0 ]; then
		# A suite whose TAP passes but whose program failed (a valgrind
		# or sanitizer report, a crash after the plan) still fails.
		echo "Bail out! exited with status $rc" >>"$results/$name.tap"
		printf '    %s exited with status %d (stderr: %s)\n' \
			"$name" $rc "$results/$name.log"
	fi
	args+=("$name=$results/$name.tap")
done
bash "$top/scripts/tap-summary.sh" "${args[@]}"
