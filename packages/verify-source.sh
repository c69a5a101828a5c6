#!/bin/sh
# Verify an upstream curl tarball: its detached OpenPGP signature
# (TARBALL.asc) must be good and made by the pinned release key, and, when
# given, its SHA-256 must match.
#
# Exit 0 when every check passes; otherwise print what failed and how to
# fix it, and exit 1.
set -eu
# shellcheck source=packages/script-lib.sh
. "$(dirname "$0")/script-lib.sh"

key="" fprfile="" sha256=""
synopsis="verify-source.sh -k KEY.asc -f FINGERPRINT_FILE [-s SHA256] TARBALL"
while getopts k:f:s: opt; do
  case $opt in
    k) key=$OPTARG ;;
    f) fprfile=$OPTARG ;;
    s) sha256=$OPTARG ;;
    *) usage "$synopsis" ;;
  esac
done
shift $((OPTIND - 1))
need key fprfile || usage "$synopsis"
[ $# -eq 1 ] || usage "$synopsis"
tarball=$1
name=$(basename "$tarball")

for tool in gpg gpgv sha256sum; do
  command -v "$tool" >/dev/null 2>&1 ||
    die "$tool is missing: install the Debian package" \
        "$( [ "$tool" = sha256sum ] && echo coreutils || echo "$tool")"
done

[ -f "$tarball" ] || die "$tarball does not exist"

[ -f "$tarball.asc" ] ||
  die "no signature $name.asc next to $tarball: a tarball is only used" \
      "with upstream's detached signature; put curl's $name.asc beside it"

pinned=$(grep -v '^#' "$fprfile" | tr -d ' \n')
case $pinned in
  *[!0-9A-F]*|"") die "$fprfile holds no valid fingerprint" ;;
esac
[ ${#pinned} -eq 40 ] || die "$fprfile holds no valid fingerprint"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
GNUPGHOME=$work
export GNUPGHOME

# gpgv wants a binary keyring; the key is shipped armoured for review.
gpg --batch --quiet --dearmor <"$key" >"$work/keyring.gpg" 2>"$work/err" ||
  die "cannot read the release key $key: $(cat "$work/err")"
gpg --batch --with-colons --show-keys "$work/keyring.gpg" 2>/dev/null |
  grep -q "^fpr:*$pinned:" ||
  die "the release key $key is not the pinned key $pinned"

status=0
gpgv --status-fd 3 --keyring "$work/keyring.gpg" "$tarball.asc" "$tarball" \
  3>"$work/status" >"$work/log" 2>&1 || status=$?
if grep -q '^\[GNUPG:\] BADSIG' "$work/status"; then
  die "BAD signature for $name: the file is corrupt or was tampered" \
      "with; delete $tarball (and its .asc) and fetch it again"
fi
if grep -q '^\[GNUPG:\] NO_PUBKEY' "$work/status"; then
  die "$name.asc was not made by curl's release key $pinned: the" \
      "signature is not upstream's; delete it and fetch it again"
fi
# VALIDSIG's last field is the primary key's fingerprint.
signer=$(awk '$2 == "VALIDSIG" { print $NF }' "$work/status")
if [ "$status" -ne 0 ] || [ "$signer" != "$pinned" ]; then
  die "cannot verify $name with $name.asc: $(cat "$work/log")"
fi

if [ -n "$sha256" ]; then
  actual=$(sha256sum "$tarball" | cut -d' ' -f1)
  [ "$actual" = "$sha256" ] ||
    die "SHA-256 of $name is $actual, but curl-versions.tsv records" \
        "$sha256: delete $tarball and fetch it again (or correct the" \
        "table if upstream re-released it, after checking why)"
fi
say "$name: good signature by $pinned${sha256:+, SHA-256 ok}"
