#!/bin/sh
# Make the source RPM of MPTCP curl: a self-contained package that a build
# farm (mock, COPR, Koji, OBS) rebuilds without this toolkit. It holds the
# verified upstream tarball, its signature and curl's release key (checked
# again in %prep), our module as Patch0 and the hook series as Patch1..,
# and the spec rendered from rpm/curl.spec.in.
#
# The tarball must already be verified (make srpm verifies it first).
# WORKDIR is rebuilt from scratch; OUTDIR receives the .src.rpm only when
# everything succeeded.
set -eu
# shellcheck source=packages/script-lib.sh
. "$(dirname "$0")/../packages/script-lib.sh"
messages_as srpm

version="" series_dir="" tarball="" key="" fpr="" work="" out=""
release=1 url=https://curl.se/download toolkit=unknown
synopsis="build-srpm.sh -v VERSION -p SERIES_DIR -t TARBALL -k KEY\
 -f FPR_FILE -w WORKDIR -o OUTDIR [-r RELEASE] [-u URL] [-T TOOLKIT]\
 TEMPLATE MODULE_FILE..."
while getopts v:p:t:k:f:w:o:r:u:T: opt; do
  case $opt in
    v) version=$OPTARG ;;
    p) series_dir=$OPTARG ;;
    t) tarball=$OPTARG ;;
    k) key=$OPTARG ;;
    f) fpr=$OPTARG ;;
    w) work=$OPTARG ;;
    o) out=$OPTARG ;;
    r) release=$OPTARG ;;
    u) url=$OPTARG ;;
    T) toolkit=$OPTARG ;;
    *) usage "$synopsis" ;;
  esac
done
shift $((OPTIND - 1))
need version series_dir tarball key fpr work out || usage "$synopsis"
[ $# -ge 2 ] || usage "$synopsis"
template=$1
shift
here=$(cd "$(dirname "$0")" && pwd)

command -v rpmbuild >/dev/null 2>&1 ||
  die "rpmbuild is missing: install the package rpm (Debian) or rpm-build (Fedora/RHEL)"
for f in "$tarball" "$tarball.asc" "$key" "$template"; do
  [ -r "$f" ] || die "cannot read $f"
done

rm -rf "$work"
mkdir -p "$work/SOURCES" "$work/SPECS" "$work/SRPMS"
work=$(cd "$work" && pwd)

cp "$tarball" "$tarball.asc" "$work/SOURCES/"
cp "$key" "$work/SOURCES/curl-release-key.asc"
sh "$here/module-patch.sh" "$@" >"$work/SOURCES/curl-mptcp-module.patch"
names=$(series_patches "$series_dir/series")
for name in $names; do
  cp "$series_dir/$name" "$work/SOURCES/"
done
# Copies keep their source's mode; from a read-only checkout (make
# distcheck) that is 0444, which rpmlint flags in the source RPM.
chmod 0644 "$work"/SOURCES/*
sh "$here/render-spec.sh" -v "$version" -p "$series_dir" -f "$fpr" \
  -r "$release" -u "$url" -t "$toolkit" "$template" >"$work/SPECS/curl.spec"

say "rpmbuild -bs for curl $version (log: $work/rpmbuild-bs.log)"
# The SRPM carries no build-host state: no dist tag from this host, and
# build dependencies are checked where it is rebuilt, not here.
if ! rpmbuild -bs --nodeps --define "_topdir $work" \
     "$work/SPECS/curl.spec" >"$work/rpmbuild-bs.log" 2>&1; then
  cat "$work/rpmbuild-bs.log" >&2
  die "rpmbuild -bs failed; the spec is $work/SPECS/curl.spec"
fi
set -- "$work"/SRPMS/*.src.rpm
[ -f "$1" ] || die "rpmbuild -bs wrote no source RPM (log: $work/rpmbuild-bs.log)"
mkdir -p "$out"
cp "$1" "$out/$(basename "$1").tmp"
mv "$out/$(basename "$1").tmp" "$out/$(basename "$1")"
say "$out/$(basename "$1")"
