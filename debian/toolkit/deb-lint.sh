#!/bin/sh
# lintian on what make deb publishes (the .dsc and the curl .deb) against
# the distribution's own source package and curl built the same way here
# (make deb-baseline): fails on any tag of ours that the distribution's
# package does not have, so our change adds no lintian finding. Tags are
# compared by severity, package and name (their details carry versions).
#
#   deb-lint.sh DIST_DIR BASELINE_DIR
set -eu

dist=${1:?usage: deb-lint.sh DIST_DIR BASELINE_DIR}
base=${2:?usage: deb-lint.sh DIST_DIR BASELINE_DIR}
command -v lintian >/dev/null 2>&1 || {
  echo "deb-lint: lintian is missing: apt-get install lintian" >&2
  exit 1
}
ours_dsc=$(find "$dist" -maxdepth 1 -name 'curl_*.dsc' | head -n 1)
ours_deb=$(find "$dist" -maxdepth 1 -name 'curl_*.deb' | head -n 1)
base_dsc=$(find "$base" -maxdepth 1 -name 'curl_*.dsc' | head -n 1)
base_deb=$(find "$base" -maxdepth 1 -name 'curl_*.deb' | head -n 1)
if [ -z "$ours_dsc" ] || [ -z "$ours_deb" ]; then
  echo "deb-lint: no .dsc or curl .deb in $dist: run make deb first" >&2
  exit 1
fi
if [ -z "$base_dsc" ] || [ -z "$base_deb" ]; then
  echo "deb-lint: no .dsc or curl .deb in $base: run make deb-baseline first" >&2
  exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# tags FILE...: "severity package tag" of every lintian finding.
tags() {
  lintian --pedantic --display-experimental --show-overrides "$@" 2>&1 |
    awk '/^[EWIPXO]: / {
      if($3 == "source:") print $1, $2 "-source", $4
      else { sub(/:$/, "", $2); print $1, $2, $3 } }' | sort -u
}
echo "deb-lint: lintian $(lintian --version | awk '{ print $2 }')"
tags "$ours_dsc" "$ours_deb" >"$tmp/ours"
tags "$base_dsc" "$base_deb" >"$tmp/theirs"
echo "deb-lint: ours ($(basename "$ours_deb"), $(basename "$ours_dsc")): $(wc -l <"$tmp/ours") tags"
sed 's/^/deb-lint:   /' "$tmp/ours"
echo "deb-lint: the distribution's ($(basename "$base_deb"), $(basename "$base_dsc")): $(wc -l <"$tmp/theirs") tags"
new=$(comm -23 "$tmp/ours" "$tmp/theirs")
if [ -n "$new" ]; then
  echo "deb-lint: FAILED: tags of ours that the distribution's package does not have:" >&2
  echo "$new" | sed 's/^/deb-lint:   /' >&2
  exit 1
fi
echo "deb-lint: no lintian tag that the distribution's own package does not have"
