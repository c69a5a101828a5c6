#!/bin/sh
# Prove the exported patch in a distribution's own package: take Debian's
# curl source package of this upstream version (with all of Debian's
# patches), add the patch that "make export-patch" wrote as the last one of
# debian/patches, build it with dpkg-buildpackage, unpack the resulting
# curl and libcurl packages into a scratch root, and run the toolkit's
# namespace tests (MPTCP negotiated, host fallback, -v report) against that
# curl. Slow: about 10 minutes on 2 cores. Root, since the tests need
# network namespaces and Debian's build dependencies get installed.
#
#   debian-rebuild.sh -p PATCH -v UPSTREAM_VERSION -c SOURCE_CACHE -w WORKDIR
#                     -s TOP_SRCDIR
#
# Debian's build is restricted to its OpenSSL flavour without curl's own
# test suite (profiles pkg.curl.openssl-only, pkg.curl.no-gnutls and
# pkg.curl.no-nss, which dpkg needs to leave out the other flavours'
# packages, and nocheck): the point is our patch inside Debian's
# packaging, not Debian's other flavours.
set -eu

patch="" version="" cache="" work="" top=""
while getopts p:v:c:w:s: opt; do
  case $opt in
    p) patch=$OPTARG ;;
    v) version=$OPTARG ;;
    c) cache=$OPTARG ;;
    w) work=$OPTARG ;;
    s) top=$OPTARG ;;
    *) exit 2 ;;
  esac
done
if [ -z "$patch" ] || [ -z "$version" ] || [ -z "$cache" ] ||
   [ -z "$work" ] || [ -z "$top" ]; then
  echo "usage: debian-rebuild.sh -p PATCH -v UPSTREAM_VERSION" \
       "-c SOURCE_CACHE -w WORKDIR -s TOP_SRCDIR" >&2
  exit 2
fi

say() {
  printf 'debian-rebuild: %s\n' "$*"
}
die() {
  printf 'debian-rebuild: %s\n' "$*" >&2
  exit 1
}

[ "$(id -u)" -eq 0 ] ||
  die "needs root (build dependencies, network namespaces): run it as root"
[ -f "$patch" ] || die "$patch does not exist: run make export-patch first"
for tool in apt-get dpkg-buildpackage dpkg-deb; do
  command -v "$tool" >/dev/null 2>&1 ||
    die "$tool is missing: apt-get install dpkg-dev"
done
patch=$(cd "$(dirname "$patch")" && pwd)/$(basename "$patch")
apt() {
  sh "$top/packages/private-apt.sh" -c "$cache" "$@"
}

rm -rf "$work"
mkdir -p "$work/source" "$work/root" "$work/tree/src"
log=$work/build.log

say "finding Debian's source package of curl $version"
apt update
rev=$(apt apt-cache showsrc curl 2>/dev/null |
  awk -v v="$version" '$1 == "Version:" {
    r = $2; sub(/^[0-9]+:/, "", r); if(index(r, v "-") == 1) print $2 }' |
  sort -u -r -V | head -n 1)
[ -n "$rev" ] || die "no Debian source package carries curl $version"

say "unpacking Debian's curl $rev in $work/source"
# Unpacked without applying Debian's patches: quilt applies the whole
# series, ours included at its place, when the build starts.
(cd "$work/source" && apt apt-get -q source --download-only "curl=$rev" &&
  dpkg-source --skip-patches -x ./curl_*.dsc) >"$log" 2>&1 ||
  die "apt-get source curl=$rev failed (see $log)"
src=$(find "$work/source" -mindepth 1 -maxdepth 1 -type d -name "curl-$version")
[ -n "$src" ] || die "apt-get source left no curl-$version directory (see $log)"

# Ours goes after Debian's fixes but before its TLS flavour patches
# (90_gnutls.patch, 99_nss.patch up to Debian 12): debian/rules pops those
# two off the top of the quilt stack to get the OpenSSL tree, so they must
# stay last.
name=$(basename "$patch")
series=$src/debian/patches/series
cp "$patch" "$src/debian/patches/$name"
awk -v p="$name" '!done && /^(90_gnutls|99_nss)\.patch/ { print p; done = 1 }
  { print } END { if(!done) print p }' "$series" >"$series.new"
mv "$series.new" "$series"
say "added $name to Debian's patches: $(grep -n -x "$name" "$series" |
  cut -d: -f1) of $(wc -l <"$series") in debian/patches/series"

say "installing Debian's build dependencies (apt-get build-dep)"
apt-get -q update >>"$log" 2>&1 || true
DEBIAN_FRONTEND=noninteractive apt-get -q -y -o DPkg::Lock::Timeout=600 \
  build-dep "$src" >>"$log" 2>&1 ||
  die "apt-get build-dep failed (see $log)"

say "building with dpkg-buildpackage (log: $log)"
start=$(date +%s)
(cd "$src" &&
  DEB_BUILD_PROFILES="pkg.curl.openssl-only pkg.curl.no-gnutls pkg.curl.no-nss nocheck" \
  DEB_BUILD_OPTIONS="nocheck parallel=$(nproc)" \
  DEB_CPPFLAGS_MAINT_APPEND=-DUSE_TOOL_MPTCP \
  dpkg-buildpackage -b -uc -us) >>"$log" 2>&1 ||
  die "dpkg-buildpackage failed (see $log): if dpkg-source reports that $name does not apply, Debian's patches changed the lines ours hook into"
say "built in $(( ($(date +%s) - start + 30) / 60 )) min:" \
    "$(cd "$work/source" && printf '%s ' ./*.deb | sed 's|\./||g')"

for deb in "$work/source"/curl_*.deb "$work/source"/libcurl4_*.deb; do
  [ -f "$deb" ] || die "the build made no $(basename "$deb")"
  dpkg-deb -x "$deb" "$work/root"
done
bin=$work/root/usr/bin/curl
libdir=$(dirname "$(find "$work/root/usr/lib" -name 'libcurl.so.4' | head -n 1)")
# The tests run $CURL_TREE/src/curl: point it at Debian's binary and library.
cat >"$work/tree/src/curl" <<SHIM
#!/bin/sh
LD_LIBRARY_PATH='$libdir' exec '$bin' "\$@"
SHIM
chmod +x "$work/tree/src/curl"
"$work/tree/src/curl" -V | sed 's/^/debian-rebuild: curl -V: /'

say "running the namespace tests against Debian's rebuilt curl"
passed=0 failed=0
for t in mptcp-negotiation mptcp-report; do
  if top_srcdir=$top CURL_TREE=$work/tree MPTCP_MODE=yes CI=true \
     PYTHON3=${PYTHON3:-python3} sh "$top/tests/integration/$t.test" \
     >"$work/$t.tap" 2>&1 &&
     ! grep -q '^not ok' "$work/$t.tap"; then
    passed=$((passed + 1))
    say "PASS $t ($(grep -c '^ok' "$work/$t.tap") checks)"
  else
    failed=$((failed + 1))
    say "FAIL $t (see $work/$t.tap)"
    grep '^not ok' "$work/$t.tap" || tail -n 5 "$work/$t.tap"
  fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
