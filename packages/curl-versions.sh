#!/bin/sh
# Query the table of supported upstream curl versions.
#
#   curl-versions.sh [-t TABLE] list              versions, newest first
#   curl-versions.sh [-t TABLE] buildable         those with a patch series
#   curl-versions.sh [-t TABLE] default           newest buildable version
#   curl-versions.sh [-t TABLE] get VERSION FIELD sha256, series, native or
#                                                 flags (space-separated)
#   curl-versions.sh [-t TABLE] kits PLATFORM [all]
#                                   the versions whose OpenVMS (vms) or IBM i
#                                   (os400) kit make vms-kit / os400-kit make
#                                   by default: the newest and the oldest
#                                   buildable version the platform's kit
#                                   supports; "all": every one (make check)
#
# Every call checks the whole table first, so a malformed line is reported
# by line number whatever was asked.
set -eu
# shellcheck source=packages/script-lib.sh
. "$(dirname "$0")/script-lib.sh"

table=$(dirname "$0")/curl-versions.tsv
if [ "${1:-}" = "-t" ]; then
  table=$2
  shift 2
fi

[ -r "$table" ] || die "cannot read the versions table $table"

# Print "version sha256 series native flags" for every valid line; stop at
# the first malformed one.
rows() {
  awk -v table="$table" '
    function bad(why) {
      printf "curl-versions: %s line %d: %s\n", table, NR, why > "/dev/stderr"
      failed = 1
      exit 1
    }
    /\r$/ { bad("ends in CRLF: save the table with Unix line ends") }
    /^[ \t]*(#|$)/ { next }
    {
      # A line written before the signature column was removed.
      if(NF == 6)
        bad("the sixth field \"" $6 "\" is the removed signature" \
            " column (every tarball is used only with its .asc by the" \
            " pinned release key): delete it")
      if(NF != 5)
        bad("expected 5 fields (version sha256 series native flags)," \
            " found " NF)
      # No leading zero: 08.21.0 would be 8.21.0 listed twice.
      if($1 !~ /^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$/)
        bad("version \"" $1 "\" is not of the form X.Y.Z (no leading zeros)")
      if($2 !~ /^[0-9a-f]+$/ || length($2) != 64)
        bad("sha256 of " $1 " is not 64 lower-case hex digits")
      if($3 !~ /^([A-Za-z0-9._-]+|-)$/ || $3 == "." || $3 == "..")
        bad("series \"" $3 "\" of " $1 " is not a directory name or -")
      if($4 != "yes" && $4 != "no")
        bad("native of " $1 " must be yes or no, not \"" $4 "\"")
      if($5 != "-" && $5 !~ /^--[A-Za-z0-9_.=\/+-]+(,--[A-Za-z0-9_.=\/+-]+)*$/)
        bad("flags of " $1 " must be --options separated by commas, or -")
      if($1 in seen)
        bad("version " $1 " is listed twice")
      seen[$1] = 1
      print $1, $2, $3, $4, $5
    }
    END { if(failed) exit 1 }' "$table"
}

all=$(rows) || exit 1
[ -n "$all" ] || die "$table lists no version"

sorted() {
  printf '%s\n' "$all" | sort -t. -k1,1nr -k2,2nr -k3,3nr
}

case "${1:-}" in
  list)
    sorted | cut -d' ' -f1
    ;;
  buildable)
    sorted | awk '$3 != "-" { print $1 }'
    ;;
  default)
    version=$(sorted | awk '$3 != "-" { print $1; exit }')
    [ -n "$version" ] || die "no version in $table has a patch series"
    printf '%s\n' "$version"
    ;;
  get)
    [ $# -eq 3 ] || die "usage: curl-versions.sh get VERSION FIELD"
    case $3 in
      sha256) col=2 ;;
      series) col=3 ;;
      native) col=4 ;;
      flags) col=5 ;;
      *) die "unknown field '$3': use sha256, series, native or flags" ;;
    esac
    value=$(printf '%s\n' "$all" |
            awk -v v="$2" -v c="$col" '$1 == v { print $c }')
    if [ -z "$value" ]; then
      die "curl $2 is not a supported version (supported: $(sorted |
        cut -d' ' -f1 | paste -sd' ' -)). Pick one of them, or add a line for $2 to $table."
    fi
    if [ "$3" = flags ]; then
      [ "$value" = - ] && value=""
      value=$(printf '%s' "$value" | tr ',' ' ')
    fi
    printf '%s\n' "$value"
    ;;
  kits)
    { [ $# -eq 2 ] || { [ $# -eq 3 ] && [ "$3" = all ]; }; } ||
      die "usage: curl-versions.sh kits vms|os400 [all]"
    case $2 in
      vms|os400) ;;
      *) die "unknown kit platform '$2': use vms or os400" ;;
    esac
    kits=""
    for v in $(sorted | awk '$3 != "-" { print $1 }'); do
      if kit_supports "$2" "$v"; then
        kits="$kits $v"
      fi
    done
    [ -n "$kits" ] ||
      die "no buildable version in $table has a $2 kit (see packages/script-lib.sh kit_supports)"
    if [ "${3:-}" = all ]; then
      echo "${kits# }"
    else
      # shellcheck disable=SC2086 # one word per version
      set -- $kits
      first=$1
      # shellcheck disable=SC2086 # one word per version
      last=$(printf '%s\n' $kits | tail -n 1)
      if [ "$first" = "$last" ]; then echo "$first"; else echo "$first $last"; fi
    fi
    ;;
  *)
    die "usage: curl-versions.sh [-t TABLE] list|buildable|default|get VERSION FIELD|kits PLATFORM [all]"
    ;;
esac
