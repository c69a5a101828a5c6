#!/bin/sh
# Run upstream curl's own test suite (make test-nonflaky) in a built tree
# and judge it against the failures known to happen on the unpatched
# tarball too (KNOWN: lines "VERSION TEST REASON...").
#
#   run-curl-tests.sh TREE VERSION KNOWN [JOBS]
#
# Prints one summary line; exits 1 when a test fails that is not known to
# fail upstream, naming it.
set -eu
# shellcheck source=packages/script-lib.sh
. "$(dirname "$0")/script-lib.sh"
messages_as curl-tests

if [ $# -lt 3 ]; then
  usage "run-curl-tests.sh TREE VERSION KNOWN [JOBS]"
fi
tree=$1
version=$2
known=$3
jobs=${4:-8}
log=$tree/.toolkit-tests.log

say "upstream test suite of curl $version (log: $log)"
start=$(date +%s)
status=0
# Parallel runs (-jN) came with curl 8.2's runtests.pl; an older one stops
# at the unknown option, so it runs the tests one after another.
tflags=-n
if grep -q -- '-j(' "$tree/tests/runtests.pl"; then
  tflags="-n -j$jobs"
fi
make -C "$tree" test-nonflaky TFLAGS="$tflags" >"$log" 2>&1 || status=$?
minutes=$(( ($(date +%s) - start + 30) / 60 ))

done_line=$(grep 'TESTDONE: .* reported OK' "$log" | tail -n 1)
if [ -z "$done_line" ]; then
  tail -n 30 "$log" >&2
  die "the test suite did not run to the end (exit $status)"
fi
failed=$(sed -n 's/^TESTFAIL: These test cases failed: //p' "$log")
expected=$(awk -v v="$version" '$1 == v { print $2 }' "$known" | sort -n)

unexpected=""
for t in $failed; do
  printf '%s\n' "$expected" | grep -qx "$t" || unexpected="$unexpected $t"
done
say "curl $version: ${done_line#TESTDONE: }," \
    "failed:${failed:- none}, in about $minutes min"
if [ -n "$unexpected" ]; then
  die "curl $version: tests failing with our patches but not" \
      "listed in $known:$unexpected"
fi
