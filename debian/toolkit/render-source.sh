#!/bin/sh
# Render the Debian source tree of curl-mptcp for one target release: the
# templates in debian/ (all but debian/toolkit/) filled in from
# debian/toolkit/distros.tsv and packaging-revision, our module as a
# DEP-3 patch followed by the release's hook series, curl's release key.
#
#   render-source.sh -d DISTRO -v CURL_VERSION -p SERIES_DIR -o OUTDIR
#                    [-t TARBALL] MODULE_FILE...
#
# Without -t only OUTDIR/debian/ is written (what the tests check). With
# -t (the verified curl-VER.tar.gz, its .asc beside it), OUTDIR also gets
# curl_VER.orig.tar.gz(.asc) and the unpacked tree curl-VER/ with debian/
# in it, ready for dpkg-source -b. OUTDIR is replaced whole, and only once
# everything is in place.
#
#   render-source.sh -d DISTRO -v CURL_VERSION -q FIELD
# prints one value (version, libpkg, codename, tag, tested) and exits.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
distro="" version="" series_dir="" out="" tarball="" query=""
while getopts d:v:p:o:t:q: opt; do
  case $opt in
    d) distro=$OPTARG ;;
    v) version=$OPTARG ;;
    p) series_dir=$OPTARG ;;
    o) out=$OPTARG ;;
    t) tarball=$OPTARG ;;
    q) query=$OPTARG ;;
    *) exit 2 ;;
  esac
done
shift $((OPTIND - 1))
usage() {
  echo "usage: render-source.sh -d DISTRO -v CURL_VERSION -p SERIES_DIR" \
       "-o OUTDIR [-t TARBALL] MODULE_FILE..." >&2
  echo "       render-source.sh -d DISTRO -v CURL_VERSION -q FIELD" >&2
  exit 2
}
if [ -z "$distro" ] || [ -z "$version" ]; then usage; fi

table=$here/distros.tsv
row=$(awk -v d="$distro" '$1 == d && !/^#/ { print; exit }' "$table")
if [ -z "$row" ]; then
  known=$(awk '!/^#/ && NF { printf " %s", $1 }' "$table")
  echo "render-source: unknown target distribution '$distro'; known:$known" \
       "(add a line to debian/toolkit/distros.tsv for a new one)" >&2
  exit 1
fi
# shellcheck disable=SC2086 # the row is whitespace-separated on purpose
set -- $row "$@"
codename=$2 tag=$3 libpkg=$4 standards=$5 distcurl=$6 http3=$7 tested=$8
shift 8

field() {
  sed -n "s/^$1 //p" "$here/packaging-revision"
}
revision=$(field revision)
date=$(field date)
if [ -z "$revision" ] || [ -z "$date" ]; then
  echo "render-source: debian/toolkit/packaging-revision lacks a revision or date line" >&2
  exit 1
fi
deb_version=$version-0+mptcp$revision~$tag

# Ours must replace the release's own curl, also after its updates so far.
if ! dpkg --compare-versions "$deb_version" gt "$distcurl"; then
  echo "render-source: $deb_version does not sort above $distro's curl" \
       "$distcurl: apt would not upgrade to it; build a newer curl" \
       "(--with-curl-version)" >&2
  exit 1
fi

case $query in
  "") ;;
  version) echo "$deb_version"; exit 0 ;;
  libpkg) echo "$libpkg"; exit 0 ;;
  codename) echo "$codename"; exit 0 ;;
  tag) echo "$tag"; exit 0 ;;
  tested) echo "$tested"; exit 0 ;;
  *) echo "render-source: unknown field $query" >&2; exit 2 ;;
esac
if [ -z "$series_dir" ] || [ -z "$out" ] || [ $# -eq 0 ]; then usage; fi
[ -f "$series_dir/series" ] || {
  echo "render-source: $series_dir/series does not exist" >&2
  exit 1
}

case $libpkg in
  *t64) t64=yes ;;
  *) t64=no ;;
esac
if [ "$http3" = yes ]; then
  http3_note="built."
else
  http3_note="not built for $distro: its ngtcp2, nghttp3 or OpenSSL cannot."
fi

stage=$out.tmp
rm -rf "$stage"
mkdir -p "$stage/debian/source" "$stage/debian/upstream" \
  "$stage/debian/patches" "$stage/debian/tests"
trap 'rm -rf "$stage"' EXIT

# subst TEMPLATE DEST: fill in TEMPLATE. Lines marked "#t64#" exist only
# for time64 library names.
subst() {
  sed -e "s|@DEB_VERSION@|$deb_version|g" -e "s|@CODENAME@|$codename|g" \
      -e "s|@CURL_VERSION@|$version|g" -e "s|@DISTRO@|$distro|g" \
      -e "s|@LIBPKG@|$libpkg|g" -e "s|@STANDARDS@|$standards|g" \
      -e "s|@DATE@|$date|g" -e "s|@SERIES@|$(basename "$series_dir")|g" \
      -e "s|@HTTP3_NOTE@|$http3_note|g" "$1" >"$2.in"
  if [ "$t64" = yes ]; then
    sed 's/^#t64#//' "$2.in" >"$2"
  else
    sed '/^#t64#/d' "$2.in" >"$2"
  fi
  rm -f "$2.in"
}

src=$top/debian
for f in control changelog README.Debian; do
  subst "$src/$f.in" "$stage/debian/$f"
done
subst "$src/libcurl4.install.in" "$stage/debian/$libpkg.install"
for f in rules copyright watch curl.install libcurl4-openssl-dev.install \
         not-installed source/format tests/control tests/smoke \
         tests/mptcp-negotiation tests/host-fallback tests/netns.sh \
         tests/mptcp-server.py; do
  cp -p "$src/$f" "$stage/debian/$f"
done
cp "$top/packages/curl-release-key.asc" "$stage/debian/upstream/signing-key.asc"

# Patches: our module (new files), then the release's hook series.
iso_date=$(date -u -d "$date" +%Y-%m-%d)
module_patch=0000-tool-mptcp-module.patch
{
  cat <<HEADER
Description: Multipath TCP module for the curl tool
 The curl-mptcp toolkit's module: --mptcp with a fallback to TCP when the
 host refuses MPTCP sockets, a -v line per connection telling whether
 MPTCP was negotiated, the write-out variable %{mptcp} and an "MPTCP:"
 line in curl -V. Built as the real module with -DUSE_TOOL_MPTCP
 (debian/rules), as a stub without it. The hook patches that follow
 connect it to curl $version.
Author: the curl-mptcp toolkit authors
Forwarded: not-needed
Last-Update: $iso_date
---
HEADER
  sh "$here/../../packages/new-file-hunks.sh" "$@"
} >"$stage/debian/patches/$module_patch"
echo "$module_patch" >"$stage/debian/patches/series"
names=$(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$series_dir/series" |
        awk '{ print $1 }')
for name in $names; do
  grep -q '^Description: ' "$series_dir/$name" || {
    echo "render-source: $series_dir/$name has no DEP-3 Description" >&2
    exit 1
  }
  cp "$series_dir/$name" "$stage/debian/patches/$name"
  echo "$name" >>"$stage/debian/patches/series"
done

if [ -n "$tarball" ]; then
  [ -f "$tarball.asc" ] || {
    echo "render-source: $tarball.asc is missing: use the verified tarball" \
         "from make fetch" >&2
    exit 1
  }
  orig=$stage/curl_$version.orig.tar.gz
  cp "$tarball" "$orig"
  cp "$tarball.asc" "$orig.asc"
  tar -C "$stage" -xzf "$orig"
  [ -d "$stage/curl-$version" ] || {
    echo "render-source: $tarball has no curl-$version/ directory" >&2
    exit 1
  }
  mv "$stage/debian" "$stage/curl-$version/debian"
fi
rm -rf "$out"
mv "$stage" "$out"
trap - EXIT
echo "render-source: $out: curl $deb_version for $distro ($codename), library package $libpkg"
