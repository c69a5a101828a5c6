#!/bin/sh
# The slow matrix, run before resolving work that touches every supported
# curl: for each version with a patch series (or those given), a toolkit
# build of its own under _build/matrix/VERSION, then
#   make curl        our MPTCP curl of that version
#   make check       the toolkit's tests against it (namespaces: root)
#   make curl-tests  upstream's own test suite with our patches
# then the same curl with --enable-debug under _build/matrix/VERSION-debug,
# for upstream's suite only (tests such as 970 and 972 need a debug build),
# and a closing summary. On 2 shared cores a version took 43 to 55
# minutes (the 7.x upstream suites run serially); versions may run side by
# side from separate clones, since the namespace tests use names of their
# own.
#
#   matrix.sh TOP_BUILDDIR SOURCE_CACHE [VERSION...]
set -eu

if [ $# -lt 2 ]; then
  echo "usage: matrix.sh TOP_BUILDDIR SOURCE_CACHE [VERSION...]" >&2
  exit 2
fi
top=$(cd "$1" && pwd)
cache=$2
shift 2
here=$(cd "$(dirname "$0")/../.." && pwd)
versions=${*:-$(sh "$here/packages/curl-versions.sh" buildable)}

summary=$top/_build/matrix/summary.txt
mkdir -p "$top/_build/matrix"
: >"$summary"
failed=0
for v in $versions; do
  dir=$top/_build/matrix/$v
  log=$dir.log
  echo "matrix: curl $v in $dir (log: $log)"
  start=$(date +%s)
  result=ok
  # Both test suites run once curl is built, so that a failure in one
  # still leaves the other's figures in the summary. Make, not the scripts
  # it runs: it builds each version's tree with its dependencies.
  if {
    if [ ! -f "$dir/config.status" ]; then
      rm -rf "$dir"
      make -C "$top" distdir distdir="$dir" &&
      (cd "$dir" && ./configure --with-curl-version="$v" \
         --with-source-cache="$cache")
    fi &&
    make -C "$dir" -j2 curl
  } >"$log" 2>&1; then
    make -C "$dir" -j2 check >>"$log" 2>&1 || result=FAILED
    make -C "$dir" curl-tests >>"$log" 2>&1 || result=FAILED
  else
    result=FAILED
  fi
  # The debug build: upstream's suite only.
  dbg=$dir-debug
  if {
    if [ ! -f "$dbg/config.status" ]; then
      rm -rf "$dbg"
      make -C "$top" distdir distdir="$dbg" &&
      (cd "$dbg" && ./configure --with-curl-version="$v" \
         --with-source-cache="$cache" CURL_CONFIGURE_FLAGS=--enable-debug)
    fi &&
    make -C "$dbg" -j2 curl && make -C "$dbg" curl-tests
  } >"$dbg.log" 2>&1; then :; else
    result=FAILED
  fi
  debug=$(grep '^curl-tests: curl' "$dbg.log" | tail -n 1)
  [ "$result" = ok ] || failed=$((failed + 1))
  checks=$(grep -E '^# (PASS|FAIL|ERROR|SKIP):' "$log" | tr -s ' ' |
           paste -sd' ' -)
  upstream=$(grep '^curl-tests: curl' "$log" | tail -n 1)
  printf '%s: %s in %d min; toolkit tests: %s; %s; debug build: %s\n' \
    "$v" "$result" $(( ($(date +%s) - start + 30) / 60 )) \
    "${checks:-not run}" "${upstream:-upstream tests not run}" \
    "${debug:-upstream tests not run}" | tee -a "$summary"
done
echo "matrix: summary in $summary"
[ "$failed" -eq 0 ]
