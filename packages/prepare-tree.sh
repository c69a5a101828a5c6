#!/bin/sh
# Turn a verified curl tarball into a source tree ready to configure: extract
# it, add our module files to its src/, apply our hook patches, regenerate
# the build system they touch. Works in OUTDIR.partial and renames it to
# OUTDIR only when every step succeeded, so a failed run leaves no tree that
# looks usable. The extracted tree must say it is curl VERSION
# (check-curlver.sh): a signature proves who made a tarball, not which
# release it is.
set -eu
# shellcheck source=packages/script-lib.sh
. "$(dirname "$0")/script-lib.sh"

here=$(cd "$(dirname "$0")" && pwd)
tarball="" out="" series_dir="" version=""
synopsis="prepare-tree.sh -v VERSION -t TARBALL -o OUTDIR [-p SERIES_DIR]\
 [MODULE_FILE...]"
while getopts v:t:o:p: opt; do
  case $opt in
    v) version=$OPTARG ;;
    t) tarball=$OPTARG ;;
    o) out=$OPTARG ;;
    p) series_dir=$OPTARG ;;
    *) usage "$synopsis" ;;
  esac
done
shift $((OPTIND - 1))
need version tarball out || usage "$synopsis"

# The patch list is read before any work: -p naming a directory without a
# series file is a mistake (a wrong path), not "no patches".
patches=""
if [ -n "$series_dir" ]; then
  [ -f "$series_dir/series" ] ||
    die "-p $series_dir: no series file there ($series_dir/series): give" \
        "the patch directory of this curl release (patches/SERIES, as" \
        "packages/curl-versions.tsv names it), or no -p for none"
  patches=$(series_patches "$series_dir/series") || exit 1
  [ -n "$patches" ] || say "$series_dir/series lists no patch: none applied"
fi

staging=$out.partial
rm -rf "$staging"
trap 'rm -rf "$staging"' EXIT
mkdir -p "$staging"

say "extracting $(basename "$tarball")"
tar -xzf "$tarball" -C "$staging" --strip-components=1 --no-same-owner
[ -f "$staging/include/curl/curlver.h" ] ||
  die "$tarball is not a curl source tarball"
sh "$here/check-curlver.sh" -v "$version" "$staging"

for file in "$@"; do
  cp "$file" "$staging/src/"
done

if [ -n "$patches" ]; then
  sh "$here/apply-patches.sh" "$series_dir" "$staging"
  # Hook patches add files to src/Makefile.inc and change docs, which the
  # generated Makefile.in files of the tarball do not know yet.
  say "regenerating curl's build system (autoreconf)"
  (cd "$staging" && autoreconf -fi) >"$staging/.toolkit-autoreconf.log" 2>&1 || {
    cat "$staging/.toolkit-autoreconf.log" >&2
    die "autoreconf failed in $staging"
  }
fi

rm -rf "$out"
mv "$staging" "$out"
trap - EXIT
say "$out is ready"
