#!/bin/sh
# Look up one target release of make deb in debian/toolkit/targets.tsv.
#
#   target.sh -d DISTRO FIELD     codename, suites (space-separated),
#                                 updates or tested
#   target.sh list                every known target
#
# An unknown DISTRO is refused with the list of known ones.
set -eu

table=$(dirname "$0")/targets.tsv
distro=""
while getopts d: opt; do
  case $opt in
    d) distro=$OPTARG ;;
    *) exit 2 ;;
  esac
done
shift $((OPTIND - 1))

known=$(awk '!/^#/ && NF { printf " %s", $1 }' "$table")
if [ "${1:-}" = list ]; then
  echo "${known# }"
  exit 0
fi
if [ -z "$distro" ] || [ $# -ne 1 ]; then
  echo "usage: target.sh -d DISTRO codename|suites|updates|tested | target.sh list" >&2
  exit 2
fi
row=$(awk -v d="$distro" '!/^#/ && $1 == d { print; exit }' "$table")
if [ -z "$row" ]; then
  echo "target: unknown target release '$distro'; known:$known" \
       "(configure --with-distro=NAME; add a line to debian/toolkit/targets.tsv for a new one)" >&2
  exit 1
fi
# shellcheck disable=SC2086 # the row is whitespace-separated on purpose
set -- $row "$1"
case $6 in
  codename) echo "$2" ;;
  suites) echo "$3" | tr ',' ' ' ;;
  updates) echo "$4" ;;
  tested) echo "$5" ;;
  *) echo "target: unknown field '$6': use codename, suites, updates or tested" >&2
     exit 2 ;;
esac
