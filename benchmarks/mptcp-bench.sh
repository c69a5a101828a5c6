#!/bin/sh
# Benchmark our --mptcp against plain TCP and upstream's --mptcp, all
# measured in this one run, on namespaces this script creates:
#
#  1. two paths of RATE each (tbf): download goodput of plain TCP, of our
#     --mptcp and of upstream's --mptcp, as ratios to the sum of the paths;
#  2. the same topology, path 1 cut 3 s into a download: longest stall and
#     whether the file arrived intact, for our and upstream's --mptcp;
#  3. one unshaped path: throughput and whole-machine CPU per GiB of our
#     and upstream's --mptcp, as ratios to plain TCP.
#
# MPTCP runs are verified on the server side (MPTCP_INFO: MPTCP and the
# number of extra subflows). -c sets the namespaces' TCP congestion control
# (default: inherited from the host). Needs root.
#
#   mptcp-bench.sh [-r RUNS] [-m RATE_MBIT] [-c CC] OUR_CURL UPSTREAM_CURL
set -eu

runs=3
rate=100
cc=""
while getopts r:m:c: opt; do
  case $opt in
    r) runs=$OPTARG ;;
    m) rate=$OPTARG ;;
    c) cc=$OPTARG ;;
    *) exit 2 ;;
  esac
done
shift $((OPTIND - 1))
if [ $# -ne 2 ]; then
  echo "usage: mptcp-bench.sh [-r RUNS] [-m RATE_MBIT] [-c CC] OUR_CURL" \
       "UPSTREAM_CURL" >&2
  exit 2
fi
ours=$1
upstream=$2
[ "$(id -u)" -eq 0 ] || { echo "mptcp-bench: needs root" >&2; exit 1; }

top_srcdir=$(cd "$(dirname "$0")/.." && pwd)
export top_srcdir
diag() { printf 'mptcp-bench: %s\n' "$*" >&2; }
# shellcheck source=tests/lib/netns.sh
. "$top_srcdir/tests/lib/netns.sh"
python=${PYTHON3:-python3}

work=$(mktemp -d)
finish() {
  netns_cleanup
  rm -rf "$work"
}
mkdir "$work/www"
head -c $((200 << 20)) /dev/urandom >"$work/www/200M"
head -c $((1 << 30)) /dev/urandom >"$work/www/1G"
sum200=$(sha256sum <"$work/www/200M")
log=$work/server.log

# topology PATHS [RATE]: fresh namespaces, shaped when RATE is given, and
# the MPTCP test server on path 1.
topology() {
  netns_cleanup
  netns_setup "$1"
  trap finish EXIT
  if [ -n "$cc" ]; then
    ip netns exec "$NS_C" sysctl -q -w net.ipv4.tcp_congestion_control="$cc"
    ip netns exec "$NS_S" sysctl -q -w net.ipv4.tcp_congestion_control="$cc"
  fi
  if [ -n "${2:-}" ]; then
    i=1
    while [ "$i" -le "$1" ]; do
      ip netns exec "$NS_C" tc qdisc replace dev "c-$i" root tbf \
        rate "${2}mbit" burst 64kb latency 20ms
      ip netns exec "$NS_S" tc qdisc replace dev "s-$i" root tbf \
        rate "${2}mbit" burst 64kb latency 20ms
      i=$((i + 1))
    done
  fi
  : >"$log"
  # Bound to every address: second subflows join at 10.231.2.2.
  netns_http_server "$NS_S" 0.0.0.0 8080 "$work/www" "$log"
}

# fetch FILE [MONITOR ARGS --] CURL ARGS...: one download through the
# monitor; prints its JSON.
fetch() {
  file=$1
  shift
  rm -f "$work/got"
  ip netns exec "$NS_C" "$python" "$top_srcdir/benchmarks/transfer-monitor.py" \
    --out "$work/got" "$@" -sS -o "$work/got" -w '%{speed_download}' \
    "http://10.231.1.2:8080/$file"
}

json() {
  # json FIELD: read one field of the JSON object on stdin
  "$python" -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"
}

# server_saw: the server's verdict on the last connection.
server_saw() {
  wait_for_lines "$log" '"peer"' "$1"
  grep '"peer"' "$log" | sed -n "${1}p" | "$python" -c '
import json, sys
e = json.load(sys.stdin)
print("MPTCP, %d subflow(s)" % (e["subflows_max"] + 1) if e["mptcp"]
      else "TCP")'
}

# summary [-s SCALE] VALUES...: "median (min-max)" of VALUES * SCALE
summary() {
  scale=1
  if [ "$1" = -s ]; then
    scale=$2
    shift 2
  fi
  printf '%s\n' "$@" | sort -g | awk -v k="$scale" '
    { v[NR] = $1 * k }
    END { printf "%.3f (%.3f-%.3f)", v[int((NR + 1) / 2)], v[1], v[NR] }'
}

throughput() {
  # throughput CURL [ARGS]: goodput ratio to the sum of both paths
  out=$(fetch 200M -- "$@")
  [ "$(echo "$out" | json exit)" = 0 ] || { diag "download failed: $out"; exit 1; }
  echo "$out" | json write_out |
    awk -v r="$rate" '{ printf "%.3f\n", $1 * 8 / (2 * r * 1e6) }'
}

diag "1/3: two paths of $rate Mbit/s, 200 MiB, $runs runs per variant"
topology 2 "$rate"
plain="" mine="" theirs="" verdicts=""
n=0
conns=0
while [ "$n" -lt "$runs" ]; do
  plain="$plain $(throughput "$ours")"
  conns=$((conns + 1))
  verdicts="$verdicts|plain: $(server_saw "$conns")"
  mine="$mine $(throughput "$ours" --mptcp)"
  conns=$((conns + 1))
  verdicts="$verdicts|ours: $(server_saw "$conns")"
  theirs="$theirs $(throughput "$upstream" --mptcp)"
  conns=$((conns + 1))
  verdicts="$verdicts|upstream: $(server_saw "$conns")"
  n=$((n + 1))
done
# shellcheck disable=SC2086 # one value per word
{
  echo "## Two paths of $rate Mbit/s (ratio = goodput / $((2 * rate)) Mbit/s)"
  echo
  echo "| variant | ratio, median (min-max) | server saw |"
  echo "|---|---|---|"
  echo "| plain TCP | $(summary $plain) |" \
    "$(echo "$verdicts" | tr '|' '\n' | grep '^plain' | sort -u |
       cut -d' ' -f2- | paste -sd, -) |"
  echo "| our --mptcp | $(summary $mine) |" \
    "$(echo "$verdicts" | tr '|' '\n' | grep '^ours' | sort -u |
       cut -d' ' -f2- | paste -sd, -) |"
  echo "| upstream --mptcp | $(summary $theirs) |" \
    "$(echo "$verdicts" | tr '|' '\n' | grep '^upstream' | sort -u |
       cut -d' ' -f2- | paste -sd, -) |"
  echo
} >"$work/report"

diag "2/3: path 1 cut 3 s into a 200 MiB download, $runs runs per variant"
stall_ours="" stall_up="" intact=0 total=0
n=0
while [ "$n" -lt "$runs" ]; do
  for bin in "$ours" "$upstream"; do
    topology 2 "$rate"
    out=$(fetch 200M --cut-after 3 --cut "ip -n $NS_S link set s-1 down" \
          --timeout 60 -- "$bin" --mptcp --max-time 60)
    total=$((total + 1))
    if [ "$(echo "$out" | json exit)" = 0 ] &&
       [ "$(sha256sum <"$work/got")" = "$sum200" ]; then
      intact=$((intact + 1))
    fi
    s=$(echo "$out" | json stall)
    if [ "$bin" = "$ours" ]; then
      stall_ours="$stall_ours $s"
    else
      stall_up="$stall_up $s"
    fi
  done
  n=$((n + 1))
done
# shellcheck disable=SC2086 # one value per word
{
  echo "## Path 1 cut 3 s into a 200 MiB download"
  echo
  echo "| variant | longest stall after the cut, s, median (min-max) |"
  echo "|---|---|"
  echo "| our --mptcp | $(summary $stall_ours) |"
  echo "| upstream --mptcp | $(summary $stall_up) |"
  echo
  echo "Completed with the right SHA-256: $intact of $total downloads."
  echo
} >>"$work/report"

diag "3/3: one unshaped path, 1 GiB, $runs runs per variant"
topology 1
busy() {
  awk '$1 == "cpu" { print $2 + $3 + $4 + $7 + $8 }' /proc/stat
}
median() {
  printf '%s\n' "$@" | sort -g |
    awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}
# unshaped NAME CURL [ARGS]: one 1 GiB download to /dev/null (no disk in
# the way); appends its speed and whole-machine CPU time to speed_NAME and
# cpu_NAME.
unshaped() {
  name=$1
  shift
  before=$(busy)
  speed=$(ip netns exec "$NS_C" "$@" -sS -o /dev/null \
          -w '%{speed_download}' http://10.231.1.2:8080/1G) ||
    { diag "download failed"; exit 1; }
  jiffies=$(( $(busy) - before ))
  eval "speed_$name=\"\${speed_$name:-} $speed\""
  eval "cpu_$name=\"\${cpu_$name:-} $jiffies\""
}
n=0
conns=0
while [ "$n" -lt "$runs" ]; do
  unshaped plain "$ours"
  unshaped ours "$ours" --mptcp
  conns=$((conns + 2))
  saw_ours=$(server_saw "$conns")
  unshaped upstream "$upstream" --mptcp
  conns=$((conns + 1))
  saw_upstream=$(server_saw "$conns")
  n=$((n + 1))
done
# shellcheck disable=SC2086,SC2154 # one value per word; set by unshaped
{
  echo "## One unshaped path, 1 GiB" \
    "(congestion control: ${cc:-$(sysctl -n net.ipv4.tcp_congestion_control)})"
  echo
  echo "| variant | throughput, Gbit/s, median (min-max) | ratio to plain | CPU, jiffies per GiB | ratio to plain | server saw |"
  echo "|---|---|---|---|---|---|"
  sp=$(median $speed_plain)
  cp=$(median $cpu_plain)
  for v in plain ours upstream; do
    eval "s=\$(median \$speed_$v); c=\$(median \$cpu_$v)"
    eval "range=\$(summary -s 8e-9 \$speed_$v)"
    case $v in
      plain) label="plain TCP" saw=TCP ;;
      ours) label="our --mptcp" saw=$saw_ours ;;
      upstream) label="upstream --mptcp" saw=$saw_upstream ;;
    esac
    awk -v l="$label" -v s="$s" -v c="$c" -v sp="$sp" -v cp="$cp" \
        -v saw="$saw" -v range="$range" 'BEGIN {
      printf "| %s | %s | %.3f | %d | %.3f | %s |\n",
             l, range, s / sp, c, c / cp, saw }'
  done
  echo
  echo "Medians of $runs runs each."
} >>"$work/report"

cat "$work/report"
