#!/bin/sh
# lintian and hardening-check on what make deb publishes (the .dsc and the
# curl .deb) against the distribution's own source package and curl built
# the same way here (make deb-baseline):
#   lintian: every finding is compared with its context (severity,
#   package, tag and its detail: the file, or the argument), so any new
#   instance fails, a new tag or the same tag in a new place (our patch
#   included). In the details, both packages' versions are written
#   VERSION, the curl package's Bugs value BUGS, and line numbers are
#   left out (our debian/copyright stanza moves the distribution's lines
#   down); so are very-long-line-length-in-source-file's lengths: lintian
#   names one long line per file, not always the same one. The intended
#   differences are listed below, with why.
#   hardening-check: /usr/bin/curl of ours has every protection that the
#   distribution's has.
#
#   deb-lint.sh DIST_DIR BASELINE_DIR
set -eu
# shellcheck source=packages/script-lib.sh
. "$(dirname "$0")/../../packages/script-lib.sh"

dist=${1:?usage: deb-lint.sh DIST_DIR BASELINE_DIR}
base=${2:?usage: deb-lint.sh DIST_DIR BASELINE_DIR}
for tool in lintian hardening-check; do
  command -v "$tool" >/dev/null 2>&1 ||
    die "$tool is missing: apt-get install lintian devscripts"
done
ours_dsc=$(find "$dist" -maxdepth 1 -name 'curl_*.dsc' | head -n 1)
ours_deb=$(find "$dist" -maxdepth 1 -name 'curl_*.deb' | head -n 1)
base_dsc=$(find "$base" -maxdepth 1 -name 'curl_*.dsc' | head -n 1)
base_deb=$(find "$base" -maxdepth 1 -name 'curl_*.deb' | head -n 1)
if [ -z "$ours_dsc" ] || [ -z "$ours_deb" ]; then
  die "no .dsc or curl .deb in $dist: run make deb first"
fi
if [ -z "$base_dsc" ] || [ -z "$base_deb" ]; then
  die "no .dsc or curl .deb in $base: run make deb-baseline first"
fi

# Intended: "SEVERITY PACKAGE TAG DETAIL" instances of ours that the
# distribution's package does not have.
# Bugs: routes reportbug to us (overlay.sh), not to Debian's BTS; our
# patch carries the one-line JSON expectations of upstream's tests 970
# and 972, which gain "mptcp":0 (patches/*/0003-tool-mptcp-writeout.patch).
accepted='W curl bugs-field-does-not-refer-to-debian-infrastructure BUGS
X curl-source very-long-line-length-in-source-file [debian/patches/curl-mptcp.patch]'


tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# tags DEB FILE...: "severity package tag detail" of every finding, the
# versions of both packages and DEB's Bugs value written as words.
tags() {
  bugs=$(dpkg-deb -f "$1" Bugs)
  lintian --pedantic --display-experimental --show-overrides "$@" 2>&1 |
    awk -v v1="$ours_v" -v v2="$base_v" -v bugs="$bugs" '
      function words(s, from, to,   i, out) {
        out = ""
        while(from != "" && (i = index(s, from)) > 0) {
          out = out substr(s, 1, i - 1) to
          s = substr(s, i + length(from))
        }
        return out s
      }
      /^[EWIPXO]: / {
        sev = substr($1, 1, 1)
        if($3 == "source:") { pkg = $2 "-source"; rest = $0; sub(/^[^:]*: [^:]*: /, "", rest) }
        else { pkg = $2; sub(/:$/, "", pkg); rest = $0; sub(/^[^:]*: [^:]*: /, "", rest) }
        rest = words(rest, v1, "VERSION"); rest = words(rest, v2, "VERSION")
        rest = words(rest, bugs, "BUGS")
        sub(/:[0-9]+\]$/, "]", rest)
        if(rest ~ /^very-long-line-length-in-source-file /)
          sub(/ [0-9]+ > [0-9]+ /, " ", rest)
        print sev, pkg, rest }' | sort -u
}
ours_v=$(dpkg-deb -f "$ours_deb" Version)
base_v=$(dpkg-deb -f "$base_deb" Version)
echo "deb-lint: lintian $(lintian --version | awk '{ print $2 }')"
tags "$ours_deb" "$ours_dsc" >"$tmp/ours"
tags "$base_deb" "$base_dsc" >"$tmp/theirs"
say "ours ($(basename "$ours_deb"), $(basename "$ours_dsc")): $(wc -l <"$tmp/ours") findings"
say "the distribution's ($(basename "$base_deb"), $(basename "$base_dsc")): $(wc -l <"$tmp/theirs") findings"
comm -23 "$tmp/ours" "$tmp/theirs" >"$tmp/new"
printf '%s\n' "$accepted" | grep -v '^$' | sort >"$tmp/accepted"
comm -12 "$tmp/new" "$tmp/accepted" | sed 's/^/deb-lint: intended: /'
new=$(comm -23 "$tmp/new" "$tmp/accepted")
failed=""
if [ -n "$new" ]; then
  warn "FAILED: findings of ours that the distribution's package does not have:"
  echo "$new" | sed 's/^/deb-lint:   /' >&2
  failed=yes
else
  say "no lintian finding that the distribution's own package does not have"
fi

# hardening-check: "Feature: yes|no|unknown..." per protection.
harden() {
  mkdir -p "$tmp/$2"
  dpkg-deb -x "$1" "$tmp/$2"
  hardening-check "$tmp/$2/usr/bin/curl" | sed -n 's/^ \([^:]*\): \([a-z]*\).*/\1:\2/p' | sort
}
harden "$ours_deb" ours-root >"$tmp/h-ours"
harden "$base_deb" base-root >"$tmp/h-theirs"
sed 's/^/deb-lint: hardening-check ours: /' "$tmp/h-ours"
lost=$(join -t: "$tmp/h-theirs" "$tmp/h-ours" | awk -F: '$2 == "yes" && $3 != "yes" { print $1 }')
cut -d: -f1 "$tmp/h-ours" >"$tmp/h-names"
missing=$(cut -d: -f1 "$tmp/h-theirs" | grep -v -x -F -f "$tmp/h-names" || true)
if [ -n "$lost$missing" ] || [ ! -s "$tmp/h-ours" ]; then
  warn "FAILED: hardening-check: our /usr/bin/curl lacks what the" \
       "distribution's has: $(echo "$lost" "$missing" | tr -s '\n ' '  ')"
  failed=yes
else
  say "hardening-check: our /usr/bin/curl has every protection the distribution's has"
fi
[ -z "$failed" ]
