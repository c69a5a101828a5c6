#!/bin/sh
# Run the autopkgtests of debian/tests against the files of the built
# curl and library packages, unpacked into a temporary root (not
# installed, so this host's own curl is left alone): CURL points at the
# unpacked /usr/bin/curl, LD_LIBRARY_PATH at its library. The root tests
# are skipped with the reason when not run as root.
#
#   autopkgtest-unpacked.sh DIST_DIR SOURCE_TREE
set -eu

dist=${1:?usage: autopkgtest-unpacked.sh DIST_DIR SOURCE_TREE}
tree=${2:?usage: autopkgtest-unpacked.sh DIST_DIR SOURCE_TREE}
[ -d "$tree/debian/tests" ] || {
  echo "autopkgtest: $tree/debian/tests does not exist: run make deb first" >&2
  exit 1
}
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
n=0
for deb in "$dist"/curl_*.deb "$dist"/libcurl4_*.deb "$dist"/libcurl4t64_*.deb; do
  [ -f "$deb" ] || continue
  dpkg-deb -x "$deb" "$root"
  n=$((n + 1))
done
[ "$n" -eq 2 ] || { echo "autopkgtest: curl or library .deb missing in $dist" >&2; exit 1; }
CURL=$root/usr/bin/curl
LD_LIBRARY_PATH=$(dirname "$(find "$root/usr/lib" -name 'libcurl.so.4' | head -n 1)")
export CURL LD_LIBRARY_PATH

failed=0
for t in smoke mptcp-negotiation host-fallback; do
  if [ "$t" != smoke ] && [ "$(id -u)" -ne 0 ]; then
    echo "autopkgtest: $t SKIP (needs root)"
    continue
  fi
  if (cd "$tree" && sh "debian/tests/$t"); then
    echo "autopkgtest: $t PASS"
  else
    echo "autopkgtest: $t FAIL"
    failed=$((failed + 1))
  fi
done
[ "$failed" -eq 0 ]
