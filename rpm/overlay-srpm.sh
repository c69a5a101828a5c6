#!/bin/sh
# Add Multipath TCP to a distribution's own curl source RPM (Fedora, RHEL
# and their rebuilds), as its packager would: unpack it, verify its
# upstream tarball against curl's pinned release key and the versions
# table, add our module and the hook series of its upstream version as one
# patch, and let rpm/overlay-spec.awk make the smallest spec change (see
# there); then make the source RPM again. Everything else in it, its own
# patches included, stays the distribution's.
#
# N is our revision (Release R.mptcpN). KEY, when not empty, is the
# distribution's public key (Fedora's RPM-GPG-KEY-fedora-NN-primary,
# RHEL's release key): the source RPM must then carry a good signature by
# it. SECONDS (default 300) bounds each isolated step on the spec: parsing
# a spec takes seconds, one that runs longer is refused. WORKDIR is
# rebuilt from scratch; the new source RPM goes to
# WORKDIR/SRPMS and, only when everything succeeded, to OUTDIR.
# WORKDIR/dist holds the %{dist} the distribution built its source RPM
# with, for the binary rebuild (build-rpms.sh).
#
# The source RPM is hostile until proven otherwise: parsing its spec runs
# any %(...) in it. On the host only its header and digests are read and
# its files unpacked (plain names only); its tarball is verified; every
# step that parses the spec runs in packages/isolate.sh, which sees the
# unpacked files read-only and writes only WORKDIR/box. The source RPM
# made there must hold exactly the verified files and our spec.
set -eu
# shellcheck source=packages/script-lib.sh
. "$(dirname "$0")/../packages/script-lib.sh"
messages_as overlay

srpm="" work="" out="" mptcp=1 toolkit=unknown key="" limit=300
packager="curl-mptcp developers <dev@curl-mptcp.invalid>"
synopsis="overlay-srpm.sh -s SRPM -w WORKDIR -o OUTDIR [-r N] [-T TOOLKIT]\
 [-c PACKAGER] [-k KEY] [-L SECONDS] MODULE_FILE..."
while getopts s:w:o:r:T:c:k:L: opt; do
  case $opt in
    s) srpm=$OPTARG ;;
    w) work=$OPTARG ;;
    o) out=$OPTARG ;;
    r) mptcp=$OPTARG ;;
    T) toolkit=$OPTARG ;;
    c) packager=$OPTARG ;;
    k) key=$OPTARG ;;
    L) limit=$OPTARG ;;
    *) usage "$synopsis" ;;
  esac
done
shift $((OPTIND - 1))
need srpm work out || usage "$synopsis"
[ $# -gt 0 ] || usage "$synopsis"
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)

# clean: standard input without terminal controls (anything the spec
# wrote, or lines of the spec, before they reach the user's terminal).
clean() {
  tr -d '\000-\010\013-\037\177'
}
# show FILE: what an isolated step printed, cleaned.
show() {
  clean <"$1" | tail -n 20
}
for tool in rpm:rpm rpmbuild:rpm rpmspec:rpm rpmkeys:rpm rpm2cpio:rpm2cpio \
            cpio:cpio bwrap:bubblewrap; do
  command -v "${tool%%:*}" >/dev/null 2>&1 ||
    die "${tool%%:*} is missing: install the package ${tool#*:}"
done
case $mptcp in
  *[!0-9]*|"") die "revision '$mptcp' must be a number (RPM_RELEASE=1, 2, ...)" ;;
esac
case $limit in
  *[!0-9]*|""|0) die "time limit '$limit' must be a number of seconds (RPM_PARSE_TIMEOUT=300)" ;;
esac
[ -f "$srpm" ] || die "$srpm does not exist: give the distribution's curl source RPM (SRPM=/path/curl-X.Y.Z-R.src.rpm)"
srpm=$(cd "$(dirname "$srpm")" && pwd)/$(basename "$srpm")
[ -z "$key" ] || [ -f "$key" ] ||
  die "$key (SRPM_KEY) does not exist: give the distribution's public key file"

rm -rf "$work"
mkdir -p "$work/SOURCES" "$work/SPECS" "$work/SRPMS" "$work/box" "$work/check"
work=$(cd "$work" && pwd)
# Every check below reads this copy, which nobody else can change.
input=$work/input.src.rpm
cp "$srpm" "$input"

# The header is data (rpm reads it as dnf does); nothing here expands the
# spec's macros.
q() {
  rpm -qp --nosignature --qf "$1" "$2" 2>/dev/null
}
[ "$(q '%|SOURCERPM?{binary}:{source}|' "$input")" = source ] ||
  die "$srpm is not a source RPM: give the distribution's .src.rpm"
rpm -K --nosignature "$input" >/dev/null 2>&1 ||
  die "$srpm fails its digest check (rpm -K): the file is damaged; download it again"
name=$(q '%{name}' "$input")
version=$(q '%{version}' "$input")
base_release=$(q '%{release}' "$input")
case $name$version$base_release in
  *[!A-Za-z0-9._+~^-]*) die "$srpm names its package, version or release" \
    "with characters no distribution uses; refusing it" ;;
esac
[ "$name" = curl ] || die "$srpm is the source RPM of $name, not of curl"

# Its signature, when the distribution's key is given: checked with a
# database of that key alone.
if [ -n "$key" ]; then
  mkdir "$work/keydb"
  rpmkeys --dbpath "$work/keydb" --import "$key" 2>"$work/rpmkeys.err" ||
    die "SRPM_KEY=$key is not an OpenPGP public key rpm can import:" \
        "$(show "$work/rpmkeys.err")"
  rpmkeys --dbpath "$work/keydb" -Kv --define '_pkgverify_level signature' \
    "$input" >"$work/rpmkeys.out" 2>&1 || {
    show "$work/rpmkeys.out" >&2
    die "$srpm carries no good signature by the key in SRPM_KEY=$key:" \
        "get the source RPM from the distribution again, or give its key"
  }
  say "$(basename "$srpm"): signature by the key in $key: OK"
else
  say "NOTE: the signature of $(basename "$srpm") is not checked" \
      "(give the distribution's key: SRPM_KEY=/path/RPM-GPG-KEY-...)"
fi

versions=$top/packages/curl-versions.sh
series=$(sh "$versions" get "$version" series 2>/dev/null) ||
  die "curl $version (of $srpm) is not in packages/curl-versions.tsv: the" \
      "toolkit has no verified tarball data or patch series for it; add" \
      "it first (docs/curl-versions.md)"
[ "$series" != - ] ||
  die "curl $version has no patch series yet (packages/curl-versions.tsv)"
series_dir=$top/patches/$series
say "$(basename "$srpm"): curl $version-$base_release, series $series"

# unpack SRPM DIR NAME: its files into the empty DIR, plain regular files
# only: a member name with a "/" or ".." would land outside DIR. NAME
# names SRPM in messages.
unpack() {
  if ! rpm2cpio "$1" >"$work/payload.cpio" 2>"$work/unpack.err" ||
     ! cpio -itv --quiet <"$work/payload.cpio" >"$work/members" \
       2>>"$work/unpack.err"; then
    die "cannot read the files of $3: $(show "$work/unpack.err")"
  fi
  bad=$(cpio -it --quiet <"$work/payload.cpio" | grep -E '/|\.\.|^$' |
        head -n 1 | tr -d '\000-\037\177')
  [ -z "$bad" ] ||
    die "$3 holds a file named '$bad': a source RPM's files have plain" \
        "names (no / or ..); refusing it, nothing was unpacked"
  bad=$(grep -v '^-' "$work/members" | head -n 1 | tr -d '\000-\037\177')
  [ -z "$bad" ] ||
    die "$3 holds something other than a regular file ($bad); refusing it"
  (cd "$2" && cpio -idm --quiet --no-absolute-filenames) \
    <"$work/payload.cpio" 2>"$work/unpack.err" ||
    die "cannot unpack $3: $(show "$work/unpack.err")"
  rm "$work/payload.cpio"
  [ -z "$(find "$2" -mindepth 1 ! -type f)" ] ||
    die "$3 unpacked into more than regular files; refusing it"
}
unpack "$input" "$work/SOURCES" "$srpm"
specs=$(find "$work/SOURCES" -maxdepth 1 -name '*.spec')
[ "$(printf '%s\n' "$specs" | grep -c .)" -eq 1 ] ||
  die "$srpm holds $(printf '%s\n' "$specs" | grep -c .) spec files; expected one"
spec_name=$(basename "$specs")
mv "$work/SOURCES/$spec_name" "$work/SPECS/$spec_name.orig"

# Source0 must be curl's release tarball, verified as make fetch verifies
# it: the signature by the pinned key, and the SHA-256 of the table for
# the .tar.gz it records (a .tar.xz is verified by its signature alone),
# then the version its curlver.h says.
tarballs=$(cd "$work/SOURCES" &&
           ls "curl-$version.tar.gz" "curl-$version.tar.xz" \
              "curl-$version.tar.bz2" 2>/dev/null) || true
[ "$(printf '%s\n' "$tarballs" | grep -c .)" -eq 1 ] ||
  die "$srpm holds no single curl-$version.tar.{gz,xz,bz2} (curl's release" \
      "tarball): cannot verify its source"
source0=$tarballs
checks="-k $top/packages/curl-release-key.asc -f $top/packages/curl-release-key.fingerprint"
if [ "$source0" = "curl-$version.tar.gz" ]; then
  checks="$checks -s $(sh "$versions" get "$version" sha256)"
fi
# shellcheck disable=SC2086 # option words
sh "$top/packages/verify-source.sh" $checks "$work/SOURCES/$source0" ||
  die "the tarball in $srpm is not curl's verified $version release:" \
      "refusing to build on it (nothing was written to $out)"
tree=$(tar -tf "$work/SOURCES/$source0" 2>/dev/null | head -n 1) || true
tree=${tree%%/*}
tar -xOf "$work/SOURCES/$source0" "$tree/include/curl/curlver.h" \
  >"$work/curlver.h" 2>/dev/null ||
  die "$source0 in $srpm has no $tree/include/curl/curlver.h:" \
      "it is not curl's release tarball; refusing it"
sh "$here/../packages/check-curlver.sh" -v "$version" "$work/curlver.h" ||
  die "$source0 in $srpm is signed by curl but is not curl $version:" \
      "refusing to build on it (nothing was written to $out)"

# From here on the spec is parsed, only in isolation, and for $limit
# seconds at most: one that sleeps or loops is stopped and refused.
iso() {
  iso_status=0
  sh "$here/../packages/isolate.sh" -r "$work/SOURCES" -r "$work/SPECS" -w "$work/box" \
    -r "$here" -t "$limit" -- "$@" || iso_status=$?
  [ "$iso_status" -ne 124 ] ||
    warn "$1 on the spec of $(basename "$srpm") ran longer than" \
         "$limit s (parsing a spec takes seconds): refusing it; on a very" \
         "slow machine, raise RPM_PARSE_TIMEOUT"
  return "$iso_status"
}
iso rpmspec -P --define "_sourcedir $work/SOURCES" \
  "$work/SPECS/$spec_name.orig" >"$work/parsed.spec" 2>"$work/rpmspec.err" ||
  die "rpmspec cannot parse the spec of $srpm: $(show "$work/rpmspec.err")"
parsed0=$(awk '/^[Ss]ource0?[ \t]*:/ { n = split($2, p, "/"); print p[n]; exit }' \
          "$work/parsed.spec" | tr -d '\000-\037\177')
[ "$parsed0" = "$source0" ] ||
  die "Source0 of $srpm is '$parsed0', not the verified $source0;" \
      "cannot build on it"

patch=curl-$version-mptcp.patch
[ ! -e "$work/SOURCES/$patch" ] ||
  die "$srpm already holds a file named $patch: is it an MPTCP build already?"
sh "$top/packages/export-patch.sh" -v "$version" -p "$series_dir" "$@" \
  >"$work/SOURCES/$patch"
chmod 0644 "$work/SOURCES/$patch"

# The %{dist} the distribution's build used: its release with the spec's
# %{?dist} standing for it. The same, with %{?dist} written back, is the
# literal release of an rpmautospec %autorelease.
marked=$(iso rpmspec -q --srpm --qf '%{release}' --define 'dist _dist_mark_' \
         --define "_sourcedir $work/SOURCES" "$work/SPECS/$spec_name.orig" \
         2>"$work/rpmspec.err") ||
  die "rpmspec cannot parse the spec of $srpm: $(show "$work/rpmspec.err")"
case $marked in
  *[!A-Za-z0-9._+~^]*|"")
    die "the spec's Release gives '$(printf '%s' "$marked" | tr -d '\000-\037\177')'" \
        "here: not a release; refusing it" ;;
esac
dist=""
case $marked in
  *_dist_mark_*_dist_mark_*)
    die "the spec's Release names %{dist} twice ($marked)" ;;
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
# shellcheck disable=SC2016 # %{?dist}, for the spec
literal=$(printf '%s\n' "$marked" | sed 's/_dist_mark_/%{?dist}/')

date=$(LC_ALL=C date -u -d "@${SOURCE_DATE_EPOCH:-$(date +%s)}" '+%a %b %d %Y')
entry="* $date $packager - $version-$base_release.mptcp$mptcp
- Multipath TCP for the curl tool: the curl-mptcp toolkit $toolkit
  (module and hook series $series) as $patch
- Release $base_release.mptcp$mptcp: above $base_release, below the next release
- curl requires the distribution's libcurl $version-$base_release or later"
awk -v patch="$patch" -v mptcp="$mptcp" -v entry="$entry" \
  -v note="Multipath TCP for the curl tool (curl-mptcp toolkit $toolkit, series $series)" \
  -v literal="$literal" -v report="$work/changes" -f "$here/overlay-spec.awk" \
  "$work/SPECS/$spec_name.orig" "$work/SPECS/$spec_name.orig" \
  >"$work/SPECS/$spec_name" 2>"$work/overlay-spec.err" || {
  clean <"$work/overlay-spec.err" >&2
  die "$srpm: the spec cannot be changed safely (reason above); nothing" \
      "was written to $out. To build it anyway, add the patch of make" \
      "export-patch to the spec by hand as its packager would (-p1, then" \
      "autoreconf -fi, -DUSE_TOOL_MPTCP in the compiler flags)"
}
sed 's/^/overlay: /' "$work/changes" | clean
diff -u "$work/SPECS/$spec_name.orig" "$work/SPECS/$spec_name" \
  >"$work/spec.diff" || true
rm "$work/SPECS/$spec_name.orig"

want=$base_release.mptcp$mptcp
got=$(iso rpmspec -q --srpm --qf '%{release}' ${dist:+--define "dist $dist"} \
      --define "_sourcedir $work/SOURCES" "$work/SPECS/$spec_name" \
      2>"$work/rpmspec.err") ||
  die "the changed spec does not parse: $(show "$work/rpmspec.err") ($work/spec.diff)"
[ "$got" = "$want" ] ||
  die "the changed spec's release is" \
      "$(printf '%s' "$got" | tr -d '\000-\037\177'), not $want ($work/spec.diff)"

say "rpmbuild -bs, isolated (log: $work/rpmbuild-bs.log)"
iso rpmbuild -bs --nodeps --define "_topdir $work/box" \
  --define "_sourcedir $work/SOURCES" --define "_specdir $work/SPECS" \
  ${dist:+--define "dist $dist"} "$work/SPECS/$spec_name" \
  >"$work/rpmbuild-bs.log" 2>&1 || {
  show "$work/rpmbuild-bs.log" >&2
  die "rpmbuild -bs failed on the changed spec ($work/spec.diff)"
}
# What the isolated step made is checked like the input, and must hold
# exactly the verified files and our spec, byte for byte.
made=$(find "$work/box/SRPMS" -maxdepth 1 -type f -name '*.src.rpm' 2>/dev/null)
[ "$(printf '%s\n' "$made" | grep -c .)" -eq 1 ] ||
  die "rpmbuild -bs wrote no single source RPM ($work/rpmbuild-bs.log)"
result=curl-$version-$want.src.rpm
if [ "$(basename "$made")" != "$result" ] ||
   [ "$(q '%{name}-%{version}-%{release}' "$made")" != "curl-$version-$want" ] ||
   ! rpm -K --nosignature "$made" >/dev/null 2>&1; then
  die "rpmbuild -bs wrote $(basename "$made"), not a whole $result"
fi
unpack "$made" "$work/check" "the source RPM made from the spec"
(cd "$work/SOURCES" && ls; echo "$spec_name") | sort >"$work/expected"
(cd "$work/check" && ls) | sort >"$work/got"
cmp -s "$work/expected" "$work/got" ||
  die "the source RPM made from the spec holds other files than" \
      "$srpm plus our patch (the spec changed what it packs): refusing it"
while read -r f; do
  if [ "$f" = "$spec_name" ]; then want_f=$work/SPECS/$f; else want_f=$work/SOURCES/$f; fi
  cmp -s "$want_f" "$work/check/$f" ||
    die "the source RPM made from the spec has another $f than was" \
        "verified and written (the spec changed it): refusing it"
done <"$work/expected"
cp "$made" "$work/SRPMS/$result"
mkdir -p "$out"
cp "$made" "$out/$result.tmp"
mv "$out/$result.tmp" "$out/$result"
say "$out/$result (spec changes: $work/spec.diff)"
