#!/bin/sh
# %gpgverify for an rpm that lacks it (Debian's): the same command line
# and the same check as Fedora's redhat-rpm-config gpgverify, so that a
# distribution's curl spec whose %prep starts with
#   %{gpgverify} --keyring='%{SOURCE2}' --signature='%{SOURCE1}' --data='%{SOURCE0}'
# rebuilds on such a host too. build-rpms.sh defines the macro there.
#
#   gpgverify.sh --keyring=KEY.asc --signature=FILE.asc --data=FILE
#
# The data must carry a good signature by a key in KEY.asc (armoured or
# binary), checked against a keyring of those keys alone.
set -eu

keyring="" signature="" data=""
for arg in "$@"; do
  case $arg in
    --keyring=*) keyring=${arg#--keyring=} ;;
    --signature=*) signature=${arg#--signature=} ;;
    --data=*) data=${arg#--data=} ;;
    *) echo "gpgverify: unknown argument $arg" >&2; exit 2 ;;
  esac
done
if [ -z "$keyring" ] || [ -z "$signature" ] || [ -z "$data" ]; then
  echo "usage: gpgverify.sh --keyring=KEY --signature=SIG --data=FILE" >&2
  exit 2
fi
for f in "$keyring" "$signature" "$data"; do
  [ -r "$f" ] || { echo "gpgverify: cannot read $f" >&2; exit 1; }
done

home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
if grep -q 'BEGIN PGP PUBLIC KEY BLOCK' "$keyring"; then
  gpg --homedir "$home" --batch --quiet --dearmor \
    --output "$home/keyring.gpg" "$keyring"
else
  cp "$keyring" "$home/keyring.gpg"
fi
gpgv --homedir "$home" --keyring "$home/keyring.gpg" "$signature" "$data"
