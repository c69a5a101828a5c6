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
# the accepted sockets). Needs root.
#
#   mptcp-parallel-bench.sh [-r RUNS] [-n "N1 N2 ..."] OUR_CURL UPSTREAM_CURL
set -eu

runs=9
sizes="100 1000"
while getopts r:n: opt; do
  case $opt in
    r) runs=$OPTARG ;;
    n) sizes=$OPTARG ;;
    *) exit 2 ;;
  esac
done
shift $((OPTIND - 1))
if [ $# -ne 2 ]; then
  echo "usage: mptcp-parallel-bench.sh [-r RUNS] [-n \"N...\"] OUR_CURL" \
       "UPSTREAM_CURL" >&2
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
log=$NETNS_TMP/server.log
netns_http_server "$NS_S" 10.231.1.2 8080 "$NETNS_TMP/www" "$log"

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
    "$bin" --mptcp -sS -Z --parallel-max "$n" --parallel-immediate \
    -o "$NETNS_TMP/got/#1" "http://10.231.1.2:8080/file?[1-$n]"
  end=$(date +%s.%N)
  wait_for_lines "$log" '"peer"' "$((before + n))" ||
    { diag "the server saw fewer than $n connections"; exit 1; }
  mptcp=$(grep '"peer"' "$log" | tail -n "+$((before + 1))" |
          grep -c '"mptcp": true' || :)
  [ "$mptcp" -eq "$n" ] ||
    { diag "only $mptcp of $n connections were MPTCP"; exit 1; }
  got=$(find "$NETNS_TMP/got" -type f | wc -l)
  [ "$got" -eq "$n" ] || { diag "$got of $n files arrived"; exit 1; }
  awk -v s="$start" -v e="$end" '{ printf "%.4f %.4f\n", e - s, $1 + $2 }' \
    "$NETNS_TMP/cpu"
}

median() {
  printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

# syscalls N CURL: system calls per transfer, those that wait (poll and
# the like, whose number follows timing, not work) left out; and
# getsockname calls per transfer.
syscalls() {
  transfer "$1" "$2" strace -f -c -o "$NETNS_TMP/strace" >/dev/null
  awk -v n="$1" '
    $NF == "total" { t = $4 }
    $NF ~ /^(poll|ppoll|epoll_wait|epoll_pwait|select|pselect6|futex|nanosleep|clock_nanosleep)$/ { w += $4 }
    $NF == "getsockname" { g = $4 }
    END { printf "%.1f %.2f\n", (t - w) / n, g / n }' "$NETNS_TMP/strace"
}

report=$NETNS_TMP/report
{
  echo "| N | wall s, ours / upstream (median) | ratio | paired wall ratio (median) | curl CPU s, ours / upstream | ratio | syscalls per transfer (no waits), ours / upstream | getsockname per transfer, ours / upstream |"
  echo "|---|---|---|---|---|---|---|---|"
} >"$report"
for n in $sizes; do
  diag "N=$n: $runs runs of each curl, alternating"
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
      printf "| %d | %.3f / %.3f | %.3f | %.3f | %.3f / %.3f | %.3f | %s / %s | %s / %s |\n",
             n, wo, wu, wo / wu, pr, co, cu, co / cu, o[1], u[1], o[2], u[2] }' \
    >>"$report"
done
echo "Medians of $runs runs each; in every run all N connections were" \
  "MPTCP on the server side." >>"$report"
cat "$report"
