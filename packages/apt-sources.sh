#!/bin/sh
# Print the entries of apt sources files, one record per enabled entry, per
# type, per URI and per suite, whichever format the files are in: one-line
# ("deb [options] URI SUITE COMPONENT...", as in sources.list) or deb822
# stanzas (as in *.sources). Without FILE, read standard input, which may
# mix both formats (as machine-sources.sh prints them).
#
#   apt-sources.sh [FILE...]
#
# A record is one line of five tab-separated fields:
#
#   TYPE  URI  SUITE  COMPONENTS  SIGNED-BY
#
# TYPE is deb or deb-src; URI and SUITE are as written; COMPONENTS are
# separated by single spaces; SIGNED-BY is the keyring path or fingerprints
# of a Signed-By field or a [signed-by=] option. An absent field, or a
# Signed-By that embeds a key block (which no one-line record can carry),
# is "-". Comments, disabled stanzas (Enabled: no), other types and
# entries without a URI or a suite give no record.
set -eu

awk '
  # field(WORDS): WORDS with single blanks between them, or "-" for none.
  function field(words) {
    gsub(/[ \t]+/, " ", words)
    sub(/^ /, "", words); sub(/ $/, "", words)
    return words == "" ? "-" : words
  }
  function emit(types, uris, suites, comps, signed,
                nt, t, nu, u, ns, s, i, j, k) {
    nt = split(types, t, /[ \t]+/)
    nu = split(uris, u, /[ \t]+/)
    ns = split(suites, s, /[ \t]+/)
    if(signed ~ /-----BEGIN/)
      signed = ""
    for(i = 1; i <= nt; i++) {
      if(t[i] != "deb" && t[i] != "deb-src")
        continue
      for(j = 1; j <= nu; j++)
        for(k = 1; k <= ns; k++)
          if(u[j] != "" && s[k] != "")
            printf "%s\t%s\t%s\t%s\t%s\n", t[i], u[j], s[k],
                   field(comps), field(signed)
    }
  }
  # The deb822 stanza read so far ends: at a blank line, at a new file,
  # at a one-line entry and at the end.
  function flush() {
    if(tolower(field(f["enabled"])) != "no")
      emit(f["types"], f["uris"], f["suites"], f["components"],
           f["signed-by"])
    split("", f)
    key = ""
  }
  FNR == 1 { flush() }
  /^[ \t]*#/ { next }
  /^[ \t]*$/ { flush(); next }
  # A line that starts with blanks inside a stanza continues its field
  # (a key block in Signed-By, a long list of URIs): it is never a field.
  /^[ \t]/ && key != "" { f[key] = f[key] " " $0; next }
  /^[ \t]*deb(-src)?[ \t]/ {
    flush()
    sub(/#.*/, "")
    type = $1
    signed = ""
    i = 2
    if($2 ~ /^\[/) {
      opts = ""
      for(; i <= NF; i++) {
        opts = opts " " $i
        if($i ~ /\]$/) { i++; break }
      }
      if(match(opts, /signed-by=[^] ]+/))
        signed = substr(opts, RSTART + 10, RLENGTH - 10)
    }
    comps = ""
    for(j = i + 2; j <= NF; j++)
      comps = comps " " $j
    emit(type, $i, $(i + 1), comps, signed)
    next
  }
  /^[^ \t:]+:/ {
    key = tolower(substr($0, 1, index($0, ":") - 1))
    f[key] = substr($0, index($0, ":") + 1)
    next
  }
  END { flush() }' "$@"
