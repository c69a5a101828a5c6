#!/bin/sh
# Make the OpenVMS or IBM i (OS/400) source kit of one curl release: a copy
# of a prepared curl tree (verified tarball, our module, hook patches,
# regenerated build system: prepare-tree.sh), plus our additions to the
# platform's own build procedures (vms/ or OS400/: small procedures of ours
# and patches that make upstream's procedures call them, never copies of
# upstream's), plus the platform README, packed as one .tar.gz.
#
# The kit is assembled in ARCHIVE's directory under a .partial name and
# removed again on any error: no half-made kit is left behind.
set -eu
# shellcheck source=packages/script-lib.sh
. "$(dirname "$0")/script-lib.sh"

here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
platform="" version="" tree="" archive=""
synopsis="make-kit.sh -P vms|os400 -v VERSION -s PREPARED_TREE -o ARCHIVE"
while getopts P:v:s:o: opt; do
  case $opt in
    P) platform=$OPTARG ;;
    v) version=$OPTARG ;;
    s) tree=$OPTARG ;;
    o) archive=$OPTARG ;;
    *) usage "$synopsis" ;;
  esac
done
need platform version tree archive || usage "$synopsis"

case $platform in
  vms)
    ourdir=$top/vms
    platdirs="projects/vms packages/vms"
    readme=README-MPTCP-VMS.md
    placeholder=VMSDIR
    ;;
  os400)
    ourdir=$top/OS400
    platdirs="projects/OS400 packages/OS400"
    readme=README-MPTCP-OS400.md
    placeholder=OS400DIR
    # shellcheck disable=SC2154 # os400_tool_since: set by script-lib.sh
    kit_supports os400 "$version" ||
      die "curl $version has no command-line tool on IBM i (upstream builds" \
          "it since $os400_tool_since): the OS400 kit covers curl from" \
          "$os400_tool_since; pick such a version, e.g." \
          "OS400_KIT_VERSIONS=\"$(sh "$here/curl-versions.sh" kits os400)\""
    ;;
  *) die "unknown platform $platform: use vms or os400" ;;
esac

[ -f "$tree/include/curl/curlver.h" ] ||
  die "$tree is not a prepared curl tree: run prepare-tree.sh first"
tree_version=$(sed -n 's/^#define LIBCURL_VERSION "\([^"]*\)".*/\1/p' \
  "$tree/include/curl/curlver.h")
[ "$tree_version" = "$version" ] ||
  die "$tree holds curl $tree_version, not $version"
grep -q 'tool_mptcp\.c' "$tree/src/Makefile.inc" ||
  die "$tree/src/Makefile.inc does not list tool_mptcp.c: the hook patches are not applied"

platdir=""
for d in $platdirs; do
  if [ -d "$tree/$d" ]; then
    platdir=$d
    break
  fi
done
[ -n "$platdir" ] ||
  die "curl $version has none of $platdirs: upstream dropped the $platform procedures?"

name=$(basename "$archive" .tar.gz)
outdir=$(cd "$(dirname "$archive")" && pwd)
staging=$outdir/$name.partial
rm -rf "$staging" "$archive.tmp"
trap 'rm -rf "$staging" "$archive.tmp"' EXIT
mkdir -p "$staging"

say "curl $version for $platform ($platdir)"
# The prepared tree, without the toolkit's own stamps and logs.
(cd "$tree" && tar -cf - --exclude='./.toolkit-*' --exclude=./autom4te.cache .) |
  (mkdir "$staging/$name" && cd "$staging/$name" && tar -xf -)
kit=$staging/$name

case $platform in
  vms)
    cp "$ourdir"/mptcp_*.com "$kit/$platdir/"
    sh "$here/apply-patches.sh" "$ourdir/patches" "$kit/$platdir"
    sh "$ourdir/make-vms-lists.sh" "$kit"
    ;;
  os400)
    cp "$ourdir/mptcp-modules.sh" "$kit/$platdir/"
    chmod +x "$kit/$platdir/mptcp-modules.sh"
    sh "$here/apply-patches.sh" "$ourdir/patches" "$kit/$platdir"
    ;;
esac

{
  printf 'This kit: curl %s with the curl-mptcp module in stub mode.' \
    "$version"
  printf ' Here %s is %s.\n\n' "$placeholder" "$platdir"
  cat "$ourdir/README.md"
} >"$kit/$readme"

# A reproducible archive: sorted names, fixed owner, the release's date
# (SOURCE_DATE_EPOCH, else the last commit's), and modes that do not depend
# on the checkout's (a read-only one, as in make distcheck) or the umask.
epoch=${SOURCE_DATE_EPOCH:-$(git -C "$top" log -1 --format=%ct 2>/dev/null || echo 0)}
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$epoch" \
  --mode='u+rw,go=rX' \
  -C "$staging" -czf "$archive.tmp" "$name"
mv "$archive.tmp" "$archive"
rm -rf "$staging"
trap - EXIT
say "$archive"
