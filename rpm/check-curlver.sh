#!/bin/sh
# A valid signature proves who made a tarball, not which version it is:
# curl's real release of another version, renamed, verifies too. After
# unpacking, the tree's include/curl/curlver.h must name the version
# being built.
#
#   check-curlver.sh -v VERSION TREE_OR_CURLVER_H
set -eu

version=""
while getopts v: opt; do
  case $opt in
    v) version=$OPTARG ;;
    *) exit 2 ;;
  esac
done
shift $((OPTIND - 1))
if [ -z "$version" ] || [ $# -ne 1 ]; then
  echo "usage: check-curlver.sh -v VERSION TREE_OR_CURLVER_H" >&2
  exit 2
fi
h=$1
[ ! -d "$h" ] || h=$h/include/curl/curlver.h
[ -f "$h" ] || {
  echo "check-curlver: $h is missing: not a curl source tree" >&2
  exit 1
}
said=$(sed -n 's/^#define LIBCURL_VERSION "\([^"]*\)".*/\1/p' "$h")
[ "$said" = "$version" ] || {
  echo "check-curlver: $h says curl '$said', not $version: the tarball" \
       "is another curl release under this version's name; refusing it" >&2
  exit 1
}
