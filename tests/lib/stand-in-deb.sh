#!/bin/sh
# A tiny but real Debian upload for release tests: curl_VERSION.dsc (3.0
# native) with its tarball, curl_VERSION_ARCH.deb, .buildinfo and a
# .changes listing them, for suite SUITE, in OUTDIR (replaced), plus
# OUTDIR/distribution-source as fetch-distro-source.sh writes it.
#
#   stand-in-deb.sh -o OUTDIR -v VERSION -u USED -s SUITE -t TARGET
#                   [-m MAINTAINER] [-n UNOBTAINABLE]
set -eu
out="" version="" used="" suite="" target="" unobtainable=""
maint="curl-mptcp developers <dev@curl-mptcp.invalid>"
while getopts o:v:u:s:t:m:n: opt; do
  case $opt in
    o) out=$OPTARG ;;
    v) version=$OPTARG ;;
    u) used=$OPTARG ;;
    s) suite=$OPTARG ;;
    t) target=$OPTARG ;;
    m) maint=$OPTARG ;;
    n) unobtainable=$OPTARG ;;
    *) exit 2 ;;
  esac
done
arch=$(dpkg --print-architecture)
rm -rf "$out"
mkdir -p "$out"
w=$(mktemp -d)
trap 'rm -rf "$w"' EXIT

mkdir -p "$w/deb/DEBIAN" "$w/deb/usr/share/doc/curl"
printf 'stand-in\n' >"$w/deb/usr/share/doc/curl/README"
printf 'Package: curl\nVersion: %s\nArchitecture: %s\nMaintainer: %s\nDescription: stand-in curl\n' \
  "$version" "$arch" "$maint" >"$w/deb/DEBIAN/control"
deb=curl_${version}_$arch.deb
dpkg-deb -Zgzip --root-owner-group --build "$w/deb" "$out/$deb" >/dev/null

tarball=curl_$version.tar.xz
mkdir -p "$w/src/curl/debian"
printf 'stand-in source\n' >"$w/src/curl/README"
tar -C "$w/src" -cJf "$out/$tarball" curl
sums() {
  for f in "$@"; do
    printf ' %s %s %s\n' "$(sha256sum <"$out/$f" | cut -d' ' -f1)" \
      "$(wc -c <"$out/$f" | tr -d ' ')" "$f"
  done
}
md5s() {
  sec=$1
  shift
  for f in "$@"; do
    printf ' %s %s %s%s\n' "$(md5sum <"$out/$f" | cut -d' ' -f1)" \
      "$(wc -c <"$out/$f" | tr -d ' ')" "$sec" "$f"
  done
}
dsc=curl_$version.dsc
{
  printf 'Format: 3.0 (native)\nSource: curl\nBinary: curl\nArchitecture: any\n'
  printf 'Version: %s\nMaintainer: %s\n' "$version" "$maint"
  printf 'Checksums-Sha256:\n'
  sums "$tarball"
  printf 'Files:\n'
  md5s "" "$tarball"
} >"$out/$dsc"
bi=curl_${version}_$arch.buildinfo
printf 'Format: 1.0\nSource: curl\nBinary: curl\nArchitecture: %s source\nVersion: %s\n' \
  "$arch" "$version" >"$out/$bi"
{
  printf 'Format: 1.8\nDate: %s\nSource: curl\nBinary: curl\n' \
    "$(LC_ALL=C date -u -R)"
  printf 'Architecture: source %s\nVersion: %s\nDistribution: %s\n' \
    "$arch" "$version" "$suite"
  printf 'Urgency: medium\nMaintainer: %s\nChanged-By: %s\n' "$maint" "$maint"
  printf 'Description:\n curl - stand-in\nChanges:\n curl (%s) %s; urgency=medium\n .\n   * stand-in\n' \
    "$version" "$suite"
  printf 'Checksums-Sha256:\n'
  sums "$dsc" "$tarball" "$bi" "$deb"
  printf 'Files:\n'
  md5s "web optional " "$dsc" "$tarball" "$bi" "$deb"
} >"$out/curl_${version}_$arch.changes"
{
  echo "target $target"
  echo "suites $suite"
  echo "used $used"
  u=${used#*:}
  echo "upstream ${u%-*}"
  echo "listed $used${unobtainable:+ $unobtainable}"
  echo "unobtainable${unobtainable:+ $unobtainable}"
  echo "valid-until-override"
} >"$out/distribution-source"
