#!/bin/sh
# Fetch the newest obtainable revision of a target release's own curl
# source package, through the toolkit's private apt configuration
# (packages/private-apt.sh; the system's apt configuration is not
# touched). apt checks every file against the archive's signed metadata;
# the upstream tarball is checked again against curl's pinned release key
# and the SHA-256 of packages/curl-versions.tsv when that lists its version.
#
# -l only prints the revisions the suites list, newest first, one a line,
# and downloads nothing.
#
# Only the release's own suites are updated, each of which must update
# (packages/private-apt.sh: Origin Debian, or Ubuntu for an ubuntu-*
# target, signed by that distribution's archive keyring, inside its
# Valid-Until). -E names suites whose Valid-Until is not checked (a frozen
# mirror; make APT_ALLOW_EXPIRED=SUITE): the override is said on standard
# error and recorded.
#
# The release's suites (targets.tsv, the security suite included) are
# searched; revisions are tried newest first. A newer revision that the
# indices list but whose files cannot be downloaded is reported loudly and
# recorded. OUTDIR is replaced and gets the .dsc and its files, the
# unpacked tree curl-UPSTREAM/ (Debian's patches not yet applied), and
# OUTDIR/distribution-source, read by make release's manifest:
#   target DISTRO
#   suites SUITE...
#   used VERSION              the revision fetched
#   upstream VERSION          its upstream release (checked against the
#                             tree: check-curlver.sh), for build-deb.sh
#   listed VERSION...         every revision the suites list, newest first
#   unobtainable VERSION...   newer than "used" but not downloadable
#   valid-until-override SUITE...  suites read without checking their
#                             Release's Valid-Until (-E; empty: none)
set -eu
# shellcheck source=packages/script-lib.sh
. "$(dirname "$0")/../../packages/script-lib.sh"

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
distro="" cache="" out="" list="" expired="" apt_etc=/etc/apt
synopsis="fetch-distro-source.sh -d DISTRO -c CACHE -o OUTDIR | -l [-E SUITES]\
 [-e APT_ETC_DIR]"
while getopts d:c:o:lE:e: opt; do
  case $opt in
    l) list=yes ;;
    e) apt_etc=$OPTARG ;;
    E) expired=$OPTARG ;;
    d) distro=$OPTARG ;;
    c) cache=$OPTARG ;;
    o) out=$OPTARG ;;
    *) usage "$synopsis" ;;
  esac
done
need distro cache || usage "$synopsis"
[ -n "$out" ] || [ -n "$list" ] || usage "$synopsis"
suites=$(sh "$here/target.sh" -d "$distro" suites) || exit 1
origin=$(sh "$here/target.sh" -d "$distro" origin) || exit 1
# -l: the list alone on standard output, the progress on standard error.
if [ -n "$list" ]; then
  exec 3>&1 1>&2
fi
apt() {
  sh "$top/packages/private-apt.sh" -c "$cache" -e "$apt_etc" "$@"
}

cache_lock "$cache"
say "updating the private apt lists (suites: $suites)"
apt -s "$suites" -O "$origin" ${expired:+-E "$expired"} update ||
  die "the private apt configuration could not update $distro's suites" \
      "($suites): see the message above and $cache/apt/update.log"
override=$(cat "$cache/apt/valid-until-override" 2>/dev/null || true)

# The revisions the release's own suites list.
listed=$(suite_revisions apt curl) ||
  die "$distro's suites ($suites) list a curl revision that is not a" \
      "Debian version (see above): nothing is fetched"
listed=$(printf '%s\n' "$listed" | awk -v want="$suites" '
  BEGIN { n = split(want, w, " "); for(i = 1; i <= n; i++) ok[w[i]] = 1 }
  $1 in ok { print $2 }' | sort -u)
[ -n "$listed" ] ||
  die "no curl source package is listed for $distro (suites: $suites):" \
      "the machine's apt sources must reach that release's archive"

# shellcheck disable=SC2086 # one word per revision
sorted=$(newest_first $listed | paste -sd' ' -)
if [ -n "$list" ]; then
  echo "$sorted" | tr ' ' '\n' >&3
  exit 0
fi
say "$distro lists curl $(echo "$sorted" | sed 's/ /, /g')"

stage=$out.tmp
rm -rf "$stage"
mkdir -p "$stage"
trap 'rm -rf "$stage"' EXIT
used="" missing=""
for v in $sorted; do
  rm -rf "$stage/dl"
  mkdir -p "$stage/dl"
  if (cd "$stage/dl" && apt apt-get -q source --download-only "curl=$v") \
       >"$stage/fetch-$v.log" 2>&1; then
    used=$v
    break
  fi
  why=$(grep -Eo ' [45][0-9][0-9] +[A-Z][A-Za-z]*( [A-Z][A-Za-z]*)*|Hash Sum mismatch|NO_PUBKEY' \
        "$stage/fetch-$v.log" | head -n 1 | sed 's/^ //; s/  */ /g')
  say "curl $v is listed but cannot be fetched (${why:-see its log}): trying the next revision"
  missing="$missing $v"
done
[ -n "$used" ] ||
  die "no listed revision of $distro's curl could be fetched ($sorted)"

# The archive's word is checked before it names files and directories.
dpkg --validate-version -- "$used" 2>/dev/null ||
  die "$distro's archive lists curl '$used', which is not a Debian version"
upstream=$(deb_upstream "$used")
orig=$stage/dl/curl_$upstream.orig.tar.gz
[ -f "$orig" ] || die "curl $used has no curl_$upstream.orig.tar.gz"
if sha=$(sh "$top/packages/curl-versions.sh" get "$upstream" sha256 2>/dev/null); then
  sh "$top/packages/verify-source.sh" -k "$top/packages/curl-release-key.asc" \
    -f "$top/packages/curl-release-key.fingerprint" -s "$sha" "$orig" ||
    die "the upstream tarball of curl $used failed verification: do not build it"
  say "curl_$upstream.orig.tar.gz: curl's release key and the pinned SHA-256 agree"
else
  say "curl $upstream is not in packages/curl-versions.tsv: its tarball is" \
      "trusted on the archive's signed metadata alone"
fi

mv "$stage/dl"/* "$stage/"
rmdir "$stage/dl"
(cd "$stage" && dpkg-source --skip-patches -x "curl_${used#*:}.dsc" \
  "curl-$upstream" >"$stage/unpack.log" 2>&1) ||
  die "dpkg-source could not unpack curl $used (see $stage/unpack.log)"
# The orig tarball is the upstream release the version says.
sh "$top/packages/check-curlver.sh" -v "$upstream" "$stage/curl-$upstream" ||
  die "curl $used does not hold curl $upstream's source: do not build it"
{
  echo "target $distro"
  echo "suites $suites"
  echo "used $used"
  echo "upstream $upstream"
  echo "listed $sorted"
  echo "unobtainable${missing}"
  echo "valid-until-override${override:+ $override}"
} >"$stage/distribution-source"
rm -rf "$out"
mv "$stage" "$out"
trap - EXIT

say "using $distro's curl $used (curl $upstream)"
if [ -n "$missing" ]; then
  cat >&2 <<WARN
fetch-distro-source: ****************************************************
fetch-distro-source: NOT CURRENT: $distro lists a newer curl than this build:
fetch-distro-source:   listed but not downloadable:$missing
fetch-distro-source:   built on: $used
fetch-distro-source: Rebuild when the archive serves it (recorded in
fetch-distro-source: $out/distribution-source and the release manifest).
fetch-distro-source: ****************************************************
WARN
fi
