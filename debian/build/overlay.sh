#!/bin/sh
# Put curl-mptcp on top of a distribution's own curl source tree, as a
# distribution maintainer would add a change, and nothing more:
#   debian/patches  our patch (module + hook series, make export-patch),
#                   placed before the patches that debian/rules pops off
#                   the quilt stack to build its other TLS flavours (each
#                   "quilt pop" line there: Debian 12's 90_gnutls and
#                   99_nss), otherwise last;
#   debian/rules    one exported DEB_CPPFLAGS_MAINT_APPEND that builds the
#                   module (libcurl does not use these macros);
#   debian/control  curl's Depends on this build's own libcurl
#                   (= ${binary:Version}) relaxed to the distribution's
#                   library of the same upstream version, so the published
#                   curl installs on the distribution's libcurl; and the
#                   source stanza routes reports to us, not to the
#                   distribution's maintainers (whose entries stay in the
#                   changelog): Maintainer is who made this package, the
#                   distribution's Uploaders and Vcs-* fields are dropped,
#                   and Origin: curl-mptcp and Bugs: (reportbug's address,
#                   copied into the binary packages) are added;
#   debian/copyright a stanza for our files;
#   debian/tests    our autopkgtests beside the distribution's, which stay;
#   debian/changelog an entry with our version (deb-version.sh ours) on top.
#
# TREE is the unpacked source (patches not applied). N and DATE come from
# packages/packaging-revision, UPDATES (the release's update rule)
# from targets.tsv; the entry's date is the later of DATE
# and the distribution's own last entry, so the result (and the build's
# SOURCE_DATE_EPOCH) depends on the inputs only. The changelog entry and
# Maintainer name $DEBFULLNAME <$DEBEMAIL> (default: curl-mptcp
# developers <dev@curl-mptcp.invalid>); Bugs is $DEB_BUGS_URL, a
# debbugs://HOST or mailto:ADDRESS (default: mailto:$DEBEMAIL).
# CPPFLAGS defaults to
# -DUSE_TOOL_MPTCP (add -DTOOL_MPTCP_DEFAULT for MPTCP by default).
# Anything unexpected in the distribution's packaging stops the overlay
# with the reason, before the tree is changed.
set -eu
# shellcheck source=packages/script-lib.sh
. "$(dirname "$0")/../../packages/script-lib.sh"

here=$(cd "$(dirname "$0")" && pwd)
tree="" patch="" n="" date="" codename="" tests="" cppflags=-DUSE_TOOL_MPTCP
updates=""
synopsis="overlay.sh -t TREE -p PATCH -n N -u UPDATES -D DATE -c CODENAME\
 -T OUR_TESTS [-f CPPFLAGS]"
while getopts t:p:n:u:D:c:T:f: opt; do
  case $opt in
    u) updates=$OPTARG ;;
    t) tree=$OPTARG ;;
    p) patch=$OPTARG ;;
    n) n=$OPTARG ;;
    D) date=$OPTARG ;;
    c) codename=$OPTARG ;;
    T) tests=$OPTARG ;;
    f) cppflags=$OPTARG ;;
    *) usage "$synopsis" ;;
  esac
done
need tree patch n date codename tests updates || usage "$synopsis"
d=$tree/debian
for f in changelog control copyright rules patches/series tests/control; do
  [ -f "$d/$f" ] || die "$d/$f is missing: TREE must be a curl source package with debian/"
done
[ -f "$patch" ] || die "$patch does not exist"
cr=$(printf '\r')
! grep -q "$cr" "$d/control" "$d/copyright" ||
  die "$d/control or copyright has CR line endings: paragraphs could not be told apart"

name=curl-mptcp.patch

dist_version=$(dpkg-parsechangelog -l "$d/changelog" -S Version)
case $dist_version in
  *+mptcp*) die "$tree already carries curl-mptcp ($dist_version): start from the distribution's source" ;;
esac
version=$(sh "$here/deb-version.sh" ours "$dist_version" "$n" "$updates") ||
  die "no version of ours fits between $dist_version and $codename's next revision"
ceiling=$(sh "$here/deb-version.sh" ceiling "$dist_version")
upstream=$(deb_upstream "$dist_version") # valid: ours accepted it

# curl_stanza MODE: debian/control's stanza of the binary package curl
# (MODE show), or the whole file with "LIB (= ${binary:Version})" in that
# stanza replaced by $relaxed (MODE relax). Read and rewritten by this
# one function, so that the stanza checked is the stanza changed: field
# names in any case, "Package:curl" or with trailing blanks, any field
# order.
curl_stanza() {
  awk -v mode="$1" -v from="${lib:-} (= \${binary:Version})" -v to="${relaxed:-}" '
    function flush(   i, k, l) {
      for(i = 1; i <= n; i++) {
        l = buf[i]
        if(is_curl && mode == "relax")
          while((k = index(l, from)) > 0)
            l = substr(l, 1, k - 1) to substr(l, k + length(from))
        if(mode == "relax" || is_curl) print l
      }
      n = 0; is_curl = 0
    }
    { buf[++n] = $0 }
    tolower($0) ~ /^package:[ \t]*curl[ \t]*$/ { is_curl = 1 }
    NF == 0 { flush() }
    END { flush() }' "$d/control"
}
# curl's stanza must depend on exactly this build's library: libcurl4 or
# libcurl4t64 (= ${binary:Version}), once.
lib=$(curl_stanza show |
  grep -Eo 'libcurl[0-9a-z]* \(= \$\{binary:Version\}\)' | awk '{ print $1 }')
[ "$(echo "$lib" | grep -c .)" -eq 1 ] ||
  die "curl's Depends in $d/control does not name one libcurl (= \${binary:Version}):" \
      "the distribution changed its packaging; update overlay.sh"

fullname=${DEBFULLNAME:-curl-mptcp developers}
email=${DEBEMAIL:-dev@curl-mptcp.invalid}
nl='
'
case $fullname in
  *[\<\>,]*|*"$nl"*|"") die "DEBFULLNAME '$fullname' is not one name (one line, no <, > or ,)" ;;
esac
case $email in
  *"$nl"*) die "DEBEMAIL '$email' is not one e-mail address" ;;
esac
printf '%s\n' "$email" | grep -Eqx '[^@[:space:]<>,]+@[A-Za-z0-9.-]+' ||
  die "DEBEMAIL '$email' is not one e-mail address"
who="$fullname <$email>"
bugs=${DEB_BUGS_URL:-mailto:$email}
printf '%s\n' "$bugs" | grep -Eqx 'debbugs://[A-Za-z0-9.-]+/?|mailto:[^@[:space:]<>]+@[A-Za-z0-9.-]+' ||
  die "DEB_BUGS_URL '$bugs' is neither debbugs://HOST nor mailto:ADDRESS" \
      "(the forms reportbug reads from a package's Bugs field)"
# Host names are case-insensitive.
case $(printf '%s\n' "$bugs" | tr '[:upper:]' '[:lower:]') in
  *bugs.debian.org*|*launchpad.net*|*bugs.ubuntu.com*)
    die "DEB_BUGS_URL '$bugs' is the distribution's bug tracker: reports about" \
        "our package must reach us (debbugs://OURS or mailto:OUR_ADDRESS)" ;;
esac
# The source stanza: the paragraph before the first blank line (field
# names are case-insensitive).
[ "$(awk 'NF == 0 { exit } tolower($0) ~ /^maintainer:/' "$d/control" | wc -l)" -eq 1 ] ||
  die "the source stanza of $d/control has no single Maintainer line: update overlay.sh"
awk 'NF == 0 { exit } tolower($0) ~ /^source:/' "$d/control" | grep -q . ||
  die "$d/control does not start with the Source stanza: update overlay.sh"
# Fields that route reports belong to the source stanza only.
routed=$(awk 'NF == 0 { src = 1 }
  src && tolower($0) ~ /^(x[sbc]*-)?(bugs|origin|uploaders|vcs-[a-z]+|maintainer):/' \
  "$d/control")
[ -z "$routed" ] ||
  die "a binary stanza of $d/control sets $(echo "$routed" | head -n 1 | cut -d: -f1)," \
      "which would keep routing reports to the distribution: update overlay.sh"
head -n 1 "$d/copyright" | grep -q '^Format: https\?://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\?$' ||
  die "$d/copyright is not in the machine-readable format 1.0: update overlay.sh"
# Our stanza names the license without its text: DEP-5 then wants a
# stand-alone License paragraph (one without Files) of that name.
awk 'function para() { if(lic && !files) found = 1; lic = files = 0 }
  NF == 0 { para(); next }
  tolower($0) ~ /^files:/ { files = 1 }
  tolower($0) ~ /^license:[ \t]*curl[ \t]*$/ { lic = 1 }
  END { para(); exit !found }' "$d/copyright" ||
  die "$d/copyright has no stand-alone License: curl paragraph for our stanza" \
      "to name (a License: curl with its text inside a Files paragraph is not" \
      "one): update overlay.sh"
grep -q '^Files:.*curl-mptcp' "$d/copyright" &&
  die "$d/copyright already has a stanza for curl-mptcp: start from the distribution's source"

# The flavour patches that debian/rules pops stay on top of ours: one
# patch for each bare "quilt pop" ("quilt pop -a" or "quilt pop 2" would
# pop ours too, or more than we count).
! grep -Eq '^[[:space:]]+quilt (pop|push)[[:space:]]+[^[:space:]#]' "$d/rules" ||
  die "$d/rules runs quilt pop or push with arguments: which patches its" \
      "flavours build without is unknown; update overlay.sh"
pops=$(grep -Ec '^[[:space:]]+quilt pop' "$d/rules" || true)
patches=$(series_patches "$d/patches/series")
count=$(echo "$patches" | grep -c . || true)
[ "$pops" -le "$count" ] ||
  die "debian/rules pops $pops patches but the series has only $count"
if [ "$pops" -gt 0 ]; then
  before=$(echo "$patches" | sed -n "$((count - pops + 1))p")
else
  before=""
fi
grep -q 'DEB_CPPFLAGS_MAINT_APPEND' "$d/rules" &&
  die "$d/rules sets DEB_CPPFLAGS_MAINT_APPEND itself: extend it instead (update overlay.sh)"

# Everything checked: change the tree.
cp "$patch" "$d/patches/$name"
# Before the comment block right above the first popped patch, so that
# "Do not add patches below" comments stay true.
awk -v p="$name" -v before="$before" '
  { line[NR] = $0 }
  END {
    at = NR + 1
    if(before != "")
      for(i = 1; i <= NR; i++) {
        f = line[i]; sub(/[ \t].*/, "", f)
        if(f == before) { at = i; break }
      }
    while(at > 1 && line[at - 1] ~ /^#/) at--
    for(i = 1; i <= NR; i++) {
      if(i == at) print p
      print line[i]
    }
    if(at == NR + 1) print p
  }' "$d/patches/series" >"$d/patches/series.new"
mv "$d/patches/series.new" "$d/patches/series"

awk -v f="$cppflags" -v p="$name" '
  { print }
  NR == 1 {
    print ""
    print "# curl-mptcp: build the curl tool'"'"'s Multipath TCP module"
    print "# (debian/patches/" p "); libcurl does not read these macros."
    print "export DEB_CPPFLAGS_MAINT_APPEND = " f
  }' "$d/rules" >"$d/rules.new"
cat "$d/rules.new" >"$d/rules"
rm -f "$d/rules.new"

# In the source stanza: our Maintainer, Origin and Bugs; the
# distribution's Uploaders, Vcs-*, Bugs and Origin dropped with their
# continuation lines.
relaxed="$lib (>= $dist_version), $lib (<< $ceiling)"
curl_stanza relax | awk -v who="$who" -v bugs="$bugs" '
  NF == 0 { src_done = 1 }
  src_done || /^#/ { print; next }
  /^[^ \t]/ {
    f = tolower($0)
    # XS-Vcs-Git and the like reach the .dsc as Vcs-Git: they go too.
    drop = (f ~ /^(x[sbc]*-)?(uploaders|vcs-[a-z]+|bugs|origin):/)
    if(f ~ /^maintainer:/) {
      print "Maintainer: " who
      print "Origin: curl-mptcp"
      print "Bugs: " bugs
      drop = 1
    }
  }
  drop { next }
  { print }' >"$d/control.new"
mv "$d/control.new" "$d/control"

# Our files, after the last Files paragraph (the last match wins).
year=$(date -u -d "$date" +%Y) || die "packaging-revision date '$date' is not a date"
awk -v year="$year" -v p="$name" '
  { line[NR] = $0 }
  tolower($0) ~ /^files:/ { last = NR }
  END {
    at = last
    while(at <= NR && line[at] != "") at++
    for(i = 1; i <= NR; i++) {
      print line[i]
      if(i == at - 1) {
        print ""
        print "Files: debian/patches/" p " debian/tests/mptcp-*"
        print "Copyright: " year " the curl-mptcp toolkit authors"
        print "License: curl"
        print "Comment: curl-mptcp: the Multipath TCP module of the curl command,"
        print " src/tool_mptcp.c and src/tool_mptcp.h, which debian/patches/" p
        print " adds (with hooks in curl'"'"'s own files), and its autopkgtests."
      }
    }
  }' "$d/copyright" >"$d/copyright.new"
mv "$d/copyright.new" "$d/copyright"

for f in "$tests"/*; do
  case ${f##*/} in
    control) ;;
    *) # modes of their own: the checkout's depend on its umask
      mode=0644
      [ -x "$f" ] && mode=0755
      cp -p "$f" "$d/tests/" && chmod "$mode" "$d/tests/${f##*/}" ;;
  esac
done
{ echo; cat "$tests/control"; } >>"$d/tests/control"

# The entry's date: the later of the toolkit's and the distribution's.
ours=$(date -u -d "$date" +%s) ||
  die "packaging-revision date '$date' is not a date"
theirs=$(dpkg-parsechangelog -l "$d/changelog" -S Timestamp)
[ "$theirs" -le "$ours" ] || ours=$theirs
stamp=$(LC_ALL=C date -u -d "@$ours" '+%a, %d %b %Y %H:%M:%S +0000')
default=""
case $cppflags in
  *TOOL_MPTCP_DEFAULT*) default="
      MPTCP is used by default (-DTOOL_MPTCP_DEFAULT): --no-mptcp
      turns it off." ;;
esac
{
  cat <<ENTRY
curl ($version) $codename; urgency=medium

  * curl-mptcp packaging revision $n: Multipath TCP for the curl command.
    - d/p/$name: the curl-mptcp module and its hooks for
      curl $upstream (--mptcp falls back to TCP when the host refuses
      MPTCP, curl -v and %{mptcp} tell whether MPTCP was negotiated,
      curl -V has an "MPTCP:" line).
    - d/rules: build the module (DEB_CPPFLAGS_MAINT_APPEND).$default
    - d/control: curl depends on the distribution's $lib of curl
      $upstream, not on this build's, so that only curl is replaced;
      Maintainer, Origin and Bugs are curl-mptcp's (reports reach us,
      not the distribution's maintainers); no Uploaders or Vcs-*.
    - d/copyright: a stanza for the curl-mptcp files.
    - d/tests: add mptcp-smoke, mptcp-negotiation, mptcp-host-fallback.

 -- $who  $stamp

ENTRY
  cat "$d/changelog"
} >"$d/changelog.new"
mv "$d/changelog.new" "$d/changelog"
echo "overlay: curl $version ($codename): $name at line" \
     "$(grep -n -x "$name" "$d/patches/series" | cut -d: -f1) of" \
     "debian/patches/series${before:+ (before $before)}; curl depends on" \
     "$lib (>= $dist_version), $lib (<< $ceiling)"
