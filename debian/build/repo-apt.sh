#!/bin/sh
# Make or update a signed apt repository from the packages that make deb
# built.
#
# DEB_DIST holds one directory per target release (dist/deb/debian-12,
# ...), each with a .changes (make deb's, or make deb-chroot's from
# published-changes.sh); -t takes only those targets (default: all).
# Each release goes into its own suite (the .changes' Distribution),
# component main, and gets exactly the files its .changes lists, checked
# against the checksums there (reprepro include): the source package and
# the curl .deb, never a stray file beside them; the distribution's
# library packages stay its own. A suite's earlier curl is replaced.
# With -S, STATE keeps reprepro's database between runs (never published),
# so that publishing one target keeps every other target's suite; without
# it REPO holds only the targets given now. Release and InRelease are
# signed with the OpenPGP key KEYID from the user's keyring ($GNUPGHOME
# or ~/.gnupg; the archive key, which may differ from the release key),
# or with -T by a throwaway key made in a temporary keyring that is
# deleted at the end (for tests only: its secret key is never kept), and
# carry Valid-Until VALID_FOR ahead (default 30d, reprepro's ValidFor):
# a publisher re-runs make repo within that time, so that old signed
# metadata cannot be replayed to users forever.
#
# REPO also gets, for users: curl-mptcp-SUITE.sources (a deb822 source with
# the public key inline as Signed-By, pointing at URL, default file:REPO)
# and curl-mptcp-archive-key.asc.
# There is no preferences file: our curl is DIST_VERSION+mptcpN, above the
# distribution's revision it is built on and below its next one, so
# apt-get upgrade takes ours, and a distribution update of curl wins at
# once until ours is rebuilt on it.
set -eu
# shellcheck source=packages/script-lib.sh
. "$(dirname "$0")/../../packages/script-lib.sh"

in="" repo="" key="" throwaway="" url="" statedir="" targets="" valid=30d
synopsis="repo-apt.sh -i DEB_DIST -o REPO (-k KEYID | -T) [-u URL] [-S STATE]\
 [-t TARGET]... [-V VALID_FOR]"
while getopts i:o:k:Tu:S:t:V: opt; do
  case $opt in
    i) in=$OPTARG ;;
    o) repo=$OPTARG ;;
    k) key=$OPTARG ;;
    T) throwaway=yes ;;
    u) url=$OPTARG ;;
    S) statedir=$OPTARG ;;
    t) targets="$targets $OPTARG" ;;
    V) valid=$OPTARG ;;
    *) usage "$synopsis" ;;
  esac
done
need in repo || usage "$synopsis"
if [ -z "$key" ] && [ -z "$throwaway" ]; then
  warn "give the signing key with GPG_KEY=KEYID (make repo)," \
       "or GPG_KEY=throwaway for a test key"
  usage "$synopsis"
fi
command -v reprepro >/dev/null 2>&1 ||
  die "reprepro is missing: apt-get install reprepro"
if [ -n "$targets" ]; then
  changes=""
  for t in $targets; do
    c=$(find "$in/$t" -maxdepth 1 -name '*.changes' 2>/dev/null | sort)
    [ -n "$c" ] || die "no .changes in $in/$t: run make deb DISTRO=$t first"
    changes="$changes $c"
  done
else
  changes=$(find "$in" -mindepth 2 -maxdepth 2 -name '*.changes' | sort)
fi
[ -n "$changes" ] || die "no .changes under $in/*/: run make deb first"
mkdir -p "$(dirname "$repo")"
repo=$(cd "$(dirname "$repo")" && pwd)/$(basename "$repo")
: "${url:=file:$repo}"

stage=$repo.tmp
tmpkeys=""
cleanup() {
  rm -rf "$stage" "$stage.state"
  if [ -n "$tmpkeys" ]; then
    GNUPGHOME=$tmpkeys gpgconf --kill gpg-agent 2>/dev/null || true
    rm -rf "$tmpkeys"
  fi
}
trap cleanup EXIT
if [ -n "$throwaway" ]; then
  tmpkeys=$(mktemp -d "${TMPDIR:-/tmp}/repo-apt-key.XXXXXX")
  GNUPGHOME=$tmpkeys
  export GNUPGHOME
  gpg --batch --quiet --passphrase '' --quick-gen-key \
    "curl-mptcp test repository (throwaway) <test@curl-mptcp.invalid>" \
    ed25519 sign 1d 2>/dev/null
  key=$(gpg --batch --with-colons --list-keys | awk -F: '$1 == "fpr" { print $10; exit }')
  say "signing with a throwaway key $key (deleted at the end)"
fi
# KEYID names exactly one secret key: a user id that matches two would
# put both into curl-mptcp-archive-key.asc and every .sources' Signed-By.
fprs=$(gpg --batch --with-colons --list-secret-keys -- "$key" 2>/dev/null |
       awk -F: '$1 == "sec" { want = 1; next }
                $1 == "fpr" && want { print $10; want = 0 }' | sort -u)
case $(printf '%s' "$fprs" | grep -c '' || true) in
  0) echo "repo-apt: no secret key $key in ${GNUPGHOME:-~/.gnupg}: import it," \
          "or use GPG_KEY=throwaway for a test repository" >&2
     exit 1 ;;
  1) key=$fprs ;;
  *) echo "repo-apt: $key matches $(printf '%s' "$fprs" | grep -c '')" \
          "secret keys ($(printf '%s' "$fprs" | tr '\n' ' ')): give the full" \
          "fingerprint of the archive key (ARCHIVE_KEY= or GPG_KEY=)" >&2
     exit 1 ;;
esac

# reprepro's whole base directory (conf, db, pool, dists) is the state.
rm -rf "$stage" "$stage.state"
work=$stage.state
if [ -n "$statedir" ] && [ -d "$statedir/db" ]; then
  cp -a "$statedir" "$work"
else
  mkdir -p "$work/conf"
fi
: >"$work/conf/distributions.new"
suites=$(for c in $changes; do sed -n 's/^Distribution: //p' "$c"; done
         [ ! -f "$work/conf/distributions" ] ||
           sed -n 's/^Codename: //p' "$work/conf/distributions")
for suite in $(printf '%s\n' "$suites" | sort -u); do
  cat >>"$work/conf/distributions.new" <<STANZA
Origin: curl-mptcp
Label: curl-mptcp
Codename: $suite
Suite: $suite
Architectures: $(dpkg --print-architecture) source
Components: main
Description: curl with Multipath TCP (curl-mptcp) for $suite
ValidFor: $valid
SignWith: $key

STANZA
done
mv "$work/conf/distributions.new" "$work/conf/distributions"
for c in $changes; do
  suite=$(sed -n 's/^Distribution: //p' "$c")
  say "suite $suite: $(basename "$c") and the files it lists"
  reprepro --silent -b "$work" removesrc "$suite" curl >/dev/null 2>&1 || true
  reprepro --silent -b "$work" include "$suite" "$c" ||
    die "reprepro refused $c (see above): run make deb again"
done
# Every suite signed again with this key, with a fresh Valid-Until.
reprepro --silent -b "$work" export
reprepro --silent -b "$work" deleteunreferenced >/dev/null 2>&1 || true

mkdir -p "$stage"
cp -a "$work/dists" "$work/pool" "$stage/"
gpg --batch --armor --export "$key" >"$stage/curl-mptcp-archive-key.asc"
for d in "$stage"/dists/*; do
  suite=$(basename "$d")
  {
    # Architectures: what the suite holds, so that apt on a multiarch
    # host asks for no other architecture's index.
    archs=$(sed -n 's/^Architectures: //p' "$d/Release" | tr ' ' '\n' |
            grep -v -x source | tr '\n' ' ')
    printf 'Types: deb deb-src\nURIs: %s\nSuites: %s\nComponents: main\n' \
      "$url" "$suite"
    printf 'Architectures: %s\n' "${archs% }"
    printf 'Signed-By:\n'
    sed -e 's/^$/./' -e 's/^/ /' "$stage/curl-mptcp-archive-key.asc"
  } >"$stage/curl-mptcp-$suite.sources"
done

rm -rf "$repo"
mv "$stage" "$repo"
if [ -n "$statedir" ]; then
  rm -rf "$statedir"
  mkdir -p "$(dirname "$statedir")"
  mv "$work" "$statedir"
fi
echo "repo-apt: $repo: suites:" "$repo"/dists/*
say "users copy curl-mptcp-SUITE.sources to /etc/apt/sources.list.d/"
