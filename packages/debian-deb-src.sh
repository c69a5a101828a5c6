#!/bin/sh
# Print deb-src entries (deb822 format) derived from this machine's apt
# sources, for a private apt configuration that fetches curl's source
# packages without editing the system's sources.
#
# SUITES default to every suite of every target release of that
# distribution (debian/build/targets.tsv, through target.sh suites-of):
# the releases whose curl the toolkit builds on.
# Only archives of the distribution -O (default Debian) are offered: those
# the machine uses (deb or deb-src entries) for suites of that
# distribution's names; a vendor repository that calls a suite
# "bookworm" is caught later, by its Release file (private-apt.sh checks
# Origin). Every entry is signed by the distribution's archive keyring
# KEYRING (default /usr/share/keyrings/debian-archive-keyring.gpg, or
# ubuntu-archive-keyring.gpg), named explicitly: the machine's own
# Signed-By (or none: every key apt trusts) is never carried over.
# A Debian archive is offered every suite of -s that is not a security
# suite, a security archive the -security suites of -s and SUITE-security
# for every stable SUITE of -s. Ubuntu archives keep the suites they are
# configured with. Suites in -E ("all": every suite) get an entry of their
# own with Check-Valid-Until: no (the caller's explicit override for an
# archive whose Release is past its Valid-Until). Archives in -x are left
# out. No host name is ever invented: every URI comes from the machine's
# configuration.
set -eu
# shellcheck source=packages/script-lib.sh
. "$(dirname "$0")/script-lib.sh"

here=$(cd "$(dirname "$0")" && pwd)
etc=/etc/apt
suites=""
origin=Debian keyring="" expired="" exclude=""

synopsis="debian-deb-src.sh [-d APT_ETC_DIR] [-s SUITES] [-O Debian|Ubuntu]\
 [-k KEYRING] [-E SUITES|all] [-x URIS]"
while getopts d:s:O:k:E:x: opt; do
  case $opt in
    d) etc=$OPTARG ;;
    s) suites=$OPTARG ;;
    O) origin=$OPTARG ;;
    k) keyring=$OPTARG ;;
    E) expired=$OPTARG ;;
    x) exclude=$OPTARG ;;
    *) usage "$synopsis" ;;
  esac
done
case $origin in
  Debian) : "${keyring:=/usr/share/keyrings/debian-archive-keyring.gpg}" ;;
  Ubuntu) : "${keyring:=/usr/share/keyrings/ubuntu-archive-keyring.gpg}" ;;
  *) echo "debian-deb-src: unknown distribution '$origin': Debian or Ubuntu" >&2
     exit 2 ;;
esac
if [ -z "$suites" ]; then
  suites=$(sh "$here/../debian/build/target.sh" suites-of "$origin") ||
    die "cannot read the target releases (debian/build/targets.tsv)"
fi

files=""
[ -f "$etc/sources.list" ] && files="$etc/sources.list"
for f in "$etc"/sources.list.d/*.list "$etc"/sources.list.d/*.sources; do
  [ -f "$f" ] && files="$files $f"
done
if [ -z "$files" ]; then
  die "no apt sources found in $etc"
fi

# shellcheck disable=SC2086 # $files is a list of paths without blanks
records=$(sh "$here/apt-sources.sh" $files)
if [ -z "$records" ]; then
  die "$etc configures no deb or deb-src archive"
fi

# One stanza per archive (URI without its trailing slashes), in the order
# the sources name them, with the suites of all its entries; one more for
# the suites whose Valid-Until is not checked.
out=$(printf '%s\n' "$records" | awk -F'\t' -v want="$suites" \
  -v origin="$origin" -v keyring="$keyring" -v expired="$expired" \
  -v exclude="$exclude" '
  BEGIN {
    # Which distribution an archive of the sources belongs to,
    # by the suite names it is configured with: Debian and Ubuntu release
    # names (any a machine may use, not only those of our targets).
    split("buster bullseye bookworm trixie forky duke sid " \
          "oldoldstable oldstable stable testing unstable", k, " ")
    for(i in k) debian[k[i]] = 1
    split("focal jammy noble oracular plucky questing resolute", k, " ")
    for(i in k) ubuntu[k[i]] = 1
    n = split(exclude, k, " ")
    for(i = 1; i <= n; i++) { u = k[i]; sub(/\/+$/, "", u); skip[u] = 1 }
    n = split(expired, k, " ")
    for(i = 1; i <= n; i++) lax[k[i]] = 1
  }
  {
    uri = $2; sub(/\/+$/, "", uri)
    if(uri in skip)
      next
    if(!(uri in known)) {
      known[uri] = 1
      order[++archives] = uri
    }
    if(!((uri, $3) in seen)) {
      seen[uri, $3] = 1
      have[uri] = have[uri] (have[uri] == "" ? "" : " ") $3
    }
  }
  function stanza(uri, list, nocheck) {
    if(list == "")
      return
    printf "%sTypes: deb-src\nURIs: %s\nSuites: %s\nComponents: main\n" \
           "Signed-By: %s\n", (printed++ ? "\n" : ""), uri, list, keyring
    if(nocheck)
      print "Check-Valid-Until: no"
  }
  # emit(URI, SUITES): the suites checked, then those that are not.
  function emit(uri, list,   n, s, i, strict, loose) {
    n = split(list, s, " ")
    strict = loose = ""
    for(i = 1; i <= n; i++)
      if(("all" in lax) || (s[i] in lax))
        loose = loose (loose == "" ? "" : " ") s[i]
      else
        strict = strict (strict == "" ? "" : " ") s[i]
    stanza(uri, strict, 0)
    stanza(uri, loose, 1)
  }
  END {
    m = split(want, w, " ")
    for(a = 1; a <= archives; a++) {
      uri = order[a]
      n = split(have[uri], s, " ")
      kind = ""
      for(i = 1; i <= n; i++) {
        base = s[i]; sub(/-.*/, "", base)
        if(origin == "Debian" && (base in debian))
          kind = (s[i] ~ /-security$/) ? "security" : "debian"
        else if(origin == "Ubuntu" && (base in ubuntu))
          kind = "ubuntu"
      }
      out = ""
      if(kind == "debian") {
        for(i = 1; i <= m; i++)
          if(w[i] !~ /-security$/)
            out = out (out == "" ? "" : " ") w[i]
      } else if(kind == "security") {
        for(i = 1; i <= m; i++) {
          sec = w[i]
          if(sec !~ /-security$/)
            sec = (sec ~ /^(sid|unstable|experimental)$/ ||
                   sec ~ /-/) ? "" : sec "-security"
          if(sec != "" && !((uri, sec) in done)) {
            done[uri, sec] = 1
            out = out (out == "" ? "" : " ") sec
          }
        }
      } else if(kind == "ubuntu")
        out = have[uri]
      emit(uri, out)
    }
  }')
if [ -z "$out" ]; then
  die "$etc configures no $origin archive" \
      "(none of its entries has a suite of $origin's)"
fi
printf '%s\n' "$out"
