#!/bin/sh
# Print deb-src entries (deb822 format) derived from this machine's apt
# sources, for a private apt configuration that fetches curl's source
# packages without editing the system's sources.
#
#   debian-deb-src.sh [-d APT_ETC_DIR] [-s "SUITE..."]
#
# Each Debian archive the machine already uses (deb or deb-src entries) is
# offered for every suite in -s, so that older and newer curl releases are
# found too: the main archive for the suites themselves, a security archive
# for SUITE-security. Other archives (Ubuntu, a local mirror of another
# distribution) keep the suites they are configured with. No host name is
# ever invented: every URI comes from the machine's configuration.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
etc=/etc/apt
# The Debian releases that carry the supported curl versions
# (see curl-versions.tsv): 7.88.1 bookworm, 8.14.1 trixie, 8.21.0 and
# newer sid.
suites="bookworm trixie sid"

while getopts d:s: opt; do
  case $opt in
    d) etc=$OPTARG ;;
    s) suites=$OPTARG ;;
    *) echo "usage: debian-deb-src.sh [-d APT_ETC_DIR] [-s SUITES]" >&2
       exit 2 ;;
  esac
done

files=""
[ -f "$etc/sources.list" ] && files="$etc/sources.list"
for f in "$etc"/sources.list.d/*.list "$etc"/sources.list.d/*.sources; do
  [ -f "$f" ] && files="$files $f"
done
if [ -z "$files" ]; then
  echo "debian-deb-src: no apt sources found in $etc" >&2
  exit 1
fi

# shellcheck disable=SC2086 # $files is a list of paths without blanks
records=$(sh "$here/apt-sources.sh" $files)
if [ -z "$records" ]; then
  echo "debian-deb-src: $etc configures no deb or deb-src archive" >&2
  exit 1
fi

# One stanza per archive (URI without its trailing slashes), in the order
# the sources name them, with the key of its first entry and the suites of
# all its entries.
printf '%s\n' "$records" | awk -F'\t' -v want="$suites" '
  BEGIN {
    split("buster bullseye bookworm trixie forky duke sid " \
          "oldoldstable oldstable stable testing unstable", k, " ")
    for(i in k) debian[k[i]] = 1
  }
  {
    uri = $2; sub(/\/+$/, "", uri)
    if(!(uri in signed)) {
      order[++archives] = uri
      signed[uri] = $5
    }
    if(!((uri, $3) in seen)) {
      seen[uri, $3] = 1
      have[uri] = have[uri] (have[uri] == "" ? "" : " ") $3
    }
  }
  END {
    for(a = 1; a <= archives; a++) {
      uri = order[a]
      n = split(have[uri], s, " ")
      kind = "other"
      for(i = 1; i <= n; i++) {
        base = s[i]; sub(/-.*/, "", base)
        if(base in debian)
          kind = (s[i] ~ /-security$/) ? "security" : "debian"
      }
      if(kind == "debian")
        out = want
      else if(kind == "security") {
        out = ""
        m = split(want, w, " ")
        for(i = 1; i <= m; i++)
          if(w[i] != "sid" && w[i] != "unstable")
            out = out (out == "" ? "" : " ") w[i] "-security"
      }
      else
        out = have[uri]
      printf "%sTypes: deb-src\nURIs: %s\nSuites: %s\nComponents: main\n",
             (a > 1 ? "\n" : ""), uri, out
      if(signed[uri] != "-")
        printf "Signed-By: %s\n", signed[uri]
    }
  }'
