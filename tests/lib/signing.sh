# shellcheck shell=sh
# Throwaway OpenPGP keys and signed fake tarballs for the unit tests
# (sourced, POSIX sh; needs gpg). Nothing touches the user's keyring.

# make_key DIR NAME: create a key in its own home DIR/NAME.home; write
# its armoured public key to DIR/NAME.asc and its fingerprint to DIR/NAME.fpr.
make_key() {
  home=$1/$2.home
  mkdir -p "$home"
  chmod 700 "$home"
  GNUPGHOME=$home gpg --batch --quiet --passphrase '' \
    --quick-gen-key "$2 <$2@example.invalid>" ed25519 sign never 2>/dev/null
  GNUPGHOME=$home gpg --batch --armor --export >"$1/$2.asc" 2>/dev/null
  GNUPGHOME=$home gpg --batch --with-colons --list-keys 2>/dev/null |
    awk -F: '$1 == "fpr" { print $10; exit }' >"$1/$2.fpr"
}

# sign DIR NAME FILE: detached armoured signature FILE.asc by key NAME.
sign() {
  GNUPGHOME=$1/$2.home gpg --batch --quiet --yes --armor \
    --detach-sign --output "$3.asc" "$3"
}

# fake_tarball FILE: a small gzip'd tar with a curl-like top directory.
fake_tarball() {
  d=$(mktemp -d)
  v=$(basename "$1" .tar.gz)
  mkdir -p "$d/$v/include/curl" "$d/$v/src"
  echo "#define LIBCURL_VERSION \"${v#curl-}\"" >"$d/$v/include/curl/curlver.h"
  printf 'int main(void) { return 0; }\n' >"$d/$v/src/tool_main.c"
  head -c 4096 /dev/urandom >"$d/$v/payload"
  tar -C "$d" -czf "$1" "$v"
  rm -rf "$d"
}
