#!/bin/sh
# Print this machine's apt sources (its enabled sources files) for a root
# of release SUITE, as mmdebstrap's MIRROR file: this release's codename is
# replaced by SUITE, so the new root uses the same archives as this
# machine does, whatever mmdebstrap's default mirror or its standard input
# would give. With -o, print this machine's apt options instead (its
# apt.conf.d, as one file for mmdebstrap's --aptopt).
#
#   machine-sources.sh SUITE
#   machine-sources.sh -o
set -eu

if [ "${1:-}" = -o ]; then
  for f in /etc/apt/apt.conf.d/*; do
    [ -f "$f" ] && { cat "$f"; echo; }
  done
  exit 0
fi
suite=${1:?usage: machine-sources.sh SUITE | machine-sources.sh -o}
host_suite=$(sed -n 's/^VERSION_CODENAME=//p' /etc/os-release 2>/dev/null |
             tr -d '"')
found=""
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list \
         /etc/apt/sources.list.d/*.sources; do
  [ -f "$f" ] || continue
  found=yes
  if [ -n "$host_suite" ] && [ "$host_suite" != "$suite" ]; then
    sed "s/\\b$host_suite\\b/$suite/g" "$f"
  else
    cat "$f"
  fi
  echo
done
[ -n "$found" ] || {
  echo "machine-sources: no apt sources in /etc/apt" >&2
  exit 1
}
