#!/bin/sh
# Reproducibility: make deb's build twice, at two different paths, and
# require bit-identical .debs (the published curl and the library
# packages of the same build). SOURCE_DATE_EPOCH comes from our changelog
# entry, whose date depends only on the inputs (overlay.sh).
#
# With -r, the curl .deb already in REFERENCE_DIST (what make deb built)
# is the first build, and only the second one is made. DEB_BUILD_OPTIONS
# is passed on (make deb-repro sets nocheck: the test suite does not
# change what is packaged).
set -eu
# shellcheck source=packages/script-lib.sh
. "$(dirname "$0")/../../packages/script-lib.sh"

here=$(cd "$(dirname "$0")" && pwd)
distro="" cache="" work="" ref="" flavours=openssl
synopsis="deb-repro.sh -d DISTRO -c CACHE -w WORKDIR [-F FLAVOURS]\
 [-r REFERENCE_DIST] MODULE_FILE..."
while getopts d:c:w:r:F: opt; do
  case $opt in
    d) distro=$OPTARG ;;
    c) cache=$OPTARG ;;
    w) work=$OPTARG ;;
    r) ref=$OPTARG ;;
    F) flavours=$OPTARG ;;
    *) usage "$synopsis" ;;
  esac
done
shift $((OPTIND - 1))
need distro cache work || usage "$synopsis"
[ $# -gt 0 ] || usage "$synopsis"
rm -rf "$work"
start=$(date +%s)
runs="first second-build-at-another-path"
if [ -n "$ref" ]; then
  ls "$ref"/curl_*.deb >/dev/null 2>&1 ||
    die "no curl .deb in $ref: run make deb first"
  mkdir -p "$work/first"
  ln -s "$(cd "$ref" && pwd)" "$work/first/out"
  runs=second-build-at-another-path
fi
for run in $runs; do
  sh "$here/../build/build-deb.sh" -d "$distro" -c "$cache" -F "$flavours" \
    -w "$work/$run/w" -o "$work/$run/out" "$@" >"$work/$run.log" 2>&1 ||
    { tail -n 20 "$work/$run.log" >&2
      die "the $run build failed, see $work/$run.log"; }
  say "$run build done ($(( $(date +%s) - start )) s so far)"
done
a=$work/first/out
b=$work/second-build-at-another-path/out
(cd "$a" && sha256sum ./*.deb) >"$work/first.sha256"
(cd "$b" && sha256sum ./*.deb) >"$work/second.sha256"
cat "$work/first.sha256"
if cmp -s "$work/first.sha256" "$work/second.sha256"; then
  say "$(wc -l <"$work/first.sha256") .deb(s) bit-identical across the two builds"
  exit 0
fi
warn "the builds differ:"
diff "$work/first.sha256" "$work/second.sha256" >&2 || true
if command -v diffoscope >/dev/null 2>&1; then
  warn "see diffoscope on the differing files"
fi
exit 1
