#!/bin/sh
# Print unified-diff hunks that create each given file under src/ in a
# pristine curl tree: the module part of every patch the toolkit hands to
# a packager (make export-patch, the Debian source package, the RPM's
# Patch0). Each caller writes its own DEP-3 header before this.
#
#   new-file-hunks.sh MODULE_FILE...
set -eu

for file in "$@"; do
  [ -r "$file" ] || { echo "new-file-hunks: cannot read $file" >&2; exit 1; }
  printf -- '--- /dev/null\n+++ b/src/%s\n@@ -0,0 +1,%d @@\n' \
    "$(basename "$file")" "$(wc -l <"$file")"
  sed 's/^/+/' "$file"
done
