#!/bin/sh
# lintian on the source package, the .changes and the .debs of one
# target, and hardening-check on /usr/bin/curl and the library.
# Fails on any lintian error or warning (overrides in debian/ say why)
# and on any hardening-check failure.
#
#   deb-lint.sh DIST_DIR
set -eu

dist=${1:?usage: deb-lint.sh DIST_DIR}
for tool in lintian hardening-check; do
  command -v "$tool" >/dev/null 2>&1 || {
    echo "deb-lint: $tool is missing: apt-get install lintian devscripts" >&2
    exit 1
  }
done
changes=$(find "$dist" -maxdepth 1 -name '*.changes' | head -n 1)
dsc=$(find "$dist" -maxdepth 1 -name '*.dsc' | head -n 1)
if [ -z "$changes" ] || [ -z "$dsc" ]; then
  echo "deb-lint: no .changes or .dsc in $dist: run make deb first" >&2
  exit 1
fi

echo "deb-lint: lintian $(lintian --version | awk '{ print $2 }') on $(basename "$dsc"), $(basename "$changes") and its .debs"
out=$(lintian --info --display-info --pedantic "$dsc" "$changes" 2>&1) || true
echo "$out"
bad=$(echo "$out" | grep -Ec '^(E|W): ' || true)

# hardening=+all means what this release's dpkg-buildflags defines: before
# dpkg 1.22 (Debian 12) it has no control-flow protection (-fcf-protection,
# feature "branch"), so hardening-check is not asked for it there. (Stack
# clash protection, also new in 1.22, is reported as "unknown" and does not
# fail.)
hflags=""
features=$(dpkg-buildflags --query-features hardening 2>/dev/null || true)
echo "$features" | grep -q '^Feature: branch' || hflags="$hflags --nocfprotection"
[ -z "$hflags" ] ||
  echo "deb-lint: this dpkg-buildflags lacks some hardening features: hardening-check$hflags"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
hfail=0
for deb in "$dist"/curl_*.deb "$dist"/libcurl4*_*.deb; do
  case $deb in *-dev_*|*dbgsym*) continue ;; esac
  dpkg-deb -x "$deb" "$tmp/root"
done
for f in "$tmp"/root/usr/bin/curl "$tmp"/root/usr/lib/*/libcurl.so.4.*; do
  echo "deb-lint: hardening-check ${f#"$tmp"/root}"
  # shellcheck disable=SC2086 # $hflags is a list of options
  hardening-check $hflags "$f" || hfail=$((hfail + 1))
done
if [ "$bad" -gt 0 ] || [ "$hfail" -gt 0 ]; then
  echo "deb-lint: FAILED: $bad lintian errors/warnings, $hfail hardening-check failures" >&2
  exit 1
fi
echo "deb-lint: lintian has no errors or warnings; hardening-check passes"
