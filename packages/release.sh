#!/bin/sh
# make release: from a configured toolkit tree to a signed, verified
# release in dist/ that holds exactly what this run built. Build stages,
# each a make target of this tree, run without any signing key
# (GNUPGHOME is an empty keyring):
#
#   fetch      the verified upstream tarball
#   deb        the distribution's curl source package with our patch, and
#              its curl package, for DISTRO (dist/deb/DISTRO; its
#              distribution-source says which revision)
#   rpm        our source RPM (rpm/curl.spec.in), and the overlay's of the
#              distribution's source RPM when -r SRPM is given; never a
#              binary RPM built on this Debian host
#   vms-kit    the OpenVMS source kit(s)
#   os400-kit  the IBM i source kit(s)
#
# Each stage's outputs are copied to _build/release/out/STAGE/ and its
# record (_build/release/STAGE.done) holds its inputs (toolkit commit and
# local changes, curl version and series, configure arguments, the
# distribution's listed revisions for deb, the SRPM's SHA-256 for rpm)
# and the checksums of those outputs. A re-run skips a stage whose record
# still holds; a stage that runs invalidates every later one. Then,
# always, in a fresh staging directory: only the stages' outputs, as their
# records list them (a file changed or added since stops the release); the
# .dsc, .buildinfo and .changes signed (debsign); the apt repository of
# this run's packages signed with the archive key; the public key(s);
# manifest.json and SHA256SUMS over the same files; SHA256SUMS signed;
# packages/verify-release.sh against the fingerprint resolved here.
# Only when all of it passed does the staging directory replace dist/
# (the previous dist/ is kept as _build/release/dist.previous).
#
# -k names the release key, -a the apt archive key (default: the release
# key); each must resolve to exactly one secret key of the keyring. Without
# -k a throwaway key is made for a dry run (under _build/release/gnupg,
# never in dist/) and the release says so. -E: the distribution's suites
# whose Valid-Until is not checked (recorded). -N: release a Debian
# package although the distribution lists a newer curl that could not be
# fetched (NOT CURRENT; recorded in the manifest). A release refuses a
# Debian Maintainer under .invalid (the default); a dry run keeps it and
# says so.
set -eu
# shellcheck source=packages/script-lib.sh
. "$(dirname "$0")/script-lib.sh"

top="" src="" key="" archive_key="" home="" curl_version="" series=""
toolkit_version="" distro="" cache="" srpm="" expired="" not_current_ok=""
repo_url="" apt_etc=/etc/apt
synopsis="release.sh -b TOP_BUILDDIR -s TOP_SRCDIR -v CURL_VERSION -p SERIES\
 -t TOOLKIT_VERSION -d DISTRO -c CACHE [-k KEY] [-a ARCHIVE_KEY]\
 [-g GNUPGHOME] [-r SRPM] [-E SUITES] [-N] [-u REPO_URL] [-e APT_ETC_DIR]"
while getopts b:s:k:a:g:v:p:t:d:c:r:E:Nu:e: opt; do
  case $opt in
    e) apt_etc=$OPTARG ;;
    v) curl_version=$OPTARG ;;
    p) series=$OPTARG ;;
    t) toolkit_version=$OPTARG ;;
    b) top=$OPTARG ;;
    s) src=$OPTARG ;;
    k) key=$OPTARG ;;
    a) archive_key=$OPTARG ;;
    g) home=$OPTARG ;;
    d) distro=$OPTARG ;;
    c) cache=$OPTARG ;;
    r) srpm=$OPTARG ;;
    E) expired=$OPTARG ;;
    N) not_current_ok=yes ;;
    u) repo_url=$OPTARG ;;
    *) usage "$synopsis" ;;
  esac
done
need top src curl_version series toolkit_version distro cache || usage "$synopsis"
state=$top/_build/release
dist=$top/dist
mkdir -p "$state"

for tool in gpg gpgv sha256sum debsign reprepro "${PYTHON3:-python3}"; do
  command -v "$tool" >/dev/null 2>&1 ||
    die "$tool is missing: run packages/install-build-deps.sh"
done
if [ -n "$srpm" ]; then
  [ -f "$srpm" ] || die "SRPM=$srpm does not exist"
  srpm=$(cd "$(dirname "$srpm")" && pwd)/$(basename "$srpm")
fi

# A release names a real maintainer and bug address; the default is a
# placeholder. Host names are case-insensitive and may end in a dot; an
# address or URL (mailto:, debbugs://HOST/) may follow.
maintainer_ok() {
  ! printf '%s\n' "$1" | grep -Eiq '\.invalid\.?($|[^a-z0-9.-])'
}
maint_hint="set a real one: DEBFULLNAME='Your Name' DEBEMAIL=you@example.org make release GPG_KEY=..."

# resolve KEY: the one fingerprint of a secret key KEY names, or refuse.
resolve() {
  fprs=$(gpg --batch --with-colons --list-secret-keys -- "$1" 2>/dev/null |
         awk -F: '$1 == "sec" { want = 1; next }
                  $1 == "fpr" && want { print $10; want = 0 }' | sort -u)
  n=$(printf '%s' "$fprs" | grep -c '' || true)
  [ "$n" -ge 1 ] ||
    die "no secret key $1 in $GNUPGHOME: give GPG_KEY=FINGERPRINT of a key of" \
        "that keyring, or GNUPGHOME= the keyring that has it"
  [ "$n" -eq 1 ] ||
    die "GPG_KEY=$1 matches $n secret keys ($(printf '%s' "$fprs" | tr '\n' ' ')): give the full" \
        "fingerprint of the one to sign with"
  echo "$fprs"
}

# The signing keys: the user's, or a throwaway one for a dry run.
if [ -n "$key" ]; then
  if [ -n "$home" ]; then GNUPGHOME=$home; else GNUPGHOME=${GNUPGHOME:-$HOME/.gnupg}; fi
  export GNUPGHOME
  fpr=$(resolve "$key")
  mode="signed with key $fpr"
  dry=""
  maintainer_ok "${DEBEMAIL:-dev@curl-mptcp.invalid}" ||
    die "the Debian Maintainer would be ${DEBEMAIL:-dev@curl-mptcp.invalid}," \
        "a placeholder that routes no report: $maint_hint"
  maintainer_ok "${DEB_BUGS_URL:-}" ||
    die "the Debian package's Bugs would be $DEB_BUGS_URL, a placeholder that" \
        "routes no report: set DEB_BUGS_URL=mailto:YOUR_ADDRESS (or unset it" \
        "for mailto:\$DEBEMAIL)"
else
  GNUPGHOME=$state/gnupg
  export GNUPGHOME
  if [ ! -f "$state/gnupg/throwaway.fpr" ]; then
    rm -rf "$state/gnupg"
    mkdir -p "$state/gnupg"
    chmod 700 "$state/gnupg"
    gpg --batch --quiet --passphrase '' --quick-gen-key \
      "curl-mptcp dry run (throwaway) <dry-run@curl-mptcp.invalid>" \
      ed25519 sign 1d 2>"$state/gnupg/keygen.log" ||
      die "cannot make a throwaway key (see $state/gnupg/keygen.log)"
    gpg --batch --with-colons --list-secret-keys 2>/dev/null |
      awk -F: '$1 == "fpr" { print $10; exit }' >"$state/gnupg/throwaway.fpr"
  fi
  fpr=$(resolve "$(cat "$state/gnupg/throwaway.fpr")")
  # The agent that this keyring starts ends with the run.
  trap 'GNUPGHOME=$state/gnupg gpgconf --kill gpg-agent 2>/dev/null || true' EXIT
  mode="DRY RUN: signed with the throwaway key $fpr (not for publishing)"
  dry=yes
fi
if [ -n "$archive_key" ]; then
  archive_fpr=$(resolve "$archive_key")
else
  archive_fpr=$fpr
fi
signing_home=$GNUPGHOME
say "$mode"
[ "$archive_fpr" = "$fpr" ] || say "the apt repository is signed with the archive key $archive_fpr"
[ -z "$dry" ] || maintainer_ok "${DEBEMAIL:-dev@curl-mptcp.invalid}" ||
  say "DRY RUN keeps the placeholder Maintainer ${DEBEMAIL:-dev@curl-mptcp.invalid}:" \
      "a release refuses it ($maint_hint)"

# No build stage can reach a signing key: they see an empty keyring.
nokeys=$state/no-keys
rm -rf "$nokeys"
mkdir -m 700 "$nokeys"
GNUPGHOME=$nokeys
export GNUPGHOME

# --- The inputs that a stage's record holds ---
# shellcheck disable=SC2086 # $built_from: a list of paths without blanks
toolkit_commit() {
  if git -C "$src" rev-parse HEAD >/dev/null 2>&1; then
    # The toolkit files that artefacts are made of (a commit that changes
    # only README or tests builds the same), uncommitted changes and new
    # files among them too.
    echo "toolkit tree $(cd "$src" && { git ls-files -s -- $built_from &&
            git diff HEAD -- $built_from && git ls-files -o \
            --exclude-standard -- $built_from | xargs -r sha256sum; } \
            2>/dev/null | sha256sum | cut -c1-64)"
  else
    echo "toolkit $toolkit_version (no git: every file's checksum)" \
         "$(cd "$src" && find $built_from \
            -type f -exec sha256sum {} + 2>/dev/null | LC_ALL=C sort |
            sha256sum | cut -c1-64)"
  fi
}
built_from="packages debian patches src rpm vms OS400 mk Makefile.am configure.ac"
common_inputs=$(
  toolkit_commit
  echo "curl $curl_version series $series"
  echo "configure $(cd "$top" && ./config.status --config 2>/dev/null)"
)

# The revisions DISTRO's suites list now, read through the private apt
# configuration: a new distribution revision means a new deb stage.
listing_apt() {
  sh "$src/packages/private-apt.sh" -c "$cache" "$@"
}
distribution_inputs() {
  suites=$(sh "$src/debian/build/target.sh" -d "$distro" suites) || return 1
  origin=$(sh "$src/debian/build/target.sh" -d "$distro" origin) || return 1
  sh "$src/packages/private-apt.sh" -c "$cache" -e "$apt_etc" -s "$suites" -O "$origin" \
    ${expired:+-E "$expired"} update || return 1
  listed=$(suite_revisions listing_apt curl) || return 1
  listed=$(printf '%s' "$listed" | cut -d' ' -f2 | sort -u |
             tr '\n' ' ')
  echo "distribution $distro suites $suites listed $listed" \
       "valid-until-override ${expired:-none}"
}

# --- Stages ---
# run_stage NAME INPUTS COMMAND...: run one build stage unless its record
# (inputs and outputs) still holds; collect its outputs with
# collect_NAME into out/NAME.
ran_one=""
: >"$state/times"
run_stage() {
  name=$1 inputs=$2
  shift 2
  record=$state/$name.done
  store=$state/out/$name
  if [ -z "$ran_one" ] && [ -f "$record" ] &&
     [ "$(sed -n '1,/^--$/p' "$record" | sed '$d')" = "$inputs" ] &&
     { [ -z "$(sed '1,/^--$/d' "$record")" ] ||
       (cd "$store" && sed '1,/^--$/d' "$record" | sha256sum --quiet -c -) \
         >/dev/null 2>&1; }
  then
    say "$name: done before with the same inputs, its" \
        "$(sed '1,/^--$/d' "$record" | wc -l) files unchanged: skipped"
    echo "$name skipped" >>"$state/times"
    return 0
  fi
  # From here on every later stage runs again.
  ran_one=yes
  rm -f "$record"
  rm -rf "$store"
  mkdir -p "$store"
  mark=$state/$name.start
  touch "$mark"
  sleep 1
  start=$(date +%s)
  log=$state/$name.log
  say "$name: running (log: $log)"
  if ! "$@" >"$log" 2>&1 || ! "collect_$name" >>"$log" 2>&1
  then
    tail -n 20 "$log" >&2
    die "stage $name FAILED after $(( $(date +%s) - start )) s; its log is $log. Fix the cause and run make release again: finished stages are kept."
  fi
  {
    printf '%s\n--\n' "$inputs"
    (cd "$store" && find . -type f | sed 's|^\./||' | LC_ALL=C sort |
       xargs -r sha256sum)
  } >"$record.tmp"
  mv "$record.tmp" "$record"
  say "$name: ok in $(( $(date +%s) - start )) s," \
      "$(sed '1,/^--$/d' "$record" | wc -l) files"
  echo "$name $(( $(date +%s) - start )) s" >>"$state/times"
}
# take FILE DEST: copy a file this stage wrote (its inode changed after
# the start mark: cp -p keeps an old mtime) to out/STAGE/DEST; an older
# one is refused.
take() {
  # A name with .. (a kit line of the log) could put a file among another
  # stage's checked outputs, or take one from anywhere.
  case /$1/$2/ in
    */../*) echo "release: $1: a path through ..: refused"; return 1 ;;
  esac
  # The records and sums are lists of names, one a line.
  case /$2 in
    *[!A-Za-z0-9._+~/-]*|*/-*)
      say "'$2': a file name with a blank, a newline or another" \
          "character outside A-Za-z0-9._+~-, or a leading -: refused"
      return 1 ;;
  esac
  # A symlink could make a stage hand over any file of this host (a key).
  [ ! -L "$1" ] || { echo "release: $1 is a symlink: refused"; return 1; }
  [ -f "$1" ] || { echo "release: $1 is missing or not a file"; return 1; }
  [ -n "$(find "$1" -cnewer "$mark")" ] ||
    { echo "release: $1 was not written by this run: refused"; return 1; }
  mkdir -p "$(dirname "$store/$2")"
  cp -p "$1" "$store/$2"
}

# Each stage is its make target, which holds configure's choices (tarball
# checksums, MPTCP default, flavours, kit versions) that a direct script
# call would have to derive again. GNUPGHOME on make's command line: the
# variables of make release's own command line (MAKEFLAGS) would otherwise
# override the empty keyring.
mk() {
  make -C "$top" GNUPGHOME="$nokeys" "$@"
}
collect_fetch() { :; }
collect_deb() {
  d=$dist/deb/$distro
  n=0
  for f in "$d"/*; do
    take "$f" "deb/$distro/$(basename "$f")" || return 1
    n=$((n + 1))
  done
  [ "$n" -gt 0 ] || { echo "release: make deb left nothing in $d"; return 1; }
}
collect_rpm() {
  set -- "$top"/_build/rpm/srpm/SRPMS/*.src.rpm
  [ $# -eq 1 ] || { echo "release: expected one template source RPM, found: $*"; return 1; }
  take "$1" "rpm/$(basename "$1")" || return 1
  if [ -n "$srpm" ]; then
    set -- "$top"/_build/rpm/overlay/srpm/SRPMS/*.src.rpm
    [ $# -eq 1 ] || { echo "release: expected one overlay source RPM, found: $*"; return 1; }
    take "$1" "rpm/$(basename "$1")" || return 1
  fi
}
# The kits that the make target says it put under dist/.
collect_kit() {
  files=$(sed -n "s|^$1: dist/||p" "$log")
  [ -n "$files" ] || { echo "release: make $1 named no kit"; return 1; }
  for f in $files; do
    take "$dist/$f" "$f" || return 1
  done
}
collect_vms_kit() { collect_kit vms-kit; }
collect_os400_kit() { collect_kit os400-kit; }

deb_inputs=$(distribution_inputs) ||
  die "the distribution's archive could not be read for $distro (above);" \
      "a release is not built on old lists"
srpm_input="srpm none"
[ -z "$srpm" ] || srpm_input="srpm $(sha256sum <"$srpm" | cut -c1-64)"

# A build that was NOT CURRENT is tried again: the newer revision may be
# downloadable now, though the archive lists the same revisions.
f=$state/out/deb/deb/$distro/distribution-source
if [ -f "$f" ] && [ -n "$(record_field "$f" unobtainable 2>/dev/null)" ]; then
  rm -f "$state/deb.done"
fi
run_stage fetch "$common_inputs" mk fetch
run_stage deb "$common_inputs
$deb_inputs
maintainer ${DEBFULLNAME:-} <${DEBEMAIL:-}>
bugs ${DEB_BUGS_URL:-}" \
  mk deb DEB_SIGN_KEY= APT_ALLOW_EXPIRED="$expired"
rpm_stage() {
  mk srpm SRPM= && { [ -z "$srpm" ] || mk srpm SRPM="$srpm"; }
}
run_stage rpm "$common_inputs
$srpm_input" rpm_stage
run_stage vms_kit "$common_inputs" mk vms-kit
run_stage os400_kit "$common_inputs" mk os400-kit

# --- What the Debian stage built: its maintainer, and is it current ---
dsc=$(ls "$state/out/deb/deb/$distro"/*.dsc)
maint=$(sed -n 's/^Maintainer: //p' "$dsc")
if ! maintainer_ok "$maint"; then
  [ -n "$dry" ] ||
    die "the Debian package's Maintainer is $maint, a placeholder: $maint_hint"
fi
unobtainable=$(record_field \
  "$state/out/deb/deb/$distro/distribution-source" unobtainable) || exit 1
if [ -n "$unobtainable" ] && [ -z "$not_current_ok" ]; then
  die "NOT CURRENT: $distro lists curl $unobtainable, which could not be" \
      "fetched; this build is of an older revision. Release when the" \
      "archive serves it, or give ALLOW_NOT_CURRENT=yes (make release) to" \
      "release it anyway: the override is recorded in the manifest"
fi

# --- The final step: sign, assemble and verify in a fresh directory ---
GNUPGHOME=$signing_home
export GNUPGHOME
stage_dir=$state/staging
rm -rf "$stage_dir"
mkdir -p "$stage_dir"
# Exactly what each stage's record lists, unchanged since it was recorded
# (a process that a stage left running could change or add files later).
for s in deb rpm vms_kit os400_kit; do
  sed '1,/^--$/d' "$state/$s.done" >"$state/$s.sums"
  if [ "$(cut -c67- "$state/$s.sums")" != \
       "$(cd "$state/out/$s" && find . ! -type d | sed 's|^\./||' | LC_ALL=C sort)" ] ||
     ! cp -pR "$state/out/$s/." "$stage_dir/" ||
     ! (cd "$stage_dir" && sha256sum --quiet --strict -c "$state/$s.sums") \
       >/dev/null 2>&1; then
    rm -f "$state/$s.done"
    die "the outputs of stage $s changed after it recorded them" \
        "($state/$s.done; a process it left running?): end any such" \
        "process and run make release again, which builds $s again;" \
        "dist/ is unchanged"
  fi
done
say "sign: the Debian source package and .changes (debsign)"
for c in "$stage_dir/deb/$distro"/*.changes; do
  debsign --no-conf -k"$fpr" "$c" >"$state/sign.log" 2>&1 ||
    { cat "$state/sign.log" >&2; die "debsign failed for $c"; }
done
say "repo: the apt repository of this run's packages"
sh "$src/debian/build/repo-apt.sh" -i "$stage_dir/deb" -o "$stage_dir/apt" \
  -k "$archive_fpr" ${repo_url:+-u "$repo_url"} >"$state/repo.log" 2>&1 ||
  { cat "$state/repo.log" >&2; die "the apt repository could not be made (log: $state/repo.log)"; }
gpg --batch --armor --export "$fpr" >"$stage_dir/release-key.asc"

say "manifest: writing manifest.json"
"${PYTHON3:-python3}" "$src/packages/release-manifest.py" --dist "$stage_dir" \
  --src "$src" --key "$fpr" --archive-key "$archive_fpr" \
  --curl-version "$curl_version" --series "$series" \
  --toolkit-version "$toolkit_version" \
  --toolkit-commit "$(git -C "$src" describe --always --dirty --abbrev=40 2>/dev/null || echo "$toolkit_version")" \
  ${dry:+--dry-run} ${not_current_ok:+--not-current-override} \
  >"$state/manifest.json"
mv "$state/manifest.json" "$stage_dir/manifest.json"
say "sums: writing and signing SHA256SUMS"
(cd "$stage_dir" && find . -type f | sed 's|^\./||' | LC_ALL=C sort |
   xargs sha256sum) >"$state/SHA256SUMS"
mv "$state/SHA256SUMS" "$stage_dir/SHA256SUMS"
gpg --batch --yes --local-user "$fpr" --armor --detach-sign \
  --output "$stage_dir/SHA256SUMS.asc" "$stage_dir/SHA256SUMS"

# The manifest and the sums list the same files.
"${PYTHON3:-python3}" -c 'import json, sys
m = {a["path"] for a in json.load(open(sys.argv[1]))["artefacts"]}
s = {l.split(None, 1)[1].strip().lstrip("*") for l in open(sys.argv[2])}
s.discard("manifest.json")
sys.exit(0 if m == s else "manifest and SHA256SUMS differ: %s" % sorted(m ^ s))' \
  "$stage_dir/manifest.json" "$stage_dir/SHA256SUMS" ||
  die "the manifest and SHA256SUMS do not cover the same files"

say "verify: packages/verify-release.sh against $fpr"
if ! top_srcdir=$src PYTHON3=${PYTHON3:-python3} sh \
       "$src/packages/verify-release.sh" -f "$fpr" -a "$archive_fpr" \
       "$stage_dir" >"$state/verify.tap" 2>&1 ||
   grep -q '^not ok' "$state/verify.tap" ||
   ! grep -q '^ok' "$state/verify.tap"; then
  grep -v '^ok' "$state/verify.tap" >&2
  die "the release does not verify (log: $state/verify.tap); dist/ is unchanged"
fi
say "verify: $(grep -c '^ok' "$state/verify.tap") checks passed"

# Into place: dist/ is this release and nothing else.
rm -rf "$state/dist.previous"
[ ! -e "$dist" ] || mv "$dist" "$state/dist.previous"
mv "$stage_dir" "$dist"

say "summary: $(wc -l <"$dist/SHA256SUMS") files in $dist, $mode"
[ ! -e "$state/dist.previous" ] ||
  say "  the previous dist/ is now $state/dist.previous"
f=$dist/deb/$distro/distribution-source
used=$(record_field "$f" used) || exit 1
override=$(record_field "$f" valid-until-override) || exit 1
if [ -n "$unobtainable" ]; then
  say "  NOT CURRENT (released with ALLOW_NOT_CURRENT=yes): $distro is built" \
      "on curl $used; listed but not obtainable: $unobtainable"
else
  say "  $distro: built on the distribution's newest curl, $used"
fi
[ -z "$override" ] ||
  say "  OVERRIDE: Valid-Until not checked for $override (APT_ALLOW_EXPIRED)"
while read -r name how; do
  say "  $name: $how"
done <"$state/times"
say "users verify with the fingerprint published apart from the release:" \
    "packages/verify-release.sh -f $fpr dist (docs/releases.md, Verifying a release)"
