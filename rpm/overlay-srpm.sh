#!/bin/sh
# Add Multipath TCP to a distribution's own curl source RPM (Fedora, RHEL
# and their rebuilds), as its packager would: unpack it, verify its
# upstream tarball against curl's pinned release key and the versions
# table, add our module and the hook series of its upstream version as one
# patch, and let rpm/overlay-spec.awk make the smallest spec change (see
# there); then make the source RPM again. Everything else in it, its own
# patches included, stays the distribution's.
#
#   overlay-srpm.sh -s SRPM -w WORKDIR -o OUTDIR [-r N] [-T TOOLKIT]
#                   [-c PACKAGER] MODULE_FILE...
#
# N is our revision (Release R.mptcpN). WORKDIR is rebuilt from scratch;
# the new source RPM goes to WORKDIR/SRPMS and, only when everything
# succeeded, to OUTDIR. WORKDIR/dist holds the %{dist} the distribution
# built its source RPM with, for the binary rebuild (build-rpms.sh).
set -eu

srpm="" work="" out="" mptcp=1 toolkit=unknown
packager="curl-mptcp developers <dev@curl-mptcp.invalid>"
while getopts s:w:o:r:T:c: opt; do
  case $opt in
    s) srpm=$OPTARG ;;
    w) work=$OPTARG ;;
    o) out=$OPTARG ;;
    r) mptcp=$OPTARG ;;
    T) toolkit=$OPTARG ;;
    c) packager=$OPTARG ;;
    *) exit 2 ;;
  esac
done
shift $((OPTIND - 1))
if [ -z "$srpm" ] || [ -z "$work" ] || [ -z "$out" ] || [ $# -eq 0 ]; then
  echo "usage: overlay-srpm.sh -s SRPM -w WORKDIR -o OUTDIR [-r N]" \
       "[-T TOOLKIT] [-c PACKAGER] MODULE_FILE..." >&2
  exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)

die() {
  printf 'overlay: %s\n' "$*" >&2
  exit 1
}
for tool in rpm:rpm rpmbuild:rpm rpmspec:rpm rpm2cpio:rpm2cpio cpio:cpio; do
  command -v "${tool%%:*}" >/dev/null 2>&1 ||
    die "${tool%%:*} is missing: install the package ${tool#*:}"
done
case $mptcp in
  *[!0-9]*|"") die "revision '$mptcp' must be a number (RPM_RELEASE=1, 2, ...)" ;;
esac
[ -f "$srpm" ] || die "$srpm does not exist: give the distribution's curl source RPM (SRPM=/path/curl-X.Y.Z-R.src.rpm)"
srpm=$(cd "$(dirname "$srpm")" && pwd)/$(basename "$srpm")

q() {
  rpm -qp --nosignature --qf "$1" "$srpm" 2>/dev/null
}
[ "$(q '%|SOURCERPM?{binary}:{source}|')" = source ] ||
  die "$srpm is not a source RPM: give the distribution's .src.rpm"
# The digests say the file is whole. Its signature is the distribution's,
# checked with the distribution's key: rpm -K on a Fedora or RHEL host.
rpm -K --nosignature "$srpm" >/dev/null 2>&1 ||
  die "$srpm fails its digest check (rpm -K): the file is damaged; download it again"
name=$(q '%{name}')
version=$(q '%{version}')
base_release=$(q '%{release}')
[ "$name" = curl ] || die "$srpm is the source RPM of $name, not of curl"

versions=$top/packages/curl-versions.sh
series=$(sh "$versions" get "$version" series 2>/dev/null) ||
  die "curl $version (of $srpm) is not in packages/curl-versions.tsv: the" \
      "toolkit has no verified tarball data or patch series for it; add" \
      "it first (README, \"Supported curl versions\")"
[ "$series" != - ] ||
  die "curl $version has no patch series yet (packages/curl-versions.tsv)"
series_dir=$top/patches/$series

echo "overlay: $(basename "$srpm"): curl $version-$base_release, series $series"
rm -rf "$work"
mkdir -p "$work/SOURCES" "$work/SPECS" "$work/SRPMS"
work=$(cd "$work" && pwd)
(cd "$work/SOURCES" && rpm2cpio "$srpm" | cpio -idm --quiet) ||
  die "cannot unpack $srpm"
specs=$(find "$work/SOURCES" -maxdepth 1 -name '*.spec')
[ "$(printf '%s\n' "$specs" | grep -c .)" -eq 1 ] ||
  die "$srpm holds $(printf '%s\n' "$specs" | grep -c .) spec files; expected one"
spec_name=$(basename "$specs")
mv "$work/SOURCES/$spec_name" "$work/SPECS/$spec_name.orig"

# Source0 must be curl's release tarball, verified as make fetch verifies
# it: the signature by the pinned key, and the SHA-256 of the table for
# the .tar.gz it records (a .tar.xz is verified by its signature alone).
rpmspec -P --define "_sourcedir $work/SOURCES" "$work/SPECS/$spec_name.orig" \
  >"$work/parsed.spec" 2>"$work/rpmspec.err" ||
  die "rpmspec cannot parse the spec of $srpm: $(cat "$work/rpmspec.err")"
source0=$(awk '/^[Ss]ource0?[ \t]*:/ { n = split($2, p, "/"); print p[n]; exit }' \
          "$work/parsed.spec")
case $source0 in
  "curl-$version.tar.gz"|"curl-$version.tar.xz"|"curl-$version.tar.bz2") ;;
  *) die "Source0 of $srpm is '$source0', not curl's release tarball" \
         "curl-$version.tar.{gz,xz,bz2}: cannot verify it" ;;
esac
checks="-k $top/packages/curl-release-key.asc -f $top/packages/curl-release-key.fingerprint"
if [ "$source0" = "curl-$version.tar.gz" ]; then
  checks="$checks -s $(sh "$versions" get "$version" sha256)"
fi
# shellcheck disable=SC2086 # option words
sh "$top/packages/verify-source.sh" $checks "$work/SOURCES/$source0" ||
  die "the tarball in $srpm is not curl's verified $version release:" \
      "refusing to build on it (nothing was written to $out)"

patch=curl-$version-mptcp.patch
[ ! -e "$work/SOURCES/$patch" ] ||
  die "$srpm already holds a file named $patch: is it an MPTCP build already?"
sh "$top/packages/export-patch.sh" -v "$version" -p "$series_dir" "$@" \
  >"$work/SOURCES/$patch"
chmod 0644 "$work/SOURCES/$patch"

# The %{dist} the distribution's build used: its release with the spec's
# %{?dist} standing for it.
marked=$(rpmspec -q --srpm --qf '%{release}' --define 'dist _dist_mark_' \
         --define "_sourcedir $work/SOURCES" "$work/SPECS/$spec_name.orig" \
         2>"$work/rpmspec.err") ||
  die "rpmspec cannot parse the spec of $srpm: $(cat "$work/rpmspec.err")"
dist=""
case $marked in
  *_dist_mark_*)
    before=${marked%%_dist_mark_*} after=${marked#*_dist_mark_}
    rest=${base_release#"$before"}
    dist=${rest%"$after"}
    [ "$before$dist$after" = "$base_release" ] ||
      die "cannot tell the %{dist} of $base_release from the spec's" \
          "Release ($marked with _dist_mark_ for %{dist})" ;;
  "$base_release") ;;
  *) die "the spec's Release gives $marked here, but $srpm says" \
         "$base_release: it depends on more than %{dist}" ;;
esac
printf '%s\n' "$dist" >"$work/dist"

date=$(LC_ALL=C date -u -d "@${SOURCE_DATE_EPOCH:-$(date +%s)}" '+%a %b %d %Y')
entry="* $date $packager - $version-$base_release.mptcp$mptcp
- Multipath TCP for the curl tool: the curl-mptcp toolkit $toolkit
  (module and hook series $series) as $patch
- Release $base_release.mptcp$mptcp: above $base_release, below the next release
- curl requires the distribution's libcurl $version-$base_release or later"
awk -v patch="$patch" -v mptcp="$mptcp" -v entry="$entry" \
  -v note="Multipath TCP for the curl tool (curl-mptcp toolkit $toolkit, series $series)" \
  -v report="$work/changes" -f "$here/overlay-spec.awk" \
  "$work/SPECS/$spec_name.orig" "$work/SPECS/$spec_name.orig" \
  >"$work/SPECS/$spec_name" ||
  die "$srpm: the spec cannot be changed safely (reason above); nothing" \
      "was written to $out"
sed 's/^/overlay: /' "$work/changes"
diff -u "$work/SPECS/$spec_name.orig" "$work/SPECS/$spec_name" \
  >"$work/spec.diff" || true
rm "$work/SPECS/$spec_name.orig"

want=$base_release.mptcp$mptcp
got=$(rpmspec -q --srpm --qf '%{release}' ${dist:+--define "dist $dist"} \
      --define "_sourcedir $work/SOURCES" "$work/SPECS/$spec_name" \
      2>"$work/rpmspec.err") ||
  die "the changed spec does not parse: $(cat "$work/rpmspec.err") ($work/spec.diff)"
[ "$got" = "$want" ] ||
  die "the changed spec's release is $got, not $want ($work/spec.diff)"

echo "overlay: rpmbuild -bs (log: $work/rpmbuild-bs.log)"
if ! rpmbuild -bs --nodeps --define "_topdir $work" \
     ${dist:+--define "dist $dist"} "$work/SPECS/$spec_name" \
     >"$work/rpmbuild-bs.log" 2>&1; then
  cat "$work/rpmbuild-bs.log" >&2
  die "rpmbuild -bs failed on the changed spec ($work/spec.diff)"
fi
set -- "$work"/SRPMS/*.src.rpm
[ -f "$1" ] || die "rpmbuild -bs wrote no source RPM ($work/rpmbuild-bs.log)"
mkdir -p "$out"
cp "$1" "$out/$(basename "$1").tmp"
mv "$out/$(basename "$1").tmp" "$out/$(basename "$1")"
echo "overlay: $out/$(basename "$1") (spec changes: $work/spec.diff)"
