#!/bin/sh
# Adopt a new upstream curl release: fetch and verify its tarball, record
# its SHA-256, apply the nearest existing patch series (the newest one not
# newer than the release) strictly, and when it applies add the release's
# line to the versions table and run the matrix for it. A person reviews
# the table change and commits it.
#
# -b: after the table line is added, the matrix of that version in
# TOP_BUILDDIR (checks/matrix.sh, as make matrix MATRIX_VERSIONS=VERSION
# runs it; its builds read the toolkit's own table).
# -n: skip the matrix (a rehearsal under time pressure); run it later with
# make matrix MATRIX_VERSIONS=VERSION. MODULE_FILEs (our module) are put
# into curl's src/ before the series applies, as for make curl.
#
# In every failure (fetch, verification, series, matrix) the table is left
# as it was: the new table is written beside it and moved into place at
# the end, and put back if the matrix fails.
set -eu
# shellcheck source=packages/script-lib.sh
. "$(dirname "$0")/script-lib.sh"

here=$(cd "$(dirname "$0")" && pwd)
version="" cache="" url=https://curl.se/download apt_etc=/etc/apt
table=$here/curl-versions.tsv patches=$(dirname "$here")/patches builddir=""
key=$here/curl-release-key.asc fprfile=$here/curl-release-key.fingerprint
matrix=yes
synopsis="adopt-version.sh -v VERSION -c CACHE [-t TABLE] [-u URL]\
 [-e APT_ETC_DIR] [-k KEY.asc -f FINGERPRINT_FILE] [-p PATCHES_DIR]\
 -b TOP_BUILDDIR|-n [MODULE_FILE...]"
while getopts v:c:t:u:e:k:f:p:b:n opt; do
  case $opt in
    v) version=$OPTARG ;;
    c) cache=$OPTARG ;;
    t) table=$OPTARG ;;
    u) url=$OPTARG ;;
    e) apt_etc=$OPTARG ;;
    k) key=$OPTARG ;;
    f) fprfile=$OPTARG ;;
    p) patches=$OPTARG ;;
    b) builddir=$OPTARG ;;
    n) matrix=no ;;
    *) usage "$synopsis" ;;
  esac
done
shift $((OPTIND - 1))
need version cache || usage "$synopsis"
[ "$matrix" = no ] || need builddir || usage "$synopsis"

fail() {
  warn "$*"
  die "$table is unchanged"
}

case $version in
  *[!0-9.]*|.*|*.|*..*) fail "\"$version\" is not an upstream release X.Y.Z" ;;
esac
[ "$(printf '%s' "$version" | tr -cd . | wc -c)" -eq 2 ] ||
  fail "\"$version\" is not an upstream release X.Y.Z"
command -v dpkg >/dev/null 2>&1 ||
  fail "dpkg is missing: versions are compared as Debian compares them"
versions=$(sh "$here/curl-versions.sh" -t "$table" list) ||
  fail "the versions table $table must be valid before a version is added"
if printf '%s\n' "$versions" | grep -qx "$version"; then
  say "curl $version is already in $table: nothing to adopt"
  exit 0
fi

start=$(date +%s)
work=$(mktemp -d)
new_table=$table.adopt-$$
trap 'rm -rf "$work" "$new_table"' EXIT

# 1. The release, verified by its signature with the pinned key.
tarball=$work/curl-$version.tar.gz
say "fetching curl $version (source cache, Debian's source packages, $url)"
if ! sh "$here/fetch-source.sh" -v "$version" -c "$cache" -k "$key" \
     -f "$fprfile" -o "$tarball" -u "$url" -e "$apt_etc"; then
  fail "cannot obtain a verified curl $version: tried $cache, Debian's" \
       "source packages (private apt configuration in $cache/apt) and $url"
fi
sha256=$(sha256sum "$tarball" | cut -d' ' -f1)
say "curl-$version.tar.gz verified, SHA-256 $sha256"

mkdir "$work/upstream"
tar -xzf "$tarball" -C "$work/upstream" --strip-components=1 --no-same-owner
said=$(sed -n 's/^#define LIBCURL_VERSION "\(.*\)"/\1/p' \
         "$work/upstream/include/curl/curlver.h" 2>/dev/null)
[ "$said" = "$version" ] ||
  fail "curl-$version.tar.gz says it is curl \"$said\" (include/curl/curlver.h)"

# Upstream has --mptcp when its option table names it (curl >= 8.9.0).
if grep -rqF '"mptcp"' "$work/upstream/src"; then native=yes; else native=no; fi

# 2. The nearest series: the newest patches/X.Y not newer than the release.
series=""
for dir in "$patches"/*/; do
  name=$(basename "$dir")
  [ -f "$dir/series" ] || continue
  dpkg --validate-version "$name" 2>/dev/null || continue
  dpkg --compare-versions "$name" le "$version" || continue
  if [ -z "$series" ] || dpkg --compare-versions "$name" gt "$series"; then
    series=$name
  fi
done
[ -n "$series" ] ||
  fail "no series under $patches is for curl $version or older: write" \
       "one (patches/X.Y with a series file) first"
say "applying series $series strictly (no fuzz)"

tree=$work/curl-$version
cp -R "$work/upstream" "$tree"
for file in "$@"; do
  cp "$file" "$tree/src/"
done
if ! sh "$here/apply-patches.sh" "$patches/$series" "$tree"; then
  fail "series $series does not apply to curl $version (patch and hunks" \
       "above): refresh it as patches/$(echo "$version" | cut -d. -f1,2)" \
       "and run adopt-version again"
fi

# 3. The table line, in its sorted place (newest first).
line=$(printf '%-11s%s  %-8s%-8s%s' "$version" "$sha256" "$series" \
         "$native" -)
below=""
for v in $versions; do
  if dpkg --compare-versions "$v" lt "$version"; then
    below=$v
    break
  fi
done
awk -v line="$line" -v below="$below" '
  !/^[ \t]*(#|$)/ { last = NR }
  { l[NR] = $0
    if(!done && below != "" && !/^[ \t]*#/ && $1 == below) { at = NR; done = 1 } }
  END {
    if(!at) at = last + 1
    for(i = 1; i <= NR; i++) {
      if(i == at) print line
      print l[i]
    }
    if(at > NR) print line
  }' "$table" >"$new_table"
got=$(sh "$here/curl-versions.sh" -t "$new_table" get "$version" sha256) ||
  got=""
[ "$got" = "$sha256" ] ||
  fail "the new table does not read back (a bug): $new_table"
cp "$table" "$work/table.orig"
mv "$new_table" "$table"
say "added to $table:"
say "  $line"
[ "$native" = yes ] ||
  say "native no: upstream curl $version has no --mptcp of its own"
say "flags -: if the matrix shows this release needs configure arguments," \
    "put them in its flags column"

# 4. The matrix of that version; the table is put back if it fails.
if [ "$matrix" = yes ]; then
  say "running the matrix for curl $version (make matrix MATRIX_VERSIONS=$version)"
  # The caller's command-line variables (VERSION=) must not reach the
  # toolkit builds that the matrix makes.
  if ! (unset MAKEFLAGS MFLAGS MAKEOVERRIDES MAKELEVEL
        sh "$here/checks/matrix.sh" "$builddir" "$cache" "$version"); then
    cp "$work/table.orig" "$table.adopt-orig-$$"
    mv "$table.adopt-orig-$$" "$table"
    printf 'adopt-version: the matrix failed for curl %s (see %s);\n' \
      "$version" "$builddir/_build/matrix/summary.txt" >&2
    printf 'adopt-version: %s is restored. The line was:\n  %s\n' \
      "$table" "$line" >&2
    exit 1
  fi
else
  say "matrix skipped (-n): run make matrix MATRIX_VERSIONS=$version before a release"
fi
say "curl $version adopted in $(( $(date +%s) - start )) s: review" \
    "the table change and commit it"
