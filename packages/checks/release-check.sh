#!/bin/sh
# The release pipeline end to end, as a release engineer's dry run: a
# fresh "make release" with a throwaway key, every signature, checksum and
# manifest entry of the result verified (verify-release.sh, given the
# throwaway key's fingerprint from outside the release), then a second
# "make release" that must skip every build stage because their inputs
# and results are unchanged. Slow: it builds every package of the default
# curl.
#
#   release-check.sh TOP_BUILDDIR
set -u
top=$(cd "${1:?usage: release-check.sh TOP_BUILDDIR}" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
log=$top/_build/release-check.log
mkdir -p "$top/_build"

rm -rf "$top/dist" "$top/_build/release"
start=$(date +%s)
# make release, not release.sh: what is checked is the target users run.
if ! make -C "$top" release GPG_KEY= 2>&1 | tee "$log"; then
  echo "release-check: make release failed (log: $log)"
  echo "0 passed, 1 failed"
  exit 1
fi
echo "release-check: make release took $(( $(date +%s) - start )) s"

top_srcdir=$(cd "$here/../.." && pwd) sh "$here/../verify-release.sh" \
  -f "$(cat "$top/_build/release/gnupg/throwaway.fpr")" \
  "$top/dist" >"$top/_build/verify-release.tap" 2>&1
cat "$top/_build/verify-release.tap"

start=$(date +%s)
make -C "$top" release GPG_KEY= >"$log.again" 2>&1
again=$?
skipped=$(grep -c ': done before with the same inputs, .* unchanged: skipped' "$log.again")
echo "release-check: the second make release took $(( $(date +%s) - start )) s," \
     "$skipped stages skipped"

passed=$(grep -c '^ok' "$top/_build/verify-release.tap")
failed=$(grep -c '^not ok' "$top/_build/verify-release.tap")
if [ "$again" -eq 0 ] && [ "$skipped" -eq 5 ]; then
  passed=$((passed + 1))
else
  failed=$((failed + 1))
  echo "release-check: FAIL: a re-run must skip all 5 build stages (log: $log.again)"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
