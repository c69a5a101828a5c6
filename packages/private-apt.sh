#!/bin/sh
# Run apt-get or apt-cache with the toolkit's private apt configuration
# under CACHE/apt: deb-src entries derived from this machine's apt sources
# (debian-deb-src.sh), and lists, preferences and downloads of its own. The
# system's apt sources and lists are never touched, and its apt.conf.d
# cannot weaken what the private configuration checks: insecure and weak
# repositories are refused, Release files must be inside their
# Valid-Until and not dated in the future, no key of the machine's
# trusted.gpg(.d) counts (every entry names the distribution's keyring),
# and apt's download sandbox stays on.
#
# "update" (re)writes the deb-src entries and updates the private lists;
# its log is CACHE/apt/update.log. -s names the suites to offer (default:
# those of debian-deb-src.sh). Only archives whose Release file says
# Origin -O (default Debian) and is signed by that distribution's archive
# keyring are used ($DISTRO_KEYRING, default
# /usr/share/keyrings/debian-archive-keyring.gpg or
# ubuntu-archive-keyring.gpg); any other archive the machine lists for
# such a suite (a vendor repository calling its suite "bookworm") is
# named and left out. Every suite offered must update: one that does not
# (unreachable, bad signature, expired) is an error, because old lists
# would silently build an old revision. -E names suites whose Valid-Until
# is not checked ("all": every suite), for a frozen mirror; update says so
# on standard error and records them in CACHE/apt/valid-until-override.
set -eu
# shellcheck source=packages/script-lib.sh
. "$(dirname "$0")/script-lib.sh"

here=$(cd "$(dirname "$0")" && pwd)
cache="" apt_etc=/etc/apt suites="" origin=Debian expired="" keyring=""
synopsis="private-apt.sh -c CACHE [-e APT_ETC_DIR] [-s SUITES]\
 [-O Debian|Ubuntu] [-E SUITES|all] update | apt-get|apt-cache ARGS..."
while getopts c:e:s:O:E: opt; do
  case $opt in
    c) cache=$OPTARG ;;
    e) apt_etc=$OPTARG ;;
    s) suites=$OPTARG ;;
    O) origin=$OPTARG ;;
    E) expired=$OPTARG ;;
    *) usage "$synopsis" ;;
  esac
done
shift $((OPTIND - 1))
need cache || usage "$synopsis"
[ $# -ge 1 ] || usage "$synopsis"
dir=$cache/apt

run() {
  cmd=$1
  shift
  "$cmd" -o Dir::Etc::SourceList=/dev/null \
         -o Dir::Etc::SourceParts="$dir/sources" \
         -o Dir::Etc::Preferences=/dev/null \
         -o Dir::Etc::PreferencesParts="$dir/sources" \
         -o Dir::State::Lists="$dir/lists" \
         -o Dir::Cache="$dir/cache" \
         -o Dir::Etc::Trusted="$dir/trusted.d/none.gpg" \
         -o Dir::Etc::TrustedParts="$dir/trusted.d" \
         -o Acquire::AllowInsecureRepositories=false \
         -o Acquire::AllowDowngradeToInsecureRepositories=false \
         -o Acquire::AllowWeakRepositories=false \
         -o APT::Get::AllowUnauthenticated=false \
         -o Acquire::Check-Valid-Until=true \
         -o Acquire::Check-Date=true "$@"
}

# The suites that apt-get update named in an error or warning (an expired
# or missing Release, a failed download, a Release of another suite: a
# mirror serving unstable's signed Release as bookworm's): one apt line
# names its suite as ".../dists/SUITE/...", as "'URI SUITE [In]Release'"
# or as "Conflicting distribution: URI SUITE InRelease".
unusable_suites() {
  sed -n -e "s#^[EW]: .*/dists/\([^/ ]*\)/.*#\1#p" \
         -e "s#^[EW]: .*'[^ ]* \([^ ]*\) \(In\)\{0,1\}Release'.*#\1#p" \
         -e "s#^[EW]: Conflicting distribution: [^ ]* \([^ ]*\) .*#\1#p" |
    sort -u | tr '\n' ' ' | sed 's/ $//'
}

# Our deb-src entries, without the archives given as $1.
write_sources() {
  DISTRO_KEYRING=$keyring sh "$here/debian-deb-src.sh" -d "$apt_etc" \
    -O "$origin" -k "$keyring" ${suites:+-s "$suites"} \
    ${expired:+-E "$expired"} ${1:+-x "$1"} \
    >"$dir/sources/curl-mptcp.sources.new" || return 1
  mv "$dir/sources/curl-mptcp.sources.new" "$dir/sources/curl-mptcp.sources"
}

# "URI|SUITE|ORIGIN|TRUSTED" of every Sources index apt has, as its
# Release file says.
indices() {
  # shellcheck disable=SC2016 # apt expands $(...), not the shell
  run apt-get indextargets --format '$(REPO_URI)|$(RELEASE)|$(ORIGIN)|$(TRUSTED)' \
    'Created-By: Sources' 2>/dev/null | sed 's#/*|#|#'
}

case $1 in
  update)
    command -v apt-get >/dev/null 2>&1 ||
      die "apt-get not found: the distribution's source packages cannot be used"
    case $origin in
      Debian) : "${keyring:=${DISTRO_KEYRING:-/usr/share/keyrings/debian-archive-keyring.gpg}}" ;;
      Ubuntu) : "${keyring:=${DISTRO_KEYRING:-/usr/share/keyrings/ubuntu-archive-keyring.gpg}}" ;;
      *) warn "unknown distribution '$origin': -O Debian or -O Ubuntu"; exit 2 ;;
    esac
    [ -f "$keyring" ] ||
      die "$origin's archive keyring $keyring is missing: apt-get install" \
          "$(echo "$origin" | tr '[:upper:]' '[:lower:]')-archive-keyring"
    mkdir -p "$dir/sources" "$dir/lists/partial" \
             "$dir/cache/archives/partial" "$dir/trusted.d"
    rm -f "$dir/trusted.d"/* "$dir/valid-until-override"
    write_sources "" ||
      die "no $origin archive in the apt sources of $apt_etc to derive" \
          "deb-src entries from"
    offered=$(awk '$1 == "Suites:" { for(i = 2; i <= NF; i++) print $i }' \
              "$dir/sources/curl-mptcp.sources" | sort -u)
    rm -f "$dir/update-first.log"
    run apt-get -q update >"$dir/update.log" 2>&1 || true
    # An archive that is not the distribution's: its Release names another
    # Origin, or nothing of it verified with the distribution's keyring.
    indices >"$dir/indices"
    foreign=$(awk -v want="$origin" '
      $1 == "URIs:" { u = $2; sub(/\/+$/, "", u); listed[u] = 1 }
      END {
        while((getline line < idx) > 0) {
          split(line, f, "|")
          if(!(f[1] in listed)) continue
          if(f[3] == want && f[4] == "yes") good[f[1]] = 1
          else bad[f[1]] = 1
        }
        for(u in listed)
          if((u in bad) || !(u in good)) print u
      }' idx="$dir/indices" "$dir/sources/curl-mptcp.sources" | sort)
    left=yes
    if [ -n "$foreign" ]; then
      for u in $foreign; do
        said=$(awk -F'|' -v u="$u" '$1 == u && $3 != "" { print $3; exit }' "$dir/indices")
        warn "left out $u: ${said:+its Release says Origin $said, not $origin}${said:-no suite of it updated with $keyring (see $dir/update-first.log)}"
      done
      mv "$dir/update.log" "$dir/update-first.log"
      # shellcheck disable=SC2086 # a list of URIs
      if write_sources "$(printf '%s ' $foreign)" 2>/dev/null; then
        run apt-get -q update >"$dir/update.log" 2>&1 || true
        indices >"$dir/indices"
      else
        left=""
        : >"$dir/update.log"
      fi
    fi
    # Every suite offered must have updated from a trusted archive of
    # the distribution in this very run (apt keeps old lists when an
    # update fails, and says so only in its log).
    unusable=$(unusable_suites <"$dir/update.log")
    failed=""
    for s in $offered; do
      case " $unusable " in
        *" $s "*) failed="$failed $s"; continue ;;
      esac
      [ -n "$left" ] && awk -F'|' -v s="$s" -v want="$origin" '
        $2 == s && $3 == want && $4 == "yes" { f = 1 } END { exit !f }' \
        "$dir/indices" || failed="$failed $s"
    done
    if [ -n "$failed" ]; then
      cat "$dir/update-first.log" "$dir/update.log" 2>/dev/null |
        grep -E '^(E|W): ' | sort -u | head -n 6 | sed 's/^/  apt: /' >&2
      die "the requested suite(s)${failed} could not be updated from" \
          "$origin's archive (logs: $dir/update.log${foreign:+, $dir/update-first.log}):" \
          "old or no lists would be used. Fix the archive or the machine's" \
          "apt sources; for a mirror that is a frozen snapshot whose Release" \
          "is past its Valid-Until, give the suite as an explicit override" \
          "(make APT_ALLOW_EXPIRED=SUITE; private-apt.sh -E SUITE), which" \
          "is recorded"
    fi
    if [ -n "$expired" ]; then
      awk '$1 == "Suites:" { s = $0 } $0 == "Check-Valid-Until: no" {
             sub(/^Suites: /, "", s); print s }' \
        "$dir/sources/curl-mptcp.sources" | tr ' ' '\n' | sort -u |
        paste -sd' ' - >"$dir/valid-until-override"
      warn "OVERRIDE: the Valid-Until of suite(s)" \
           "$(cat "$dir/valid-until-override") is not checked (-E $expired):" \
           "their metadata may be replayed old metadata"
    fi
    ;;
  apt-get|apt-cache)
    run "$@"
    ;;
  *)
    warn "unknown command '$1': use update, apt-get or apt-cache"
    exit 2
    ;;
esac
