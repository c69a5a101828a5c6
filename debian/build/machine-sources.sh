#!/bin/sh
# Print this machine's apt sources (its enabled sources files) for a root
# of release SUITE, as mmdebstrap's MIRROR file: this release's codename is
# replaced by SUITE (for Debian unstable, sid, the suites it does not have
# are left out), so the new root uses the same archives as this machine
# does, whatever mmdebstrap's default mirror or its standard input would
# give. With -o, print this machine's apt options instead (its
# apt.conf.d, as one file for mmdebstrap's --aptopt).
#
#   machine-sources.sh SUITE
#   machine-sources.sh -o
set -eu
# shellcheck source=packages/script-lib.sh
. "$(dirname "$0")/../../packages/script-lib.sh"

if [ "${1:-}" = -o ]; then
  for f in /etc/apt/apt.conf.d/*; do
    [ -f "$f" ] && { cat "$f"; echo; }
  done
  exit 0
fi
suite=${1:?usage: machine-sources.sh SUITE | machine-sources.sh -o}
host_suite=$(sed -n 's/^VERSION_CODENAME=//p' /etc/os-release 2>/dev/null |
             tr -d '"')

# Debian unstable has no SUITE-updates, -security, -backports or
# -proposed-updates, which renaming a stable release's entries asks for
# (and apt refuses a suite without a Release file): a one-line entry for
# one of them is dropped; a deb822 stanza loses them from its Suites, and
# is dropped when none is left. Other suites pass unchanged.
unstable_suites_only() {
  case $suite in
    sid|unstable) ;;
    *) cat; return ;;
  esac
  awk -v s="$suite" '
    function gone(w) {
      return w ~ ("^" s "-(updates|security|backports|proposed-updates)$")
    }
    # keep(TEXT): the words of TEXT that are not gone, counted in left.
    function keep(text,  w, m, j, out) {
      m = split(text, w, /[ \t]+/)
      out = ""
      for(j = 1; j <= m; j++)
        if(w[j] != "" && !gone(w[j])) { out = out " " w[j]; left++ }
      return out
    }
    function flush(  i) {
      if(!(suites && !left))
        for(i = 1; i <= n; i++) print line[i]
      n = 0; suites = 0; left = 0; key = ""
    }
    /^[ \t]*$/ { flush(); print; next }
    /^[ \t]*deb(-src)?[ \t]/ {
      flush()
      i = 2
      if($2 ~ /^\[/) {
        while(i < NF && $i !~ /\]$/) i++
        i++
      }
      if(!gone($(i + 1))) print
      next
    }
    /^[ \t]*#/ { line[++n] = $0; next }
    /^[^ \t][^:]*:/ { key = tolower(substr($0, 1, index($0, ":") - 1)) }
    key == "suites" && /^[^ \t]/ {
      suites = 1
      line[++n] = substr($0, 1, index($0, ":")) keep(substr($0, index($0, ":") + 1))
      next
    }
    # A continuation line left empty would end the stanza: dropped.
    key == "suites" && /^[ \t]/ {
      rest = keep($0)
      if(rest != "") line[++n] = rest
      next
    }
    { line[++n] = $0 }
    END { flush() }'
}

set --
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list \
         /etc/apt/sources.list.d/*.sources; do
  if [ -f "$f" ]; then
    set -- "$@" "$f"
  fi
done
[ $# -gt 0 ] || die "no apt sources in /etc/apt"
for f in "$@"; do
  if [ -n "$host_suite" ] && [ "$host_suite" != "$suite" ]; then
    sed "s/\\b$host_suite\\b/$suite/g" "$f"
  else
    cat "$f"
  fi
  echo
done | unstable_suites_only
