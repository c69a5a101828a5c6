#!/bin/sh
# Print the words of make variables of a curl Makefile.inc, one a line,
# with continuation lines joined and $(VAR) references expanded: the file
# lists that curl's own build systems compile. The platform kits generate
# their compile and link lists from this, never from a hand-kept list.
#
#   makefile-inc.sh MAKEFILE_INC VAR...
#
# A variable that the file does not define is an error, so a renamed
# variable in a new curl release stops the kit instead of shrinking it.
set -eu
# shellcheck source=packages/script-lib.sh
. "$(dirname "$0")/script-lib.sh"

if [ $# -lt 2 ]; then
  usage "makefile-inc.sh MAKEFILE_INC VAR..."
fi
file=$1
shift
[ -r "$file" ] || die "cannot read $file"

awk -v wanted="$*" -v file="$file" '
  function expand(name, depth,    words, n, i, w, out, ref) {
    if(!(name in value)) {
      printf "makefile-inc: %s does not define %s\n", file, name > "/dev/stderr"
      failed = 1
      exit 1
    }
    if(depth > 20) {
      printf "makefile-inc: %s: %s refers to itself\n", file, name > "/dev/stderr"
      failed = 1
      exit 1
    }
    out = ""
    n = split(value[name], words, /[ \t]+/)
    for(i = 1; i <= n; i++) {
      w = words[i]
      if(w == "")
        continue
      if(w ~ /^\$\([A-Za-z0-9_]+\)$/) {
        ref = substr(w, 3, length(w) - 3)
        w = expand(ref, depth + 1)
        if(w == "")
          continue
      }
      out = out (out == "" ? "" : " ") w
    }
    return out
  }
  {
    line = $0
    sub(/#.*/, "", line)
    if(cont != "") {
      line = cont " " line
      cont = ""
    }
    if(line ~ /\\[ \t]*$/) {
      sub(/\\[ \t]*$/, "", line)
      cont = line
      next
    }
    if(line ~ /^[A-Za-z_][A-Za-z0-9_]*[ \t]*=/) {
      name = line
      sub(/[ \t]*=.*/, "", name)
      val = line
      sub(/^[^=]*=/, "", val)
      value[name] = val
    }
  }
  END {
    if(failed)
      exit 1
    n = split(wanted, names, " ")
    for(i = 1; i <= n; i++) {
      m = split(expand(names[i], 0), words, " ")
      for(j = 1; j <= m; j++)
        print words[j]
    }
  }' "$file"
