#!/bin/sh
# Quick start, step 1: install the build dependencies of this Debian or
# Ubuntu host, generate and run configure (arguments are passed on to it),
# and build MPTCP-enabled curl from the verified upstream tarball.
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
