#!/bin/sh
# Clean-room build: build a Debian source package in a fresh chroot of its
# target release with sbuild's unshare mode, which installs exactly the
# Build-Depends into a throwaway copy of a minimal buildd chroot. A build
# that succeeds here proves the source package is self-contained.
#
# -F openssl (the default, as make deb) builds with the distribution's
# pkg.curl.openssl-only profile, -F all every flavour; -n adds the nocheck
# profile (no curl test suite). The chroot
# tarball CHROOT_DIR/SUITE-ARCH.tar is made with mmdebstrap the first time
# (about 2 minutes) and reused; delete it to start from the archive again.
# As root, unshare mode needs subordinate ids for root: this script adds
# "root:100000:65536" to /etc/subuid and /etc/subgid when root has none.
set -eu
# shellcheck source=packages/script-lib.sh
. "$(dirname "$0")/../../packages/script-lib.sh"

here=$(cd "$(dirname "$0")" && pwd)
suite="" chroots="" out="" nocheck="" flavours=openssl
synopsis="deb-chroot.sh -s SUITE -c CHROOT_DIR -o OUTDIR [-F FLAVOURS] [-n]\
 DSC"
while getopts s:c:o:F:n opt; do
  case $opt in
    F) flavours=$OPTARG ;;
    s) suite=$OPTARG ;;
    c) chroots=$OPTARG ;;
    o) out=$OPTARG ;;
    n) nocheck=yes ;;
    *) usage "$synopsis" ;;
  esac
done
shift $((OPTIND - 1))
need suite chroots out || usage "$synopsis"
[ $# -eq 1 ] || usage "$synopsis"
dsc=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
[ -f "$dsc" ] || die "$1 does not exist: run make deb-source"
for tool in mmdebstrap sbuild newuidmap; do
  command -v "$tool" >/dev/null 2>&1 ||
    die "$tool is missing: apt-get install mmdebstrap sbuild uidmap"
done

user=$(id -un)
for f in /etc/subuid /etc/subgid; do
  if ! grep -q "^$user:" "$f" 2>/dev/null; then
    if [ "$(id -u)" -eq 0 ]; then
      say "adding root:100000:65536 to $f (sbuild's unshare mode needs it)"
      echo "root:100000:65536" >>"$f"
    else
      die "$user has no subordinate ids in $f: ask root to add" \
          "'$user:100000:65536' there"
    fi
  fi
done

arch=$(dpkg --print-architecture)
tarball=$chroots/$suite-$arch.tar
mkdir -p "$chroots" "$out"
# OUTDIR holds this build's result only: what an earlier build (another
# revision) left there would be published beside it.
rm -f "$out"/*.deb "$out"/*.changes "$out"/*.buildinfo "$out/sbuild.log"
if [ ! -f "$tarball" ]; then
  say "creating the $suite buildd chroot $tarball (mmdebstrap)"
  start=$(date +%s)
  rm -f "$tarball.new" "$tarball.sources" "$tarball.apt.conf"
  # The archives and apt options of this machine, not mmdebstrap's defaults.
  sh "$here/machine-sources.sh" "$suite" >"$tarball.sources"
  sh "$here/machine-sources.sh" -o >"$tarball.apt.conf"
  if ! mmdebstrap --quiet --variant=buildd --mode=unshare --format=tar \
         --aptopt="$tarball.apt.conf" \
         "$suite" "$tarball.new" "$tarball.sources" </dev/null; then
    rm -f "$tarball.new" "$tarball.sources" "$tarball.apt.conf"
    die "mmdebstrap failed for $suite: see its messages above"
  fi
  rm -f "$tarball.sources" "$tarball.apt.conf"
  mv "$tarball.new" "$tarball"
  say "chroot made in $(( $(date +%s) - start )) s"
fi

jobs=${DEB_BUILD_PARALLEL:-2}
opts="parallel=$jobs"
case $flavours in
  openssl) profiles=pkg.curl.openssl-only ;;
  all) profiles="" ;;
  *) echo "deb-chroot: unknown flavours '$flavours': use openssl or all" >&2
     exit 2 ;;
esac
if [ -n "$nocheck" ]; then
  opts="$opts nocheck"
  profiles="${profiles:+$profiles,}nocheck"
fi
[ -z "$profiles" ] || profiles=--profiles=$profiles
say "sbuild $(basename "$dsc") for $suite in a fresh chroot (DEB_BUILD_OPTIONS=$opts $profiles)"
start=$(date +%s)
status=0
# shellcheck disable=SC2086 # $profiles is empty or one word
(cd "$out" && DEB_BUILD_OPTIONS=$opts sbuild --chroot-mode=unshare \
   --dist="$suite" --chroot="$tarball" --arch-all --arch-any \
   --no-run-lintian --no-run-piuparts --no-run-autopkgtest \
   --build-dep-resolver=apt $profiles --nolog "$dsc" >"$out/sbuild.log" 2>&1) ||
  status=$?
secs=$(( $(date +%s) - start ))
if [ "$status" -ne 0 ]; then
  tail -n 40 "$out/sbuild.log" >&2
  die "sbuild failed for $suite after $secs s; the whole log is $out/sbuild.log"
fi
say "$suite build succeeded in $secs s; packages in $out:"
ls "$out"/*.deb
