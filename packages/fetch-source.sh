#!/bin/sh
# Obtain curl-VERSION.tar.gz and its signature into the source cache, and
# verify them. Sources, in order:
#   1. the cache directory itself (a file found there is verified, never
#      trusted blindly);
#   2. Debian's source package carrying that upstream version, through a
#      private apt configuration under CACHE/apt whose deb-src entries are
#      derived from this machine's apt sources (the system's own apt
#      configuration is not touched);
#   3. curl's own download site.
#
# With -l, the given tarball (and its .asc beside it) is used instead of
# these sources, verified all the same. A source that has the tarball but
# no .asc is not used. On success the verified tarball and its signature
# are copied to DEST and DEST.asc. A file that fails verification is
# removed again if this run fetched it, so nothing unverified stays
# behind.
set -eu
# shellcheck source=packages/script-lib.sh
. "$(dirname "$0")/script-lib.sh"

here=$(cd "$(dirname "$0")" && pwd)
version="" cache="" key="" fprfile="" sha256="" apt_etc=/etc/apt
dest="" local=""
url=https://curl.se/download
synopsis="fetch-source.sh -v VERSION -c CACHE -k KEY.asc -f FINGERPRINT_FILE\
 -o DEST [-s SHA256] [-l LOCAL_TARBALL] [-u URL] [-e APT_ETC_DIR]"
while getopts v:c:k:f:o:s:l:u:e: opt; do
  case $opt in
    o) dest=$OPTARG ;;
    l) local=$OPTARG ;;
    v) version=$OPTARG ;;
    c) cache=$OPTARG ;;
    k) key=$OPTARG ;;
    f) fprfile=$OPTARG ;;
    s) sha256=$OPTARG ;;
    u) url=$OPTARG ;;
    e) apt_etc=$OPTARG ;;
    *) usage "$synopsis" ;;
  esac
done
need version cache key fprfile dest || usage "$synopsis"

name=curl-$version.tar.gz
target=$cache/$name
tried=""

verify() {
  sh "$here/verify-source.sh" -k "$key" -f "$fprfile" ${sha256:+-s "$sha256"} \
    "$1"
}

# Copy a verified tarball and its signature to DEST and DEST.asc, each
# atomically.
deliver() {
  cp "$1.asc" "$dest.asc.tmp"
  mv "$dest.asc.tmp" "$dest.asc"
  cp "$1" "$dest.tmp"
  mv "$dest.tmp" "$dest"
}

# get URL FILE: download with whichever client there is.
get() {
  if command -v curl >/dev/null 2>&1; then
    curl -fsSL --connect-timeout 20 --max-time 300 -o "$2" "$1"
  elif command -v wget >/dev/null 2>&1; then
    wget -q --timeout=20 -O "$2" "$1"
  else
    say "neither curl nor wget found: cannot download $1"
    return 1
  fi
}

if [ -n "$local" ]; then
  case $(basename "$local") in
    "$name") ;;
    *) echo "fetch-source: $local is not named $name: pass the tarball of" \
            "curl $version, or configure --with-curl-version to match it" >&2
       exit 1 ;;
  esac
  verify "$local"
  deliver "$local"
  exit 0
fi

# A usable source has the tarball and its signature.
usable_source() {
  [ -f "$1" ] && [ -f "$1.asc" ]
}

cache_lock "$cache"

# 1. Cache. A bad cached file is an error to look into, not to paper over.
if usable_source "$target"; then
  say "$name found in $cache"
  verify "$target"
  deliver "$target"
  exit 0
fi

private_apt() {
  sh "$here/private-apt.sh" -c "$cache" -e "$apt_etc" "$@"
}

# Newest Debian revisions first (dpkg's order), of any suite; any of them
# carries the same orig tarball.
debian_revisions() {
  _listed=$(suite_revisions private_apt curl) || return 1
  # shellcheck disable=SC2046 # one word per revision
  newest_first $(printf '%s\n' "$_listed" |
    awk -v v="$version" '{
      r = $2; sub(/^[0-9]+:/, "", r)
      if(index(r, v "-") == 1) print $2 }' | sort -u)
}

# 2. Debian source packages.
from_debian() {
  command -v apt-get >/dev/null 2>&1 || {
    say "apt-get not found: skipping Debian's source packages"
    return 1
  }
  tried="$tried Debian source packages,"
  say "updating the private apt lists in $cache/apt"
  # Here apt is transport only: the tarball it brings must still match
  # curl's pinned key and the pinned SHA-256, so replayed (expired)
  # metadata cannot hand us anything else, and a frozen mirror may serve
  # it. Without a pinned SHA-256, Valid-Until is checked.
  private_apt ${sha256:+-E all} update || return 1
  revisions=$(debian_revisions) || return 1
  if [ -z "$revisions" ]; then
    say "no Debian source package carries curl $version"
    return 1
  fi
  for rev in $revisions; do
    dl=$(mktemp -d "$cache/apt/dl.XXXXXX")
    say "trying Debian's curl $rev"
    (cd "$dl" && private_apt apt-get -q source --download-only \
       "curl=$rev") >"$cache/apt/source.log" 2>&1 || true
    orig=$dl/curl_$version.orig.tar.gz
    if usable_source "$orig"; then
      mv "$orig.asc" "$target.asc.tmp"
      mv "$target.asc.tmp" "$target.asc"
      mv "$orig" "$target.tmp"
      mv "$target.tmp" "$target"
      rm -rf "$dl"
      return 0
    fi
    [ -f "$orig" ] && say "curl $rev has no upstream signature (.asc)"
    rm -rf "$dl"
  done
  return 1
}

# 3. curl's download site.
from_upstream() {
  tried="$tried $url"
  say "downloading $url/$name"
  if get "$url/$name" "$target.tmp" && get "$url/$name.asc" "$target.asc.tmp"
  then
    mv "$target.asc.tmp" "$target.asc"
    mv "$target.tmp" "$target"
    return 0
  fi
  rm -f "$target.tmp" "$target.asc.tmp"
  say "download from $url failed"
  return 1
}

if from_debian || from_upstream; then
  if verify "$target"; then
    deliver "$target"
    exit 0
  fi
  rm -f "$target" "$target.asc"
  die "removed the unverifiable $name from $cache"
fi
cat >&2 <<MSG
fetch-source: could not obtain $name with its signature (tried:$tried).
Put curl's $name and $name.asc (from curl's download site) into
$cache, or pass --with-curl-tarball=FILE to configure.
MSG
exit 1
