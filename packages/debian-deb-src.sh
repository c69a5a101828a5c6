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

# One record per archive: "uri<TAB>signed-by<TAB>suite suite...".
# shellcheck disable=SC2086 # $files is a list of paths without blanks
records=$(awk '
  function emit(types, uris, suites, signed,   n, i, u) {
    if(types !~ /(^|[ \t])deb(-src)?([ \t]|$)/)
      return
    n = split(uris, u, /[ \t]+/)
    for(i = 1; i <= n; i++)
      if(u[i] != "")
        printf "%s\t%s\t%s\n", u[i], signed, suites
  }
  function flush() {
    if(types != "" && enabled != "no")
      emit(types, uris, suites, signed)
    types = uris = suites = signed = enabled = ""
  }
  FNR == 1 { flush(); deb822 = (FILENAME ~ /\.sources$/) }
  deb822 && /^[ \t]*$/ { flush(); next }
  /^[ \t]*#/ { next }
  deb822 {
    key = tolower($1)
    sub(/^[^:]*:[ \t]*/, "")
    if(key == "types:") types = $0
    else if(key == "uris:") uris = $0
    else if(key == "suites:") suites = $0
    else if(key == "signed-by:") signed = $0
    else if(key == "enabled:") enabled = tolower($0)
    next
  }
  !deb822 && ($1 == "deb" || $1 == "deb-src") {
    signed = ""
    i = 2
    if($2 ~ /^\[/) {
      opts = ""
      for(; i <= NF; i++) {
        opts = opts " " $i
        if($i ~ /\]$/) { i++; break }
      }
      if(match(opts, /signed-by=[^] ]+/))
        signed = substr(opts, RSTART + 10, RLENGTH - 10)
    }
    emit($1, $i, $(i + 1), signed)
    types = uris = suites = signed = ""
  }
  END { flush() }' $files)

if [ -z "$records" ]; then
  echo "debian-deb-src: $etc configures no deb or deb-src archive" >&2
  exit 1
fi

printf '%s\n' "$records" | awk -F'\t' -v want="$suites" '
  BEGIN {
    split("buster bullseye bookworm trixie forky duke sid " \
          "oldoldstable oldstable stable testing unstable", k, " ")
    for(i in k) debian[k[i]] = 1
  }
  {
    uri = $1; sub(/\/+$/, "", uri)
    if(uri in seen)
      next
    seen[uri] = 1
    n = split($3, s, /[ \t]+/)
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
      out = $3
    printf "%sTypes: deb-src\nURIs: %s\nSuites: %s\nComponents: main\n",
           (printed++ ? "\n" : ""), uri, out
    if($2 != "")
      printf "Signed-By: %s\n", $2
  }'
