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

# The suites that apt-get update named in an error or warning (an expired
# or missing Release, a failed download): one apt line names its suite as
# ".../dists/SUITE/..." or as "'URI SUITE Release'".
unusable_suites() {
  sed -n -e "s#^[EW]: .*/dists/\([^/ ]*\)/.*#\1#p" \
         -e "s#^[EW]: The repository '[^ ]* \([^ ]*\) Release'.*#\1#p" |
    sort -u | tr '\n' ' ' | sed 's/ $//'
}

has_source_index() {
  for f in "$dir"/lists/*_Sources*; do
    [ -e "$f" ] && return 0
  done
  return 1
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
    if ! run apt-get -q update >"$dir/update.log" 2>&1 &&
       ! has_source_index; then
      say "apt-get update failed: no source index could be read" \
          "(see $dir/update.log)"
      exit 1
    fi
    unusable=$(unusable_suites <"$dir/update.log")
    [ -z "$unusable" ] ||
      say "apt-get update could not use suite(s) $unusable" \
          "(see $dir/update.log); going on with the suites that updated"
    ;;
  apt-get|apt-cache)
    run "$@"
    ;;
  *)
    say "unknown command '$1': use update, apt-get or apt-cache"
    exit 2
    ;;
esac
