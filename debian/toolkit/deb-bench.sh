#!/bin/sh
# make deb-bench: the wall time of make deb (fetch, patch, overlay, build)
# against Debian's own dpkg-buildpackage of the same source package with
# the same profiles and options (make deb-baseline), measured in one run,
# one after the other; prints both and their ratio.
#
#   deb-bench.sh MAKE MAKE_ARGS...
set -eu

[ $# -ge 1 ] || { echo "usage: deb-bench.sh MAKE MAKE_ARGS..." >&2; exit 2; }
make=$1
shift
timed() {
  t=$(date +%s.%N)
  "$make" "$@" >"$log" 2>&1 ||
    { tail -n 20 "$log" >&2; echo "deb-bench: make $* failed (see $log)" >&2; exit 1; }
  awk -v a="$t" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f\n", b - a }'
}
log=$(mktemp)
trap 'rm -f "$log"' EXIT
ours=$(timed deb "$@")
echo "deb-bench: make deb: $ours s"
theirs=$(timed deb-baseline "$@")
echo "deb-bench: the distribution's dpkg-buildpackage (make deb-baseline): $theirs s"
awk -v a="$ours" -v b="$theirs" \
  'BEGIN { printf "deb-bench: ratio make deb / distribution build = %.3f\n", a / b }'
