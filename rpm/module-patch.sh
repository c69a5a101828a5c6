#!/bin/sh
# Write the curl-mptcp module as a patch that creates its files under src/
# in a pristine curl tree (Patch0 of the RPM spec), with a DEP-3 header.
#
#   module-patch.sh MODULE_FILE... >curl-mptcp-module.patch
set -eu
# shellcheck source=packages/script-lib.sh
. "$(dirname "$0")/../packages/script-lib.sh"

if [ $# -eq 0 ]; then
  usage "module-patch.sh MODULE_FILE..."
fi
for file in "$@"; do
  [ -r "$file" ] || die "cannot read $file"
done

cat <<HEADER
Description: The curl-mptcp module for curl's tool
 Adds src/tool_mptcp.c and src/tool_mptcp.h: --mptcp with a fallback to
 TCP when the host refuses MPTCP sockets, the -v line per connection, the
 write-out variable %{mptcp} and the "MPTCP:" line of curl -V. The hook
 patches of the release's series build and call it. Real MPTCP needs
 CPPFLAGS=-DUSE_TOOL_MPTCP; without it --mptcp fails with exit code 4.
Author: the curl-mptcp toolkit authors
Forwarded: not-needed
Last-Update: $(date -u -d "@${SOURCE_DATE_EPOCH:-$(date +%s)}" +%Y-%m-%d)
---
HEADER
sh "$(dirname "$0")/../packages/new-file-hunks.sh" "$@"
