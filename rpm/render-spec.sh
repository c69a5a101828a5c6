#!/bin/sh
# Write the RPM spec for one curl release from rpm/curl.spec.in (the
# TEMPLATE argument) to standard output: fill in the version, our release
# number and the download site, and turn the release's hook series into
# Patch1.. lines, each with its DEP-3 Description as the comment.
#
# The %changelog date is SOURCE_DATE_EPOCH's, or today's.
set -eu
# shellcheck source=packages/script-lib.sh
. "$(dirname "$0")/../packages/script-lib.sh"

version="" series_dir="" fpr_file="" release=1
url=https://curl.se/download toolkit=unknown
synopsis="render-spec.sh -v VERSION -p SERIES_DIR -f FINGERPRINT_FILE\
 [-r RELEASE] [-u URL] [-t TOOLKIT_VERSION] TEMPLATE"
while getopts v:p:f:r:u:t: opt; do
  case $opt in
    v) version=$OPTARG ;;
    p) series_dir=$OPTARG ;;
    f) fpr_file=$OPTARG ;;
    r) release=$OPTARG ;;
    u) url=${OPTARG%/} ;;
    t) toolkit=$OPTARG ;;
    *) usage "$synopsis" ;;
  esac
done
shift $((OPTIND - 1))
need version series_dir fpr_file || usage "$synopsis"
[ $# -eq 1 ] || usage "$synopsis"
template=$1

# The spec's file list (CHANGES.md) and its OpenSSL 3 requirement
# follow curl 8.14 and later.
case $version in
  [1-7].*|8.[0-9].*|8.1[0-3].*)
    die "curl $version is older than 8.14.0, the oldest release the spec's" \
        "file list describes; build RPMs of 8.14.1 or newer" ;;
esac
case $release in
  *[!0-9]*|"") die "release '$release' must be a number (RPM_RELEASE=1, 2, ...)" ;;
esac
[ -r "$template" ] || die "cannot read the template $template"
series=$series_dir/series
[ -r "$series" ] || die "$series does not exist: no hook series for curl $version"
[ -r "$fpr_file" ] || die "cannot read the key fingerprint file $fpr_file"
fpr=$(grep -v '^#' "$fpr_file" | tr -d ' \n')
printf '%s' "$fpr" | grep -Eqx '[0-9A-F]{40}' ||
  die "$fpr_file holds no 40-digit key fingerprint"

# Patch lines: a comment with the patch's Description (% doubled, so rpm
# does not expand it), then PatchN.
patches=$(mktemp)
trap 'rm -f "$patches"' EXIT
n=1
names=$(series_patches "$series")
for name in $names; do
  [ -r "$series_dir/$name" ] || die "$series names $name, which does not exist"
  desc=$(sed -n 's/^Description: //p' "$series_dir/$name" | head -n 1)
  [ -n "$desc" ] || die "$series_dir/$name has no DEP-3 Description line"
  printf '# %s\nPatch%d:         %s\n' \
    "$(printf '%s' "$desc" | sed 's/%/%%/g')" "$n" "$name" >>"$patches"
  n=$((n + 1))
done
[ "$n" -gt 1 ] || die "$series lists no patch"

date=$(LC_ALL=C date -u -d "@${SOURCE_DATE_EPOCH:-$(date +%s)}" '+%a %b %d %Y')

# @PATCHES@ stands alone on its line; the rest are plain words.
awk -v pf="$patches" '
  $0 == "@PATCHES@" { while((getline l < pf) > 0) print l; next }
  { print }' "$template" |
sed -e "s|@CURL_VERSION@|$version|g" \
    -e "s|@CURL_SERIES@|$(basename "$series_dir")|g" \
    -e "s|@RPM_RELEASE@|$release|g" \
    -e "s|@DOWNLOAD_URL@|$url|g" \
    -e "s|@TOOLKIT_VERSION@|$toolkit|g" \
    -e "s|@RELEASE_FPR@|$fpr|g" \
    -e "s|@CHANGELOG_DATE@|$date|g"
