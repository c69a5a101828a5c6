# shellcheck shell=sh
# rpm's own version comparison for the tests (sourced, POSIX sh).
#
# rpm_vercmp A B: compare two [EPOCH:]VERSION-RELEASE as rpm and dnf do
# (rpm's Lua rpm.ver objects); prints 1 when A is newer, 0 when equal, -1
# when B is newer.
rpm_vercmp() {
  rpm --eval "%{lua: local a, b = rpm.ver('$1'), rpm.ver('$2')
    print(a > b and 1 or (a == b and 0 or -1))}"
}

# rpm_next_release R: the distribution's next release after R, its
# leading number plus one (3.fc45 -> 4.fc45, 31.el9_6.1 -> 32.el9_6.1).
rpm_next_release() {
  printf '%s\n' "$1" |
    awk '{ match($0, /^[0-9]+/); print substr($0, 1, RLENGTH) + 1 substr($0, RLENGTH + 1) }'
}
