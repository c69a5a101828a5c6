#!/bin/sh
# Reproducibility: build the same source package twice, at two different
# paths, and require bit-identical .debs. SOURCE_DATE_EPOCH comes from
# debian/changelog (dpkg-buildpackage sets it), so nothing else may differ.
#
#   repro-check.sh -d DISTRO -v CURL_VERSION -p SERIES_DIR -t TARBALL
#                  -w WORKDIR [-r REFERENCE_DIST] MODULE_FILE...
#
# With -r, the .debs already in REFERENCE_DIST (what make deb built) are
# the first build, and only the second one is made.
#
# DEB_BUILD_OPTIONS is passed on (make deb-repro sets nocheck: the test
# suite does not change what is packaged).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
distro="" version="" series="" tarball="" work="" ref=""
while getopts d:v:p:t:w:r: opt; do
  case $opt in
    d) distro=$OPTARG ;;
    v) version=$OPTARG ;;
    p) series=$OPTARG ;;
    t) tarball=$OPTARG ;;
    w) work=$OPTARG ;;
    r) ref=$OPTARG ;;
    *) exit 2 ;;
  esac
done
shift $((OPTIND - 1))
if [ -z "$distro" ] || [ -z "$work" ] || [ $# -eq 0 ]; then
  echo "usage: repro-check.sh -d DISTRO -v CURL_VERSION -p SERIES_DIR" \
       "-t TARBALL -w WORKDIR MODULE_FILE..." >&2
  exit 2
fi
rm -rf "$work"
start=$(date +%s)
runs="first second-build-at-another-path"
if [ -n "$ref" ]; then
  ls "$ref"/*.deb >/dev/null 2>&1 ||
    { echo "repro-check: no .debs in $ref: run make deb first" >&2; exit 1; }
  mkdir -p "$work/first"
  ln -s "$(cd "$ref" && pwd)" "$work/first/out"
  runs=second-build-at-another-path
fi
for run in $runs; do
  sh "$here/build-deb.sh" -d "$distro" -v "$version" -p "$series" \
    -t "$tarball" -w "$work/$run/w" -o "$work/$run/out" "$@" >/dev/null ||
    { echo "repro-check: the $run build failed, see $work/$run/w/build.log" >&2
      exit 1; }
  echo "repro-check: $run build done ($(( $(date +%s) - start )) s so far)"
done
a=$work/first/out
b=$work/second-build-at-another-path/out
(cd "$a" && sha256sum ./*.deb) >"$work/first.sha256"
(cd "$b" && sha256sum ./*.deb) >"$work/second.sha256"
cat "$work/first.sha256"
if cmp -s "$work/first.sha256" "$work/second.sha256"; then
  echo "repro-check: $(wc -l <"$work/first.sha256") .debs are bit-identical across the two builds"
  exit 0
fi
echo "repro-check: the builds differ:" >&2
diff "$work/first.sha256" "$work/second.sha256" >&2 || true
if command -v diffoscope >/dev/null 2>&1; then
  echo "repro-check: see diffoscope on the differing files" >&2
fi
exit 1
