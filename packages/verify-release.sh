#!/bin/sh
# Verify a release tree as its user would, trusting nothing in it but the
# release key's fingerprint that the user obtained elsewhere
# (docs/releases.md, "Verifying a release"): the key of that fingerprint (taken from
# release-key.asc, nothing else of that file) signed SHA256SUMS, which
# lists every file exactly once with the right checksum; the manifest
# names that key and lists every artefact with its size and checksum;
# every signature in the tree verifies: the apt repository's (InRelease,
# Release.gpg) with the archive key (-a, default the release key), the
# others (signed .dsc/.changes/.buildinfo, detached .asc, the .dsc in the
# repository's pool too) with the release key. The release holds no secret key and no binary RPM built on
# a Debian host. Then tampered copies must be refused.
#
#   verify-release.sh -f FINGERPRINT [-a ARCHIVE_FINGERPRINT] DIST_DIR
#                                     prints TAP
set -u
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
# shellcheck source=tests/lib/tap.sh
. "$top_srcdir/tests/lib/tap.sh"
key="" archive=""
while getopts f:a: opt; do
  case $opt in
    f) key=$OPTARG ;;
    a) archive=$OPTARG ;;
    *) exit 2 ;;
  esac
done
shift $((OPTIND - 1))
key=$(printf '%s' "$key" | tr -d ' ' | tr '[:lower:]' '[:upper:]')
archive=$(printf '%s' "${archive:-$key}" | tr -d ' ' | tr '[:lower:]' '[:upper:]')
if ! printf '%s' "$key" | grep -qx '[0-9A-F]\{40\}' || [ $# -ne 1 ]; then
  echo "usage: verify-release.sh -f FINGERPRINT [-a ARCHIVE_FINGERPRINT] DIST_DIR" >&2
  echo "  FINGERPRINT: the release key's full 40-digit fingerprint, as" \
       "published apart from the release (never read from it)" >&2
  exit 2
fi
dist=$(cd "$1" && pwd) || exit 2
PYTHON3=${PYTHON3:-python3}

t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
GNUPGHOME="$t/gnupg"
export GNUPGHOME
mkdir -m 700 "$GNUPGHOME"

# keyring FILE FPR OUT: only the key FPR of FILE, as a keyring for gpgv.
keyring() {
  gpg --batch --quiet --import "$1" 2>/dev/null
  gpg --batch --with-colons --list-keys "$2" 2>/dev/null |
    grep -q "^fpr:*$2:" || return 1
  gpg --batch --export "$2" >"$3"
}
keyring "$dist/release-key.asc" "$key" "$t/keyring.gpg"
ok $? "release-key.asc holds the key $key"
keyring "$dist/apt/curl-mptcp-archive-key.asc" "$archive" "$t/archive.gpg"
ok $? "the apt repository's key is the archive key $archive"
named=$("$PYTHON3" -c 'import json,sys; print(json.load(open(sys.argv[1]))["signing_key"])' \
      "$dist/manifest.json" 2>/dev/null)
is "$named" "$key" "the manifest names the release key"

# sigcheck KEYRING FPR SIGNATURE [DATA]: gpgv with only that key; the
# signer's primary fingerprint must be FPR.
sigcheck() {
  ring=$1 want=$2
  shift 2
  gpgv --status-fd 3 --keyring "$ring" "$@" 3>"$t/status" \
    >/dev/null 2>&1 &&
    [ "$(awk '$2 == "VALIDSIG" { print $NF }' "$t/status")" = "$want" ]
}

sigcheck "$t/keyring.gpg" "$key" "$dist/SHA256SUMS.asc" "$dist/SHA256SUMS"
ok $? "SHA256SUMS.asc is a good signature by the release key"
(cd "$dist" && sha256sum --quiet --strict -c SHA256SUMS) >"$t/sums" 2>&1
ok $? "every checksum in SHA256SUMS matches"
(cd "$dist" && find . -type f ! -name SHA256SUMS ! -name SHA256SUMS.asc |
   sed 's|^\./||' | LC_ALL=C sort) >"$t/files"
awk '{ sub(/^\*/, "", $2); print $2 }' "$dist/SHA256SUMS" | LC_ALL=C sort \
  >"$t/listed"
is "$(diff "$t/files" "$t/listed")" "" \
  "SHA256SUMS lists every file of the release, and nothing else"

# The manifest: every artefact is there with its size and checksum, and
# every file but the manifest and the sums is an artefact.
"$PYTHON3" - "$dist" "$top_srcdir/debian/build" >"$t/manifest.out" 2>&1 <<'PY'
import hashlib, json, os, subprocess, sys
dist, toolkit = sys.argv[1], sys.argv[2]


def tool(*args):
    return subprocess.run(["sh"] + list(args), check=True,
                          stdout=subprocess.PIPE, text=True).stdout.strip()


def dpkg_lt(a, b):
    return subprocess.run(["dpkg", "--compare-versions", a, "lt", b]).returncode == 0


# Ours sorts above the revision it is built on and below the one the
# distribution publishes next (deb-version.sh): a distribution update wins.
def built_on(version, target, used):
    updates = tool(os.path.join(toolkit, "target.sh"), "-d", target, "updates")
    nxt = tool(os.path.join(toolkit, "deb-version.sh"), "next", used, updates)
    return dpkg_lt(used, version) and dpkg_lt(version, nxt)


m = json.load(open(os.path.join(dist, "manifest.json")))
bad = []
seen = set()
for a in m["artefacts"]:
    p = os.path.join(dist, a["path"])
    seen.add(a["path"])
    if not os.path.isfile(p):
        bad.append("missing: " + a["path"]); continue
    if os.path.getsize(p) != a["size"]:
        bad.append("size differs: " + a["path"])
    if hashlib.sha256(open(p, "rb").read()).hexdigest() != a["sha256"]:
        bad.append("sha256 differs: " + a["path"])
    for k in ("kind", "target", "curl_version"):
        if not a.get(k):
            bad.append("no %s: %s" % (k, a["path"]))
    if a["kind"] in ("deb", "rpm", "srpm") and not a.get("version"):
        bad.append("no package version: " + a["path"])
    # The curl inside: a package's upstream version, a kit's name.
    if a.get("version") and not a["version"].startswith(
            a["curl_version"] + "-"):
        bad.append("package %s is not of curl %s: %s"
                   % (a["version"], a["curl_version"], a["path"]))
    if a["kind"].endswith("-kit") and not os.path.basename(
            a["path"]).startswith("curl-%s-mptcp-" % a["curl_version"]):
        bad.append("kit is not of curl %s: %s"
                   % (a["curl_version"], a["path"]))
# Every Debian target says which distribution revision it is built on.
used = {d["target"]: d for d in m.get("distribution_sources", [])}
for a in m["artefacts"]:
    if a["kind"] == "deb" and not used.get(a["target"], {}).get("used"):
        bad.append("no distribution revision recorded for " + a["path"])
    elif a["kind"] == "deb" and not built_on(
            a["version"], a["target"], used[a["target"]]["used"]):
        bad.append("package %s is not between %s's %s and its next: %s"
                   % (a["version"], a["target"],
                      used[a["target"]]["used"], a["path"]))
skip = {"manifest.json", "SHA256SUMS", "SHA256SUMS.asc"}
for root, _, files in os.walk(dist):
    for f in files:
        rel = os.path.relpath(os.path.join(root, f), dist)
        if rel not in skip and rel not in seen:
            bad.append("not in the manifest: " + rel)
print("\n".join(bad))
kinds = sorted({a["kind"] for a in m["artefacts"]})
print("kinds: " + " ".join(kinds))
sys.exit(1 if bad else 0)
PY
ok $? "the manifest matches the files (paths, sizes, SHA-256)"
grep -v -e '^kinds:' -e '^$' "$t/manifest.out" | head -n 20 | sed 's/^/# /'
kinds=$(sed -n 's/^kinds: //p' "$t/manifest.out")
for k in deb deb-source srpm repo-deb repo-metadata vms-kit os400-kit; do
  case " $kinds " in
    *" $k "*) ok 0 "the release has artefacts of kind $k" ;;
    *) ok 1 "the release has artefacts of kind $k (kinds: $kinds)" ;;
  esac
done

case " $kinds " in
  *" rpm "*|*" repo-rpm "*) ok 1 "no binary RPM (built on this Debian host) is in the release" ;;
  *) ok 0 "no binary RPM (built on this Debian host) is in the release" ;;
esac
others=$(cd "$dist" && find . ! -type f ! -type d | head -n 5 | tr '\n' ' ')
is "$others" "" "the release holds only regular files and directories (no symlink)"
secret=$(cd "$dist" && { grep -rlE 'PRIVATE KEY|private-key' . 2>/dev/null
  find . -name 'private-keys-v1.d' -o -name '*.gnupg' -o -name 'secring.gpg' \
    -o -name 'pubring.kbx'; } | head -n 5 | tr '\n' ' ')
is "$secret" "" "no secret key or keyring is in the release"

# Every signature in the tree.
nsig=0 badsig=""
for f in $(cd "$dist" && find . -type f | sed 's|^\./||' | LC_ALL=C sort); do
  case $f in
    # Checked above; the key itself.
    SHA256SUMS.asc|release-key.asc) continue ;;
    # Upstream's signature of curl's tarball is by curl's key: the build
    # verifies it with packages/curl-release-key.asc.
    *curl-*.tar.gz.asc|*curl_*.orig.tar.gz.asc) continue ;;
  esac
  case $f in
    apt/dists/*) ring=$t/archive.gpg want=$archive ;;
    *) ring=$t/keyring.gpg want=$key ;;
  esac
  if grep -q 'BEGIN PGP SIGNED MESSAGE' "$dist/$f" 2>/dev/null; then
    nsig=$((nsig + 1))
    sigcheck "$ring" "$want" "$dist/$f" || badsig="$badsig $f"
    continue
  fi
  data=${f%.asc}
  data=${data%.gpg}
  if [ "$data" = "$f" ] || [ ! -f "$dist/$data" ]; then continue; fi
  grep -q 'PUBLIC KEY' "$dist/$f" 2>/dev/null && continue
  nsig=$((nsig + 1))
  sigcheck "$ring" "$want" "$dist/$f" "$dist/$data" || badsig="$badsig $f"
done
is "$badsig" "" "all $nsig signatures in the tree verify with the release key"
# An upload needs the Debian source package and its .changes signed.
unsigned=""
for f in $(cd "$dist" && find . \( -name '*.dsc' -o -name '*.changes' \) |
           sed 's|^\./||'); do
  grep -q 'BEGIN PGP SIGNED MESSAGE' "$dist/$f" || unsigned="$unsigned $f"
done
is "$unsigned" "" "every .dsc and .changes is signed"
ok "$([ "$nsig" -ge 2 ]; echo $?)" "the repositories' signatures are among them ($nsig)"

rpms=$(cd "$dist" && find . -name '*.src.rpm' | head -n 50)
if [ -n "$rpms" ] && command -v rpmkeys >/dev/null 2>&1; then
  badrpm=""
  for r in $rpms; do
    rpmkeys --dbpath "$t/rpmdb" -K --nosignature "$dist/$r" 2>&1 |
      grep -q 'digests OK' || badrpm="$badrpm $r"
  done
  is "$badrpm" "" "every source RPM's digests check out"
fi

# Tampering is noticed.
cp -a "$dist" "$t/copy"
victim=$(cd "$t/copy" && find . -name '*.deb' | head -n 1)
[ -n "$victim" ] || victim=./manifest.json
printf 'x' >>"$t/copy/$victim"
(cd "$t/copy" && sha256sum --quiet -c SHA256SUMS) >/dev/null 2>&1
ok $((! $?)) "a changed file ($victim) fails sha256sum -c"
printf '# appended\n' >>"$t/copy/SHA256SUMS"
sigcheck "$t/keyring.gpg" "$key" "$t/copy/SHA256SUMS.asc" "$t/copy/SHA256SUMS"
ok $((! $?)) "a changed SHA256SUMS fails its signature"

done_testing
