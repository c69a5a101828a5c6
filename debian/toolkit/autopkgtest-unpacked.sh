#!/bin/sh
# Run our autopkgtests (the mptcp-* tests in debian/tests) against the
# built curl package, unpacked into a temporary root with the library
# package of the same build (not installed, so this host's own curl and
# libcurl are left alone): CURL points at the unpacked /usr/bin/curl,
# LD_LIBRARY_PATH at the library. The distribution's own autopkgtests run
# its upstream test suite against an installed /usr/bin/curl: they belong
# in a root where our curl is installed (make deb-install-check). The
# root tests are skipped with the reason when not run as root.
#
#   autopkgtest-unpacked.sh DIST_DIR SOURCE_DIR
#
# SOURCE_DIR is make deb's _build/deb/DISTRO/source (the tree with
# debian/tests, and the library packages of the build).
set -eu

dist=${1:?usage: autopkgtest-unpacked.sh DIST_DIR SOURCE_DIR}
src=${2:?usage: autopkgtest-unpacked.sh DIST_DIR SOURCE_DIR}
tree=$(find "$src" -mindepth 1 -maxdepth 1 -type d -name 'curl-*' | head -n 1)
if [ -z "$tree" ] || [ ! -d "$tree/debian/tests" ]; then
  echo "autopkgtest: no source tree with debian/tests in $src: run make deb first" >&2
  exit 1
fi
curl_deb=$(find "$dist" -maxdepth 1 -name 'curl_*.deb' | head -n 1)
lib_deb=$(find "$src" -maxdepth 1 -name 'libcurl4_*.deb' -o -maxdepth 1 \
          -name 'libcurl4t64_*.deb' | head -n 1)
if [ -z "$curl_deb" ] || [ -z "$lib_deb" ]; then
  echo "autopkgtest: the curl .deb ($dist) or the library .deb ($src) is missing: run make deb" >&2
  exit 1
fi
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
dpkg-deb -x "$curl_deb" "$root"
dpkg-deb -x "$lib_deb" "$root"
CURL=$root/usr/bin/curl
LD_LIBRARY_PATH=$(dirname "$(find "$root/usr/lib" -name 'libcurl.so.4' | head -n 1)")
export CURL LD_LIBRARY_PATH

failed=0
names=$(sed -n 's/^Tests: \(mptcp-.*\)/\1/p' "$tree/debian/tests/control")
for t in $names; do
  if grep -A3 "^Tests: $t\$" "$tree/debian/tests/control" |
       grep -q 'needs-root' && [ "$(id -u)" -ne 0 ]; then
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
