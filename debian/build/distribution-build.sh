#!/bin/sh
# Build the distribution's own curl source package, unchanged, the way
# make deb builds ours (same profiles, same DEB_BUILD_OPTIONS): the
# baseline of make deb-bench and make deb-lint. With -u it first adds one
# changelog entry of the revision the distribution would publish next
# (deb-version.sh next), and nothing else: the "distribution update" of
# make deb-install-check.
#
# SOURCE_DIR is what fetch-distro-source.sh wrote (make deb's
# _build/deb/DISTRO/source); WORKDIR is replaced and gets the packages.
set -eu
# shellcheck source=packages/script-lib.sh
. "$(dirname "$0")/../../packages/script-lib.sh"

here=$(cd "$(dirname "$0")" && pwd)
src="" work="" flavours=openssl updates=""
synopsis="distribution-build.sh -s SOURCE_DIR -w WORKDIR [-F openssl|all]\
 [-u UPDATES]"
while getopts s:w:F:u: opt; do
  case $opt in
    s) src=$OPTARG ;;
    w) work=$OPTARG ;;
    F) flavours=$OPTARG ;;
    u) updates=$OPTARG ;;
    *) usage "$synopsis" ;;
  esac
done
need src work || usage "$synopsis"
[ -f "$src/distribution-source" ] ||
  die "$src/distribution-source is missing: run make deb first"
used=$(record_field "$src/distribution-source" used) || exit 1
upstream=$(record_field "$src/distribution-source" upstream) ||
  die "$src/distribution-source is of an older toolkit: run make deb again"
dsc=$src/curl_${used#*:}.dsc
[ -f "$dsc" ] || die "$dsc is missing: run make deb again"
case $flavours in
  openssl) profiles=pkg.curl.openssl-only ;;
  all) profiles="" ;;
  *) die "unknown flavours '$flavours': use openssl or all" ;;
esac
: "${DEB_BUILD_OPTIONS=parallel=2}"
export DEB_BUILD_OPTIONS
case " $DEB_BUILD_OPTIONS " in
  *" nocheck "*) profiles="${profiles:+$profiles }nocheck" ;;
esac

rm -rf "$work"
mkdir -p "$work"
work=$(cd "$work" && pwd)
start=$(date +%s)
dpkg-source -x "$dsc" "$work/curl-$upstream" >"$work/unpack.log" 2>&1 ||
  die "dpkg-source -x $dsc failed (see $work/unpack.log)"
tree=$work/curl-$upstream
build=--build=full
if [ -n "$updates" ]; then
  next=$(sh "$here/deb-version.sh" next "$used" "$updates")
  suite=$(dpkg-parsechangelog -l "$tree/debian/changelog" -S Distribution)
  when=$(( $(dpkg-parsechangelog -l "$tree/debian/changelog" -S Timestamp) + 86400 ))
  {
    printf 'curl (%s) %s; urgency=medium\n\n' "$next" "$suite"
    printf '  * Simulated distribution update for the curl-mptcp install test:\n'
    printf '    a new revision with no other change.\n\n'
    printf ' -- curl-mptcp test <test@curl-mptcp.invalid>  %s\n\n' \
      "$(LC_ALL=C date -u -d "@$when" '+%a, %d %b %Y %H:%M:%S +0000')"
    cat "$tree/debian/changelog"
  } >"$tree/debian/changelog.new"
  mv "$tree/debian/changelog.new" "$tree/debian/changelog"
  # Its binary packages are all the test needs.
  build=--build=binary
  say "curl $next, the distribution's $used with only a new changelog entry"
fi
say "dpkg-buildpackage $(dpkg-parsechangelog -l \
  "$tree/debian/changelog" -S Version) (DEB_BUILD_PROFILES=$profiles; log: $work/build.log)"
t=$(date +%s)
# debian/rules is the distribution's code: isolated (packages/isolate.sh).
# shellcheck disable=SC2016 # expanded by the isolated shell
sh "$here/../../packages/isolate.sh" -w "$work" -- env \
  DEB_BUILD_PROFILES="$profiles" DEB_BUILD_OPTIONS="$DEB_BUILD_OPTIONS" \
  sh -c 'cd "$1" && dpkg-buildpackage -us -uc "$2"' sh "$tree" "$build" \
  >"$work/build.log" 2>&1 ||
  { [ -L "$work/build.log" ] || tail -n 30 "$work/build.log" >&2
    die "dpkg-buildpackage failed; the whole log is $work/build.log"; }
now=$(date +%s)
echo "distribution-build: dpkg-buildpackage $(( now - t )) s, $(( now - start )) s in all;" \
     "$(find "$work" -maxdepth 1 -name '*.deb' | sed 's|.*/||' | sort | tr '\n' ' ')"
