#!/bin/sh
# Report what is newer than what the toolkit has adopted: upstream curl
# releases above the versions table's newest, and revisions of curl in the
# Debian suites of every target release above the one adopted for it
# (the adopted field of debian/build/targets.tsv, read through
# target.sh; a target adopted "-" is reported as not watched). For each,
# whether its files can be downloaded and verified ("obtainable") or are
# only listed. Sources that could not be asked are named.
#
# Sources: curl's download site (its directory listing), and the Debian
# archive's Sources indices, read through the toolkit's private apt
# configuration under CACHE/updates (fresh lists every run, so that
# a suite whose index cannot be updated is not read from old lists).
# Upstream releases are also learnt from the Debian indices (the upstream
# part of each revision; pre-releases such as 8.23.0~rc3 are not releases).
# Obtainable: upstream, fetch-source.sh gets the tarball and its signature
# and verify-source.sh accepts them (the verified tarball stays in CACHE);
# Debian, "apt-get source --download-only" of that exact revision succeeds,
# which checks every file against the signed index.
#
# Output: a report for a person, then one line per finding:
#   UPSTREAM VERSION obtainable|listed-not-obtainable
#   DISTRO TARGET REVISION obtainable|listed-not-obtainable
#   SOURCE NAME REASON        (a source that could not be asked)
# Exit status: 1 when anything newer exists (obtainable or not); 0 when
# every source answered and nothing is newer; 2 when nothing newer was
# found but a source could not be asked; 3 on bad usage or tables.
set -eu
# shellcheck source=packages/script-lib.sh
. "$(dirname "$0")/script-lib.sh"
die_with 3 # bad tables, as said above
usage_with 3 # bad usage, as said above

here=$(cd "$(dirname "$0")" && pwd)
toolkit=$(cd "$here/../debian/build" && pwd)
cache="" url=https://curl.se/download apt_etc=/etc/apt
table=$here/curl-versions.tsv targets=$toolkit/targets.tsv
key=$here/curl-release-key.asc fprfile=$here/curl-release-key.fingerprint
synopsis="updates.sh -c CACHE [-u DOWNLOAD_URL] [-t TABLE] [-T TARGETS]\
 [-e APT_ETC_DIR] [-k KEY.asc -f FINGERPRINT_FILE]"
while getopts c:u:t:T:e:k:f: opt; do
  case $opt in
    c) cache=$OPTARG ;;
    u) url=${OPTARG%/} ;;
    t) table=$OPTARG ;;
    T) targets=$OPTARG ;;
    e) apt_etc=$OPTARG ;;
    k) key=$OPTARG ;;
    f) fprfile=$OPTARG ;;
    *) usage "$synopsis" ;;
  esac
done
need cache || usage "$synopsis"

for tool in dpkg apt-get; do
  command -v "$tool" >/dev/null 2>&1 ||
    die "$tool is missing: updates compares versions as Debian does" \
        "and reads Debian's indices with apt; run it on a Debian host"
done

newest=$(sh "$here/curl-versions.sh" -t "$table" list | head -n 1) ||
  die "cannot read the versions table $table"
# target ARG...: target.sh on the targets table (it checks the table).
target() {
  sh "$toolkit/target.sh" -t "$targets" "$@"
}
# "target suite,suite adopted" per target, in the table's order; adopted
# is "-" for a target not watched.
names=$(target list) || exit 3
target_rows=""
for name in $names; do
  adopted=$(target -d "$name" adopted) || exit 3
  suites=$(target -d "$name" suites) || exit 3
  target_rows="${target_rows:+$target_rows
}$name $(echo "$suites" | tr ' ' ',') $adopted"
done
printf '%s\n' "$target_rows" | awk '$3 != "-" { found = 1 } END { exit !found }' ||
  die "$targets has no target with an adopted revision: nothing to watch" \
      "in Debian; set the adopted field of the targets to watch"

state=$cache/updates
logs=$state/logs
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$logs" || die "cannot create $logs"
rm -f "$logs"/*
: >"$work/findings"
: >"$work/sources"
: >"$work/report"

# report LINE...: for the person; finding LINE: one parseable line.
report() {
  printf '%s\n' "$@" >>"$work/report"
}
finding() {
  printf '%s\n' "$*" >>"$work/findings"
}
source_failed() {
  finding "SOURCE $1 $2"
  printf '  %s: %s\n' "$1" "$3" >>"$work/sources"
}

# get URL FILE: download with whichever client there is.
get() {
  if command -v curl >/dev/null 2>&1; then
    curl -fsSL --connect-timeout 20 --max-time 120 -o "$2" "$1"
  elif command -v wget >/dev/null 2>&1; then
    wget -q --timeout=20 -O "$2" "$1"
  else
    echo "neither curl nor wget is installed" >&2
    return 1
  fi
}

# --- curl's download site ---
warn "reading curl's download site $url/"
: >"$work/site"
if get "$url/" "$work/listing" 2>"$logs/download-site.log"; then
  grep -Eo 'curl-[0-9]+\.[0-9]+\.[0-9]+\.tar\.gz' "$work/listing" |
    sed 's/^curl-//; s/\.tar\.gz$//' | sort -u >"$work/site" || true
  [ -s "$work/site" ] ||
    source_failed download-site no-listing \
      "$url/ answered, but names no curl-X.Y.Z.tar.gz (is it the download directory?)"
else
  source_failed download-site unreachable \
    "$url/ did not answer: $(tail -n 1 "$logs/download-site.log")"
fi

# --- Debian's Sources indices, through the private apt configuration ---
private_apt() {
  sh "$here/private-apt.sh" -c "$state" -e "$apt_etc" "$@"
}
all_suites=$(printf '%s\n' "$target_rows" | awk '$3 != "-" { print $2 }' |
             tr ',' '\n' | awk '!seen[$0]++')
base_suites=$(printf '%s\n' "$all_suites" | sed 's/-security$//' |
              awk '!seen[$0]++' | paste -sd' ' -)
warn "updating the Debian source indices of:" \
  "$(printf '%s\n' "$all_suites" | paste -sd' ' -)"
apt_log=$state/apt/update.log
rm -rf "$state/apt/lists" "$apt_log"
private_apt -s "$base_suites" update 2>"$logs/private-apt.log" || true
# shellcheck disable=SC2016 # apt expands $(RELEASE), not the shell
private_apt apt-get indextargets --format '$(RELEASE)' \
  'Created-By: Sources' >"$work/indices" 2>/dev/null || : >"$work/indices"

# Why SUITE has no index: what apt's log says about it, in one word.
suite_failure() {
  said=$(awk -v s="$1" '
    index($0, " " s " ") || index($0, "/" s "/") || index($0, " " s "\047") {
      ctx = 1; print; next }
    ctx && /^ / { print; next }
    { ctx = 0 }' "$apt_log" "$logs/private-apt.log" 2>/dev/null)
  case $said in
    *expired*) echo expired ;;
    *GPG*|*NO_PUBKEY*|*BADSIG*|*"not signed"*|*signatures*) echo bad-signature ;;
    *"Could not connect"*|*"Could not resolve"*|*"Temporary failure"*|\
    *"Connection refused"*|*"timed out"*|*"Unable to connect"*) echo unreachable ;;
    *"Release file"*|*404*|*"File not found"*|*"No such file"*) echo no-release-file ;;
    *)
      if awk -v s="$1" '$1 == "Suites:" {
             for(i = 2; i <= NF; i++) if($i == s) found = 1 }
           END { exit !found }' "$state/apt/sources/curl-mptcp.sources" \
           2>/dev/null; then
        echo not-updated
      else
        echo not-configured
      fi ;;
  esac
}
suite_reason_text() {
  case $1 in
    expired) echo "its Release file is past its Valid-Until" ;;
    bad-signature) echo "its Release file's signature does not verify" ;;
    unreachable) echo "the archive could not be reached" ;;
    no-release-file) echo "the archive has no Release file for it" ;;
    not-configured) echo "none of this machine's apt sources is an archive that carries it" ;;
    *) echo "its index was not updated" ;;
  esac
}

# "suite revision" for every curl in every suite that did update; a suite
# without a Sources index is a source that could not be asked, and so is
# every suite when one lists a revision that is not a Debian version.
if ! suite_revisions private_apt curl >"$work/all-listed"; then
  : >"$work/all-listed"
  source_failed debian invalid-version \
    "Debian: apt lists a curl revision that is not a Debian version (said above): no suite's listing is used"
fi
: >"$work/listed"
for suite in $all_suites; do
  if ! awk -v s="$suite" '$1 == s { found = 1 } END { exit !found }' \
       "$work/indices"; then
    why=$(suite_failure "$suite")
    source_failed "debian:$suite" "$why" \
      "Debian $suite: $(suite_reason_text "$why") (logs: $apt_log, $logs/private-apt.log); the other suites are used"
    continue
  fi
  awk -v s="$suite" '$1 == s' "$work/all-listed" >>"$work/listed"
done

# --- What is newer, and can it be had ---
newer() {
  dpkg --compare-versions "$1" gt "$2"
}

# Can Debian's source package REVISION be downloaded and verified?
# Prints the reason when not.
debian_obtainable() {
  dl=$(mktemp -d "$work/dl.XXXXXX")
  log=$logs/apt-source-$1.log
  if (cd "$dl" && private_apt apt-get -q source --download-only \
        "curl=$1") </dev/null >"$log" 2>&1 && ls "$dl"/*.dsc >/dev/null 2>&1; then
    rm -rf "$dl"
    return 0
  fi
  rm -rf "$dl"
  if grep -q '404\|File not found' "$log"; then
    echo "its files are missing (404, not found): listed in the index," \
         "not in the pool"
  elif grep -q 'Hash Sum mismatch\|Hashes of expected file' "$log"; then
    echo "its files do not match the signed index"
  else
    echo "apt-get source failed"
  fi
  echo "(log: $log)"
  return 1
}

report "Debian targets (adopted revision; suites)"
printf '%s\n' "$target_rows" | while read -r name suites adopted; do
  if [ "$adopted" = - ]; then
    report "  $name: not watched (no adopted revision in $(basename "$targets"))"
    continue
  fi
  suites_sp=$(printf '%s' "$suites" | tr ',' ' ')
  revs=$(awk -v s=",$suites," 'index(s, "," $1 ",") { print $2 }' \
           "$work/listed" | sort -u -V)
  line="  $name: $adopted; $suites_sp"
  count=0
  for rev in $revs; do
    newer "$rev" "$adopted" || continue
    count=$((count + 1))
    [ "$count" -gt 1 ] || report "$line"
    where=$(awk -v r="$rev" -v s=",$suites," \
              '$2 == r && index(s, "," $1 ",") { print $1 }' "$work/listed" |
            paste -sd' ' -)
    warn "trying Debian's curl $rev"
    if why=$(debian_obtainable "$rev"); then
      finding "DISTRO $name $rev obtainable"
      report "    $rev (in $where): obtainable, verified by apt"
    else
      finding "DISTRO $name $rev listed-not-obtainable"
      report "    $rev (in $where): listed, not obtainable: $(echo "$why" | paste -sd' ' -)"
    fi
  done
  [ "$count" -gt 0 ] || report "$line: nothing newer"
done

# Upstream releases: the download site's, and the upstream part of every
# Debian revision listed.
awk '{ v = $2; sub(/^[0-9]+:/, "", v); sub(/-[^-]*$/, "", v)
       if(v ~ /^[0-9]+\.[0-9]+\.[0-9]+$/) print v, "Debian " $1 " " $2 }' \
  "$work/listed" >"$work/upstream"
sed 's/$/ download-site/' "$work/site" >>"$work/upstream"
mv "$work/report" "$work/report-debian"
report "Upstream curl (newest in $(basename "$table"): $newest)"
count=0
candidates=$(cut -d' ' -f1 "$work/upstream" | sort -u -V)
for v in $candidates; do
  newer "$v" "$newest" || continue
  count=$((count + 1))
  where=$(awk -v v="$v" '$1 == v { $1 = ""; sub(/^ /, ""); print }' \
            "$work/upstream" | paste -sd',' - | sed 's/,/, /g')
  warn "fetching and verifying curl $v"
  log=$logs/fetch-$v.log
  if sh "$here/fetch-source.sh" -v "$v" -c "$cache" -k "$key" -f "$fprfile" \
       -o "$work/curl-$v.tar.gz" -u "$url" -e "$apt_etc" </dev/null >"$log" 2>&1; then
    finding "UPSTREAM $v obtainable"
    report "  $v (listed by $where): obtainable, verified (now in $cache)"
  else
    why=$(grep -E 'could not obtain|verify-source:|removed the' "$log" |
          head -n 2 | sed 's/^[a-z-]*: //' | paste -sd' ' -)
    finding "UPSTREAM $v listed-not-obtainable"
    report "  $v (listed by $where): listed, not obtainable: ${why:-see $log} (log: $log)"
  fi
done
[ "$count" -gt 0 ] || report "  nothing newer"
report ""
cat "$work/report-debian" >>"$work/report"

if [ -s "$work/sources" ]; then
  report "" "Sources that could not be asked"
  cat "$work/sources" >>"$work/report"
fi

cat "$work/report"
echo
cat "$work/findings"
if grep -q '^\(UPSTREAM\|DISTRO\) ' "$work/findings"; then
  warn "newer versions exist (exit 1)"
  exit 1
fi
if [ -s "$work/sources" ]; then
  warn "nothing newer found, but not every source could be asked (exit 2)"
  exit 2
fi
warn "every source answered; nothing newer (exit 0)"
exit 0
