#!/bin/sh
# Write the .changes of what a clean-room build publishes, in the shape of
# make deb's (dpkg-genchanges --build=full -sa with only the curl package):
# sbuild's .changes is binary-only and lists every package of the build,
# most of which stay unpublished (the distribution's libraries are its own).
#
# DIR/$(basename CHANGES) lists the source package in DIR (the .dsc of
# CHANGES' Source and Version and every file that .dsc names) and, of
# CHANGES, the .buildinfo and PACKAGE's .deb, which must be in DIR and be
# the files sbuild built. Architecture becomes source plus the
# architectures of those .debs; Binary and Description name PACKAGE only;
# the checksums are computed from DIR; every other field is kept. The
# source files get the Section and Priority of the source stanza of the
# package's debian/control (Priority optional when it has none, as
# dpkg-genchanges gives since dpkg 1.22). The result is unsigned: CHANGES,
# sbuild's, is too (make deb-chroot signs nothing).
set -eu
# shellcheck source=packages/script-lib.sh
. "$(dirname "$0")/../../packages/script-lib.sh"

package="" dir=""
synopsis="published-changes.sh -p PACKAGE -d DIR CHANGES"
while getopts p:d: opt; do
  case $opt in
    p) package=$OPTARG ;;
    d) dir=$OPTARG ;;
    *) usage "$synopsis" ;;
  esac
done
shift $((OPTIND - 1))
need package dir || usage "$synopsis"
[ $# -eq 1 ] || usage "$synopsis"
changes=$1
[ -f "$changes" ] || die "$changes does not exist: run the chroot build first"
[ -d "$dir" ] || die "$dir is not a directory"
head -n 1 "$changes" | grep -q '^-----BEGIN PGP' &&
  die "$changes is signed: give sbuild's unsigned .changes (its signature would not cover the new one)"

# The lines of a multi-line field (deb822) of file $2, without the name.
field_lines() {
  awk -v f="$1" '
    index($0, f ":") == 1 { on = 1; next }
    /^[^ ]/ { on = 0 }
    on' "$2"
}
source=$(sed -n 's/^Source: *\([^ ]*\).*/\1/p' "$changes")
version=$(sed -n 's/^Version: *//p' "$changes")
{ [ -n "$source" ] && [ -n "$version" ]; } ||
  die "$changes has no Source or Version field: is it a .changes?"
dsc=${source}_${version#*:}.dsc
[ -f "$dir/$dsc" ] ||
  die "$dir/$dsc is missing: copy the source package (make deb-source) there first"

out=$dir/$(basename "$changes")
work=$(mktemp -d)
trap 'rm -rf "$work" "$out.tmp"' EXIT

# The files to list, each with its section and priority.
debtar=$(field_lines Files "$dir/$dsc" | awk '$3 ~ /\.debian\.tar\./ { print $3 }')
[ -n "$debtar" ] || die "$dir/$dsc names no .debian.tar: not a 3.0 (quilt) source package"
[ -f "$dir/$debtar" ] || die "$dir/$debtar is missing: the .dsc names it"
tar -xOf "$dir/$debtar" debian/control >"$work/control" 2>/dev/null ||
  die "$dir/$debtar has no debian/control"
secpri=$(awk '
  BEGIN { s = "-"; p = "optional" }
  /^$/ { exit }
  /^Section:/ { s = $2 }
  /^Priority:/ { p = $2 }
  END { print s, p }' "$work/control")
{
  echo "$dsc $secpri"
  field_lines Files "$dir/$dsc" | awk -v sp="$secpri" '{ print $3, sp }'
  field_lines Files "$changes" |
    awk -v p="$package" 'index($5, p "_") == 1 && $5 ~ /\.deb$/ || $5 ~ /\.buildinfo$/ {
      print $5, $3, $4 }'
} >"$work/list"
grep -q "^${package}_[^ ]*\.deb " "$work/list" ||
  die "$changes lists no $package .deb: is it the .changes of this build?"

arches=""
while read -r name sec pri; do
  [ -f "$dir/$name" ] ||
    die "$dir/$name is missing: the published .changes must list it; copy it there"
  case $name in
    *.dsc | *.tar.* | *.asc) ;;
    *)
      built=$(field_lines Checksums-Sha256 "$changes" | awk -v f="$name" '$3 == f { print $1 }')
      [ "$(sha256sum <"$dir/$name" | cut -d' ' -f1)" = "$built" ] ||
        die "$dir/$name is not the file sbuild built (its SHA-256 differs from $changes): copy it again"
      case $name in
        *.deb)
          a=${name##*_}
          a=${a%.deb}
          case " $arches " in *" $a "*) ;; *) arches="$arches $a" ;; esac ;;
      esac ;;
  esac
  size=$(( $(wc -c <"$dir/$name") ))
  echo " $(sha1sum <"$dir/$name" | cut -d' ' -f1) $size $name" >>"$work/Checksums-Sha1"
  echo " $(sha256sum <"$dir/$name" | cut -d' ' -f1) $size $name" >>"$work/Checksums-Sha256"
  echo " $(md5sum <"$dir/$name" | cut -d' ' -f1) $size $sec $pri $name" >>"$work/Files"
done <"$work/list"

awk -v pkg="$package" -v arch="source$arches" -v lists="$work" '
  /^[^ ]/ {
    name = $0
    sub(/:.*/, "", name)
    field = name
    if (name == "Binary") { print "Binary: " pkg; next }
    if (name == "Architecture") { print "Architecture: " arch; next }
    if (name ~ /^(Checksums-Sha1|Checksums-Sha256|Files)$/) {
      print name ":"
      while ((getline l < (lists "/" name)) > 0)
        print l
      next
    }
    print
    next
  }
  field ~ /^(Binary|Architecture|Checksums-Sha1|Checksums-Sha256|Files)$/ { next }
  field == "Description" { if ($1 == pkg) print; next }
  { print }' "$changes" >"$out.tmp"
mv "$out.tmp" "$out"
say "$out lists $(awk '{ printf "%s ", $1 }' "$work/list")"
