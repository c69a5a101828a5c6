# shellcheck shell=sh
# The functions the toolkit's scripts share: their messages and errors, and
# the reader of a patch series file. Sourced, never run; a script finds it
# relative to itself, so it works from any directory and through make:
#
#   # shellcheck source=packages/script-lib.sh
#   . "$(dirname "$0")/../packages/script-lib.sh"
#
# Messages start with "$prog: ", the script's file name without .sh; a
# script whose messages carry another name says so with messages_as NAME.
# die exits with status 1, unless the script says another with
# die_with STATUS. Both start set here, so the environment changes neither.
# Scripts that leave the checkout stay standalone and do not source this:
# OS400/mptcp-modules.sh (copied into the IBM i kit), rpm/gpgverify.sh
# (run inside packages/isolate.sh, which shows it rpm/ only) and
# debian/tests/ (run from the built package's source).

prog=$(basename "$0" .sh)
die_status=1

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

# usage SYNOPSIS...: how to call the script, on standard error; exit 2.
usage() {
  printf 'usage: %s\n' "$*" >&2
  exit 2
}

# series_patches SERIES_FILE: the patches a quilt series file lists, in
# order, one name a line. Blank lines and comments are allowed; a patch's
# options (quilt's "-p1", the only level we use) are dropped.
series_patches() {
  sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$1" | awk '{ print $1 }'
}
