#!/bin/sh
# Rebuild the binary RPMs from the source RPM with rpmbuild, as a build
# farm would: in packages/isolate.sh (no network, no key, the host read-only;
# the spec's code writes only WORKDIR), since the spec may be a
# distribution's and run anything.
#
# With -n, only the binary RPMs of package NAME go to OUTDIR (the overlay
# of a distribution's source RPM ships curl alone); all stay in WORKDIR.
#
# Where rpm's database does not hold the build dependencies (a Debian
# host: rpm is there only as a tool, the libraries come from dpkg), the
# spec's BuildRequires cannot be checked, so rpmbuild runs with --nodeps
# and says so. Such RPMs are linked against the host's libraries: they
# prove the spec, they are not packages to ship.
set -eu
# shellcheck source=packages/script-lib.sh
. "$(dirname "$0")/../packages/script-lib.sh"
messages_as rpm

work="" out="" only=""
synopsis="build-rpms.sh -w WORKDIR -o OUTDIR [-n NAME] SRPM\
 [RPMBUILD_ARGUMENT...]"
while getopts w:o:n: opt; do
  case $opt in
    w) work=$OPTARG ;;
    o) out=$OPTARG ;;
    n) only=$OPTARG ;;
    *) usage "$synopsis" ;;
  esac
done
shift $((OPTIND - 1))
need work out || usage "$synopsis"
[ $# -ge 1 ] || usage "$synopsis"
srpm=$1
shift

command -v rpmbuild >/dev/null 2>&1 ||
  die "rpmbuild is missing: install the package rpm (Debian) or rpm-build (Fedora/RHEL)"
[ -r "$srpm" ] || die "cannot read $srpm: run make srpm first"
srpm=$(cd "$(dirname "$srpm")" && pwd)/$(basename "$srpm")
here=$(cd "$(dirname "$0")" && pwd)

# On such a host, also the macros that make its rpm finish the packages
# the way Fedora's does (rpm/non-rpm-host.macros says what and why), and
# Fedora's %gpgverify, which a distribution's curl spec calls in %prep.
nodeps=""
if ! rpm -q glibc >/dev/null 2>&1; then
  nodeps=--nodeps
  set -- --load "$here/non-rpm-host.macros" \
    --define "gpgverify sh $here/gpgverify.sh" "$@"
  say "NOTE: this host's rpm database has no glibc (not an RPM-based" \
      "system): the spec's BuildRequires cannot be checked, building with" \
      "--nodeps. The RPMs link this host's libraries: they test the spec," \
      "they are not packages for Fedora or RHEL (build those with mock)."
fi

rm -rf "$work"
mkdir -p "$work"
work=$(cd "$work" && pwd)
log=$work/rpmbuild.log
say "rpmbuild --rebuild $(basename "$srpm") $nodeps $*, isolated (log: $log)"
start=$(date +%s)
if ! sh "$here/../packages/isolate.sh" -w "$work" -r "$(dirname "$srpm")" -r "$here" -- \
     rpmbuild --rebuild ${nodeps:+"$nodeps"} --define "_topdir $work" \
     "$@" "$srpm" >"$log" 2>&1; then
  tail -n 40 "$log" | tr -d '\000-\010\013-\037\177' >&2
  die "rpmbuild failed; the whole log is $log"
fi
say "rpmbuild took $(( $(date +%s) - start )) s"

# Regular files only: links the build left would copy what they point to.
# The spec wrote RPMS/ and chose its names: each must be a plain package
# file name (a space or "*" would make the shell split or expand it into
# other files, here or in the caller's directory), checked before any is
# copied (a name with a newline makes a line that is not under RPMS/).
find "$work/RPMS" -mindepth 2 -maxdepth 2 -type f -name '*.rpm' | sort \
  >"$work/rpms.list"
while read -r f; do
  rel=${f#"$work/RPMS/"}
  case $f:$rel in
    "$work/RPMS/"*:*/*/*|*:*[!A-Za-z0-9._+~^/-]*) ;;
    "$work/RPMS/"*:*/*) continue ;;
  esac
  die "the build left a file named" \
      "'$(printf '%s' "$rel" | tr -d '\000-\037\177')' in RPMS/, not a" \
      "package file name: refusing its RPMs ($log)"
done <"$work/rpms.list"
mkdir -p "$out"
found=0
while read -r f; do
  if [ -n "$only" ] &&
     [ "$(rpm -qp --nosignature --qf '%{name}' "$f")" != "$only" ]; then
    say "not shipped (only $only is): $(basename "$f")"
    continue
  fi
  cp "$f" "$out/$(basename "$f").tmp"
  mv "$out/$(basename "$f").tmp" "$out/$(basename "$f")"
  say "$out/$(basename "$f")"
  found=$((found + 1))
done <"$work/rpms.list"
[ "$found" -gt 0 ] ||
  die "rpmbuild wrote no binary RPM${only:+ of $only} (log: $log)"
