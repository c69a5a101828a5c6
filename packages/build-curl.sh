#!/bin/sh
# Run one stage of curl's own build in a prepared tree, with its output in
# a log file: one progress line while it runs, the end of the log and its
# path when it fails.
#
#   build-curl.sh TREE configure [ARGS...]    curl's ./configure ARGS
#   build-curl.sh TREE make [ARGS...]         make ARGS
set -eu
# shellcheck source=packages/script-lib.sh
. "$(dirname "$0")/script-lib.sh"
messages_as curl

if [ $# -lt 2 ]; then
  usage "build-curl.sh TREE configure|make [ARGS...]"
fi
tree=$1
stage=$2
shift 2
log=$tree/.toolkit-$stage.log

# Without a parallel make above us, use every core: curl takes minutes.
case " ${MAKEFLAGS:-} " in
  *" -j"*|*jobserver*) jobs="" ;;
  *) jobs=-j$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1) ;;
esac

case $stage in
  configure) set -- ./configure "$@" ;;
  make) set -- "${MAKE:-make}" ${jobs:+"$jobs"} "$@" ;;
  *) echo "build-curl: unknown stage $stage" >&2; exit 2 ;;
esac

say "$stage in $tree (log: $log)"
if ! (cd "$tree" && "$@") >"$log" 2>&1; then
  tail -n 30 "$log" >&2
  die "$stage failed in $tree; the whole log is $log"
fi
