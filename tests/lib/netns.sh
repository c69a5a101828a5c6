# shellcheck shell=sh
# Network namespaces for the tests (sourced, POSIX sh; needs root).
#
# netns_setup N creates a client namespace $NS_C and a server namespace
# $NS_S joined by N veth pairs (1 or 2), created directly inside the
# namespaces so nothing touches the host's interfaces. Path i uses
# 10.231.i.0/24: the client is 10.231.i.1 on c-i, the server 10.231.i.2
# on s-i. These addresses exist only inside the two namespaces. With two
# paths the server announces its second address, so an MPTCP connection to
# path 1 gets a second subflow over path 2.
#
# Everything started through netns_spawn is ended by PID, and both
# namespaces are deleted, by the EXIT trap that netns_setup installs.

: "${top_srcdir:?set by make check}"
NS_C=curlmptcp-c-$$
NS_S=curlmptcp-s-$$
NETNS_PIDS=""
NETNS_TMP=""

# Safe under set -e, and when called again or before netns_setup.
netns_cleanup() {
  for pid in $NETNS_PIDS; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in $NETNS_PIDS; do
    wait "$pid" 2>/dev/null || true
  done
  NETNS_PIDS=""
  ip netns del "$NS_C" 2>/dev/null || true
  ip netns del "$NS_S" 2>/dev/null || true
  if [ -n "$NETNS_TMP" ]; then
    rm -rf "$NETNS_TMP"
  fi
}

netns_setup() {
  paths=$1
  trap netns_cleanup EXIT
  trap 'exit 1' INT TERM
  NETNS_TMP=$(mktemp -d)
  ip netns add "$NS_C" && ip netns add "$NS_S" || return 1
  for ns in "$NS_C" "$NS_S"; do
    ip -n "$ns" link set lo up
    ip netns exec "$ns" sysctl -q -w net.mptcp.enabled=1 \
      net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.default.rp_filter=0
    # A fresh namespace accepts no announced address: allow two paths.
    ip -n "$ns" mptcp limits set subflow 2 add_addr_accepted 2
  done
  i=1
  while [ "$i" -le "$paths" ]; do
    ip -n "$NS_C" link add "c-$i" type veth peer name "s-$i" netns "$NS_S"
    ip -n "$NS_C" addr add "10.231.$i.1/24" dev "c-$i"
    ip -n "$NS_S" addr add "10.231.$i.2/24" dev "s-$i"
    ip -n "$NS_C" link set "c-$i" up
    ip -n "$NS_S" link set "s-$i" up
    if [ "$i" -gt 1 ]; then
      ip -n "$NS_S" mptcp endpoint add "10.231.$i.2" dev "s-$i" signal
    fi
    i=$((i + 1))
  done
}

# netns_spawn NS LOGFILE COMMAND...: start COMMAND in NS in the
# background, remember its PID for the cleanup.
netns_spawn() {
  ns=$1
  out=$2
  shift 2
  ip netns exec "$ns" "$@" >"$out" 2>&1 &
  NETNS_PIDS="$NETNS_PIDS $!"
}

# wait_until COMMAND...: run COMMAND every 0.1 s until it succeeds, for
# about 10 seconds at most; fails if it never does.
wait_until() {
  wu_tries=100
  until "$@"; do
    wu_tries=$((wu_tries - 1))
    [ "$wu_tries" -gt 0 ] || return 1
    sleep 0.1
  done
}

# wait_for_lines FILE REGEX COUNT: wait up to 10 seconds until FILE has
# COUNT lines matching REGEX. A server may log a connection a moment after
# curl has exited.
wait_for_lines() {
  wait_until has_lines "$@"
}
has_lines() {
  found=$(grep -Ec -- "$2" "$1" 2>/dev/null)
  [ "${found:-0}" -ge "$3" ]
}

# http_conns LOG: how many connections the test HTTP server has logged.
http_conns() {
  grep -c '"peer"' "$1" || :
}

# http_conn LOG SINCE PORT: the test HTTP server's log line for the
# connection from the client's port PORT (curl's %{local_port}), among
# those logged after the first SINCE; waits about 10 seconds for it. By
# port, not by order: a connection the client dropped is logged when the
# server's kernel gives up on it, which may be in the middle of a later
# case.
http_conn() {
  case $3 in '' | *[!0-9]*) return 1 ;; esac
  wait_until http_conn_logged "$@"
}
# http_conn_logged LOG SINCE PORT: http_conn's line, if it is logged yet.
http_conn_logged() {
  grep '"peer"' "$1" | tail -n "+$(($2 + 1))" |
    grep -m 1 "\"peer\": \"[^\"]*:$3\".*}\$"
}

# http_conn_subflows: the most subflows of the logged connection on
# standard input (its MPTCP_INFO while serving: extra subflows, plus the
# first); nothing when it was not MPTCP.
http_conn_subflows() {
  sed -n 's/.*"mptcp": true, "subflows_max": \([0-9]*\).*/\1/p' |
    awk '{ print $1 + 1 }'
}

# http_conn_value NAME: the number NAME ("requests", "bytes_retrans") of
# the logged connection on standard input; nothing when it is null.
http_conn_value() {
  sed -n "s/.*\"$1\": \([0-9][0-9]*\).*/\1/p"
}

# netns_http_server NS ADDR PORT DIR LOG [OPTION...]: start the test HTTP
# server (options: see tests/lib/http-server.py) and wait until it listens.
netns_http_server() {
  hs_ns=$1 hs_addr=$2 hs_port=$3 hs_dir=$4 hs_log=$5
  shift 5
  netns_spawn "$hs_ns" "$hs_log.out" "${PYTHON3:-python3}" \
    "$top_srcdir/tests/lib/http-server.py" --bind "$hs_addr" \
    --port "$hs_port" --dir "$hs_dir" --log "$hs_log" --lifetime 300 "$@"
  wait_for_lines "$hs_log" '^listening$' 1 || {
    diag "the test server did not start:"
    sed 's/^/#   /' "$hs_log.out"
    return 1
  }
}

# server_bytes ADDR PORT: the bytes that the server namespace's
# connections at ADDR:PORT carried (ss -ti: sent and acknowledged, and
# received; every subflow counts), 0 when there is none.
server_bytes() {
  ip netns exec "$NS_S" ss -tinH state established src "$1:$2" |
    grep -Eo 'bytes_(acked|received):[0-9]*' | cut -d: -f2 |
    awk '{ s += $1 } END { print s + 0 }'
}

# mptcp_counter NS NAME: the namespace's MPTcpExt counter NAME.
mptcp_counter() {
  # shellcheck disable=SC2016 # $1, $i: awk's fields, not the shell's
  ip netns exec "$1" awk -v name="$2" '
    $1 == "MPTcpExt:" && !hdr { for(i = 2; i <= NF; i++) col[$i] = i;
                                hdr = 1; next }
    $1 == "MPTcpExt:" && hdr  { print (name in col) ? $col[name] : 0 }
  ' /proc/net/netstat
}
