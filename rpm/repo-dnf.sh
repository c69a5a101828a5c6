#!/bin/sh
# Make a signed dnf/yum repository of our curl: each RPM signed
# with rpmsign, createrepo_c metadata, repodata/repomd.xml signed with a
# detached armoured signature (repomd.xml.asc), the public key beside it,
# and a .repo file for /etc/yum.repos.d with gpgcheck=1 and repo_gpgcheck=1.
#
# KEY names the signing key in gpg's keyring ($GNUPGHOME or ~/.gnupg): a
# key id, fingerprint or user id. REPO_URL and KEY_URL are where users
# will reach the repository and its key; they go into the .repo file.
# OUTDIR is replaced only when everything succeeded. The repository
# carries the package curl only: libcurl stays the distribution's (make
# rpm SRPM=... rebuilds the distribution's own curl with our patch).
set -eu
# shellcheck source=packages/script-lib.sh
. "$(dirname "$0")/../packages/script-lib.sh"
messages_as repo-dnf

key="" out="" repo_url="" key_url=""
synopsis="repo-dnf.sh -k KEY -o OUTDIR -b REPO_URL -g KEY_URL RPM..."
while getopts k:o:b:g: opt; do
  case $opt in
    k) key=$OPTARG ;;
    o) out=$OPTARG ;;
    b) repo_url=$OPTARG ;;
    g) key_url=$OPTARG ;;
    *) usage "$synopsis" ;;
  esac
done
shift $((OPTIND - 1))

need out repo_url key_url || usage "$synopsis"
[ -n "$key" ] ||
  die "no signing key: give one from gpg --list-secret-keys, e.g." \
      "make repo-dnf GPG_KEY=0123ABCD... (see docs/rpm.md)"
for f in "$@"; do
  [ -f "$f" ] || die "no binary RPM at $f: run make rpm first"
done
[ $# -gt 0 ] || die "no binary RPM given: run make rpm first"
for f in "$@"; do
  name=$(rpm -qp --nosignature --qf '%{name}' "$f" 2>/dev/null) ||
    die "$f is not an RPM"
  [ "$name" = curl ] ||
    die "$(basename "$f") is the package $name: the repository carries curl" \
        "only, so that libcurl stays the distribution's"
done
for tool in createrepo_c:createrepo-c rpmsign:rpm gpg:gpg; do
  command -v "${tool%%:*}" >/dev/null 2>&1 ||
    die "${tool%%:*} is missing: install the package ${tool#*:}"
done
gpg --batch --list-secret-keys "$key" >/dev/null 2>&1 ||
  die "gpg has no secret key '$key' (GNUPGHOME=${GNUPGHOME:-~/.gnupg});" \
      "list them with gpg --list-secret-keys"
fpr=$(gpg --batch --with-colons --list-secret-keys "$key" 2>/dev/null |
      awk -F: '$1 == "fpr" { print $10; exit }')

new=$out.new
rm -rf "$new"
mkdir -p "$new"
trap 'rm -rf "$new"' EXIT
cp "$@" "$new/"

say "signing $# RPMs with key $fpr"
# Debian's rpm points %__gpg at gpg2, which Debian does not have.
rpmsign --addsign --define "__gpg $(command -v gpg)" \
  --define "_gpg_name $fpr" "$new"/*.rpm >"$new.log" 2>&1 || {
  cat "$new.log" >&2
  die "rpmsign failed"
}
rm -f "$new.log"

say "createrepo_c $out"
createrepo_c --quiet "$new"
gpg --batch --yes --local-user "$fpr" --armor --detach-sign \
  --output "$new/repodata/repomd.xml.asc" "$new/repodata/repomd.xml"
gpg --batch --armor --export "$fpr" >"$new/RPM-GPG-KEY-curl-mptcp"

cat >"$new/curl-mptcp.repo" <<EOF
# curl with Multipath TCP (curl-mptcp): copy to /etc/yum.repos.d/.
# Its curl is the distribution's curl of the same release plus our patch
# (release R.mptcpN), on the distribution's libcurl; the distribution's
# next release of curl replaces it. Fedora has no curl-minimal package
# since 8.6.0-4 (its curl provides the name): dnf upgrade curl. Where a
# curl-minimal package is installed: dnf swap curl-minimal curl. Both the
# packages and the repository metadata are signed; dnf imports the key
# from gpgkey on first use and asks first.
[curl-mptcp]
name=curl with Multipath TCP (curl-mptcp)
baseurl=$repo_url
enabled=1
gpgcheck=1
repo_gpgcheck=1
gpgkey=$key_url
EOF

rm -rf "$out"
mv "$new" "$out"
trap - EXIT
say "$out (key $fpr; .repo file $out/curl-mptcp.repo)"
