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
make -j"$(nproc)" curl
# The packages for this host (dist/deb/DISTRO/). curl's own test suite is
# left to "make curl-tests" here; "make deb" alone runs it in the build.
make deb DEB_NOCHECK=yes DEB_JOBS="$(nproc)"
