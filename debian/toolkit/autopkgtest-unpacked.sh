#!/bin/sh
# Run our autopkgtests (the mptcp-* tests in debian/tests) against the
# built curl package, unpacked into a temporary root with the library
# package of the same build (not installed, so this host's own curl and
# libcurl are left alone): CURL points at the unpacked /usr/bin/curl,
# LD_LIBRARY_PATH at the library. The root tests are skipped with the
# reason when not run as root.
#
# With DISTRIBUTION_TESTS=yes the distribution's own upstream-tests-openssl
# runs too, the way its script does (curl's test suite, "make
# test-nonflaky", against the curl under test with -c) but in make deb's
# OpenSSL build tree instead of a fresh build, and against the unpacked
# curl instead of /usr/bin/curl (slow: curl's whole suite). Its other
# tests need the GnuTLS build or slapd in a container and are not run.
#
#   [DISTRIBUTION_TESTS=yes] autopkgtest-unpacked.sh DIST_DIR SOURCE_DIR
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
if [ "${DISTRIBUTION_TESTS:-}" = yes ]; then
  [ -d "$tree/debian/build/tests" ] || {
    echo "autopkgtest: $tree/debian/build is gone: run make deb again" >&2
    exit 1
  }
  echo "autopkgtest: upstream-tests-openssl (the distribution's), curl's suite against $CURL"
  # runtests.pl needs USER (make deb-autopkgtest sets it when unset).
  if (cd "$tree/debian/build" && VERBOSE=1 TFLAGS="-n -c $CURL" \
      make -j"${DEB_JOBS:-2}" test-nonflaky) >"$src/upstream-tests-openssl.log" 2>&1; then
    echo "autopkgtest: upstream-tests-openssl PASS ($(grep -E '^TESTDONE: ' \
      "$src/upstream-tests-openssl.log" | tail -n 1))"
  else
    grep -E '^(TESTFAIL|TESTDONE): ' "$src/upstream-tests-openssl.log" |
      sed 's/^/autopkgtest:   /'
    echo "autopkgtest: upstream-tests-openssl FAIL (see $src/upstream-tests-openssl.log)"
    failed=$((failed + 1))
  fi
fi
[ "$failed" -eq 0 ]
