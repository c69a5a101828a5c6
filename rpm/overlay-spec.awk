# Rewrite a distribution's curl spec so that it also applies our patch:
# read the spec twice (awk -f overlay-spec.awk SPEC SPEC), learn its shape
# on the first pass, write the changed spec on the second.
#
# Variables (-v): patch (file name of our patch), mptcp (our revision N),
# entry (the %changelog entry, lines joined by "\n"), note (a comment for
# the Patch line), literal (the Release the spec evaluates to, %{?dist}
# kept: used for rpmautospec's %autorelease), report (file that receives
# one line per change).
#
# Changes: one PatchN line (N = highest Patch number + 1) with the
# autotools it needs and -DUSE_TOOL_MPTCP appended to %optflags as it is
# defined, unexpanded (%{macrobody:optflags}, rpm >= 4.16): Fedora builds
# optflags from %_preprocessor_defines when the build uses it, and a
# spec adds to that later (-DOPENSSL_NO_ENGINE), which must still count;
# in %prep, an explicit "%patch -P N -p1" unless %autosetup or %autopatch
# already applies patch N, then "autoreconf -fi"; Release R becomes
# R.mptcpN (an %autorelease its literal value first);
# curl's "Requires: libcurl ... = %{version}-%{release}" asks for the
# distribution's libcurl of release R or newer; a %changelog entry.
# Anything it cannot place with certainty stops it with the reason.

function fail(why) {
  printf "overlay: %s\n", why > "/dev/stderr"
  failed = 1
  exit 1
}

function say(what) {
  print what > report
}

# Where a line at depth > 0 (inside %if) gets something after it: after
# the %endif that closes its outermost block.
function after_block(line,    k) {
  for(k = line; k <= total; k++)
    if(depth_after[k] == 0)
      return k
  fail("an %if block opened before line " line " is never closed")
}

# Does this %autosetup or %autopatch line apply patch N with -p1?
# Sets p1 to whether it applies with -p1.
function applies(line, is_autosetup,    t, nt, i, opt, val, lo, hi, all) {
  nt = split(line, t, /[ \t]+/)
  lo = -1
  hi = -1
  all = 1
  p1 = 0
  for(i = 2; i <= nt; i++) {
    opt = t[i]
    if(opt == "")
      continue
    if(opt ~ /^-[mMpPSnab]$/ && i < nt) {
      val = t[++i]
      opt = opt val
    }
    if(opt == "-N" && is_autosetup)
      return 0
    if(opt ~ /^-p/)
      p1 = (substr(opt, 3) == "1")
    else if(opt ~ /^-m[0-9]+$/)
      lo = substr(opt, 3) + 0
    else if(opt ~ /^-M[0-9]+$/)
      hi = substr(opt, 3) + 0
    else if(opt ~ /^[0-9]+$/ && !is_autosetup)
      all = 0
  }
  if(!all || (lo >= 0 && lo > n) || (hi >= 0 && hi < n))
    return 0
  return 1
}

BEGIN {
  section_re = "^%(prep|build|install|check|clean|files|package|description|changelog|pre|post|preun|postun|pretrans|posttrans|preuntrans|postuntrans|verifyscript|generate_buildrequires|conf|trigger[a-z]*|filetrigger[a-z]*|transfiletrigger[a-z]*|sourcelist|patchlist)([ \t]|$)"
  maxpatch = -1
  depth = 0
}

# ---- First pass: learn the spec's shape. ----
FNR == NR {
  total = FNR
  line = $0
  if(line ~ section_re) {
    split(line, w, /[ \t]+/)
    section = w[1]
    if(section == "%sourcelist" || section == "%patchlist")
      fail(section " numbers its files implicitly: our Patch number cannot" \
           " be chosen safely; number them with Source/Patch tags")
    if(section == "%changelog")
      changelog = FNR
    if(section == "%prep")
      prep = 1
    else if(prep == 1)
      prep = 2
  }
  if(line ~ /^%if/)
    depth++
  else if(line ~ /^%endif/)
    depth--
  depth_after[FNR] = depth

  if(line ~ /^[Pp]atch[0-9]*[ \t]*:/) {
    num = line
    sub(/^[Pp]atch/, "", num)
    sub(/[ \t]*:.*/, "", num)
    if(num == "")
      fail("line " FNR " is an unnumbered Patch: line; rpm numbers those" \
           " itself, so our Patch number cannot be chosen safely: number" \
           " the spec's patches")
    if(num + 0 > maxpatch)
      maxpatch = num + 0
    if(section == "")
      lastpatch = FNR
  }
  if(section == "" && line ~ /^[Ss]ource[0-9]*[ \t]*:/)
    lastsource = FNR
  if(line ~ /^BuildRequires:/) {
    if(line ~ /[ \t,]autoconf([ \t,]|$)/) have["autoconf"] = 1
    if(line ~ /[ \t,]automake([ \t,]|$)/) have["automake"] = 1
    if(line ~ /[ \t,]libtool([ \t,]|$)/) have["libtool"] = 1
  }
  if(section == "" && line ~ /^[Rr]elease[ \t]*:/) {
    releases++
    release_line = FNR
    value = line
    sub(/^[Rr]elease[ \t]*:[ \t]*/, "", value)
    sub(/[ \t]+$/, "", value)
    release_value = value
  }
  if(section == "" && line ~ /^Requires(\([^)]*\))?[ \t]*:/ &&
     line ~ /libcurl/ && line ~ /%\{?release\}?/)
    relax[FNR] = 1
  if(line ~ /^## START: Set by rpmautospec/)
    autospec = 1
  if(line ~ /%autochangelog/)
    fail("line " FNR " has %autochangelog: this is a dist-git spec, not" \
         " a source RPM's (rpmautospec expands it when it makes the source" \
         " RPM); give the source RPM the distribution built")
  if(prep == 1) {
    if(line ~ /^%(setup|autosetup)([ \t]|$)/) {
      setups++
      lastapply = FNR
    }
    if(line ~ /^%(autopatch|patch)/)
      lastapply = FNR
  }
  next
}

# ---- Between the passes: decide. ----
FNR == 1 {
  if(depth != 0)
    fail("the spec's %if and %endif lines do not pair up")
  if(releases != 1)
    fail("the main package has " releases " Release: lines; expected one")
  base = release_value
  if(release_value ~ /autorelease/) {
    if(!autospec)
      fail("Release: is \"" release_value "\" but the spec has no" \
           " rpmautospec block (## START: Set by rpmautospec) defining it:" \
           " a dist-git spec, not a source RPM's; make the source RPM" \
           " (fedpkg srpm, or rpmautospec process-distgit then rpmbuild -bs)" \
           " and give that")
    if(literal !~ /^[A-Za-z0-9._+~^]*(%\{\?dist\})?[A-Za-z0-9._+~^]*$/ ||
       literal !~ /^[0-9]/)
      fail("Release: is \"" release_value "\", which rpm evaluates to \"" \
           literal "\", not a release this overlay can extend")
    base = literal
  }
  if(release_value ~ /mptcp/)
    fail("Release: is \"" release_value "\", already an MPTCP build: give" \
         " the distribution's own source RPM")
  if(!setups)
    fail("%prep has neither %setup nor %autosetup: cannot tell where the" \
         " sources are unpacked and patched")
  if(lastpatch)
    patch_at = lastpatch
  else if(lastsource)
    patch_at = lastsource
  else
    fail("the main package has no Source or Patch line to put ours after")
  patch_at = after_block(patch_at)
  prep_at = after_block(lastapply)
  n = maxpatch + 1
}

# ---- Second pass: write. ----
{
  line = $0
  if(line ~ section_re) {
    split(line, w, /[ \t]+/)
    section2 = w[1]
  }
  # Known before prep_at, which is at or after every such line.
  if(section2 == "%prep" && line ~ /^%(autosetup|autopatch)([ \t]|$)/ &&
     applies(line, line ~ /^%autosetup/)) {
    if(!p1)
      fail("line " FNR " (\"" line "\") would apply our patch with another" \
           " -p level than the -p1 it needs")
    applied = 1
  }

  if(FNR == release_line) {
    print "# curl-mptcp: the distribution's release R, then .mptcp" mptcp ":"
    print "# above R, below the distribution's next release of it."
    if(base != release_value) {
      shown = release_value
      gsub(/%/, "%%", shown)
      print "# (The spec's Release was rpmautospec's " shown ", evaluated.)"
    }
    print "%global mptcp_base_release " base
    print "Release:        %{mptcp_base_release}.mptcp" mptcp
    say("Release: " release_value " -> " (base != release_value ? base " -> " : "") \
        "%{mptcp_base_release}.mptcp" mptcp)
    next
  }
  if(FNR in relax) {
    old = line
    while(match(line, /libcurl(%\{\?_isa\})?[ \t]*>?=[ \t]*%\{version\}-%\{release\}/)) {
      dep = substr(line, RSTART, RLENGTH)
      name = dep
      sub(/[ \t]*>?=.*/, "", name)
      line = substr(line, 1, RSTART - 1) name " >= %{version}-%{mptcp_base_release}" \
             substr(line, RSTART + RLENGTH)
    }
    if(line ~ /%\{?release\}?/)
      fail("line " FNR " (\"" old "\") ties curl to libcurl's release in a" \
           " form this overlay does not know")
    print "# curl-mptcp: only curl is rebuilt; the distribution's libcurl of"
    print "# this version (release R or a later fix) serves it."
    print line
    say("curl " old " -> " line)
    relaxed++
    next
  }
  if(FNR == changelog) {
    print
    print entry
    print ""
    say("%changelog: entry added")
    next
  }
  print
  if(FNR == patch_at) {
    print ""
    print "# " note
    printf "%-16s%s\n", "Patch" n ":", patch
    print "# It changes src/Makefile.inc: the build system is regenerated"
    print "# after the patches."
    split("autoconf automake libtool", tl, " ")
    for(i = 1; i <= 3; i++)
      if(!(tl[i] in have)) {
        print "BuildRequires:  " tl[i]
        say("BuildRequires: " tl[i])
      }
    print "# The module uses real MPTCP only with this macro: appended to"
    print "# optflags unexpanded, so that what is added later to the macros"
    print "# it is made of (_preprocessor_defines on Fedora) still counts."
    print "%global optflags %{macrobody:optflags} -DUSE_TOOL_MPTCP"
    say("Patch" n ": " patch)
  }
  if(FNR == prep_at) {
    if(!applied) {
      printf "%%patch -P %d -p1\n", n
      say("%prep: %patch -P " n " -p1 after line " FNR)
    } else {
      say("%prep: %autosetup/%autopatch applies Patch" n)
    }
    print "autoreconf -fi"
  }
}

END {
  if(failed)
    exit 1
  if(!changelog) {
    print ""
    print "%changelog"
    print entry
    say("%changelog: section added with our entry")
  }
  if(!relaxed)
    say("Requires: curl names no libcurl release; nothing to relax")
}
