#!/bin/sh
# Apply a patch series to a curl source tree, in the order of its series
# file, strictly: no fuzz, no reversed patches, no reject files. Every
# patch must carry a DEP-3 header (Description and Author or Origin).
#
#   apply-patches.sh SERIES_DIR TREE
#
# Stops at the first patch that does not apply, naming it and the hunks
# that failed. The caller owns TREE and throws it away on failure.
set -eu
# shellcheck source=packages/script-lib.sh
. "$(dirname "$0")/script-lib.sh"

if [ $# -ne 2 ]; then
  usage "apply-patches.sh SERIES_DIR TREE"
fi
series_dir=$1
tree=$2
series=$series_dir/series

[ -f "$series" ] || die "$series does not exist"
command -v patch >/dev/null 2>&1 ||
  die "patch is missing: install the Debian package patch"

log=$(mktemp)
list=$(mktemp)
trap 'rm -f "$log" "$list"' EXIT

count=0
# Blank lines and comments are allowed; quilt's "-p1" option is implied.
series_patches "$series" >"$list"
while read -r name; do
  file=$series_dir/$name
  [ -f "$file" ] || die "$series names $name, which does not exist"
  # DEP-3 fields stand in the header, before the first diff line.
  header=$(sed -n '/^\(---\|diff \|Index: \)/q;p' "$file")
  printf '%s\n' "$header" | grep -q '^Description:' ||
    die "$file has no DEP-3 Description: header"
  printf '%s\n' "$header" | grep -Eq '^(Author|Origin):' ||
    die "$file has no DEP-3 Author: or Origin: header"
  if ! patch -d "$tree" -p1 --forward --batch --fuzz=0 \
       --no-backup-if-mismatch --reject-file=- -i "$(cd "$(dirname "$file")" &&
       pwd)/$name" >"$log" 2>&1; then
    sed 's/^/  /' "$log" >&2
    die "$file does not apply to $(basename "$tree"). The hunks that" \
        "failed are listed above: refresh the patch for this version, or" \
        "give this version another series in packages/curl-versions.tsv"
  fi
  count=$((count + 1))
done <"$list"
say "applied $count patch(es) from $series"
