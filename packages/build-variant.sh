#!/bin/sh
# make variants: a variant of the main curl build (stub, MPTCP on by
# default) differs from it only in the macros our module is compiled with
# (configure.ac's MPTCP_CPPFLAGS_*), and only src/tool_mptcp.c and
# src/tool_mptcp.h read them. So curl is not built again: the built tree
# is copied, the tool objects that depend on the module (by automake's
# dependency files) are removed, the variant's macros replace the main
# build's in src/Makefile, and the tool is rebuilt there. libcurl and every
# other object are the main build's. "make variants-check" proves that
# this gives what a full build of that configuration gives.
#
# TREE is a built curl tree, compiled with MAIN_CPPFLAGS; OUTDIR is
# replaced, so it must not be TREE, hold it or lie in it. Either set of
# flags may be empty (a stub build has no macro of ours: a main build
# configured --enable-mptcp=stub, or a stub variant). A failed build
# leaves no OUTDIR.
set -eu
# shellcheck source=packages/script-lib.sh
. "$(dirname "$0")/script-lib.sh"

tree="" out="" main_flags="" main_set="" flags="" flags_set=""
synopsis="build-variant.sh -t TREE -o OUTDIR -m MAIN_CPPFLAGS -f VARIANT_CPPFLAGS"
while getopts t:o:m:f: opt; do
  case $opt in
    t) tree=$OPTARG ;;
    o) out=$OPTARG ;;
    m) main_flags=$OPTARG main_set=yes ;;
    f) flags=$OPTARG flags_set=yes ;;
    *) usage "$synopsis" ;;
  esac
done
shift $((OPTIND - 1))
need tree out || usage "$synopsis"
[ -n "$main_set" ] || usage "$synopsis"
[ -n "$flags_set" ] || usage "$synopsis"
[ $# -eq 0 ] || usage "$synopsis"
if [ ! -f "$tree/src/Makefile" ] || [ ! -x "$tree/src/curl" ]; then
  die "$tree holds no built curl: run make curl first"
fi
# The flags are swapped on the one line curl's configure writes; without
# it the variant would be built with the main build's macros.
n=$(grep -c '^CPPFLAGS = ' "$tree/src/Makefile" || true)
[ "$n" -eq 1 ] ||
  die "$tree/src/Makefile has $n lines 'CPPFLAGS = ...', not one as" \
      "curl's configure writes it: rebuild the tree with make curl"
tree_abs=$(realpath -m -- "$tree") out_abs=$(realpath -m -- "$out")
case $out_abs/ in
  "$tree_abs"/*) die "OUTDIR $out is $tree or lies in it: give a directory of its own" ;;
esac
case $tree_abs/ in
  "$out_abs"/*) die "OUTDIR $out holds $tree, which replacing it would delete:" \
                    "give a directory of its own" ;;
esac
deps=$(grep -l 'tool_mptcp\.[ch]' "$tree"/src/.deps/*.Po 2>/dev/null) ||
  die "$tree/src/.deps names no object built from our module: is it a" \
      "curl tree prepared by the toolkit, with dependency tracking on?"

rm -rf "$out"
mkdir -p "$(dirname "$out")"
trap 'rm -rf "$out"' EXIT
cp -a "$tree" "$out"
for po in $deps; do
  obj=$(basename "$po" .Po)
  rm -f "$out/src/$obj.o"
done

# CPPFLAGS as curl's configure wrote it, with the main build's macros
# replaced by the variant's (curl adds its own, such as -D_GNU_SOURCE).
old=$(sed -n 's/^CPPFLAGS = //p' "$out/src/Makefile")
new=$flags
for word in $old; do
  case " $main_flags " in
    *" $word "*) ;;
    *) new="${new:+$new }$word" ;;
  esac
done
NEW=$new awk '/^CPPFLAGS = / { print "CPPFLAGS = " ENVIRON["NEW"]; next }
              { print }' "$out/src/Makefile" >"$out/src/Makefile.new"
mv "$out/src/Makefile.new" "$out/src/Makefile"

log=$out/.toolkit-variant.log
if ! "${MAKE:-make}" -C "$out/src" curl >"$log" 2>&1; then
  tail -n 30 "$log" >&2
  log_kept=$(mktemp)
  cp "$log" "$log_kept"
  die "building the variant in $out failed (CPPFLAGS = $new); its log: $log_kept"
fi
echo "$new" >"$out/.toolkit-variant-cppflags"
trap - EXIT
say "$out/src/curl: the tool rebuilt with CPPFLAGS = $new" \
    "($(echo "$deps" | wc -l) objects), libcurl and the rest from $tree"
