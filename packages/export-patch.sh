#!/bin/sh
# Write our MPTCP module and the hook series of one curl release as a single
# patch with a DEP-3 header, for a distribution's own source package
# (debian/patches, an RPM Patch: line). It applies with -p1 at the top of
# the pristine curl tree; the package must regenerate the build system
# afterwards (dh_autoreconf, autoreconf -fi), because src/Makefile.inc
# changes.
set -eu
# shellcheck source=packages/script-lib.sh
. "$(dirname "$0")/script-lib.sh"

version="" series_dir=""
synopsis="export-patch.sh -v VERSION -p SERIES_DIR MODULE_FILE..."
while getopts v:p: opt; do
  case $opt in
    v) version=$OPTARG ;;
    p) series_dir=$OPTARG ;;
    *) usage "$synopsis" ;;
  esac
done
shift $((OPTIND - 1))
need version series_dir || usage "$synopsis"
[ $# -gt 0 ] || usage "$synopsis"
series=$series_dir/series
[ -f "$series" ] || die "$series does not exist"
names=$(series_patches "$series")

cat <<HEADER
Description: Multipath TCP for the curl tool (--mptcp), curl $version
 Adds the curl-mptcp toolkit's module (src/$(basename "$1") and friends)
 and hooks it into curl $version: --mptcp with a fallback to TCP when the
 host refuses MPTCP sockets, a -v line per connection telling whether
 MPTCP was negotiated, the write-out variable %{mptcp}, and an "MPTCP:"
 line in curl -V.
 .
 Build with CPPFLAGS=-DUSE_TOOL_MPTCP on Linux (add -DTOOL_MPTCP_DEFAULT
 to use MPTCP unless --no-mptcp is given); without it --mptcp fails with
 exit code 4. src/Makefile.inc changes: regenerate the build system
 (autoreconf -fi) after applying.
 .
 This patch joins, in order:
HEADER
for name in $names; do
  sed -n 's/^Description: /   /p' "$series_dir/$name" | head -n 1
done
cat <<HEADER
Author: the curl-mptcp toolkit authors
Forwarded: no
Last-Update: $(date -u -d "@${SOURCE_DATE_EPOCH:-$(date +%s)}" +%Y-%m-%d)
---
HEADER

# The module's files are new files in the tree.
sh "$(dirname "$0")/new-file-hunks.sh" "$@"

# Then each hook patch without its own header.
for name in $names; do
  sed -n '/^\(--- \|diff \|Index: \)/,$p' "$series_dir/$name"
done
