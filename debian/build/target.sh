#!/bin/sh
# Look up one target release in debian/build/targets.tsv, the one table
# of target releases (make deb builds for them, make updates watches
# their adopted revisions). The only reader of that table.
#
# -d DISTRO FIELD prints that target's FIELD: codename, suites
# (space-separated), updates, tested, adopted, or origin (Ubuntu for an
# ubuntu-* name, else Debian). list prints every known target; suites-of
# ORIGIN every suite of every target of that distribution (Debian or
# Ubuntu), in the table's order.
#
# -t reads another table of the same format. Every call checks every line
# of the table: a line without its six fields, a name that is not
# debian-*, unstable or ubuntu-* (its origin), a name listed twice, an
# updates or tested value outside the list above, a CRLF line end are
# refused, naming the line; so is, when asked for, an adopted revision
# that is not a Debian version.
# An unknown DISTRO is refused with the list of known ones.
set -eu
# shellcheck source=packages/script-lib.sh
. "$(dirname "$0")/../../packages/script-lib.sh"

table=$(dirname "$0")/targets.tsv
distro=""
synopsis="target.sh [-t TABLE] -d DISTRO\
 codename|suites|updates|tested|adopted|origin | target.sh [-t TABLE] list |\
 target.sh [-t TABLE] suites-of Debian|Ubuntu"
while getopts d:t: opt; do
  case $opt in
    d) distro=$OPTARG ;;
    t) table=$OPTARG ;;
    *) usage "$synopsis" ;;
  esac
done
shift $((OPTIND - 1))

[ -r "$table" ] || die "cannot read the targets table $table"
# "LINE name codename suites updates tested adopted" per target.
rows=$(awk -v f="$table" '
  function refuse(why) {
    printf "target: %s line %d: %s\n", f, NR, why > "/dev/stderr"
    bad = 1
    exit
  }
  /\r$/ { refuse("ends in CRLF: save the table with Unix line ends") }
  /^[ \t]*(#|$)/ { next }
  NF != 6 || $3 !~ /^[a-z0-9-]+(,[a-z0-9-]+)*$/ {
    refuse("expected six fields \"name codename suites updates tested" \
           " adopted\", suites comma-separated")
  }
  # The name says the origin (archive and keyring): never guessed.
  $1 !~ /^(debian-[a-z0-9.]+|unstable|ubuntu-[a-z0-9.]+)$/ {
    refuse("target \"" $1 "\" is neither debian-VERSION, unstable nor" \
           " ubuntu-VERSION (ID-VERSION_ID of its /etc/os-release), so" \
           " its archive and keyring are unknown")
  }
  $1 in seen { refuse("target " $1 " is listed twice (line " seen[$1] " too)") }
  $2 !~ /^[a-z0-9-]+$/ { refuse("codename \"" $2 "\" of " $1 " is not a suite name") }
  $4 !~ /^(stable:deb[0-9]+|ubuntu|revision)$/ {
    refuse("updates \"" $4 "\" of " $1 " is not stable:debNN, ubuntu or revision")
  }
  $5 !~ /^(host|chroot|deb-chroot|overlay|no)$/ {
    refuse("tested \"" $5 "\" of " $1 " is not host, chroot, deb-chroot, overlay or no")
  }
  { seen[$1] = NR; print NR, $1, $2, $3, $4, $5, $6 }
  END { exit bad }' "$table") || exit 1

known=$(printf '%s\n' "$rows" | awk 'NF { printf " %s", $2 }')

# origin NAME: the distribution whose archive and keyring a target uses
# (the table check above allows no other name).
origin() {
  case $1 in
    ubuntu-*) echo Ubuntu ;;
    *) echo Debian ;;
  esac
}

case ${1:-} in
  list)
    echo "${known# }"
    exit 0 ;;
  suites-of)
    { [ $# -eq 2 ] && { [ "$2" = Debian ] || [ "$2" = Ubuntu ]; }; } ||
      usage "$synopsis"
    all=""
    for name in $known; do
      [ "$(origin "$name")" = "$2" ] || continue
      all="$all $(printf '%s\n' "$rows" | awk -v d="$name" '$2 == d { print $4 }' | tr ',' ' ')"
    done
    # shellcheck disable=SC2086 # one word per suite
    printf '%s\n' $all | awk 'NF && !seen[$0]++' | paste -sd' ' -
    exit 0 ;;
esac
need distro || usage "$synopsis"
[ $# -eq 1 ] || usage "$synopsis"
row=$(printf '%s\n' "$rows" | awk -v d="$distro" '$2 == d { print; exit }')
if [ -z "$row" ]; then
  die "unknown target release '$distro'; known:$known" \
      "(configure --with-distro=NAME; add a line to $table for a new one)"
fi
# shellcheck disable=SC2086 # the row is space-separated on purpose
set -- $row "$1"
case $8 in
  codename) echo "$3" ;;
  suites) echo "$4" | tr ',' ' ' ;;
  updates) echo "$5" ;;
  tested) echo "$6" ;;
  origin) origin "$2" ;;
  adopted)
    if [ "$7" != - ]; then
      command -v dpkg >/dev/null 2>&1 ||
        { echo "target: dpkg is missing: it checks the adopted revision" \
               "as Debian compares versions; run this on a Debian host" >&2
          exit 1; }
      dpkg --validate-version "$7" 2>/dev/null ||
        { echo "target: $table line $1: the adopted revision \"$7\" of $2" \
               "is not a Debian version (dpkg --validate-version); write" \
               "the revision as the archive lists it, or - for none" >&2
          exit 1; }
    fi
    echo "$7" ;;
  *) echo "target: unknown field '$8': use codename, suites, updates," \
          "tested, adopted or origin" >&2
     exit 2 ;;
esac
