#!/bin/sh
# Make a signed apt repository from the packages that make deb built.
#
#   apt-repo.sh -i DEB_DIST -o REPO [-k KEYID | -T] [-u URL]
#
# DEB_DIST holds one directory per target release (dist/deb/debian-12,
# ...), each with a .changes (make deb's, or make deb-chroot's from
# published-changes.sh), the source package and the curl .deb; every
# release goes into its own suite (the .changes' Distribution), component
# main. Only the source package and the curl package go in: the
# distribution's library packages stay its own. Release and InRelease are signed with
# the OpenPGP key KEYID from the user's keyring ($GNUPGHOME or ~/.gnupg),
# or with -T by a throwaway key made now under REPO.gnupg/ (for tests
# only; it is never part of the toolkit). REPO is rebuilt whole.
#
# REPO also gets, for users: curl-mptcp-SUITE.sources (a deb822 source with
# the public key inline as Signed-By, pointing at URL, default file:REPO).
# There is no preferences file: our curl is DIST_VERSION+mptcpN, above the
# distribution's revision it is built on and below its next one, so
# apt-get upgrade takes ours, and a distribution update of curl wins at
# once until ours is rebuilt on it.
set -eu

in="" repo="" key="" throwaway="" url=""
while getopts i:o:k:Tu: opt; do
  case $opt in
    i) in=$OPTARG ;;
    o) repo=$OPTARG ;;
    k) key=$OPTARG ;;
    T) throwaway=yes ;;
    u) url=$OPTARG ;;
    *) exit 2 ;;
  esac
done
if [ -z "$in" ] || [ -z "$repo" ] || { [ -z "$key" ] && [ -z "$throwaway" ]; }; then
  echo "usage: apt-repo.sh -i DEB_DIST -o REPO (-k KEYID | -T) [-u URL]" >&2
  echo "apt-repo: give the signing key with GPG_KEY=KEYID (make repo)," \
       "or GPG_KEY=throwaway for a test key" >&2
  exit 2
fi
command -v reprepro >/dev/null 2>&1 || {
  echo "apt-repo: reprepro is missing: apt-get install reprepro" >&2
  exit 1
}
changes=$(find "$in" -mindepth 2 -maxdepth 2 -name '*.changes' | sort)
[ -n "$changes" ] || {
  echo "apt-repo: no .changes under $in/*/: run make deb first" >&2
  exit 1
}
mkdir -p "$(dirname "$repo")"
repo=$(cd "$(dirname "$repo")" && pwd)/$(basename "$repo")
: "${url:=file:$repo}"

if [ -n "$throwaway" ]; then
  GNUPGHOME=$repo.gnupg
  export GNUPGHOME
  rm -rf "$GNUPGHOME"
  mkdir -m 700 "$GNUPGHOME"
  gpg --batch --quiet --passphrase '' --quick-gen-key \
    "curl-mptcp test repository (throwaway) <test@curl-mptcp.invalid>" \
    ed25519 sign 1d 2>/dev/null
  key=$(gpg --batch --with-colons --list-keys | awk -F: '$1 == "fpr" { print $10; exit }')
  echo "apt-repo: signing with a throwaway key $key (in $GNUPGHOME)"
fi
gpg --batch --list-secret-keys "$key" >/dev/null 2>&1 || {
  echo "apt-repo: no secret key $key in ${GNUPGHOME:-~/.gnupg}: import it," \
       "or use GPG_KEY=throwaway for a test repository" >&2
  exit 1
}

stage=$repo.tmp
rm -rf "$stage"
mkdir -p "$stage/conf"
trap 'rm -rf "$stage"' EXIT
for c in $changes; do
  suite=$(sed -n 's/^Distribution: //p' "$c")
  grep -q "^Codename: $suite\$" "$stage/conf/distributions" 2>/dev/null && continue
  cat >>"$stage/conf/distributions" <<STANZA
Origin: curl-mptcp
Label: curl-mptcp
Codename: $suite
Suite: $suite
Architectures: $(dpkg --print-architecture) source
Components: main
Description: curl with Multipath TCP (curl-mptcp) for $suite
SignWith: $key

STANZA
done
for c in $changes; do
  suite=$(sed -n 's/^Distribution: //p' "$c")
  dir=$(dirname "$c")
  for f in "$dir"/curl_*.dsc "$dir"/curl_*.deb; do
    [ -f "$f" ] || {
      echo "apt-repo: $dir has no curl .dsc or .deb: run make deb again" >&2
      exit 1
    }
    echo "apt-repo: adding $(basename "$f") to suite $suite"
    case $f in
      *.dsc)
        # A .dsc names no section or priority: the .changes does.
        sp=$(awk -v f="$(basename "$f")" '$NF == f && NF == 5 { print $3, $4; exit }' "$c")
        [ "$(echo "$sp" | wc -w)" -eq 2 ] || {
          echo "apt-repo: $c does not list $(basename "$f"): run make deb (or make deb-chroot) again" >&2
          exit 1
        }
        # shellcheck disable=SC2086 # two words on purpose
        set -- $sp
        reprepro --silent -b "$stage" -S "$1" -P "$2" includedsc "$suite" "$f" ;;
      *) reprepro --silent -b "$stage" includedeb "$suite" "$f" ;;
    esac
  done
done
rm -rf "$stage/db" "$stage/conf"

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
trap - EXIT
echo "apt-repo: $repo: suites:" "$repo"/dists/*
echo "apt-repo: users copy curl-mptcp-SUITE.sources to /etc/apt/sources.list.d/"
