# shellcheck shell=sh
# Fake upstream and distribution sources for the keeping-current tests
# (sourced after tap.sh and signing.sh, POSIX sh): a download site served
# over HTTP on 127.0.0.1, and signed apt archives of curl source packages
# served over file:. Everything lives under $FAKE_DIR; the caller's trap
# calls stop_site.

# free_port: a TCP port on 127.0.0.1 that nothing listens on right now.
free_port() {
  "${PYTHON3:-python3}" -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
}

# serve_site DIR: serve DIR's directory listing over HTTP; sets SITE_URL
# and SITE_PID (ended by stop_site).
serve_site() {
  port=$(free_port)
  "${PYTHON3:-python3}" -m http.server --bind 127.0.0.1 --directory "$1" \
    "$port" >"$FAKE_DIR/site.log" 2>&1 &
  SITE_PID=$!
  SITE_URL=http://127.0.0.1:$port
  tries=0
  until curl -fs -o /dev/null "$SITE_URL/"; do
    tries=$((tries + 1))
    [ "$tries" -lt 50 ] || { echo "# the fake download site did not start"; return 1; }
    sleep 0.1
  done
}
stop_site() {
  if [ -n "${SITE_PID:-}" ]; then
    kill "$SITE_PID" 2>/dev/null || true
    wait "$SITE_PID" 2>/dev/null || true
    SITE_PID=""
  fi
}

# upstream_tarball VERSION: $FAKE_DIR/tar/curl-VERSION.tar.gz and its .asc,
# made once and signed with the fake release key "release".
upstream_tarball() {
  mkdir -p "$FAKE_DIR/tar"
  tb=$FAKE_DIR/tar/curl-$1.tar.gz
  if [ ! -f "$tb" ]; then
    fake_tarball "$tb"
    sign "$FAKE_DIR" release "$tb"
  fi
}

# file_sums FIELD DIR FILE...: a .dsc checksum field for FILEs in DIR.
file_sums() {
  echo "$1:"
  field=$1 dir=$2
  shift 2
  for f in "$@"; do
    case $field in
      Files) sum=$(md5sum <"$dir/$f" | cut -d' ' -f1) ;;
      *) sum=$(sha256sum <"$dir/$f" | cut -d' ' -f1) ;;
    esac
    echo " $sum $(wc -c <"$dir/$f") $f"
  done
}

# source_package ARCHIVE REVISION: curl REVISION's source package in the
# pool of $FAKE_DIR/ARCHIVE (the orig tarball is the fake upstream one).
source_package() {
  pool=$FAKE_DIR/$1/pool/main/c/curl
  mkdir -p "$pool"
  up=${2%-*}
  upstream_tarball "$up"
  cp "$FAKE_DIR/tar/curl-$up.tar.gz" "$pool/curl_$up.orig.tar.gz"
  cp "$FAKE_DIR/tar/curl-$up.tar.gz.asc" "$pool/curl_$up.orig.tar.gz.asc"
  pk=$(mktemp -d)
  mkdir -p "$pk/debian/source"
  printf 'packaging of curl %s\n' "$2" >"$pk/debian/README"
  echo '3.0 (quilt)' >"$pk/debian/source/format"
  tar -C "$pk" -czf "$pool/curl_$2.debian.tar.gz" debian
  rm -rf "$pk"
  set -- "curl_$up.orig.tar.gz" "curl_$up.orig.tar.gz.asc" \
    "curl_$2.debian.tar.gz" "$2"
  {
    printf 'Format: 3.0 (quilt)\nSource: curl\nBinary: curl\n'
    printf 'Architecture: any\nVersion: %s\n' "$4"
    printf 'Maintainer: Test <test@example.invalid>\n'
    file_sums Checksums-Sha256 "$pool" "$1" "$2" "$3"
    file_sums Files "$pool" "$1" "$2" "$3"
  } >"$pool/curl_$4.dsc"
}

# publish ARCHIVE SUITE REVISION...: SUITE's signed index in ARCHIVE lists
# exactly these revisions of curl (key "archive", or $FAKE_KEY). With
# FAKE_VALID_UNTIL set (a date), its Release file carries that
# Valid-Until; its Origin is $FAKE_ORIGIN (default Debian).
publish() {
  archive=$1 suite=$2
  shift 2
  for rev in "$@"; do
    source_package "$archive" "$rev"
  done
  dists=$FAKE_DIR/$archive/dists/$suite
  mkdir -p "$dists/main/source"
  (cd "$FAKE_DIR/$archive" && dpkg-scansources pool 2>/dev/null) |
    awk -v want=" $* " 'BEGIN { RS = ""; ORS = "\n\n" }
      { n = split($0, l, "\n")
        for(i = 1; i <= n; i++)
          if(l[i] ~ /^Version: /) v = substr(l[i], 10)
        if(index(want, " " v " ")) print }' >"$dists/main/source/Sources"
  gzip -n -c "$dists/main/source/Sources" >"$dists/main/source/Sources.gz"
  {
    printf 'Origin: %s\nLabel: Fake\nSuite: %s\nCodename: %s\n' \
      "${FAKE_ORIGIN:-Debian}" "$suite" "$suite"
    printf 'Date: %s\nComponents: main\nArchitectures: amd64\n' \
      "$(LC_ALL=C date -u -R -d "${FAKE_VALID_UNTIL:-now} - 1 day")"
    [ -z "${FAKE_VALID_UNTIL:-}" ] ||
      printf 'Valid-Until: %s\n' "$(LC_ALL=C date -u -R -d "$FAKE_VALID_UNTIL")"
    file_sums SHA256 "$dists" main/source/Sources main/source/Sources.gz
  } >"$dists/Release"
  GNUPGHOME=$FAKE_DIR/${FAKE_KEY:-archive}.home gpg --batch --quiet --yes \
    --clearsign --output "$dists/InRelease" "$dists/Release"
}

# unpool ARCHIVE REVISION: the revision stays listed, its files go (the
# orig tarball too: give such a revision an upstream version of its own).
unpool() {
  up=${2%-*}
  rm -f "$FAKE_DIR/$1/pool/main/c/curl/curl_$2".* \
        "$FAKE_DIR/$1/pool/main/c/curl/curl_$up".orig.*
}

# fake_apt_etc: $FAKE_DIR/etc, an apt configuration naming the archives
# "debian" (a Debian release) and "security" (its security suite), both
# signed by the key "archive", which stands in for the distribution's
# archive keyring (DISTRO_KEYRING, exported).
fake_apt_etc() {
  mkdir -p "$FAKE_DIR/etc"
  GNUPGHOME=$FAKE_DIR/archive.home gpg --batch --export \
    >"$FAKE_DIR/archive.gpg"
  DISTRO_KEYRING=$FAKE_DIR/archive.gpg
  export DISTRO_KEYRING
  cat >"$FAKE_DIR/etc/sources.list" <<EOF
deb [signed-by=$FAKE_DIR/archive.gpg] file:$FAKE_DIR/debian bookworm main
deb [signed-by=$FAKE_DIR/archive.gpg] file:$FAKE_DIR/security bookworm-security main
EOF
}
