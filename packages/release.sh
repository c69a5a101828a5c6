#!/bin/sh
# make release: from a configured toolkit tree to a signed, verifiable
# release under dist/. Stages, each a make target of this tree:
#
#   fetch      the verified upstream tarball
#   deb        the distribution's curl source package with our patch, and
#              its curl package (dist/deb/DISTRO/distribution-source
#              says which revision; the summary says when it is not current)
#   rpm        the source RPM and binary RPMs
#   repo       the signed apt and dnf repositories
#   vms-kit    the OpenVMS source kit
#   os400-kit  the IBM i source kit
#   manifest   dist/manifest.json: every artefact, its checksum, target,
#              version, upstream curl version and patches
#   sums       dist/SHA256SUMS and its detached signature SHA256SUMS.asc
#
#   release.sh -b TOP_BUILDDIR -s TOP_SRCDIR -v CURL_VERSION -p SERIES
#              -t TOOLKIT_VERSION [-k KEY_ID] [-g GNUPGHOME]
#
# Without -k a throwaway key is made for a dry run (under
# _build/release/gnupg, never in dist/ or the source tree) and the release
# says so. One progress line per stage; on failure the stage and its log
# are named. A stage that finished is recorded in _build/release/STAGE.done
# with the checksums of what it wrote to dist/; a re-run skips it while
# those files are unchanged (and, for the stages that sign, the key is the
# same), so nothing is refetched or rebuilt.
set -eu

top="" src="" key="" home="" curl_version="" series="" toolkit_version=""
while getopts b:s:k:g:v:p:t: opt; do
  case $opt in
    v) curl_version=$OPTARG ;;
    p) series=$OPTARG ;;
    t) toolkit_version=$OPTARG ;;
    b) top=$OPTARG ;;
    s) src=$OPTARG ;;
    k) key=$OPTARG ;;
    g) home=$OPTARG ;;
    *) exit 2 ;;
  esac
done
if [ -z "$top" ] || [ -z "$src" ] || [ -z "$curl_version" ] ||
   [ -z "$series" ] || [ -z "$toolkit_version" ]; then
  echo "usage: release.sh -b TOP_BUILDDIR -s TOP_SRCDIR -v CURL_VERSION" \
       "-p SERIES -t TOOLKIT_VERSION [-k KEY_ID] [-g GNUPGHOME]" >&2
  exit 2
fi
state=$top/_build/release
dist=$top/dist
mkdir -p "$state" "$dist"

say() {
  printf 'release: %s\n' "$*"
}
die() {
  printf 'release: %s\n' "$*" >&2
  exit 1
}

for tool in gpg sha256sum "${PYTHON3:-python3}"; do
  command -v "$tool" >/dev/null 2>&1 ||
    die "$tool is missing: run packages/install-build-deps.sh"
done

# The signing key: the user's, or a throwaway one for a dry run.
if [ -n "$key" ]; then
  [ -z "$home" ] || GNUPGHOME=$home
  [ -n "$home" ] || GNUPGHOME=${GNUPGHOME:-$HOME/.gnupg}
  mode="signed with key $key"
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
  key=$(cat "$state/gnupg/throwaway.fpr")
  # The agent that this keyring starts ends with the run.
  trap 'gpgconf --kill gpg-agent 2>/dev/null || true' EXIT
  mode="DRY RUN: signed with the throwaway key $key (not for publishing)"
fi
export GNUPGHOME
gpg --batch --quiet --list-secret-keys "$key" >/dev/null 2>&1 ||
  die "no secret key $key in $GNUPGHOME: give -k with a key of that keyring, or -g with the keyring that has it"
gpg --batch --armor --export "$key" >"$state/signing-key.asc"
say "$mode"

# Files under dist/ that a stage wrote: newer than its start mark.
written() {
  find "$dist" -type f -newer "$1" ! -name SHA256SUMS ! -name SHA256SUMS.asc \
    ! -name manifest.json | sort
}

# stage NAME COMMAND...: run one stage unless its record still holds.
# signed_stage NAME COMMAND...: the same for a stage whose output carries
# signatures: its record holds only for the key that made them.
stage() {
  name=$1
  shift
  done_file=$state/$name.done
  log=$state/$name.log
  if [ -f "$done_file" ] && { [ ! -s "$done_file" ] ||
     (cd "$dist" && sha256sum --quiet -c "$done_file") >/dev/null 2>&1; } &&
     { [ ! -f "$state/$name.key" ] ||
       [ "$(cat "$state/$name.key")" = "$key" ]; }
  then
    say "$name: done before, its $(wc -l <"$done_file") files unchanged: skipped"
    echo "$name skipped" >>"$state/times"
    return 0
  fi
  rm -f "$done_file" "$state/$name.key"
  mark=$state/$name.start
  touch "$mark"
  sleep 1
  start=$(date +%s)
  say "$name: running (log: $log)"
  if ! "$@" >"$log" 2>&1; then
    tail -n 20 "$log" >&2
    die "stage $name FAILED after $(( $(date +%s) - start )) s; its log is $log. Fix the cause and run make release again: finished stages are kept."
  fi
  written "$mark" | sed "s|^$dist/||" |
    (cd "$dist" && xargs -r sha256sum) >"$done_file.tmp"
  mv "$done_file.tmp" "$done_file"
  [ -z "$signing" ] || echo "$key" >"$state/$name.key"
  say "$name: ok in $(( $(date +%s) - start )) s," \
      "$(wc -l <"$done_file") files in dist/"
  echo "$name $(( $(date +%s) - start )) s" >>"$state/times"
}
signing=""
signed_stage() {
  signing=yes
  stage "$@"
  signing=""
}

: >"$state/times"
mk() {
  make -C "$top" "$@"
}
stage fetch mk fetch
signed_stage deb mk deb DEB_SIGN_KEY="$key"
stage rpm mk srpm rpm
signed_stage repo mk repo GPG_KEY="$key" GNUPGHOME="$GNUPGHOME"
stage vms-kit mk vms-kit
stage os400-kit mk os400-kit

# The manifest and the sums describe the whole of dist/, the public key
# among it: always redone.
cp "$state/signing-key.asc" "$dist/release-key.asc"
say "manifest: writing dist/manifest.json"
"${PYTHON3:-python3}" "$src/packages/release-manifest.py" --dist "$dist" \
  --src "$src" --key "$key" --curl-version "$curl_version" \
  --series "$series" --toolkit-version "$toolkit_version" \
  >"$state/manifest.json"
mv "$state/manifest.json" "$dist/manifest.json"
say "sums: writing and signing dist/SHA256SUMS"
(cd "$dist" && find . -type f ! -name SHA256SUMS ! -name SHA256SUMS.asc |
   sed 's|^\./||' | LC_ALL=C sort | xargs sha256sum) >"$state/SHA256SUMS"
mv "$state/SHA256SUMS" "$dist/SHA256SUMS"
rm -f "$dist/SHA256SUMS.asc"
gpg --batch --yes --local-user "$key" --armor --detach-sign \
  --output "$dist/SHA256SUMS.asc" "$dist/SHA256SUMS"

say "summary: $(wc -l <"$dist/SHA256SUMS") files in $dist, $mode"
# A Debian package built on an older revision than its release lists.
for f in "$dist"/deb/*/distribution-source; do
  [ -f "$f" ] || continue
  target=$(sed -n 's/^target //p' "$f")
  used=$(sed -n 's/^used //p' "$f")
  missing=$(sed -n 's/^unobtainable *//p' "$f")
  if [ -n "$missing" ]; then
    say "  NOT CURRENT: $target is built on curl $used; listed but not" \
        "obtainable: $missing (manifest: distribution_sources)"
  else
    say "  $target: built on the distribution's newest curl, $used"
  fi
done
while read -r name how; do
  say "  $name: $how"
done <"$state/times"
say "verify: gpg --dearmor <dist/release-key.asc >release.gpg &&" \
    "gpgv --keyring ./release.gpg dist/SHA256SUMS.asc dist/SHA256SUMS &&" \
    "(cd dist && sha256sum -c SHA256SUMS)"
