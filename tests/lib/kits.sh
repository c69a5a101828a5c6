# shellcheck shell=sh
# Helpers for the tests of the OpenVMS and IBM i kits (sourced after
# tap.sh). The kits are made by "make vms-kit os400-kit" into $KIT_DIR
# (make check makes those of $VMS_KIT_VERSIONS and $OS400_KIT_VERSIONS).

# kit_extract PLATFORM VERSION DIR: unpack the kit into DIR and set
# $kit_root (the kit's top directory) and $kit_plat (its platform
# directory, relative). Returns 1, with a diagnostic, when it cannot.
kit_extract() {
  archive=${KIT_DIR:?}/curl-$2-mptcp-$1.tar.gz
  if [ ! -f "$archive" ]; then
    diag "$archive is missing: run make $1-kit"
    return 1
  fi
  mkdir -p "$3"
  tar -xzf "$archive" -C "$3" || return 1
  kit_root=$3/curl-$2-mptcp-$1
  case $1 in
    vms) names="projects/vms packages/vms" ;;
    os400) names="projects/OS400 packages/OS400" ;;
  esac
  kit_plat=""
  for d in $names; do
    [ -d "$kit_root/$d" ] && kit_plat=$d
  done
  [ -n "$kit_plat" ]
}

# kit_readme_paths README PLACEHOLDER: the paths that the README's
# "What the kit contains" section lists, with PLACEHOLDER replaced by
# $kit_plat.
kit_readme_paths() {
  # shellcheck disable=SC2016 # backquotes of Markdown, not the shell's
  sed -n '/^## What the kit contains/,/^## /p' "$1" |
    sed -n 's/^- `\([^`]*\)`.*/\1/p' | sed "s|^$2/|$kit_plat/|"
}

# kit_check_readme PLATFORM VERSION README PLACEHOLDER: the README says
# which directory PLACEHOLDER is, and the archive has every file it lists.
kit_check_readme() {
  like "$(head -n 1 "$kit_root/$3")" \
    "^This kit: curl $2 .*stub mode\\. Here $4 is $kit_plat\\.\$" \
    "$1 $2: the README's first line names the version and $4"
  listed=$(kit_readme_paths "$kit_root/$3" "$4")
  missing=""
  for p in $listed; do
    [ -f "$kit_root/$p" ] || missing="$missing $p"
  done
  ok "$([ -n "$listed" ] && [ -z "$missing" ]; echo $?)" \
    "$1 $2: the archive has the $(printf '%s\n' "$listed" | wc -l | tr -d ' ') files its README lists${missing:+ (missing:$missing)}"
}
