#!/bin/sh
# Our autopkgtests, and with -a the distribution's own tests that depend
# on curl, run by the real autopkgtest runner on the source package and
# curl .deb that make deb (or make deb-chroot) published for DISTRO, in a
# fresh root of that release (mmdebstrap --variant=apt from this machine's
# apt sources, as make deb-install-check makes it): autopkgtest installs
# our curl there and takes every other package, libcurl included, from
# the distribution's archive. Afterwards each test's installed package
# list must show our curl on the distribution's libcurl.
#
# The testbed is autopkgtest-virt-chroot on that root, with /proc, /sys,
# /dev and a /run of its own mounted (root: chroot, mounts). Our network tests ask for
# isolation-container, which a chroot does not declare; they only create
# network namespaces of their own (which root in the chroot can, and
# autopkgtest-virt-unshare's user namespace cannot: "setns: Operation not
# permitted"), so they run with --ignore-restrictions=isolation-container.
# The root is used once and deleted. OUTDIR (replaced) gets autopkgtest's
# artifacts and its summary. Exit status: autopkgtest's (0 all passed, 2
# some skipped, 4 a test failed, ...), or 1 when our curl did not sit on
# the distribution's libcurl.
set -eu
# shellcheck source=packages/script-lib.sh
. "$(dirname "$0")/../../packages/script-lib.sh"

here=$(cd "$(dirname "$0")" && pwd)
distro="" out="" all="" tests=""
synopsis="deb-autopkgtest.sh -d DISTRO -o OUTDIR [-a] -T OUR_TESTS DIST_DIR"
while getopts d:o:aT: opt; do
  case $opt in
    d) distro=$OPTARG ;;
    o) out=$OPTARG ;;
    a) all=yes ;;
    T) tests=$OPTARG ;;
    *) usage "$synopsis" ;;
  esac
done
shift $((OPTIND - 1))
need distro out tests || usage "$synopsis"
[ $# -eq 1 ] || usage "$synopsis"
dist=$1
for tool in autopkgtest mmdebstrap; do
  command -v "$tool" >/dev/null 2>&1 ||
    die "$tool is missing: apt-get install autopkgtest mmdebstrap"
done
suite=$(sh "$here/../build/target.sh" -d "$distro" codename)
dsc=$(find "$dist" -maxdepth 1 -name 'curl_*.dsc' | head -n 1)
deb=$(find "$dist" -maxdepth 1 -name 'curl_*.deb' | head -n 1)
{ [ -n "$dsc" ] && [ -n "$deb" ]; } ||
  die "no curl .dsc and .deb in $dist: run make deb (or make deb-chroot) for $distro"
ours=$(dpkg-deb -f "$deb" Version)
[ "$(sed -n 's/^Version: //p' "$dsc")" = "$ours" ] ||
  die "$dsc and $deb are of different versions: run make deb again"
[ "$(sed -n 's/^Distribution: //p' "$dist"/*.changes 2>/dev/null | head -n 1)" = "$suite" ] ||
  die "$dist is not built for $suite ($distro)"

[ "$(id -u)" -eq 0 ] || die "needs root (chroot, mounts)"
work=$(mktemp -d /tmp/curl-mptcp-autopkgtest.XXXXXX)
root=$work/root
# shellcheck disable=SC2317 # run by the EXIT trap
cleanup() {
  ! mountpoint -q "$root" || umount -R "$root" || umount -R -l "$root"
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# The tests to run: ours (OUR_TESTS/control), and with -a the
# distribution's whose Depends name the curl package.
names() {
  awk -v want="$2" '
    /^Tests:/ { n = $2 }
    /^Depends:/ && n != "" {
      d = $0; sub(/^Depends:/, "", d); gsub(/\([^)]*\)/, "", d)
      if(want == "" || (" " d " ") ~ /[ ,]curl[ ,]/) print n }
    /^$/ { n = "" }' "$1"
}
list=$(names "$tests/control" "" | tr '\n' ' ')
if [ -n "$all" ]; then
  tar -xf "$(find "$dist" -maxdepth 1 -name 'curl_*.debian.tar.*' | head -n 1)" \
    -C "$work" debian/tests/control
  for tn in $(names "$work/debian/tests/control" curl); do
    case " $list " in *" $tn "*) ;; *) list="$list $tn" ;; esac
  done
fi
say "$distro ($suite): curl $ours; tests:$(echo " $list" | tr -s ' ')"

sh "$here/../build/machine-sources.sh" "$suite" >"$work/sources"
sh "$here/../build/machine-sources.sh" -o >"$work/apt.conf"
start=$(date +%s)
mmdebstrap --quiet --variant=apt --mode=root --aptopt="$work/apt.conf" \
  --customize-hook='copy-in /usr/local/share/ca-certificates /usr/local/share/' \
  "$suite" "$root" "$work/sources" >"$work/mmdebstrap.log" 2>&1 ||
  { tail -n 20 "$work/mmdebstrap.log" >&2; die "mmdebstrap could not make a $suite root"; }
say "fresh $suite root in $(( $(date +%s) - start )) s"

# The root a mount point of its own (ip netns exec makes / a slave
# mount), /run a tmpfs (ip netns add mounts there): nothing the tests
# mount escapes the root, and umount -R takes it all away.
mount --bind "$root" "$root"
mount -t proc proc "$root/proc"
mount -t sysfs sysfs "$root/sys"
mount --bind /dev "$root/dev"
mount --bind /dev/pts "$root/dev/pts"
mount -t tmpfs tmpfs "$root/run"
rm -rf "$out"
set --
for tn in $list; do
  set -- "$@" --test-name "$tn"
done
say "autopkgtest (log: $out/log)"
rc=0
# -U: the root's package lists (mmdebstrap removes them) and upgrades.
autopkgtest -B -U -o "$out" --summary-file "$out/summary" \
  --ignore-restrictions=isolation-container "$@" "$dsc" "$deb" \
  -- chroot "$root" >"$work/autopkgtest.out" 2>&1 || rc=$?
sed 's/^/deb-autopkgtest:   /' "$out/summary" 2>/dev/null || tail -n 30 "$work/autopkgtest.out"
say "autopkgtest exit status $rc ($(( $(date +%s) - start )) s)"

# Each test's testbed: our curl, the distribution's libcurl.
bad=""
for tn in $list; do
  p=$out/$tn-packages
  [ -f "$p" ] || { bad="$bad $tn"; say "$tn: no package list (not run)"; continue; }
  have=$(awk '$1 == "curl" { print $2 }' "$p")
  libs=$(awk '$1 ~ /^libcurl(4|4t64)(:.*)?$/ { print $2 }' "$p" | sort -u)
  if [ "$have" != "$ours" ] || [ -z "$libs" ] ||
     [ "$(echo "$libs" | grep -c -F "+mptcp")" -ne 0 ]; then
    bad="$bad $tn"
    say "$tn: curl ${have:-none}, libcurl ${libs:-none}: NOT our curl on the distribution's libcurl"
  else
    say "$tn: curl $have on the distribution's libcurl $libs"
  fi
done
[ -z "$bad" ] || exit 1
exit "$rc"
