#!/bin/sh
# make variants-check (slow): each variant that make variants derives from
# the main build (packages/build-variant.sh) is what a whole build of that
# configuration gives. For each NAME=OPTION, the toolkit is configured
# afresh from a distdir with the packager's OPTION and builds curl from the
# same verified tarball in TOP_BUILDDIR/_build/variants-full/NAME; then
# the curl tool and libcurl, stripped, must be byte for byte those of
# _build/variants/NAME, and its src/Makefile must have been written with
# the same CPPFLAGS. About 3 minutes a variant on 2 cores.
set -eu
# shellcheck source=packages/script-lib.sh
. "$(dirname "$0")/../script-lib.sh"

top="" tarball="" version="" tls="" flags=""
synopsis="variant-builds.sh -b TOP_BUILDDIR -t TARBALL -v VERSION -T TLS\
 [-c CURL_CONFIGURE_FLAGS] NAME=OPTION..."
while getopts b:t:v:T:c: opt; do
  case $opt in
    b) top=$OPTARG ;;
    t) tarball=$OPTARG ;;
    v) version=$OPTARG ;;
    T) tls=$OPTARG ;;
    c) flags=$OPTARG ;;
    *) usage "$synopsis" ;;
  esac
done
shift $((OPTIND - 1))
need top tarball version tls || usage "$synopsis"
[ $# -gt 0 ] || usage "$synopsis"
for tool in strip cmp; do
  command -v "$tool" >/dev/null 2>&1 ||
    die "$tool is missing: apt-get install binutils diffutils"
done

# same FILE_A FILE_B WHAT: stripped, byte for byte.
same() {
  if ! strip -o "$work/a" "$1" || ! strip -o "$work/b" "$2"; then
    die "cannot strip $1 or $2"
  fi
  if cmp -s "$work/a" "$work/b"; then
    say "$3: identical"
  else
    say "$3 DIFFERS: $1 and $2" >&2
    failed=$((failed + 1))
  fi
}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0
for arg in "$@"; do
  name=${arg%%=*}
  option=${arg#*=}
  derived=$top/_build/variants/$name
  full=$top/_build/variants-full/$name
  [ -x "$derived/src/curl" ] ||
    die "$derived holds no variant build: run make variants first"
  say "$name: a whole build with $option in $full (log: $full.log)"
  rm -rf "$full"
  mkdir -p "$(dirname "$full")"
  # shellcheck disable=SC2086 # the option and curl's flags are words
  if ! { make -C "$top" distdir distdir="$full" &&
         (cd "$full" && ./configure --with-curl-version="$version" \
            --with-curl-tarball="$tarball" --with-tls="$tls" $option \
            CURL_CONFIGURE_FLAGS="$flags") &&
         make -C "$full" curl; } >"$full.log" 2>&1; then
    tail -n 20 "$full.log" >&2
    die "the whole build of $name failed (log: $full.log)"
  fi
  tree=$full/_build/curl-$version
  same "$tree/src/.libs/curl" "$derived/src/.libs/curl" "$name: the curl tool"
  lib=$(cd "$tree/lib/.libs" && ls libcurl.so.*.*.*)
  same "$tree/lib/.libs/$lib" "$derived/lib/.libs/$lib" "$name: $lib"
  a=$(sed -n 's/^CPPFLAGS = //p' "$tree/src/Makefile")
  b=$(sed -n 's/^CPPFLAGS = //p' "$derived/src/Makefile")
  if [ "$a" = "$b" ]; then
    say "$name: src/Makefile's CPPFLAGS are the same: $a"
  else
    say "$name: CPPFLAGS DIFFER: whole build '$a', derived '$b'" >&2
    failed=$((failed + 1))
  fi
done
[ "$failed" -eq 0 ] || die "$failed comparisons differ: the derived variants" \
  "are not what a whole build gives (see packages/build-variant.sh)"
say "every variant is what a whole build of its configuration gives"
