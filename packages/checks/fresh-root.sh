#!/bin/sh
# Run commands as root in a fresh Debian root that holds nothing but what a
# new machine of this kind has, plus a copy of this checkout: the proof
# that a user path works on a machine where nothing was installed by hand.
#
# Without COMMAND, the commands of README's Quick start are run, read from
# README itself, so the test runs them as written. Each COMMAND runs with
# sh -c in the checkout's copy (/root/curl-mptcp); the first that fails
# ends the run with its last lines and its name. The root is a minbase
# SUITE (default bookworm) made by mmdebstrap, carrying from this machine
# only its apt configuration (/etc/apt), its npm configuration, its extra
# trust anchors (/usr/local/share/ca-certificates) and the environment
# variables that point at CA files; no installed package, apt list, deb-src
# entry, source cache or _build/ comes along. It gets /proc, /sys, /dev, a
# writable /run and a root that is a mount point of its own, as the
# namespace tests need, all in a mount namespace of its own.
#
# OUTDIR (default _build/fresh-root) receives each command's log, the test
# suite's test-suite.log when make check ran, and times.txt. -k keeps the
# root (its path is printed) instead of deleting it. Needs root.
set -eu
# shellcheck source=packages/script-lib.sh
. "$(dirname "$0")/../script-lib.sh"

top=$(cd "$(dirname "$0")/../.." && pwd)
suite=bookworm out=$top/_build/fresh-root keep=""
synopsis="fresh-root.sh [-s SUITE] [-o OUTDIR] [-k] [COMMAND...]"
while getopts s:o:k opt; do
  case $opt in
    s) suite=$OPTARG ;;
    o) out=$OPTARG ;;
    k) keep=yes ;;
    *) usage "$synopsis" ;;
  esac
done
shift $((OPTIND - 1))

[ "$(id -u)" -eq 0 ] || die "needs root (mmdebstrap --mode=root, chroot, mounts)"
for tool in mmdebstrap unshare chroot; do
  command -v "$tool" >/dev/null 2>&1 ||
    die "$tool is missing: apt-get install mmdebstrap util-linux coreutils"
done

# README's Quick start: the lines of the first sh block after its heading.
quick_start() {
  awk '/^## Quick start/ { q = 1; next }
       q && /^## / { exit }
       q && /^```sh/ { b = 1; next }
       b && /^```/ { exit }
       b && NF { print }' "$top/README.md"
}
if [ $# -eq 0 ]; then
  commands=$(quick_start)
  [ -n "$commands" ] || die "README.md has no sh block under '## Quick start'"
else
  commands=$(printf '%s\n' "$@")
fi

mkdir -p "$out"
rm -f "$out"/*.log "$out/times.txt"
root=$(mktemp -d "${TMPDIR:-/var/tmp}/curl-mptcp-fresh.XXXXXX")
# Processes left in the root (a gpg-agent a test started, say) are ended
# by PID before it is removed; its mounts live in the mount namespace of
# the unshare below and go with it.
# shellcheck disable=SC2317 # reached through the EXIT trap
cleanup() {
  for p in /proc/[0-9]*; do
    [ "$(readlink "$p/root" 2>/dev/null)" = "$root" ] &&
      kill -9 "${p#/proc/}" 2>/dev/null
  done
  if [ -n "$keep" ]; then
    say "kept the root: $root"
  else
    rm -rf "$root"
  fi
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

# The machine's apt configuration is copied over what mmdebstrap wrote
# (an empty sources.list, from the empty "-" mirror) before its first
# apt-get update, so the root resolves packages as this machine does.
start=$(date +%s)
say "making a minbase $suite root in $root (mmdebstrap)"
# shellcheck disable=SC2016 # $1 is mmdebstrap's, expanded by its hook
mmdebstrap --quiet --variant=minbase --mode=root \
  --setup-hook='cp -a /etc/apt/. "$1/etc/apt/"' \
  "$suite" "$root" - </dev/null >"$out/mmdebstrap.log" 2>&1 || {
  tail -n 20 "$out/mmdebstrap.log" >&2
  die "mmdebstrap failed for $suite (log: $out/mmdebstrap.log)"
}
echo "mmdebstrap $(( $(date +%s) - start ))" >>"$out/times.txt"

for f in /etc/npmrc /usr/etc/npmrc /root/.npmrc; do
  [ -f "$f" ] || continue
  mkdir -p "$root$(dirname "$f")"
  cp "$f" "$root$f"
done
if [ -d /usr/local/share/ca-certificates ]; then
  mkdir -p "$root/usr/local/share"
  cp -a /usr/local/share/ca-certificates "$root/usr/local/share/"
fi

# The checkout as a clone holds it: tracked and new files, and .git, but
# nothing that a build or a test left (ignored files).
mkdir -p "$root/root/curl-mptcp"
git -C "$top" rev-parse --git-dir >/dev/null 2>&1 ||
  die "$top is not a git checkout"
(cd "$top" && { git ls-files -co --exclude-standard -z
                [ ! -d .git ] || printf '.git\0'; } |
   tar --null --ignore-failed-read -T - -cf -) |
  tar -C "$root/root/curl-mptcp" -xf -

# The environment: a login's basics, CI, and what points at CA files.
envfile=$root/root/fresh-env
{
  echo "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
  echo "HOME=/root"
  echo "USER=root"
  [ -z "${CI:-}" ] || echo "CI=$CI"
  env | grep -E '^[A-Za-z_][A-Za-z0-9_]*=/(etc/ssl|etc/pki|usr/local/share/ca-certificates)/' || true
} >"$envfile"

# fresh-run COMMAND: in the root, with that environment only.
cat >"$root/root/fresh-run" <<'RUN'
#!/bin/sh
cd /root/curl-mptcp || exit 1
exec env -i $(cat /root/fresh-env) sh -c "$1"
RUN

n=0
status=0
while IFS= read -r cmd; do
  n=$((n + 1))
  log=$out/command-$n.log
  say "[$n] $cmd (log: $log)"
  t0=$(date +%s)
  # shellcheck disable=SC2016 # expanded by the inner sh
  unshare --mount --propagation private sh -c '
    r=$1
    mount --bind "$r" "$r"
    mount -t proc proc "$r/proc"
    mount -t sysfs sysfs "$r/sys"
    mount --rbind /dev "$r/dev"
    mount -t tmpfs tmpfs "$r/run"
    exec chroot "$r" sh /root/fresh-run "$2"' sh "$root" "$cmd" \
    >"$log" 2>&1 </dev/null || status=$?
  secs=$(( $(date +%s) - t0 ))
  echo "command-$n $secs $cmd" >>"$out/times.txt"
  if [ -f "$root/root/curl-mptcp/test-suite.log" ]; then
    cp "$root/root/curl-mptcp/test-suite.log" "$out/test-suite.log"
  fi
  if [ "$status" -ne 0 ]; then
    echo "--- last lines of: $cmd" >&2
    tail -n 40 "$log" >&2
    say "FAILED after $secs s with status $status: $cmd" >&2
    break
  fi
  say "[$n] done in $secs s"
done <<EOF
$commands
EOF
say "total $(( $(date +%s) - start )) s"
exit "$status"
