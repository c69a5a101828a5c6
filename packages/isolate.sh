#!/bin/sh
# Run a command on untrusted input in an isolated root: parsing an RPM
# spec runs any %(...) in it, and rpmbuild and dpkg-buildpackage run the
# package's own scripts (debian/rules, %build), so none of them may see
# the host's keys, files or network. Used by rpm/ (overlay-srpm.sh,
# build-rpms.sh) and debian/build/ (build-deb.sh, distribution-build.sh).
#
# bubblewrap gives the command new mount, network, PID, IPC and UTS
# namespaces: loopback only; the host's /usr and /etc read-only, and the
# package databases (dpkg's, rpm's where it lies outside /usr) read-only
# for the build tools' dependency checks; a private /tmp and /var/tmp
# holding its HOME and GNUPGHOME; nothing else of /var, no /root, /home or
# /run (so no signing key, gpg-agent socket or user file); a cleared
# environment (PATH, HOME, GNUPGHOME, TMPDIR, LC_ALL, USER and LOGNAME
# (curl's test suite needs a user name for its SSH server), and
# SOURCE_DATE_EPOCH only: pass others with env(1) in COMMAND); standard
# input /dev/null, and of the caller's open descriptors only standard
# output and error. Run by root, the command runs as the user nobody
# without capabilities (root's own files stay unreadable even where /etc
# shows them), and the -w directories are handed to nobody while it runs
# and back to their owner afterwards; otherwise it runs as the caller, in
# a user namespace. Only the -w directories are writable; -r adds
# read-only ones. Paths are the same inside; processes left behind die
# with the PID namespace when the command ends. With -t, the command is
# stopped after SECONDS (a spec that loops or sleeps forever when
# parsed): exit status 124 and a message saying so.
set -eu
# shellcheck source=packages/script-lib.sh
. "$(dirname "$0")/script-lib.sh"

rw="" ro="" limit=""
synopsis="isolate.sh [-w DIR]... [-r DIR]... [-t SECONDS] -- COMMAND\
 [ARGUMENT...]"
while getopts w:r:t: opt; do
  case ${OPTARG:-} in
    *[[:space:]]*) die "'$OPTARG': directory names with white space are not supported" ;;
  esac
  case $opt in
    w) rw="$rw $OPTARG" ;;
    r) ro="$ro $OPTARG" ;;
    t) limit=$OPTARG ;;
    *) usage "$synopsis" ;;
  esac
done
shift $((OPTIND - 1))
[ $# -gt 0 ] || usage "$synopsis"
case $limit in
  *[!0-9]*) die "-t $limit: give the time limit in whole seconds" ;;
esac
command -v bwrap >/dev/null 2>&1 ||
  die "bwrap is missing: install the package bubblewrap (Debian, Fedora)"
command -v bash >/dev/null 2>&1 ||
  die "bash is missing: install the package bash"
for d in $rw $ro; do
  case $d in
    /*) ;;
    *) die "$d: give an absolute directory name" ;;
  esac
  if [ ! -d "$d" ] || [ -L "$d" ]; then
    die "$d is not a directory"
  fi
  for e in $rw $ro; do
    case $e in
      "$d"/*) die "$e lies in $d: give directories that do not nest" ;;
    esac
  done
done

# Root's bwrap needs no user namespace: the prelude runs as root inside,
# with the mounts made, prepares /tmp and drops to nobody. Otherwise
# bwrap maps the caller into a user namespace of its own.
if [ "$(id -u)" -eq 0 ]; then
  uid=$(id -u nobody 2>/dev/null) ||
    die "no user nobody to run the isolated command as"
  user=nobody
  gid=$(id -g nobody)
  ns="--unshare-net --unshare-pid --unshare-ipc --unshare-uts --unshare-cgroup-try"
  # shellcheck disable=SC2086 # option words
  set -- setpriv --reuid=$uid --regid=$gid --clear-groups --inh-caps=-all \
    --bounding-set=-all --no-new-privs -- "$@"
  # Each -w directory's owner, to give its tree back to when it ends
  # (also when it fails or is interrupted): nothing the command left is
  # nobody's on the host afterwards.
  owners=""
  for d in $rw; do
    owners="$owners $(stat -c %u:%g "$d")"
  done
  # shellcheck disable=SC2317 # called by the EXIT trap
  give_back() {
    # shellcheck disable=SC2086 # one owner word per directory
    set -- $owners
    for d in $rw; do
      chown -R -h "$1" "$d"
      shift
    done
  }
  trap give_back EXIT
  trap 'exit 130' INT TERM HUP
  for d in $rw; do
    chown -R -h "$uid:$gid" "$d"
  done
else
  uid=$(id -u) gid=$(id -g) user=$(id -un) ns=--unshare-all
fi
# The prelude also closes every descriptor above standard error: the
# caller's (a pipeline's log or pipe, make's jobserver) would let the
# command write or read outside. bash, since sh cannot name descriptors
# above 9; standard input is /dev/null (below), not the caller's terminal.
# shellcheck disable=SC2016 # expanded by the prelude's shell
prelude='for f in /proc/self/fd/*; do n=${f##*/}; [ "$n" -le 2 ] || exec {n}>&-; done
  chmod 1777 /tmp /var/tmp && mkdir -m 700 /tmp/home /tmp/home/.gnupg &&
  chown -R "$0" /tmp/home && exec "$@"'
set -- -- bash -c "$prelude" "$uid:$gid" "$@"

# The mounts, prepended in reverse order: bwrap makes them left to right.
# The given directories come last (they may lie under /tmp), each after
# its parents, made traversable on the empty root (the host's may be 0700).
for d in $rw $ro; do
  case " $rw " in
    *" $d "*) set -- --bind "$d" "$d" "$@" ;;
    *) set -- --ro-bind "$d" "$d" "$@" ;;
  esac
  p=${d%/*}
  while [ -n "$p" ]; do
    set -- --perms 0755 --dir "$p" "$@"
    p=${p%/*}
  done
done
set -- --ro-bind /usr /usr --ro-bind /etc /etc --dev /dev --proc /proc \
  --tmpfs /tmp --tmpfs /var/tmp "$@"
# The package databases, read-only: dpkg's (dpkg-checkbuilddeps,
# dpkg-shlibdeps) and rpm's where a system keeps it outside /usr
# (rpmbuild checks BuildRequires against it).
db=$(rpm --eval '%{_dbpath}' 2>/dev/null) || db=""
for d in /var/lib/dpkg $db; do
  case $d in
    /var/lib/*) [ ! -d "$d" ] ||
      set -- --perms 0755 --dir /var --perms 0755 --dir /var/lib \
        --ro-bind "$d" "$d" "$@" ;;
  esac
done
# /bin, /lib... are links into /usr on merged systems, directories on others.
for d in bin sbin lib lib32 lib64 libx32; do
  if [ -L "/$d" ]; then
    set -- --symlink "$(readlink "/$d")" "/$d" "$@"
  elif [ -d "/$d" ]; then
    set -- --ro-bind "/$d" "/$d" "$@"
  fi
done
[ -z "${SOURCE_DATE_EPOCH:-}" ] ||
  set -- --setenv SOURCE_DATE_EPOCH "$SOURCE_DATE_EPOCH" "$@"
# shellcheck disable=SC2086 # option words
set -- bwrap $ns --die-with-parent --new-session --clearenv \
  --setenv PATH /usr/sbin:/usr/bin:/sbin:/bin --setenv HOME /tmp/home \
  --setenv GNUPGHOME /tmp/home/.gnupg --setenv TMPDIR /tmp \
  --setenv LC_ALL C.UTF-8 --setenv USER "$user" --setenv LOGNAME "$user" "$@"
# timeout ends bwrap, and with it (--die-with-parent) everything inside.
# Not exec: the -w directories go back to their owner when it ends.
[ -z "$limit" ] || set -- timeout -k 10 "$limit" "$@"
status=0
"$@" </dev/null || status=$?
if [ -n "$limit" ] && [ "$status" -eq 124 ]; then
  printf 'isolate: stopped after %s s: the command ran longer than that\n' \
    "$limit" >&2
fi
exit "$status"
