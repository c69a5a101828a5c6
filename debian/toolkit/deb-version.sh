#!/bin/sh
# Version arithmetic of the overlay packages (Debian version syntax).
#
#   deb-version.sh ours DIST_VERSION N       DIST_VERSION+mptcpN
#   deb-version.sh next DIST_VERSION UPDATES the revision the distribution
#                                            would publish next
#   deb-version.sh upstream DIST_VERSION     the upstream version (no epoch,
#                                            no Debian revision)
#   deb-version.sh ceiling DIST_VERSION      the lowest version of the next
#                                            upstream release: X.Y.(Z+1)~
#                                            (of a pre-release X.Y.Z~rcN too)
#
# UPDATES is a target's field of targets.tsv:
#   stable:debNN  a stable release: its curl updates (point and security
#                 releases alike) append +debNNuM to the revision it
#                 shipped, M counting up from 1: 7.88.1-10+deb12u15 ->
#                 7.88.1-10+deb12u16, 8.14.1-2 -> 8.14.1-2+deb13u1.
#   ubuntu        Ubuntu's stable updates count the last number of
#                 ubuntuN.M up (8.5.0-2ubuntu10.6 -> 8.5.0-2ubuntu10.7);
#                 an ubuntuN revision gets ubuntuN.1.
#   revision      a development release: the Debian revision counts up
#                 (8.21.0-2 -> 8.21.0-3).
# DIST_VERSION+mptcpN sorts after DIST_VERSION (the same string, longer)
# and before each of these next revisions, because they differ from it
# inside DIST_VERSION already (u15 < u16, 10.6 < 10.7, -2 < -3). A binNMU
# of the distribution (DIST_VERSION+b1) sorts below ours ("b" < "m"): it is
# the same source rebuilt, so nothing of the distribution's is lost.
set -eu

die() {
  printf 'deb-version: %s\n' "$*" >&2
  exit 1
}
[ $# -ge 2 ] || die "usage: deb-version.sh ours|next|upstream|ceiling DIST_VERSION [ARG]"
cmd=$1 v=$2
case $v in
  *[!0-9A-Za-z.+~:-]*|"") die "'$v' is not a Debian version" ;;
esac
case $v in
  *-*) ;;
  *) die "'$v' has no Debian revision: a distribution's curl is never native" ;;
esac

upstream() {
  u=${v#*:}
  echo "${u%-*}"
}

case $cmd in
  ours)
    [ $# -eq 3 ] || die "usage: deb-version.sh ours DIST_VERSION N"
    case $3 in
      ''|*[!0-9]*) die "packaging revision '$3' is not a number" ;;
    esac
    echo "$v+mptcp$3"
    ;;
  next)
    [ $# -eq 3 ] || die "usage: deb-version.sh next DIST_VERSION UPDATES"
    case $3 in
      stable:deb*)
        tag=${3#stable:}
        echo "$v" | awk -v t="+$tag" '{
          i = index($0, t "u")
          if(i == 0) { print $0 t "u1"; exit }
          head = substr($0, 1, i + length(t))
          n = substr($0, i + length(t) + 1)
          if(n !~ /^[0-9]+$/) { print "bad"; exit }
          print head (n + 1) }'
        ;;
      ubuntu)
        echo "$v" | awk '{
          if(match($0, /ubuntu[0-9]+\.[0-9]+$/)) {
            s = substr($0, RSTART, RLENGTH); n = s; sub(/.*\./, "", n)
            sub(/[0-9]+$/, "", s)
            print substr($0, 1, RSTART - 1) s (n + 1)
          } else if(match($0, /ubuntu[0-9]+$/)) print $0 ".1"
          else print "bad" }'
        ;;
      revision)
        echo "$v" | awk '{
          r = $0; sub(/.*-/, "", r); base = substr($0, 1, length($0) - length(r))
          if(r !~ /^[0-9]+$/) { print "bad"; exit }
          print base (r + 1) }'
        ;;
      *) die "unknown update scheme '$3': use stable:debNN, ubuntu or revision" ;;
    esac | { read -r n; [ "$n" != bad ] ||
             die "cannot tell the next revision of $v under '$3'"; echo "$n"; }
    ;;
  upstream)
    upstream
    ;;
  ceiling)
    upstream | sed 's/[~+].*//' | awk -F. '{
      if($NF !~ /^[0-9]+$/) { print "bad"; exit }
      $NF = $NF + 1; OFS = "."; $1 = $1; print $0 "~" }' OFS=. |
      { read -r c; [ "$c" != bad ] ||
        die "$v: its upstream version does not end in a number"; echo "$c"; }
    ;;
  *)
    die "unknown command '$cmd': use ours, next, upstream or ceiling"
    ;;
esac
