#!/bin/sh
# Version arithmetic of the overlay packages (Debian version syntax).
#
#   deb-version.sh ours DIST_VERSION N UPDATES  our version on DIST_VERSION
#   deb-version.sh next DIST_VERSION UPDATES    the revision the distribution
#                                               would publish next
#   deb-version.sh upstream DIST_VERSION        the upstream version (no
#                                               epoch, no Debian revision)
#   deb-version.sh ceiling DIST_VERSION         the lowest version of the
#                                               next upstream release:
#                                               X.Y.(Z+1)~ (of a
#                                               pre-release X.Y.Z~rcN too),
#                                               with DIST_VERSION's epoch
#
# UPDATES is a target's field of targets.tsv, the distribution's rule for
# its next revisions:
#   stable:debNN  a stable release: its curl updates (point and security
#                 releases alike) append +debNNuM to the revision it
#                 shipped, M counting up from 1: 7.88.1-10+deb12u15 ->
#                 7.88.1-10+deb12u16, 8.14.1-2 -> 8.14.1-2+deb13u1.
#   ubuntu        Ubuntu's stable updates count the last number of
#                 ubuntuN.M up (8.5.0-2ubuntu10.6 -> 8.5.0-2ubuntu10.7);
#                 an ubuntuN revision gets ubuntuN.1, a revision synced
#                 from Debian unchanged ubuntu0.1. Once a release is in
#                 Expanded Security Maintenance, its updates append
#                 +esmK to the last revision, K counting up from 1
#                 (8.5.0-2ubuntu10.6 -> 8.5.0-2ubuntu10.6+esm1 -> +esm2).
#   revision      a development release: the Debian revision counts up
#                 (8.21.0-2 -> 8.21.0-3; an NMU 8.21.0-2.1 -> 8.21.0-2.2).
#
# Ours is DIST_VERSION with the update counters of that rule written out
# (+debNNu0 on a stable release's original revision; Ubuntu: ubuntu0 on a
# synced one, and +esm0 unless DIST_VERSION is an ESM update already) and
# "+mptcpN" appended: 8.14.1-2 -> 8.14.1-2+deb13u0+mptcpN,
# 7.88.1-10+deb12u15 -> 7.88.1-10+deb12u15+mptcpN, 8.21.0-2 ->
# 8.21.0-2+mptcpN, 8.5.0-2ubuntu10.6 -> 8.5.0-2ubuntu10.6+esm0+mptcpN.
# It sorts above DIST_VERSION (the same string, longer) and below
# everything the distribution can publish next: the next update differs
# inside the counter (u0 < u1, u15 < u16, 10.6 < 10.7, ubuntu0 <
# ubuntu0.1, esm0 < esm1), a new revision or upstream version or epoch
# before it, and an NMU's "." sorts above our "+". A binNMU of the distribution
# (DIST_VERSION+bN) sorts below ours ("b" < "d", "b" < "m"): it is the
# same source rebuilt against newer libraries, which our rebuild on that
# source carries too; an archive rebuilds for a library transition, which
# renames the library package ours depends on, with a new source revision.
set -eu
# shellcheck source=packages/script-lib.sh
. "$(dirname "$0")/../../packages/script-lib.sh"

[ $# -ge 2 ] || die "usage: deb-version.sh ours|next|upstream|ceiling DIST_VERSION [ARG...]"
cmd=$1 v=$2
case $v in
  *[!0-9A-Za-z.+~:-]*|"") die "'$v' is not a Debian version" ;;
esac
case $v in
  *-*) ;;
  *) die "'$v' has no Debian revision: a distribution's curl is never native" ;;
esac
if command -v dpkg >/dev/null 2>&1; then
  dpkg --validate-version -- "$v" 2>/dev/null ||
    die "'$v' is not a Debian version ($(dpkg --validate-version -- "$v" 2>&1 |
      sed 's/^dpkg: [a-z]*: //'))"
fi
! printf '%s\n' "$v" | grep -Eq '[+]b[0-9]+$' ||
  die "'$v' is a binNMU's binary version: give the source version (without +bN)"

upstream() {
  deb_upstream "$v"
}
epoch() { # the epoch with its colon, or nothing
  case $v in *:*) echo "${v%%:*}:" ;; esac
}

# written DIST_VERSION UPDATES: DIST_VERSION with the counter of the
# update rule written out, or "bad".
written() {
  case $2 in
    stable:deb[0-9]*)
      case ${2#stable:deb} in
        *[!0-9]*) die "update scheme '$2' does not name a release: use stable:debNN, NN its number" ;;
      esac
      tag=+${2#stable:}u
      case $v in
        *"$tag"*)
          n=${v##*"$tag"}
          case $n in
            ''|*[!0-9]*) echo bad ;;
            *) echo "$v" ;;
          esac ;;
        *) echo "$v${tag}0" ;;
      esac ;;
    ubuntu)
      if printf '%s\n' "$v" | grep -Eq 'ubuntu[0-9]+(\.[0-9]+)*(\+esm[0-9]+)?$'; then
        echo "$v"
      elif printf '%s\n' "$v" | grep -q 'ubuntu\|build[0-9]\|+esm'; then
        echo bad
      else
        echo "${v}ubuntu0"
      fi ;;
    revision)
      r=${v##*-}
      case $r in
        [0-9]|[0-9]*[0-9]) printf '%s\n' "$r" | grep -Eq '^[0-9]+(\.[0-9]+)?$' &&
          echo "$v" || echo bad ;;
        *) echo bad ;;
      esac ;;
    *) die "unknown update scheme '$2': use stable:debNN, ubuntu or revision" ;;
  esac
}

case $cmd in
  ours)
    [ $# -eq 4 ] || die "usage: deb-version.sh ours DIST_VERSION N UPDATES"
    case $3 in
      ''|*[!0-9]*) die "packaging revision '$3' is not a number" ;;
      0?*) die "packaging revision '$3' has a leading zero: dpkg reads it as $(echo "$3" | sed 's/^0*//;s/^$/0/'), give that" ;;
    esac
    w=$(written "$v" "$4")
    [ "$w" != bad ] ||
      die "cannot place a version between $v and the next revision under '$4'"
    # Ubuntu's ESM update appends +esm1 (above "+esm0", "+mptcp" is not).
    if [ "$4" = ubuntu ]; then
      case $w in *+esm*) ;; *) w=$w+esm0 ;; esac
    fi
    echo "$w+mptcp$3"
    ;;
  next)
    [ $# -eq 3 ] || die "usage: deb-version.sh next DIST_VERSION UPDATES"
    w=$(written "$v" "$3")
    [ "$w" != bad ] || die "cannot tell the next revision of $v under '$3'"
    # The last number of the written-out counter, plus one (-R -> -(R+1),
    # an NMU -R.K -> -R.(K+1), u15 -> u16, esm1 -> esm2), digit by digit:
    # awk's numbers lose digits beyond 2^53. Ubuntu's ubuntuN and ubuntu0
    # get .1 (the SRU).
    echo "$w" | awk -v s="$3" '{
      if(s == "ubuntu" && $0 ~ /ubuntu[0-9]+$/) { print $0 ".1"; exit }
      i = length($0)
      while(substr($0, i, 1) == "9") i--
      z = ""
      for(k = i + 1; k <= length($0); k++) z = z "0"
      c = substr($0, i, 1)
      if(c ~ /[0-8]/) print substr($0, 1, i - 1) (c + 1) z
      else print substr($0, 1, i) "1" z }'
    ;;
  upstream)
    upstream
    ;;
  ceiling)
    upstream | sed 's/[~+].*//' | awk -F. '{
      if($NF !~ /^[0-9]+$/) { print "bad"; exit }
      $NF = $NF + 1; OFS = "."; $1 = $1; print $0 "~" }' OFS=. |
      { read -r c; [ "$c" != bad ] ||
        die "$v: its upstream version does not end in a number"
        echo "$(epoch)$c"; }
    ;;
  *)
    die "unknown command '$cmd': use ours, next, upstream or ceiling"
    ;;
esac
