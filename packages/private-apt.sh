#!/bin/sh
# Run apt-get or apt-cache with the toolkit's private apt configuration
# under CACHE/apt: deb-src entries derived from this machine's apt sources
# (debian-deb-src.sh), and lists, preferences and downloads of its own. The
# system's apt configuration and lists are never touched.
#
#   private-apt.sh -c CACHE [-e APT_ETC_DIR] [-s SUITES] update
#   private-apt.sh -c CACHE apt-get|apt-cache ARGS...
#
# "update" (re)writes the deb-src entries and updates the private lists;
# its log is CACHE/apt/update.log. -s names the Debian suites to offer
# (default: those of debian-deb-src.sh).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
cache="" apt_etc=/etc/apt suites=""
while getopts c:e:s: opt; do
  case $opt in
    c) cache=$OPTARG ;;
    e) apt_etc=$OPTARG ;;
    s) suites=$OPTARG ;;
    *) exit 2 ;;
  esac
done
shift $((OPTIND - 1))
if [ -z "$cache" ] || [ $# -lt 1 ]; then
  echo "usage: private-apt.sh -c CACHE [-e APT_ETC_DIR] [-s SUITES] update" \
       "| apt-get|apt-cache ARGS..." >&2
  exit 2
fi
dir=$cache/apt

say() {
  printf 'private-apt: %s\n' "$*" >&2
}

run() {
  cmd=$1
  shift
  "$cmd" -o Dir::Etc::SourceList=/dev/null \
         -o Dir::Etc::SourceParts="$dir/sources" \
         -o Dir::Etc::Preferences=/dev/null \
         -o Dir::Etc::PreferencesParts="$dir/sources" \
         -o Dir::State::Lists="$dir/lists" \
         -o Dir::Cache="$dir/cache" \
         -o APT::Sandbox::User=root "$@"
}

case $1 in
  update)
    command -v apt-get >/dev/null 2>&1 || {
      say "apt-get not found: Debian's source packages cannot be used"
      exit 1
    }
    mkdir -p "$dir/sources" "$dir/lists/partial" \
             "$dir/cache/archives/partial"
    if ! sh "$here/debian-deb-src.sh" -d "$apt_etc" ${suites:+-s "$suites"} \
         >"$dir/sources/curl-mptcp.sources"; then
      say "no apt sources in $apt_etc to derive deb-src entries from"
      exit 1
    fi
    run apt-get -q update >"$dir/update.log" 2>&1 || {
      say "apt-get update failed (see $dir/update.log)"
      exit 1
    }
    ;;
  apt-get|apt-cache)
    run "$@"
    ;;
  *)
    say "unknown command '$1': use update, apt-get or apt-cache"
    exit 2
    ;;
esac
