#!/bin/bash
# Run a bounded fuzzing command and report it as one TAP test point.
#
#   fuzz-tap.sh NAME COMMAND...
#
# The test fails when the fuzzer exits non-zero (a crash, a sanitizer report
# or a leak); its output goes to standard error.
name=$1
shift
echo "1..1"
if "$@" >&2; then
	echo "ok 1 - $name: no crash within the time limit"
else
	echo "not ok 1 - $name: the fuzzer failed (status $?): see the suite log"
	exit 1
fi
