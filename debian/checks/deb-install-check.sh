#!/bin/sh
# End-to-end test of the apt repository (TAP), in a fresh minimal root of
# the target release that carries only this machine's apt sources and
# apt.conf.d and its local CA certificates, with the distribution's curl
# installed first:
#   our signed repository added as docs/apt-install.md says (the
#   key's fingerprint checked against the Release's signature, the key in
#   /etc/apt/keyrings, a .sources with Signed-By and the Architectures the
#   repository holds), apt update without warnings;
#   unattended-upgrades (dry run) takes our curl only with the guide's
#   Origins-Pattern line;
#   "apt-get upgrade" (no pin) replaces curl with ours and changes no
#   other package;
#   curl -V says MPTCP: yes, our autopkgtests (those of the source package
#   in the repository) pass, and curl --mptcp
#   negotiates MPTCP with a server in a network namespace (the server's
#   MPTCP_INFO is the judge);
#   our repository removed, apt-get install curl=DISTRIBUTION_VERSION goes
#   back, changing curl alone;
#   with the distribution's libcurl4 of another architecture (i386)
#   installed, upgrading to ours removes and holds back nothing;
#   a distribution update (UPDATE_DIR: the distribution's source with a
#   new changelog entry only, distribution-build.sh -u) wins over ours,
#   and ours rebuilt on it sorts above it again;
#   a copy of our repository altered after signing is refused.
#
# Without -u the distribution-update part is not run (and says so).
# Root (mmdebstrap, chroot, network namespaces); the root lives in a
# temporary directory removed on exit.
# shellcheck disable=SC2016 # dpkg-query formats are literal on purpose
set -eu
# shellcheck source=packages/script-lib.sh
. "$(dirname "$0")/../../packages/script-lib.sh"

here=$(cd "$(dirname "$0")" && pwd)
distro="" repo="" update="" tests=""
synopsis="deb-install-check.sh -d DISTRO -r REPO [-u UPDATE_DIR] -T OUR_TESTS"
while getopts d:r:u:T: opt; do
  case $opt in
    d) distro=$OPTARG ;;
    r) repo=$OPTARG ;;
    u) update=$OPTARG ;;
    T) tests=$OPTARG ;;
    *) usage "$synopsis" ;;
  esac
done
need distro repo tests || usage "$synopsis"
suite=$(sh "$here/../build/target.sh" -d "$distro" codename)
[ -f "$repo/curl-mptcp-$suite.sources" ] ||
  die "$repo has no suite $suite: run make deb and make repo first"
# Our curl for this suite: the repository may hold other suites' too.
packages=$repo/dists/$suite/main/binary-$(dpkg --print-architecture)/Packages
file=$(awk '/^Package:/ { p = ($2 == "curl") }
            p && /^Filename:/ { print $2; exit }' "$packages" 2>/dev/null) || true
ours_deb=$repo/$file
if [ -z "$file" ] || [ ! -f "$ours_deb" ]; then
  die "no curl .deb for $suite in $repo: run make deb and make repo first"
fi
ours=$(dpkg-deb -f "$ours_deb" Version)
if [ -n "$update" ] && ! ls "$update"/curl_*.deb >/dev/null 2>&1; then
  die "no curl .deb in $update: run distribution-build.sh -u first"
fi
[ "$(id -u)" -eq 0 ] || { echo "1..0 # SKIP needs root (chroot)"; exit 0; }

n=0 failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; }
check() {
  desc=$1
  shift
  if "$@"; then ok "$desc"; else not_ok "$desc"; fi
}

work=$(mktemp -d /tmp/curl-mptcp-apt-test.XXXXXX)
root=$work/root
cleanup() {
  for m in proc dev; do
    umount "$root/$m" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
in_root() {
  chroot "$root" /usr/bin/env LC_ALL=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"
}
installed() {
  in_root dpkg-query -W -f='${Package}:${Architecture} ${Version}\n' | sort
}
log() {
  sed 's/^/#   /' "$1"
}

# This machine's apt sources and apt options, for the target's suite.
sh "$here/../build/machine-sources.sh" "$suite" >"$work/sources"
sh "$here/../build/machine-sources.sh" -o >"$work/apt.conf"

start=$(date +%s)
mmdebstrap --quiet --variant=minbase --mode=root --aptopt="$work/apt.conf" \
  --customize-hook='copy-in /usr/local/share/ca-certificates /usr/local/share/' \
  "$suite" "$root" "$work/sources" >"$work/mmdebstrap.log" 2>&1 ||
  { log "$work/mmdebstrap.log"; echo "Bail out! mmdebstrap failed for $suite"; exit 1; }
echo "# minbase root of $suite made in $(( $(date +%s) - start )) s"
mount -t proc proc "$root/proc"
mount --bind /dev "$root/dev"

{ in_root apt-get -q update && in_root apt-get -q -y install curl; } \
  >"$work/install-distro.log" 2>&1 ||
  { log "$work/install-distro.log"; echo "Bail out! cannot install $suite's curl"; exit 1; }
distro_version=$(in_root dpkg-query -W -f='${Version}' curl)
echo "# the distribution's curl: $distro_version; ours: $ours"

# Our repository, added as docs/apt-install.md says: the key file
# (its fingerprint checked against the key that signed the Release) in
# /etc/apt/keyrings, a .sources file naming it in Signed-By, with the
# Architectures the repository holds; the repository at its file: URI.
release_archs=$(sed -n 's/^Architectures: //p' "$repo/dists/$suite/Release" |
  tr ' ' '\n' | grep -v -x source | tr '\n' ' ')
release_archs=${release_archs% }
gpg --batch --quiet --dearmor <"$repo/curl-mptcp-archive-key.asc" >"$work/key.gpg"
signer=$(gpgv --status-fd 1 --keyring "$work/key.gpg" "$repo/dists/$suite/InRelease" \
  2>/dev/null | awk '$2 == "VALIDSIG" { print $3 }') || true
key_fpr=$(gpg --batch --show-keys --with-colons "$repo/curl-mptcp-archive-key.asc" |
  awk -F: '$1 == "fpr" { print $10; exit }')
check "guide step 1: the published key's fingerprint ($key_fpr) is the one that signed $suite's InRelease" \
  test -n "$key_fpr" -a "$key_fpr" = "$signer"
check "the repository's .sources names the architectures it holds ($release_archs)" \
  grep -qx "Architectures: $release_archs" "$repo/curl-mptcp-$suite.sources"
add_ours() {
  mkdir -p "$root$repo" "$root/etc/apt/keyrings"
  cp -R "$repo/." "$root$repo/"
  install -m 644 "$repo/curl-mptcp-archive-key.asc" "$root/etc/apt/keyrings/curl-mptcp.asc"
  printf 'Types: deb\nURIs: file:%s\nSuites: %s\nComponents: main\nArchitectures: %s\nSigned-By: %s\n' \
    "$repo" "$suite" "$release_archs" /etc/apt/keyrings/curl-mptcp.asc \
    >"$root/etc/apt/sources.list.d/curl-mptcp-$suite.sources"
  in_root apt-get -q update >"$work/update.log" 2>&1
}
add_ours
check "apt-get update reads our signed repository without warnings" \
  sh -c "! grep -Eq '^(W|E):' '$work/update.log'"
grep -E '^(W|E):' "$work/update.log" | sed 's/^/#   /' || true

# Guide step 4: unattended-upgrades takes our curl only with our
# Origins-Pattern line (dry runs, without and with it).
if in_root apt-get -q -y install unattended-upgrades >"$work/uu-install.log" 2>&1; then
  uu() {
    in_root unattended-upgrade --dry-run --debug >"$work/uu-$1.log" 2>&1 || true
    grep -Eq '^Packages that (will|would) be upgraded:.* curl( |$)' "$work/uu-$1.log"
  }
  if uu without; then
    not_ok "guide step 4: without our Origins-Pattern, unattended-upgrades leaves curl alone"
  else
    ok "guide step 4: without our Origins-Pattern, unattended-upgrades leaves curl alone"
  fi
  cat >"$root/etc/apt/apt.conf.d/51curl-mptcp" <<'UU'
Unattended-Upgrade::Origins-Pattern {
        "origin=curl-mptcp,codename=${distro_codename}";
};
UU
  if uu with; then
    ok "guide step 4: with it, unattended-upgrades would upgrade curl to ours"
  else
    grep -E 'Allowed origins|Packages that|Checking: curl|curl' "$work/uu-with.log" |
      head -n 8 | sed 's/^/#   /'
    not_ok "guide step 4: with it, unattended-upgrades would upgrade curl to ours"
  fi
  in_root apt-get -q -y purge unattended-upgrades >/dev/null 2>&1 || true
  in_root apt-get -q -y autoremove --purge >/dev/null 2>&1 || true
  rm -f "$root/etc/apt/apt.conf.d/51curl-mptcp"
else
  log "$work/uu-install.log"
  not_ok "guide step 4: unattended-upgrades installs in the root"
fi
installed >"$work/before"

in_root apt-get -q -y upgrade >"$work/upgrade.log" 2>&1 ||
  { log "$work/upgrade.log"; not_ok "apt-get upgrade"; }
how="apt-get upgrade (no pin)"
if dpkg --compare-versions "$distro_version" gt "$ours"; then
  # Ours is built on an older revision than the one installed (make deb
  # said NOT CURRENT): the distribution's must stay, and ours is then
  # installed on purpose, on the distribution's newer library.
  echo "# NOT CURRENT: the distribution's curl $distro_version is newer than ours ($ours)"
  check "$how keeps the distribution's newer curl $distro_version" \
    test "$(in_root dpkg-query -W -f='${Version}' curl)" = "$distro_version"
  how="apt-get install --allow-downgrades curl=$ours"
  in_root apt-get -q -y --allow-downgrades install "curl=$ours" \
    >"$work/install-ours.log" 2>&1 || log "$work/install-ours.log"
fi
check "$how installs our curl $ours" \
  test "$(in_root dpkg-query -W -f='${Version}' curl)" = "$ours"
installed >"$work/after"
changed=$(diff "$work/before" "$work/after" | grep '^>' | sed 's/^> //' | tr '\n' ' ')
check "$how changes no other package (changed: $changed)" \
  test "$changed" = "curl:$(dpkg-deb -f "$ours_deb" Architecture) $ours "
check "the distribution's libcurl stays installed, untouched" \
  test "$(grep '^libcurl' "$work/before")" = "$(grep '^libcurl' "$work/after")"

# Our autopkgtests as the source package of the installed curl has them,
# run from its debian/ as autopkgtest does: its debian/rules says whether
# that build uses MPTCP by default (debian/tests/mptcp-default.sh).
mkdir -p "$work/src"
tar -xf "$(find "$repo/pool" -name "curl_${ours#*:}.debian.tar.xz" | head -n 1)" \
  -C "$work/src" debian/rules debian/tests
want='MPTCP: yes'
if (cd "$work/src" && . debian/tests/mptcp-default.sh && mptcp_default_on); then
  want='MPTCP: yes (default on)'
fi
check "curl -V says $want" sh -c "chroot '$root' curl -V | grep -qxF '$want'"
cat >"$work/curl" <<WRAP
#!/bin/sh
exec chroot '$root' /usr/bin/curl "\$@"
WRAP
chmod +x "$work/curl"
# mptcp-smoke runs inside the root; the namespace tests run here, with
# the root's curl (chroot keeps the network namespace it is started in).
cp -R "$work/src" "$root/tmp/src"
for tn in mptcp-smoke mptcp-negotiation mptcp-host-fallback; do
  if if [ "$tn" = mptcp-smoke ]; then
       in_root sh -c 'cd /tmp/src && sh debian/tests/mptcp-smoke'
     else (cd "$work/src" && CURL=$work/curl sh "debian/tests/$tn")
     fi >"$work/$tn.log" 2>&1; then
    ok "autopkgtest $tn passes with the installed curl"
  else
    log "$work/$tn.log"
    not_ok "autopkgtest $tn passes with the installed curl"
  fi
  grep '^ok: ' "$work/$tn.log" | sed 's/^/#   /' || true
done

# Back to the distribution.
rm -f "$root/etc/apt/sources.list.d/curl-mptcp-$suite.sources"
in_root apt-get -q update >"$work/update2.log" 2>&1 || log "$work/update2.log"
in_root apt-get -q -y --allow-downgrades install "curl=$distro_version" \
  >"$work/downgrade.log" 2>&1 || log "$work/downgrade.log"
installed >"$work/back"
check "without our repository, apt-get install curl=$distro_version restores exactly the distribution's set" \
  cmp -s "$work/before" "$work/back"
diff "$work/before" "$work/back" | sed 's/^/#   /' || true

# Multiarch: the distribution's library of another architecture installed.
in_root dpkg --add-architecture i386
in_root apt-get -q update >"$work/update-i386.log" 2>&1 || true
if in_root apt-get -q -y install "libcurl4:i386=$(in_root dpkg-query -W \
     -f='${Version}' 'libcurl4*' | head -n 1)" >"$work/i386.log" 2>&1 ||
   in_root apt-get -q -y install libcurl4t64:i386 >>"$work/i386.log" 2>&1; then
  add_ours
  in_root apt-get -s -q upgrade >"$work/i386-upgrade.log" 2>&1 || true
  check "with libcurl:i386 installed, the upgrade to ours removes nothing" \
    sh -c "! grep -q '^Remv ' '$work/i386-upgrade.log'"
  check "... holds back nothing" \
    sh -c "! grep -q 'kept back' '$work/i386-upgrade.log'"
  check "... and installs our curl" grep -q "^Inst curl .*($ours " "$work/i386-upgrade.log"
  rm -f "$root/etc/apt/sources.list.d/curl-mptcp-$suite.sources"
else
  echo "# libcurl:i386 of the distribution does not install here (the mirror's i386"
  echo "# index, not our package, fails; see below): checked from the relationships"
  grep -hE '^(E|W):' "$work/i386.log" "$work/update-i386.log" | head -n 5 |
    sed -e 's|[a-z]*://[^/ ]*||g' -e 's/ \[IP: [^]]*\]//' -e 's/^/#   /' || true
  # Our curl's dependency is on the library of its own architecture and
  # accepts the distribution's version, which Multi-Arch: same keeps
  # equal across architectures: nothing of another architecture moves.
  dep=$(dpkg-deb -f "$ours_deb" Depends)
  lib=$(echo "$dep" | grep -Eo 'libcurl[0-9a-z]* \(>= [^)]*\)' | awk '{ print $1 }')
  libv=$(grep "^$lib:" "$work/before" | awk '{ print $2 }')
  check "our curl's Depends ($dep) names $lib without an architecture qualifier" \
    sh -c "echo '$dep' | grep -Eq '$lib \\(' && ! echo '$dep' | grep -q '$lib:'"
  check "... and accepts the installed $lib $libv (so libcurl of every architecture stays)" \
    sh -c "dpkg --compare-versions '$libv' ge '$distro_version' &&
           dpkg --compare-versions '$libv' lt '$(sh "$here/../build/deb-version.sh" ceiling "$distro_version")'"
  check "our curl is Multi-Arch: foreign like the distribution's" \
    test "$(dpkg-deb -f "$ours_deb" Multi-Arch)" = foreign
fi
# The simulated distribution update below has no i386 packages, and
# Multi-Arch: same keeps both architectures' libcurl at one version.
in_root apt-get -q -y purge 'libcurl4*:i386' >/dev/null 2>&1 || true
in_root dpkg --remove-architecture i386 >/dev/null 2>&1 || true

# A distribution update arrives while ours is installed.
if [ -z "$update" ]; then
  echo "# NOT RUN: a distribution update (no -u UPDATE_DIR given)"
else
add_ours
in_root apt-get -q -y upgrade >"$work/upgrade2.log" 2>&1 || log "$work/upgrade2.log"
next=$(dpkg-deb -f "$(find "$update" -maxdepth 1 -name 'curl_*.deb' | head -n 1)" Version)
mkdir -p "$root/update"
cp "$update"/*.deb "$root/update/"
(cd "$root/update" && dpkg-scanpackages . /dev/null >Packages 2>/dev/null)
echo 'deb [trusted=yes] file:/update ./' >"$root/etc/apt/sources.list.d/update.list"
in_root apt-get -q update >"$work/update3.log" 2>&1 || log "$work/update3.log"
in_root apt-get -q -y upgrade >"$work/upgrade3.log" 2>&1 || log "$work/upgrade3.log"
check "a distribution update ($next) replaces ours at the next apt-get upgrade" \
  test "$(in_root dpkg-query -W -f='${Version}' curl)" = "$next"
# make deb on that revision: the overlay of its debian/ gives the version.
mkdir -p "$work/rebuild"
cp -R "$(find "$update" -mindepth 1 -maxdepth 1 -type d -name 'curl-*' | head -n 1)/debian" \
  "$work/rebuild/"
: >"$work/placeholder.patch"
sh "$here/../build/overlay.sh" -t "$work/rebuild" -p "$work/placeholder.patch" \
  -n "$(record_field "$here/../../packages/packaging-revision" revision)" \
  -u "$(sh "$here/../build/target.sh" -d "$distro" updates)" \
  -D "$(record_field "$here/../../packages/packaging-revision" date)" -c "$suite" \
  -T "$tests" >"$work/rebuild.log" 2>&1 || log "$work/rebuild.log"
rebuilt=$(dpkg-parsechangelog -l "$work/rebuild/debian/changelog" -S Version)
check "our overlay on it ($rebuilt) sorts above it again" \
  dpkg --compare-versions "$rebuilt" gt "$next"
rm -f "$root/etc/apt/sources.list.d/update.list"
fi

# A repository altered after signing: the first checksum line changes.
bad=$repo.tampered
rm -rf "$root$bad"
cp -R "$repo/." "$root$bad/"
for f in Release InRelease; do
  awk '!done && /^ [0-9a-f]+ / {
         c = substr($0, 2, 1); $0 = " " (c == "0" ? "1" : "0") substr($0, 3)
         done = 1 }
       { print }' "$repo/dists/$suite/$f" >"$root$bad/dists/$suite/$f"
done
rm -f "$root/etc/apt/sources.list.d/curl-mptcp-$suite.sources"
sed "s|^URIs: .*|URIs: file:$bad|" "$repo/curl-mptcp-$suite.sources" \
  >"$root/etc/apt/sources.list.d/curl-mptcp-tampered.sources"
in_root apt-get -q update >"$work/update-bad.log" 2>&1 || true
check "apt reports the altered Release as badly signed" \
  grep -Eq 'BADSIG|signatures were invalid|is not signed' "$work/update-bad.log"
check "apt offers no curl from the altered repository" \
  sh -c "! chroot '$root' apt-cache policy curl | grep -q 'tampered'"

echo "1..$n"
echo "# $((n - failed)) passed, $failed failed; $(( $(date +%s) - start )) s"
[ "$failed" -eq 0 ]
