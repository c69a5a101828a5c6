# shellcheck shell=sh
# TAP helpers for the test scripts (sourced, POSIX sh).
#
# A test script calls ok/is/like as it goes and done_testing at the end.
# skip_all ends a script that cannot run here; under CI=true a skip is a
# failure, because CI runs as root and must run every test.

tap_count=0
tap_failed=0

ok() {
  # ok CONDITION_STATUS DESCRIPTION: pass when the status is 0.
  tap_count=$((tap_count + 1))
  if [ "$1" -eq 0 ]; then
    echo "ok $tap_count - $2"
  else
    echo "not ok $tap_count - $2"
    tap_failed=$((tap_failed + 1))
  fi
}

is() {
  # is GOT EXPECTED DESCRIPTION
  if [ "$1" = "$2" ]; then
    ok 0 "$3"
  else
    ok 1 "$3"
    diag "got:      '$1'"
    diag "expected: '$2'"
  fi
}

like() {
  # like TEXT EXTENDED_REGEX DESCRIPTION
  if printf '%s\n' "$1" | grep -Eq -- "$2"; then
    ok 0 "$3"
  else
    ok 1 "$3"
    diag "no match for /$2/ in:"
    printf '%s\n' "$1" | sed 's/^/#   /'
  fi
}

unlike() {
  # unlike TEXT EXTENDED_REGEX DESCRIPTION
  if printf '%s\n' "$1" | grep -Eq -- "$2"; then
    ok 1 "$3"
    diag "unexpected match for /$2/ in:"
    printf '%s\n' "$1" | sed 's/^/#   /'
  else
    ok 0 "$3"
  fi
}

diag() {
  printf '# %s\n' "$*"
}

skip_all() {
  if [ "${CI:-}" = true ]; then
    echo "1..1"
    echo "not ok 1 - cannot run under CI: $*"
    exit 1
  fi
  echo "1..0 # SKIP $*"
  exit 0
}

require_root() {
  [ "$(id -u)" -eq 0 ] ||
    skip_all "needs root for network namespaces (run make check as root)"
}

require_cmd() {
  for cmd in "$@"; do
    command -v "$cmd" >/dev/null 2>&1 || skip_all "$cmd is not installed"
  done
}

done_testing() {
  echo "1..$tap_count"
  [ "$tap_failed" -eq 0 ]
}
