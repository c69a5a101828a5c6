# shellcheck shell=sh
# Two network namespaces for the root tests (sourced): $NS_C (client,
# 10.232.1.1 on c0) and $NS_S (server, 10.232.1.2 on s0) joined by one veth
# pair created inside them; these addresses exist only there. The EXIT
# trap kills the server started here by its PID and deletes both
# namespaces.
NS_C=curlmptcp-dep8-c-$$
NS_S=curlmptcp-dep8-s-$$
SERVER_PID=""
TMP=""

cleanup() {
  if [ -n "$SERVER_PID" ]; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  ip netns del "$NS_C" 2>/dev/null || true
  ip netns del "$NS_S" 2>/dev/null || true
  [ -z "$TMP" ] || rm -rf "$TMP"
}

fail() { echo "FAIL: $*" >&2; exit 1; }
# skip REASON: autopkgtest's "skippable" exit status.
skip() { echo "SKIP: $*" >&2; exit 77; }

# setup CLIENT_MPTCP_ENABLED (1 or 0)
setup() {
  trap cleanup EXIT
  trap 'exit 1' INT TERM
  TMP=$(mktemp -d)
  ip netns add "$NS_C" || fail "cannot create a network namespace (needs root)"
  ip netns add "$NS_S"
  ip -n "$NS_C" link set lo up
  ip -n "$NS_S" link set lo up
  # A kernel without MPTCP (before 5.6, or CONFIG_MPTCP off) has no
  # net.mptcp sysctls: nothing to test here, which is not a failure.
  ip netns exec "$NS_S" test -e /proc/sys/net/mptcp/enabled ||
    skip "this kernel ($(uname -r)) has no MPTCP (no net.mptcp.enabled)"
  ip netns exec "$NS_S" sysctl -q -w net.mptcp.enabled=1 ||
    fail "cannot enable MPTCP in the test's own namespace"
  ip netns exec "$NS_C" sysctl -q -w net.mptcp.enabled="$1"
  ip -n "$NS_C" link add c0 type veth peer name s0 netns "$NS_S"
  ip -n "$NS_C" addr add 10.232.1.1/24 dev c0
  ip -n "$NS_S" addr add 10.232.1.2/24 dev s0
  ip -n "$NS_C" link set c0 up
  ip -n "$NS_S" link set s0 up
  ip netns exec "$NS_S" python3 debian/tests/mptcp-server.py \
    10.232.1.2 8080 "$TMP/server.log" >"$TMP/server.out" 2>&1 &
  SERVER_PID=$!
  tries=100
  until grep -q '^listening$' "$TMP/server.log" 2>/dev/null; do
    tries=$((tries - 1))
    [ "$tries" -gt 0 ] || fail "the test server did not start: $(cat "$TMP/server.out")"
    sleep 0.1
  done
}

# server_saw N: the server's verdict (mptcp or tcp) on connection N.
server_saw() {
  tries=50
  until [ "$(grep -c '^conn ' "$TMP/server.log")" -ge "$1" ]; do
    tries=$((tries - 1))
    [ "$tries" -gt 0 ] || fail "the server logged no connection $1"
    sleep 0.1
  done
  grep '^conn ' "$TMP/server.log" | sed -n "$1s/^conn //p"
}
