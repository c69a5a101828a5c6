#!/bin/sh
# make deb-bench: make deb (fetch, patch, overlay, build) against Debian's
# own dpkg-buildpackage of the same source package with the same profiles
# and options (make deb-baseline), measured in one run, one after the
# other, ROUNDS times alternating (default 1). Prints for each the wall
# time and the CPU time (user + system of every process it ran; on a
# machine shared with other builds the wall time follows their load, the
# CPU time much less), and the ratios of the medians.
#
#   [ROUNDS=N] deb-bench.sh MAKE MAKE_ARGS...
set -eu
# shellcheck source=packages/script-lib.sh
. "$(dirname "$0")/../../packages/script-lib.sh"

[ $# -ge 1 ] || usage "deb-bench.sh MAKE MAKE_ARGS..."
make=$1
shift
command -v /usr/bin/time >/dev/null 2>&1 ||
  die "/usr/bin/time is missing: apt-get install time"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# timed NAME TARGET MAKE_ARGS...: "wall cpu" of make TARGET, appended to
# $tmp/NAME.
timed() {
  name=$1 target=$2
  shift 2
  # make, not build-deb.sh: what is timed is the target a user runs, with
  # the arguments make takes from configure.
  /usr/bin/time -f '%e %U %S' -o "$tmp/t" "$make" "$target" "$@" \
    >"$tmp/log" 2>&1 ||
    { tail -n 20 "$tmp/log" >&2
      echo "deb-bench: make $target failed" >&2; exit 1; }
  awk '{ printf "%.1f %.1f\n", $1, $2 + $3 }' "$tmp/t" | tee -a "$tmp/$name" |
    awk -v n="$name" -v l="$(uptime | sed 's/.*average: //')" \
      '{ printf "deb-bench: %s: %s s wall, %s s CPU (load now %s)\n", n, $1, $2, l }'
}
median() {
  sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
rounds=${ROUNDS:-1}
i=0
while [ "$i" -lt "$rounds" ]; do
  timed ours deb "$@"
  timed distribution deb-baseline "$@"
  i=$((i + 1))
done
for k in 1 2; do
  o=$(cut -d' ' -f"$k" "$tmp/ours" | median)
  d=$(cut -d' ' -f"$k" "$tmp/distribution" | median)
  what=wall
  [ "$k" = 1 ] || what=CPU
  awk -v o="$o" -v d="$d" -v w="$what" -v r="$rounds" 'BEGIN {
    printf "deb-bench: %s time, median of %d: make deb %.1f s, distribution build %.1f s, ratio %.3f\n",
      w, r, o, d, o / d }'
done
