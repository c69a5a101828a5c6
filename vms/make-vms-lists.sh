#!/bin/sh
# Write the compile and link lists of the OpenVMS kit into a prepared curl
# tree, generated from the tree's lib/Makefile.inc and src/Makefile.inc
# (so they name our module, and every file upstream added since its VMS
# procedures were last updated). build_vms.com and gnv_link_curl.com, as
# patched by vms/patches, read them:
#
#   mptcp_lib.lis       libcurl sources outside lib/vtls, relative to [.lib]
#   mptcp_lib_vtls.lis  libcurl sources in lib/vtls, relative to [.lib.vtls]
#   mptcp_src.lis       the tool's own sources, relative to [.src]
#   mptcp_tool.lis      object names the DCL build links into CURL.EXE
#   mptcp_gnv_curl.opt  linker options: the objects a GNV (configure and
#                       make) build links into [.src]curl.exe
#
#   make-vms-lists.sh TREE
#
# Stops, writing nothing, when a listed file is missing from the tree or
# two sources would give the same object name (the DCL build puts every
# object into one directory and two object libraries).
set -eu
# shellcheck source=packages/script-lib.sh
. "$(dirname "$0")/../packages/script-lib.sh"

here=$(cd "$(dirname "$0")" && pwd)
makeinc="$here/../packages/makefile-inc.sh"

[ $# -eq 1 ] || usage "make-vms-lists.sh TREE"
tree=$1
vmsdir=""
for d in projects/vms packages/vms; do
  if [ -f "$tree/$d/build_vms.com" ]; then
    vmsdir=$d
    break
  fi
done
[ -n "$vmsdir" ] ||
  die "$tree has no projects/vms/build_vms.com nor packages/vms/build_vms.com: not a curl tree with OpenVMS procedures"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

lib_files=$(sh "$makeinc" "$tree/lib/Makefile.inc" CSOURCES)
tool_files=$(sh "$makeinc" "$tree/src/Makefile.inc" CURL_CFILES)
curlx_files=$(sh "$makeinc" "$tree/src/Makefile.inc" CURLX_CFILES)

# Every listed file must exist.
for f in $lib_files; do
  [ -f "$tree/lib/$f" ] || die "lib/Makefile.inc lists $f, which is not in $tree/lib"
done
for f in $tool_files $curlx_files; do
  [ -f "$tree/src/$f" ] || die "src/Makefile.inc lists $f, which is not in $tree/src"
done
# The manual is compiled as upstream's procedures always did: the tarball
# ships src/tool_hugehelp.c, and newer Makefile.inc files leave it to
# Makefile.am.
if ! printf '%s\n' "$tool_files" | grep -qx 'tool_hugehelp\.c'; then
  [ -f "$tree/src/tool_hugehelp.c" ] ||
    die "$tree/src/tool_hugehelp.c is missing: the tarball ships it"
  tool_files="$tool_files tool_hugehelp.c"
fi

# unix path relative to a base directory -> VMS file spec relative to it:
# vauth/digest.c -> [.vauth]digest.c, toolx/tool_time.c -> [.toolx]tool_time.c
vms_spec() {
  case $1 in
    */*) printf '[.%s]%s\n' "$(dirname "$1" | tr / .)" "$(basename "$1")" ;;
    *) printf '%s\n' "$1" ;;
  esac
}

: >"$tmp/mptcp_lib.lis"
: >"$tmp/mptcp_lib_vtls.lis"
: >"$tmp/mptcp_src.lis"
: >"$tmp/mptcp_tool.lis"
: >"$tmp/objects"
for f in $lib_files; do
  case $f in
    vtls/*) vms_spec "${f#vtls/}" >>"$tmp/mptcp_lib_vtls.lis" ;;
    *) vms_spec "$f" >>"$tmp/mptcp_lib.lis" ;;
  esac
  printf '%s lib/%s\n' "$(basename "$f" .c)" "$f" >>"$tmp/objects"
done
for f in $tool_files; do
  vms_spec "$f" >>"$tmp/mptcp_src.lis"
  printf '%s src/%s\n' "$(basename "$f" .c)" "$f" >>"$tmp/objects"
  basename "$f" .c >>"$tmp/mptcp_tool.lis"
done
# The tool's share of lib/ (curlx) is compiled with libcurl; the DCL build
# links the same objects into the tool.
for f in $curlx_files; do
  name=$(basename "$f" .c)
  grep -q "^$name lib/" "$tmp/objects" ||
    die "src/Makefile.inc lists $f for the tool, but lib/Makefile.inc does not compile it"
  printf '%s\n' "$name" >>"$tmp/mptcp_tool.lis"
done

# One object directory: names must differ, case-insensitively (ODS-2).
dups=$(cut -d' ' -f1 "$tmp/objects" | tr '[:lower:]' '[:upper:]' | sort |
       uniq -d)
if [ -n "$dups" ]; then
  for d in $dups; do
    grep -i "^$d " "$tmp/objects" >&2 || true
  done
  die "these sources would give the same object name in the VMS object directory"
fi

# GNV: automake's object names, as src/Makefile.in spells them.
makefile_in=$tree/src/Makefile.in
[ -f "$makefile_in" ] || die "$makefile_in is missing: run autoreconf in the tree"
prefix=""
# shellcheck disable=SC2016 # $(OBJEXT) is make's, not the shell's
grep -qF 'curl-tool_main.$(OBJEXT)' "$makefile_in" && prefix=curl-
{
  echo "! curl-mptcp: objects of the curl tool, generated from src/Makefile.inc"
  for f in $tool_files $curlx_files; do
    dir=$(dirname "$f")
    obj=$prefix$(basename "$f" .c)
    if [ "$dir" = . ]; then
      am=$obj
    else
      am=$dir/$obj
    fi
    grep -Fq "$am.\$(OBJEXT)" "$makefile_in" ||
      die "src/Makefile.in builds no $am.\$(OBJEXT) for $f: the GNV object naming changed"
    # paths relative to the top directory, where gnv_link_curl.com links
    case src/$dir in
      src/.) vdir=src ;;
      *) vdir=$(printf 'src/%s' "$dir" | awk -F/ '{
            n = 0
            for(i = 1; i <= NF; i++) {
              if($i == "..") n--
              else if($i != ".") p[++n] = $i
            }
            s = p[1]
            for(i = 2; i <= n; i++) s = s "." p[i]
            print s }') ;;
    esac
    printf '[.%s]%s.o\n' "$vdir" "$obj"
  done
} >"$tmp/mptcp_gnv_curl.opt"

for f in mptcp_lib.lis mptcp_lib_vtls.lis mptcp_src.lis mptcp_tool.lis \
         mptcp_gnv_curl.opt; do
  cp "$tmp/$f" "$tree/$vmsdir/$f"
done
echo "make-vms-lists: $vmsdir: $(wc -l <"$tmp/objects" | tr -d ' ') sources," \
     "$(wc -l <"$tmp/mptcp_tool.lis" | tr -d ' ') objects in the tool"
