#!/bin/sh
# End-to-end test of the apt repository (TAP): in a fresh minimal chroot
# of SUITE, install the distribution's curl, add only our repository
# (its .sources snippet and preferences file), and check that
#   apt-get install curl replaces the distribution's curl with ours,
#   curl --mptcp is recognised and the smoke autopkgtest passes,
#   apt-get remove --purge leaves no package of ours behind,
#   a copy of the repository whose Release was altered after signing is
#   refused by apt.
#
#   apt-install-test.sh -r REPO -s SUITE -t SMOKE_TEST
#
# Needs root (mmdebstrap in root mode, chroot) and the distribution's
# archive; the chroot lives in a temporary directory removed on exit.
# shellcheck disable=SC2016 # dpkg-query formats are literal on purpose
set -eu

repo="" suite="" smoke=""
while getopts r:s:t: opt; do
  case $opt in
    r) repo=$OPTARG ;;
    s) suite=$OPTARG ;;
    t) smoke=$OPTARG ;;
    *) exit 2 ;;
  esac
done
if [ -z "$repo" ] || [ -z "$suite" ] || [ -z "$smoke" ]; then
  echo "usage: apt-install-test.sh -r REPO -s SUITE -t SMOKE_TEST" >&2
  exit 2
fi
[ -f "$repo/curl-mptcp-$suite.sources" ] || {
  echo "apt-install-test: $repo has no suite $suite: run make repo-apt first" >&2
  exit 1
}
[ "$(id -u)" -eq 0 ] || { echo "1..0 # SKIP needs root (chroot)"; exit 0; }

n=0 failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; }
check() {
  desc=$1
  shift
  if "$@"; then ok "$desc"; else not_ok "$desc"; fi
}

root=$(mktemp -d /tmp/curl-mptcp-apt-test.XXXXXX)
cleanup() {
  for m in proc dev; do
    umount "$root/$m" 2>/dev/null || true
  done
  rm -rf "$root"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
in_chroot() { chroot "$root" /usr/bin/env LC_ALL=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"; }

start=$(date +%s)
mmdebstrap --quiet --variant=minbase --mode=root "$suite" "$root" ||
  { echo "Bail out! mmdebstrap failed for $suite"; exit 1; }
echo "# minbase chroot of $suite made in $(( $(date +%s) - start )) s"
mount -t proc proc "$root/proc"
mount --bind /dev "$root/dev"

# mmdebstrap leaves no package lists behind.
{ in_chroot apt-get -q update && in_chroot apt-get -q -y install curl; } \
  >"$root/tmp/install-distro.log" 2>&1 ||
  { cat "$root/tmp/install-distro.log"; echo "Bail out! cannot install $suite's curl"; exit 1; }
distro_version=$(in_chroot dpkg-query -W -f='${Version}' curl)
echo "# the distribution's curl: $distro_version"

# Only our repository is added: the snippet, the preferences file, and
# the repository itself where the snippet's file: URI points.
mkdir -p "$root$repo"
cp -R "$repo/." "$root$repo/"
cp "$repo/curl-mptcp-$suite.sources" "$root/etc/apt/sources.list.d/"
cp "$repo/curl-mptcp.pref" "$root/etc/apt/preferences.d/"
in_chroot apt-get -q update >"$root/tmp/update.log" 2>&1
check "apt-get update reads our signed repository" \
  sh -c "! grep -Eq '^(W|E):' '$root/tmp/update.log'"
sed -e 's/^/#   /' "$root/tmp/update.log" | grep -E '^#   (W|E):' || true

in_chroot apt-get -q -y install curl >"$root/tmp/install.log" 2>&1 ||
  { sed 's/^/#   /' "$root/tmp/install.log"; not_ok "apt-get install curl"; }
ours=$(in_chroot dpkg-query -W -f='${Version}' curl)
echo "# curl after apt-get install curl: $ours"
check "apt-get install curl replaces $distro_version with ours" \
  sh -c "case '$ours' in *+mptcp*) dpkg --compare-versions '$ours' gt '$distro_version' ;; *) false ;; esac"
lib=$(in_chroot dpkg-query -W -f='${Package} ${Version}\n' 'libcurl4*' 2>/dev/null |
      awk '$2 ~ /\+mptcp/ { print $1 }')
check "the library package ($lib) is ours too" test -n "$lib"
check "curl --mptcp is recognised" \
  in_chroot curl -sS --mptcp -o /dev/null file:///etc/os-release
cp "$smoke" "$root/tmp/smoke"
check "the smoke autopkgtest passes in the chroot" in_chroot sh /tmp/smoke

# shellcheck disable=SC2086 # $lib is one package name
in_chroot apt-get -q -y remove --purge curl $lib >"$root/tmp/purge.log" 2>&1 ||
  sed 's/^/#   /' "$root/tmp/purge.log"
left=$(in_chroot dpkg-query -W -f='${db:Status-Abbrev} ${Package} ${Version}\n' 2>/dev/null |
       awk '$3 ~ /\+mptcp/ || ($2 == "curl" && $1 !~ /^u/)')
check "apt-get remove --purge leaves no package of ours" test -z "$left"
check "/usr/bin/curl is gone" test ! -e "$root/usr/bin/curl"

# A repository altered after signing: the first checksum line changes (one
# hex digit; mawk knows no {n} intervals).
bad=$repo.tampered
rm -rf "$root$bad"
cp -R "$repo/." "$root$bad/"
for f in Release InRelease; do
  awk '!done && /^ [0-9a-f]+ / {
         c = substr($0, 2, 1); $0 = " " (c == "0" ? "1" : "0") substr($0, 3)
         done = 1 }
       { print }' "$repo/dists/$suite/$f" >"$root$bad/dists/$suite/$f"
done
cmp -s "$repo/dists/$suite/InRelease" "$root$bad/dists/$suite/InRelease" &&
  echo "Bail out! could not alter InRelease"
rm -f "$root/etc/apt/sources.list.d/curl-mptcp-$suite.sources"
sed "s|^URIs: .*|URIs: file:$bad|" "$repo/curl-mptcp-$suite.sources" \
  >"$root/etc/apt/sources.list.d/curl-mptcp-tampered.sources"
in_chroot apt-get -q update >"$root/tmp/update-bad.log" 2>&1 || true
sed -e 's/^/#   /' "$root/tmp/update-bad.log" | grep -E 'BADSIG|invalid|not signed' || true
check "apt reports the altered Release as badly signed" \
  grep -Eq 'BADSIG|signatures were invalid|is not signed' "$root/tmp/update-bad.log"
check "apt offers no curl from the altered repository" \
  sh -c "! chroot '$root' apt-cache policy curl | grep -q 'tampered'"

echo "1..$n"
echo "# $((n - failed)) passed, $failed failed; $(( $(date +%s) - start )) s"
[ "$failed" -eq 0 ]
