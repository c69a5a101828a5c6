#!/bin/sh
# Quick start, step 1: install the build dependencies of this Debian or
# Ubuntu host, generate and run configure (arguments are passed on to it),
# build MPTCP-enabled curl from the verified upstream tarball, and build
# the Debian packages of it for this host.
set -eu
cd "$(dirname "$0")"

sh packages/install-build-deps.sh
if [ ! -x configure ] ||
   [ -n "$(find configure.ac Makefile.am -newer configure)" ]; then
  echo "build-host: generating configure (autoreconf)"
  autoreconf -fi
fi
./configure "$@"
# curl and the packages for this host (dist/deb/DISTRO/) side by side:
# each has long stretches on one core (configure, autoreconf, packaging)
# that the other's compiling fills. curl's own test suite is left to
# "make curl-tests" here; "make deb" alone runs it in the build.
make -j"$(nproc)" curl deb DEB_NOCHECK=yes DEB_JOBS="$(nproc)"
