# shellcheck shell=sh
# The functions the toolkit's scripts share: their messages and errors,
# usage and required options, upstream version arithmetic, and the
# readers of the toolkit's file formats (patch series files,
# distribution-source records). Sourced, never run; a script finds it
# relative to itself, so it works from any directory and through make:
#
#   # shellcheck source=packages/script-lib.sh
#   . "$(dirname "$0")/../packages/script-lib.sh"
#
# Messages start with "$prog: ", the script's file name without .sh; a
# script whose messages carry another name says so with messages_as NAME.
# die exits with status 1, unless the script says another with
# die_with STATUS; usage exits with status 2, unless usage_with STATUS.
# All start set here, so the environment changes none.
# Scripts that leave the checkout stay standalone and do not source this:
# OS400/mptcp-modules.sh (copied into the IBM i kit), rpm/gpgverify.sh
# (run inside packages/isolate.sh, which shows it rpm/ only) and
# debian/tests/ (run from the built package's source).

prog=$(basename "$0" .sh)
die_status=1
usage_status=2

# die_with STATUS: die exits with STATUS from now on.
die_with() {
  die_status=$1
}

# messages_as NAME: this script's messages start with "NAME: ".
messages_as() {
  prog=$1
}

# say MESSAGE...: a line of progress on standard output.
say() {
  printf '%s: %s\n' "$prog" "$*"
}

# warn MESSAGE...: a line on standard error: a warning, or progress where
# standard output carries the script's result.
warn() {
  printf '%s: %s\n' "$prog" "$*" >&2
}

# die MESSAGE...: the error on standard error, then exit.
die() {
  warn "$@"
  exit "$die_status"
}

# usage SYNOPSIS...: how to call the script, on standard error; exit 2,
# unless the script says another status with usage_with STATUS. A script
# states its synopsis once, in a variable, and gives it both for an
# unknown option and for missing required ones:
#
#   synopsis="name.sh -d DISTRO [-k KEY] FILE..."
#   while getopts d:k: opt; do
#     case $opt in
#       ...
#       *) usage "$synopsis" ;;
#     esac
#   done
#   shift $((OPTIND - 1))
#   need distro || usage "$synopsis"
usage() {
  printf 'usage: %s\n' "$*" >&2
  exit "$usage_status"
}

# usage_with STATUS: usage exits with STATUS from now on.
usage_with() {
  usage_status=$1
}

# need NAME...: true (status 0) when every shell variable NAME is set and
# not empty, else false (1): a script's required options. Every NAME
# must be a variable's name (letters, digits, _, not starting with a
# digit), checked before any value: anything else is the calling script's
# bug, and dies.
need() {
  [ $# -gt 0 ] || die "need: no variable named"
  for _need in "$@"; do
    case $_need in
      ''|[0-9]*|*[!a-zA-Z0-9_]*)
        die "need: '$_need' is not a shell variable name" ;;
    esac
  done
  for _need in "$@"; do
    eval "[ -n \"\${$_need:-}\" ]" || return 1
  done
}

# series_patches SERIES_FILE: the patches a quilt series file lists, in
# order, one name a line. Blank lines and comments are allowed; a patch's
# options (quilt's "-p1", the only level we use) are dropped. A missing
# or unreadable file is an error (status 1, said on standard error), never
# an empty series. packages/release-manifest.py calls this one too.
series_patches() {
  if [ ! -f "$1" ] || [ ! -r "$1" ]; then
    warn "$1 does not exist or cannot be read: a patch directory needs" \
         "its series file (the patches to apply, in order)"
    return 1
  fi
  sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$1" | awk '{ print $1 }'
}

# version_at_least VERSION MINIMUM: true when the upstream release X.Y.Z
# VERSION is MINIMUM or newer (numerically: 8.10.0 is newer than 8.9.0).
version_at_least() {
  awk -v a="$1" -v b="$2" 'BEGIN {
    split(a, x, "."); split(b, y, ".")
    for(i = 1; i <= 3; i++)
      if(x[i] + 0 != y[i] + 0)
        exit !(x[i] + 0 > y[i] + 0)
    exit 0
  }'
}

# The first curl release whose command-line tool upstream builds on IBM i
# (make-src.sh, program CURL): the IBM i kit needs it, as --mptcp is a tool
# option.
os400_tool_since=8.3.0

# kit_supports PLATFORM VERSION: true when a source kit of curl VERSION can
# be made for PLATFORM (vms or os400).
kit_supports() {
  case $1 in
    vms) return 0 ;;
    os400) version_at_least "$2" "$os400_tool_since" ;;
    *) return 1 ;;
  esac
}

# record_field FILE KEY: the value of KEY in a record file of "KEY VALUE"
# lines (comment lines start with #): what follows "KEY " on its first
# line, possibly empty. The toolkit's records are a make deb output's
# distribution-source (fetch-distro-source.sh writes it) and
# packages/packaging-revision. A missing file or KEY is an error
# (status 1, said on standard error), never an empty value.
record_field() {
  [ -f "$1" ] || {
    warn "$1 does not exist"
    return 1
  }
  awk -v k="$2" '
    /^#/ { next }
    $1 == k { sub(/^[^ \t]+[ \t]*/, ""); print; found = 1; exit }
    END { exit !found }' "$1" || {
    warn "$1 has no \"$2\" line"
    return 1
  }
}

# suite_revisions RUN PACKAGE: "SUITE REVISION" for every revision of the
# source package PACKAGE that a Sources index of apt lists, one a line,
# each pair once. RUN names the command or function that runs apt-cache
# (the caller's private apt configuration, packages/private-apt.sh). The
# one reader of what a suite lists: fetch-distro-source.sh, fetch-source.sh,
# updates.sh and release.sh use it. apt-cache madison prints
# "PACKAGE | REVISION | URI SUITE/COMPONENT Sources" per index.
suite_revisions() {
  "$1" apt-cache madison "$2" 2>/dev/null | awk -F' [|] ' '
    $3 ~ / Sources$/ {
      split($3, f, " "); s = f[2]; sub(/\/.*/, "", s)
      v = $2; gsub(/ /, "", v)
      if(!((s, v) in seen)) { seen[s, v] = 1; print s, v }
    }'
}

# deb_upstream DEBIAN_VERSION: the upstream version of a Debian version
# (no epoch, no revision): 7.88.1 of 1:7.88.1-10+deb12u15. The version
# must already be valid (deb-version.sh checks it; apt and
# dpkg-parsechangelog give valid ones).
deb_upstream() {
  _du=${1#*:}
  echo "${_du%-*}"
}

# newest_first VERSION...: the Debian versions, newest first, one a line,
# in dpkg's order (dpkg --compare-versions: ~, epochs, revisions).
newest_first() {
  _nf_sorted=""
  for _nf_v in "$@"; do
    _nf_rest="" _nf_placed=""
    for _nf_s in $_nf_sorted; do
      if [ -z "$_nf_placed" ] && dpkg --compare-versions "$_nf_v" gt "$_nf_s"; then
        _nf_rest="$_nf_rest $_nf_v"
        _nf_placed=yes
      fi
      _nf_rest="$_nf_rest $_nf_s"
    done
    [ -n "$_nf_placed" ] || _nf_rest="$_nf_rest $_nf_v"
    _nf_sorted=${_nf_rest# }
  done
  # shellcheck disable=SC2086 # one word per version
  [ -z "$_nf_sorted" ] || printf '%s\n' $_nf_sorted
}
