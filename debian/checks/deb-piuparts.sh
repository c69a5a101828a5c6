#!/bin/sh
# piuparts on our curl package: installation and purge in a fresh chroot of
# SUITE, then the distribution's curl installed from the archive and
# upgraded to ours, then purged. The chroot uses this machine's archives
# (machine-sources.sh), so the distribution's libcurl that our curl depends
# on, security updates included, comes from where this machine gets it.
set -eu
# shellcheck source=packages/script-lib.sh
. "$(dirname "$0")/../../packages/script-lib.sh"

here=$(cd "$(dirname "$0")" && pwd)
suite=""
synopsis="deb-piuparts.sh -s SUITE CURL_DEB"
while getopts s: opt; do
  case $opt in
    s) suite=$OPTARG ;;
    *) usage "$synopsis" ;;
  esac
done
shift $((OPTIND - 1))
need suite || usage "$synopsis"
[ $# -eq 1 ] || usage "$synopsis"
[ -f "$1" ] || die "$1 does not exist: run make deb"
[ "$(id -u)" -eq 0 ] || die "needs root (chroot)"
command -v piuparts >/dev/null 2>&1 ||
  die "piuparts is missing: apt-get install piuparts debootstrap"

# One-line "deb URI SUITE COMPONENTS" entries from the machine's sources,
# whichever format they are in; the first Debian main archive is the mirror.
lines=$(sh "$here/../build/machine-sources.sh" "$suite" |
        sh "$here/../../packages/apt-sources.sh" | awk -F'\t' '
  $1 == "deb" { print "deb " $2 " " $3 ($4 == "-" ? "" : " " $4) }')
mirror=$(printf '%s\n' "$lines" | awk -v s="$suite" '$3 == s { print $2; exit }')
[ -n "$mirror" ] || die "this machine's apt sources have no archive for $suite"
set -- "$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
extra=$(printf '%s\n' "$lines" | awk -v m="$mirror" -v s="$suite" '!($2 == m && $3 == s)')
# shellcheck disable=SC2046 # one --extra-repo per line
(IFS='
'
 exec piuparts -d "$suite" -m "$mirror" --arch="$(dpkg --print-architecture)" \
   $(printf '%s\n' "$extra" | sed 's/^/--extra-repo=/') "$1")
