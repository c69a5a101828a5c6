#!/bin/sh
# Build the Debian source package and the binary packages of curl-mptcp
# for one target release on this host, and put them into DIST.
#
#   build-deb.sh -d DISTRO -v CURL_VERSION -p SERIES_DIR -t TARBALL
#                -w WORKDIR -o DIST [-S] [-k KEY] MODULE_FILE...
#
# WORKDIR is replaced; DIST receives the .dsc, the orig tarball with its
# signature, the .debian.tar.xz, the .debs, .buildinfo and .changes (with
# -S only the source package). Missing Build-Depends are installed with
# apt-get build-dep when run as root, else named. DEB_BUILD_OPTIONS is
# honoured (default "parallel=2"); add nocheck to skip curl's test suite.
# With -k the .dsc, .buildinfo and .changes of a full build are signed with
# that key of gpg's keyring ($GNUPGHOME), as an upload needs them; without
# it they are left unsigned.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
distro="" version="" series="" tarball="" work="" dist="" source_only=""
sign="-us -uc"
while getopts d:v:p:t:w:o:Sk: opt; do
  case $opt in
    d) distro=$OPTARG ;;
    v) version=$OPTARG ;;
    p) series=$OPTARG ;;
    t) tarball=$OPTARG ;;
    w) work=$OPTARG ;;
    o) dist=$OPTARG ;;
    S) source_only=yes ;;
    k) sign="--sign-key=$OPTARG" ;;
    *) exit 2 ;;
  esac
done
shift $((OPTIND - 1))
if [ -z "$distro" ] || [ -z "$version" ] || [ -z "$series" ] ||
   [ -z "$tarball" ] || [ -z "$work" ] || [ -z "$dist" ] || [ $# -eq 0 ]; then
  echo "usage: build-deb.sh -d DISTRO -v CURL_VERSION -p SERIES_DIR" \
       "-t TARBALL -w WORKDIR -o DIST [-S] [-k KEY] MODULE_FILE..." >&2
  exit 2
fi
for tool in dpkg-buildpackage dpkg-source dh; do
  command -v "$tool" >/dev/null 2>&1 || {
    echo "build-deb: $tool is missing: apt-get install dpkg-dev debhelper" >&2
    exit 1
  }
done

sh "$here/render-source.sh" -d "$distro" -v "$version" -p "$series" \
  -t "$tarball" -o "$work" "$@"
# Absolute: apt-get build-dep takes a directory only when the argument
# starts with "./" or "/"; otherwise it looks for a source package of that
# name, which needs deb-src entries a fresh machine does not have.
tree=$(cd "$work" && pwd)/curl-$version
deb_version=$(sh "$here/render-source.sh" -d "$distro" -v "$version" -q version)

if [ -n "$source_only" ]; then
  echo "build-deb: building the source package"
  (cd "$work" && dpkg-source -b "curl-$version" >source.log 2>&1) ||
    { cat "$work/source.log" >&2; echo "build-deb: dpkg-source failed" >&2; exit 1; }
else
  if ! (cd "$tree" && dpkg-checkbuilddeps >/dev/null 2>&1); then
    if [ "$(id -u)" -eq 0 ]; then
      echo "build-deb: installing the Build-Depends (apt-get build-dep)"
      DEBIAN_FRONTEND=noninteractive apt-get -q -y \
        -o DPkg::Lock::Timeout=600 build-dep "$tree" \
        >"$work/build-dep.log" 2>&1 ||
        { tail -n 20 "$work/build-dep.log" >&2
          echo "build-deb: apt-get build-dep failed, see $work/build-dep.log" >&2
          exit 1; }
    else
      (cd "$tree" && dpkg-checkbuilddeps) || true
      echo "build-deb: install the Build-Depends above (as root:" \
           "apt-get build-dep $tree), then retry" >&2
      exit 1
    fi
  fi
  : "${DEB_BUILD_OPTIONS=parallel=2}"
  export DEB_BUILD_OPTIONS
  echo "build-deb: dpkg-buildpackage for $distro, curl $deb_version" \
       "(DEB_BUILD_OPTIONS=$DEB_BUILD_OPTIONS; log: $work/build.log)"
  start=$(date +%s)
  # shellcheck disable=SC2086 # $sign is one option or two
  (cd "$tree" && dpkg-buildpackage $sign --build=full >../build.log 2>&1) ||
    { tail -n 40 "$work/build.log" >&2
      echo "build-deb: dpkg-buildpackage failed; the whole log is $work/build.log" >&2
      exit 1; }
  echo "build-deb: built in $(( $(date +%s) - start )) s"
fi

mkdir -p "$dist"
for f in "$work"/*.dsc "$work"/*.orig.tar.gz "$work"/*.orig.tar.gz.asc \
         "$work"/*.debian.tar.xz "$work"/*.deb "$work"/*.buildinfo \
         "$work"/*.changes; do
  if [ -f "$f" ]; then cp -p "$f" "$dist/"; fi
done
echo "build-deb: $dist:"
(cd "$dist" && ls)
