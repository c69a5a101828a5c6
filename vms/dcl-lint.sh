#!/bin/sh
# A small lint for DCL command procedures (OpenVMS .com files), for the
# procedures of the OpenVMS kit, which cannot be run here:
#
#   - block IF (IF without a command after THEN) ... ENDIF balanced, also
#     within each SUBROUTINE ... ENDSUBROUTINE, and no ELSE outside one;
#   - every label that GOTO, GOSUB, CALL, /END_OF_FILE= or /ERROR= names
#     (without symbol substitution) is defined in the file;
#   - no line longer than 255 characters, and no command longer than 1024
#     characters with its continuation lines: DCL's limits before OpenVMS
#     7.3-2, which upstream's procedures still support (VAX).
#
# Data lines (after CREATE, DECK, or /OPTIONS from SYS$INPUT) are skipped.
#
#   dcl-lint.sh FILE.com...
#
# Prints one line per problem, "FILE:LINE: what", and exits 1 if any.
set -eu

if [ $# -eq 0 ]; then
  echo "usage: dcl-lint.sh FILE.com..." >&2
  exit 2
fi

status=0
for file in "$@"; do
  [ -r "$file" ] || {
    echo "$file: cannot read it" >&2
    status=1
    continue
  }
  awk -v file="$file" '
    function problem(line, what) {
      printf "%s:%d: %s\n", file, line, what
      bad = 1
    }
    # The text of a command line without its comment; "" quotes kept.
    function strip(s,    out, i, c, inq) {
      out = ""
      inq = 0
      for(i = 1; i <= length(s); i++) {
        c = substr(s, i, 1)
        if(c == "\"")
          inq = !inq
        else if(c == "!" && !inq)
          break
        out = out c
      }
      return out
    }
    # The same with quoted strings blanked, for keyword searches.
    function unquote(s,    out, i, c, inq) {
      out = ""
      inq = 0
      for(i = 1; i <= length(s); i++) {
        c = substr(s, i, 1)
        if(c == "\"") {
          inq = !inq
          out = out " "
        }
        else
          out = out (inq ? " " : c)
      }
      return out
    }
    function ref(name, line) {
      if(name ~ /'\''/ || name == "")
        return
      nrefs++
      refname[nrefs] = tolower(name)
      refline[nrefs] = line
    }
    # Check one whole command (continuations joined).
    function command(cmd, line,    u, words, n, verb, i, rest, m) {
      if(length(cmd) > 1024)
        problem(line, "command of " length(cmd) " characters (DCL: 1024)")
      u = tolower(unquote(cmd))
      sub(/^[ \t]*\$[ \t]*/, "", u)
      # a label, possibly followed by a command
      if(match(u, /^[a-z0-9_$]+:/)) {
        labels[substr(u, 1, RLENGTH - 1)] = line
        u = substr(u, RLENGTH + 1)
        sub(/^[ \t]*/, "", u)
        if(u ~ /^subroutine([ \t]|$)/) {
          sdepth++
          sif[sdepth] = depth
          return
        }
      }
      n = split(u, words, /[ \t,()]+/)
      verb = words[1]
      if(verb == "if") {
        if(u ~ /[ \t]then[ \t]*$/ || u !~ /[ \t]then([ \t]|$)/) {
          depth++
          ifline[depth] = line
        }
      }
      else if(verb == "else") {
        if(depth == 0)
          problem(line, "ELSE outside a block IF")
      }
      else if(verb == "endif") {
        if(depth == 0)
          problem(line, "ENDIF without a block IF")
        else
          depth--
      }
      else if(verb ~ /^endsubroutine/) {
        if(sdepth == 0)
          problem(line, "ENDSUBROUTINE without SUBROUTINE")
        else {
          if(depth != sif[sdepth])
            problem(line, "a block IF opened in this subroutine is not closed")
          depth = sif[sdepth]
          sdepth--
        }
      }
      # label references anywhere in the command
      rest = u
      while(match(rest, /(goto|gosub|call)[ \t]+[a-z0-9_$'\'']+/)) {
        m = substr(rest, RSTART, RLENGTH)
        sub(/^(goto|gosub|call)[ \t]+/, "", m)
        ref(m, line)
        rest = substr(rest, RSTART + RLENGTH)
      }
      rest = u
      while(match(rest, /\/(end_of_file|error)[ \t]*=[ \t]*[a-z0-9_$'\'']+/)) {
        m = substr(rest, RSTART, RLENGTH)
        sub(/^[^=]*=[ \t]*/, "", m)
        ref(m, line)
        rest = substr(rest, RSTART + RLENGTH)
      }
      # the data lines that follow
      if(u ~ /sys\$input:?[ \t]*\/opt/ || verb == "deck" || verb == "create")
        data = 1
    }
    {
      sub(/\r$/, "")
      if(length($0) > 255)
        problem(NR, "line of " length($0) " characters (DCL: 255)")
      if(indeck) {
        if(tolower($0) ~ /^\$[ \t]*eod/)
          indeck = 0
        next
      }
      if(cont != "") {
        s = strip($0)
        cmd = cmd " " s
      }
      else if($0 ~ /^\$/) {
        data = 0
        s = strip($0)
        cmd = s
        cmdline = NR
        if(tolower(s) ~ /^\$[ \t]*deck/)
          indeck = 1
      }
      else
        next  # a data line
      if(s ~ /-[ \t]*$/) {
        sub(/-[ \t]*$/, "", cmd)
        cont = "y"
        next
      }
      cont = ""
      command(cmd, cmdline)
    }
    END {
      for(i = 1; i <= depth; i++)
        problem(ifline[i], "block IF without ENDIF")
      if(sdepth > 0)
        problem(NR, "SUBROUTINE without ENDSUBROUTINE")
      for(i = 1; i <= nrefs; i++)
        if(!(refname[i] in labels))
          problem(refline[i], "label " refname[i] " is not defined")
      exit bad
    }' "$file" || status=1
done
exit "$status"
