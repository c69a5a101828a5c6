#!/bin/sh
# make deb: the target release's own curl source package with curl-mptcp on
# top, built on this host; only the curl package and the source package
# are published.
#
# 1. fetch-distro-source.sh: the newest obtainable revision of DISTRO's
#    curl source package (verified), recorded in DIST/distribution-source;
# 2. packages/export-patch.sh: our module and the hook series of its
#    upstream version (packages/curl-versions.tsv) as one DEP-3 patch;
# 3. overlay.sh: that patch, our autopkgtests, the relaxed Depends and the
#    changelog entry of our version (deb-version.sh ours; N:
#    packaging-revision), the routing fields and the copyright stanza;
# 4. dpkg-buildpackage with the distribution's own build profiles:
#    FLAVOURS "openssl" (default) builds only the OpenSSL flavour
#    (pkg.curl.openssl-only), "all" builds every flavour the package has.
#    nocheck in DEB_BUILD_OPTIONS also selects the nocheck profile.
# DIST (replaced) receives the .dsc with its files, the curl .deb, the
# .buildinfo and a .changes that lists only those; the other binary
# packages stay in WORKDIR/source. -m builds with MPTCP on by default
# (configure --enable-mptcp-default). -S makes only the source package.
# -k signs the .dsc, .buildinfo and .changes with that key of gpg's keyring
# (with -S, the .dsc). -E: suites whose Valid-Until is not checked
# (fetch-distro-source.sh).
set -eu
# shellcheck source=packages/script-lib.sh
. "$(dirname "$0")/../../packages/script-lib.sh"

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
distro="" cache="" work="" dist="" flavours=openssl default="" source_only=""
key="" expired=""
synopsis="build-deb.sh -d DISTRO -c CACHE -w WORKDIR -o DIST [-F openssl|all]\
 [-m] [-S] [-k KEY] [-E SUITES] MODULE_FILE..."
while getopts d:c:w:o:F:mSk:E: opt; do
  case $opt in
    E) expired=$OPTARG ;;
    d) distro=$OPTARG ;;
    c) cache=$OPTARG ;;
    w) work=$OPTARG ;;
    o) dist=$OPTARG ;;
    F) flavours=$OPTARG ;;
    m) default=yes ;;
    S) source_only=yes ;;
    k) key=$OPTARG ;;
    *) usage "$synopsis" ;;
  esac
done
shift $((OPTIND - 1))
need distro cache work dist || usage "$synopsis"
[ $# -gt 0 ] || usage "$synopsis"
case $flavours in
  openssl) profiles=pkg.curl.openssl-only ;;
  all) profiles="" ;;
  *) die "unknown flavours '$flavours': use DEB_FLAVOURS=openssl (the default) or all" ;;
esac
: "${DEB_BUILD_OPTIONS=parallel=2}"
case " $DEB_BUILD_OPTIONS " in
  *" nocheck "*) profiles="${profiles:+$profiles }nocheck" ;;
esac
export DEB_BUILD_OPTIONS
for tool in dpkg-buildpackage dpkg-source dpkg-genchanges dh quilt; do
  command -v "$tool" >/dev/null 2>&1 ||
    die "$tool is missing: apt-get install dpkg-dev debhelper quilt"
done
codename=$(sh "$here/target.sh" -d "$distro" codename) || exit 1
updates=$(sh "$here/target.sh" -d "$distro" updates)
start=$(date +%s)

mkdir -p "$work"
work=$(cd "$work" && pwd)
src=$work/source
sh "$here/fetch-distro-source.sh" -d "$distro" -c "$cache" -o "$src" \
  ${expired:+-E "$expired"}
used=$(record_field "$src/distribution-source" used) || exit 1
missing=$(record_field "$src/distribution-source" unobtainable) || exit 1
upstream=$(record_field "$src/distribution-source" upstream) || exit 1
series=$(sh "$top/packages/curl-versions.sh" get "$upstream" series 2>/dev/null) ||
  series=-
[ "$series" != - ] ||
  die "$distro's curl is $upstream, for which curl-mptcp has no hook series:" \
      "add curl $upstream to packages/curl-versions.tsv with a series under" \
      "patches/ first (see docs/keeping-current.md)"
tree=$src/curl-$upstream

if ! n=$(record_field "$top/packages/packaging-revision" revision) ||
   ! date=$(record_field "$top/packages/packaging-revision" date) ||
   [ -z "$n" ] || [ -z "$date" ]; then
  die "packages/packaging-revision lacks a revision or date line"
fi
SOURCE_DATE_EPOCH=$(date -u -d "$date" +%s)
export SOURCE_DATE_EPOCH
sh "$top/packages/export-patch.sh" -v "$upstream" -p "$top/patches/$series" \
  "$@" >"$work/curl-mptcp.patch"
unset SOURCE_DATE_EPOCH
cppflags=-DUSE_TOOL_MPTCP
[ -z "$default" ] || cppflags="$cppflags -DTOOL_MPTCP_DEFAULT"
sh "$here/overlay.sh" -t "$tree" -p "$work/curl-mptcp.patch" -n "$n" \
  -u "$updates" -D "$date" -c "$codename" -T "$top/debian/tests" -f "$cppflags"
version=$(dpkg-parsechangelog -l "$tree/debian/changelog" -S Version)

collect() {
  rm -rf "$dist"
  mkdir -p "$dist"
  for f in "$@"; do
    cp -p "$f" "$dist/"
  done
  cp -p "$src/distribution-source" "$dist/"
}
sources() {
  v=${version#*:}
  echo "$src/curl_$v.dsc" "$src/curl_$v.debian.tar.xz" \
       "$src/curl_$upstream.orig.tar.gz" "$src/curl_$upstream.orig.tar.gz.asc"
}

if [ -n "$source_only" ]; then
  (cd "$src" && dpkg-source -b "curl-$upstream" >source.log 2>&1) ||
    { tail -n 20 "$src/source.log" >&2
      die "dpkg-source -b failed (see $src/source.log): does our patch still apply?"; }
  if [ -n "$key" ]; then
    debsign --no-conf -k"$key" "$src/curl_${version#*:}.dsc" \
      >"$work/sign.log" 2>&1 ||
      { cat "$work/sign.log" >&2; die "cannot sign the .dsc with key $key"; }
  fi
  # shellcheck disable=SC2046 # file names without blanks
  collect $(sources)
  say "source package curl $version for $distro in $dist${key:+, signed with $key}"
else
  if ! (cd "$tree" && dpkg-checkbuilddeps -P "$(echo "$profiles" | tr ' ' ,)") \
       >/dev/null 2>&1; then
    [ "$(id -u)" -eq 0 ] ||
      die "Build-Depends are missing: as root, apt-get build-dep -P" \
          "'$(echo "$profiles" | tr ' ' ,)' $tree; then retry"
    say "installing the Build-Depends (apt-get build-dep)"
    DEBIAN_FRONTEND=noninteractive apt-get -q -y -o DPkg::Lock::Timeout=600 \
      build-dep -P "$(echo "$profiles" | tr ' ' ,)" "$tree" \
      >"$work/build-dep.log" 2>&1 ||
      { tail -n 20 "$work/build-dep.log" >&2
        die "apt-get build-dep failed (see $work/build-dep.log): a target" \
            "other than this host's release is built in its own chroot (make deb-chroot)"; }
  fi
  # debian/rules is the distribution's code: it runs isolated
  # (packages/isolate.sh: no network, no key, the host read-only), signing
  # comes after, on the host.
  say "dpkg-buildpackage curl $version for $distro, isolated" \
      "(DEB_BUILD_PROFILES=$profiles; DEB_BUILD_OPTIONS=$DEB_BUILD_OPTIONS;" \
      "log: $work/build.log)"
  t=$(date +%s)
  # shellcheck disable=SC2016 # expanded by the isolated shell
  sh "$top/packages/isolate.sh" -w "$src" -- env \
    DEB_BUILD_PROFILES="$profiles" DEB_BUILD_OPTIONS="$DEB_BUILD_OPTIONS" \
    sh -c 'cd "$1" && dpkg-buildpackage -us -uc --build=full' sh "$tree" \
    >"$work/build.log" 2>&1 ||
    { tail -n 40 "$work/build.log" >&2
      die "dpkg-buildpackage failed; the whole log is $work/build.log"; }
  say "dpkg-buildpackage: $(( $(date +%s) - t )) s"

  # The published .changes lists the source and the curl package only.
  arch=$(dpkg-architecture -qDEB_HOST_ARCH)
  v=${version#*:}
  deb=$src/curl_${v}_$arch.deb
  [ -f "$deb" ] || die "the build made no $(basename "$deb")"
  changes=$src/curl_${v}_$arch.changes
  # What the host reads or publishes of the isolated build's results must
  # be the build's own files: a symbolic link there could point at a file
  # of the host.
  for f in $(sources) "$deb" "$src/curl_${v}_$arch.buildinfo" \
           "$tree/debian/files" "$tree/debian/changelog" "$tree/debian/control"; do
    if [ ! -f "$f" ] || [ -L "$f" ]; then
      die "$f is not a regular file after the isolated build: refusing to publish it"
    fi
  done
  grep -E "^(curl_|curl_[^ ]*\.buildinfo)" "$tree/debian/files" \
    >"$work/files.curl"
  # -sa: the orig tarball too, so that a repository can take the upload
  # on its own.
  (cd "$tree" && dpkg-genchanges --build=full -sa -f"$work/files.curl" \
     -O"$changes" >"$work/genchanges.log" 2>&1) ||
    die "dpkg-genchanges failed (see $work/genchanges.log)"
  # debsign: the .dsc and .buildinfo, then the .changes with their new
  # checksums.
  if [ -n "$key" ]; then
    debsign --no-conf -k"$key" "$changes" >"$work/sign.log" 2>&1 ||
      { cat "$work/sign.log" >&2; die "cannot sign $changes with key $key"; }
  fi
  # shellcheck disable=SC2046 # file names without blanks
  collect $(sources) "$deb" "$src/curl_${v}_$arch.buildinfo" "$changes"
  others=$(find "$src" -maxdepth 1 -name '*.deb' ! -name 'curl_*' |
           sed 's|.*/||' | sort | tr '\n' ' ')
  say "curl $version for $distro in $dist (the library packages of the" \
      "same build, not published: ${others:-none} in $src)"
fi
say "done in $(( $(date +%s) - start )) s: $(find "$dist" -type f | sed 's|.*/||' | sort | tr '\n' ' ')"
[ -z "$missing" ] ||
  say "NOT CURRENT: $distro lists curl $missing, which could not be" \
      "fetched; this build is of $used (see $dist/distribution-source)" >&2
