#!/bin/sh
# A curl source tree (or its include/curl/curlver.h) is the version being
# built: a good signature proves who made a tarball, not which release it
# is (curl 7.88.1's real tarball and signature renamed to curl-8.21.0
# verify). Called after every extraction: prepare-tree.sh (versions table
# and --with-curl-tarball), fetch-distro-source.sh (the distribution's
# orig tarball), and the RPM paths.
#
# Exit 0 when LIBCURL_VERSION is exactly VERSION; otherwise say what the
# file says and exit 1 (2 for a usage error).
set -eu
# shellcheck source=packages/script-lib.sh
. "$(dirname "$0")/script-lib.sh"

version=""
synopsis="check-curlver.sh -v VERSION TREE_OR_CURLVER_H"
while getopts v: opt; do
  case $opt in
    v) version=$OPTARG ;;
    *) usage "$synopsis" ;;
  esac
done
shift $((OPTIND - 1))
need version || usage "$synopsis"
[ $# -eq 1 ] || usage "$synopsis"
file=$1
[ -d "$file" ] && file=$file/include/curl/curlver.h
if [ ! -f "$file" ]; then
  die "$file does not exist: $1 is not a curl source tree"
fi
# Exactly one definition, and it must be VERSION: a second, later
# #define would win in the compiler.
said=$(sed -n 's/^[[:space:]]*#[[:space:]]*define[[:space:]][[:space:]]*LIBCURL_VERSION[[:space:]][[:space:]]*"\([^"]*\)".*/\1/p' "$file")
count=$(printf '%s' "$said" | grep -c '' || true)
if [ "$count" -ne 1 ] || [ "$said" != "$version" ]; then
  die "$file says LIBCURL_VERSION" \
      "\"$(printf '%s' "$said" | tr '\n' ' ' | sed 's/ $//')\", not" \
      "\"$version\": this is not curl $version's source (a tarball of" \
      "another release under this name?); fetch curl $version's own" \
      "tarball and signature"
fi
