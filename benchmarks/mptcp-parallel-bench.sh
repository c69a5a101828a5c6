#!/bin/sh
# Benchmark many parallel --mptcp transfers: our curl against the
# unpatched upstream curl of the same release, measured in this one run on
# namespaces this script creates. For each N (default 100 and 1000), N
# transfers of a small file start at once (-Z --parallel-max N) against an
# MPTCP server; runs of our and upstream's curl alternate. Reported:
#
#  - wall time and curl's own CPU time (user + system), medians, and their
#    ratios ours / upstream (goal: wall time <= 1.02), who goes first
#    alternating from run to run; and the median of each run's own wall
#    ratio (ours against the upstream run beside it), which a load that
#    drifts during the benchmark moves less;
#  - system calls per transfer but those that wait (strace -c -f, one
#    extra run each), so that
#    work growing with the number of open connections shows as a figure
#    rising from N=100 to N=1000.
#
# The server confirms each run: N connections, all MPTCP (MPTCP_INFO on
# the accepted sockets). -v runs both curls with -v (their output kept
# aside), so that what a curl does only for -v, such as the module's
# paths report at each transfer's end, is in the figures. Needs root.
#
#   mptcp-parallel-bench.sh [-r RUNS] [-n "N1 N2 ..."] [-v] OUR_CURL
#     UPSTREAM_CURL
set -eu

runs=9
sizes="100 1000"
verbose=""
while getopts r:n:v opt; do
  case $opt in
    r) runs=$OPTARG ;;
    n) sizes=$OPTARG ;;
    v) verbose=verbose ;;
    *) exit 2 ;;
  esac
done
shift $((OPTIND - 1))
if [ $# -ne 2 ]; then
  echo "usage: mptcp-parallel-bench.sh [-r RUNS] [-n \"N...\"] [-v]" \
       "OUR_CURL UPSTREAM_CURL" >&2
  exit 2
fi
ours=$1
upstream=$2
[ "$(id -u)" -eq 0 ] || { echo "mptcp-parallel-bench: needs root" >&2; exit 1; }
command -v strace >/dev/null ||
  { echo "mptcp-parallel-bench: needs strace (apt-get install strace)" >&2; exit 1; }

top_srcdir=$(cd "$(dirname "$0")/.." && pwd)
export top_srcdir
diag() { printf 'mptcp-parallel-bench: %s\n' "$*" >&2; }
# shellcheck source=tests/lib/netns.sh
. "$top_srcdir/tests/lib/netns.sh"

netns_setup 1
mkdir "$NETNS_TMP/www" "$NETNS_TMP/got"
head -c 1024 /dev/urandom >"$NETNS_TMP/www/file"
# Options both curls read: -v's, or none.
echo "$verbose" >"$NETNS_TMP/options"
log=$NETNS_TMP/server.log
netns_http_server "$NS_S" 10.231.1.2 8080 "$NETNS_TMP/www" "$log"

# failed MESSAGE: stop, with the end of the last curl's own messages.
failed() {
  diag "$1; the curl's last messages:"
  tail -n 5 "$NETNS_TMP/stderr" >&2
  exit 1
}

# transfer N CURL [WRAPPER...]: N parallel --mptcp downloads; prints
# "WALL_SECONDS CPU_SECONDS" and checks the server saw N MPTCP connections.
transfer() {
  n=$1
  bin=$2
  shift 2
  rm -f "$NETNS_TMP/got/"*
  before=$(grep -c '"peer"' "$log" || :)
  start=$(date +%s.%N)
  ip netns exec "$NS_C" sh -c 'ulimit -n 8192 && exec "$@"' sh \
    "$@" /usr/bin/time -f '%U %S' -o "$NETNS_TMP/cpu" \
    "$bin" -K "$NETNS_TMP/options" --mptcp -sS -Z --parallel-max "$n" \
    --parallel-immediate -o "$NETNS_TMP/got/#1" \
    "http://10.231.1.2:8080/file?[1-$n]" 2>"$NETNS_TMP/stderr" ||
    failed "$bin exited $?"
  end=$(date +%s.%N)
  wait_for_lines "$log" '"peer"' "$((before + n))" ||
    failed "the server saw fewer than $n connections"
  mptcp=$(grep '"peer"' "$log" | tail -n "+$((before + 1))" |
          grep -c '"mptcp": true' || :)
  [ "$mptcp" -eq "$n" ] || failed "only $mptcp of $n connections were MPTCP"
  got=$(find "$NETNS_TMP/got" -type f | wc -l)
  [ "$got" -eq "$n" ] || failed "$got of $n files arrived"
  awk -v s="$start" -v e="$end" '{ printf "%.4f %.4f\n", e - s, $1 + $2 }' \
    "$NETNS_TMP/cpu"
}

median() {
  printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

# syscalls N CURL: system calls per transfer, those that wait (poll and
# the like, whose number follows timing, not work) left out; and
# getsockname and getsockopt calls per transfer (the module's own calls
# are among them).
syscalls() {
  transfer "$1" "$2" strace -f -c -o "$NETNS_TMP/strace" >/dev/null
  awk -v n="$1" '
    $NF == "total" { t = $4 }
    $NF ~ /^(poll|ppoll|epoll_wait|epoll_pwait|select|pselect6|futex|nanosleep|clock_nanosleep)$/ { w += $4 }
    $NF == "getsockname" { g = $4 }
    $NF == "getsockopt" { o = $4 }
    END { printf "%.1f %.2f %.2f\n", (t - w) / n, g / n, o / n }' \
    "$NETNS_TMP/strace"
}

# One row per N as soon as it is measured.
echo "| N | wall s, ours / upstream (median) | ratio | paired wall ratio (median) | curl CPU s, ours / upstream | ratio | syscalls per transfer (no waits), ours / upstream | getsockname per transfer, ours / upstream | getsockopt per transfer, ours / upstream |"
echo "|---|---|---|---|---|---|---|---|---|"
for n in $sizes; do
  # With one run each, the curl that ran first at an N took up to 2.7
  # times as long as the other (N=1000, -v): a run of each, not counted,
  # warms up.
  diag "N=$n: one run of each curl to warm up, then $runs of each, alternating"
  transfer "$n" "$ours" >/dev/null
  transfer "$n" "$upstream" >/dev/null
  wo="" wu="" co="" cu="" pr=""
  i=0
  while [ "$i" -lt "$runs" ]; do
    # who goes first alternates: a server warmed up by the other's run
    # favours neither
    if [ $((i % 2)) -eq 0 ]; then
      ro=$(transfer "$n" "$ours")
    fi
    ru=$(transfer "$n" "$upstream")
    if [ $((i % 2)) -eq 1 ]; then
      ro=$(transfer "$n" "$ours")
    fi
    wo="$wo ${ro% *}" co="$co ${ro#* }" wu="$wu ${ru% *}" cu="$cu ${ru#* }"
    pr="$pr $(awk -v o="${ro% *}" -v u="${ru% *}" 'BEGIN { print o / u }')"
    i=$((i + 1))
  done
  diag "N=$n: system calls (strace)"
  so=$(syscalls "$n" "$ours")
  su=$(syscalls "$n" "$upstream")
  [ -n "$so" ] && [ -n "$su" ] || exit 1
  # shellcheck disable=SC2086 # one value per word
  awk -v n="$n" -v wo="$(median $wo)" -v wu="$(median $wu)" \
      -v pr="$(median $pr)" -v co="$(median $co)" -v cu="$(median $cu)" \
      -v so="$so" -v su="$su" '
    BEGIN { split(so, o, " "); split(su, u, " ")
      printf "| %d | %.3f / %.3f | %.3f | %.3f | %.3f / %.3f | %.3f | %s / %s | %s / %s | %s / %s |\n",
             n, wo, wu, wo / wu, pr, co, cu, co / cu, o[1], u[1], o[2], u[2], o[3], u[3] }'
done
echo "Medians of $runs runs each, after one not counted; in every run all N" \
  "connections were MPTCP on the server side."
