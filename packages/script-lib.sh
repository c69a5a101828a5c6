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

# cache_lock CACHE: hold CACHE/.lock until this script ends. Toolkit
# processes that make starts side by side (make -j: curl's tarball, the
# distribution's source package, the kits' tarballs) take turns at the
# source cache and its private apt configuration, whose deb-src entries,
# lists and downloads they share; each looks at the cache only once it
# holds the lock. A script run by one that holds it (TOOLKIT_CACHE_LOCK)
# does not wait for its caller. Commands started meanwhile inherit the
# lock's descriptor: none of them may leave a daemon behind.
cache_lock() {
  [ "${TOOLKIT_CACHE_LOCK:-}" != "$1" ] || return 0
  command -v flock >/dev/null 2>&1 ||
    die "flock is missing: apt-get install util-linux"
  mkdir -p "$1" || die "cannot create the source cache $1"
  exec 9>>"$1/.lock"
  if ! flock -n 9; then
    say "waiting for another toolkit process that uses $1 (it holds $1/.lock)"
    flock -w 1800 9 ||
      die "$1/.lock has been held for 30 minutes: is a toolkit process" \
          "stuck? (fuser -v $1/.lock names it)"
  fi
  TOOLKIT_CACHE_LOCK=$1
  export TOOLKIT_CACHE_LOCK
}

# series_patches SERIES_FILE: the patches a quilt series file lists, in
# order, one name a line. Blank lines and comments are allowed; a patch's
# option "-p1" (quilt's, the only level we apply with) is dropped. A
# missing or unreadable file is an error (status 1, said on standard
# error), never an empty series; so is a line that is not "NAME" or
# "NAME -p1" (another -p level, a name starting with - or /, a ".."
# component, a space in a name, a CRLF line end): nothing is printed
# then, so no caller applies part of a series.
# packages/release-manifest.py calls this one too.
series_patches() {
  if [ ! -f "$1" ] || [ ! -r "$1" ]; then
    warn "$1 does not exist or cannot be read: a patch directory needs" \
         "its series file (the patches to apply, in order)"
    return 1
  fi
  awk -v p="$prog" '
    function bad(why) {
      printf "%s: %s line %d: %s\n", p, FILENAME, FNR, why > "/dev/stderr"
      failed = 1
      exit 1
    }
    /\r$/ { bad("has a CRLF line end: save the series with Unix line ends") }
    { sub(/#.*/, "") }
    NF == 0 { next }
    NF > 2 || (NF == 2 && $2 != "-p1") {
      bad("expected \"PATCH\" or \"PATCH -p1\" (patches apply with -p1;" \
          " a patch name has no spaces), found \"" $0 "\"")
    }
    $1 !~ /^[A-Za-z0-9_+.,=@][A-Za-z0-9_+.,=@\/-]*$/ || $1 ~ /(^|\/)\.\.?(\/|$)/ {
      bad("\"" $1 "\" is not a patch name inside the series directory" \
          " (letters, digits, ._+-, subdirectories without . or ..;" \
          " not starting with - or /)")
    }
    { names[++n] = $1 }
    END {
      if(failed) exit 1
      for(i = 1; i <= n; i++) print names[i]
    }' "$1"
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
# lines (comment lines start with #): what follows "KEY " on its line,
# possibly empty. The toolkit's records are a make deb output's
# distribution-source (fetch-distro-source.sh writes it) and
# packages/packaging-revision. A missing file or KEY, a KEY on two lines
# or a CRLF line end is an error (status 1, said on standard error),
# never an empty value or a guess.
record_field() {
  [ -f "$1" ] || {
    warn "$1 does not exist"
    return 1
  }
  # The key through the environment: awk -v would expand its backslashes.
  RF_KEY=$2 awk -v p="$prog" '
    function bad(why) {
      printf "%s: %s %s\n", p, FILENAME, why > "/dev/stderr"
      failed = 1
      exit 1
    }
    BEGIN { k = ENVIRON["RF_KEY"] }
    /^[ \t]*#/ || $1 != k { next }
    /\r$/ { bad("line " FNR " ends in CRLF: save it with Unix line ends") }
    found { bad("has two \"" k "\" lines (" found " and " FNR "): keep one") }
    { found = FNR; v = $0; sub(/^[ \t]*[^ \t]+[ \t]*/, "", v) }
    END {
      if(failed) exit 1
      if(!found) bad("has no \"" k "\" line")
      print v
    }' "$1"
}

# suite_revisions RUN PACKAGE: "SUITE REVISION" for every revision of the
# source package PACKAGE that a Sources index of apt lists, one a line,
# each pair once. RUN names the command or function that runs apt-cache
# (the caller's private apt configuration, packages/private-apt.sh). The
# one reader of what a suite lists: fetch-distro-source.sh, fetch-source.sh,
# updates.sh and release.sh use it. apt-cache madison prints
# "PACKAGE | REVISION | URI SUITE/COMPONENT Sources" per index. A
# revision is the archive's word: one that dpkg --validate-version
# refuses fails the whole listing (status 1, said on standard error,
# nothing printed), as no caller may name files or sort by it.
suite_revisions() {
  _sr_list=$("$1" apt-cache madison "$2" 2>/dev/null | awk -F' [|] ' '
    { sub(/\r$/, "") }
    $3 ~ / Sources$/ {
      split($3, f, " "); s = f[2]; sub(/\/.*/, "", s)
      v = $2; sub(/^[ \t]+/, "", v); sub(/[ \t]+$/, "", v)
      if(!((s, v) in seen)) { seen[s, v] = 1; print s, v }
    }')
  [ -n "$_sr_list" ] || return 0
  _sr_bad=$(printf '%s\n' "$_sr_list" | while read -r _sr_s _sr_v; do
    dpkg --validate-version -- "$_sr_v" >/dev/null 2>&1 ||
      printf ' "%s" (%s)' "$_sr_v" "$_sr_s"
  done)
  if [ -n "$_sr_bad" ]; then
    warn "apt lists $2 revisions that are not Debian versions" \
         "(dpkg --validate-version):$_sr_bad; refusing the listing:" \
         "check that suite's archive and its apt source"
    return 1
  fi
  printf '%s\n' "$_sr_list"
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
# in dpkg's order (dpkg --compare-versions: ~, epochs, revisions). An
# invalid version is an error (status 1, said on standard error).
newest_first() {
  # Only valid versions are compared and split into words (no glob, no
  # space): anything else fails, naming it, with nothing printed.
  for _nf_v in "$@"; do
    dpkg --validate-version -- "$_nf_v" >/dev/null 2>&1 || {
      warn "\"$_nf_v\" is not a Debian version (dpkg --validate-version)"
      return 1
    }
  done
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
