# shellcheck shell=sh
# What the package under test was built to do by default (sourced by our
# autopkgtests, which run from the source tree). debian/build/overlay.sh
# adds -DTOOL_MPTCP_DEFAULT to debian/rules for a build with MPTCP on by
# default (configure --enable-mptcp-default): the tests take what to
# expect from the source package, not from what the curl under test says
# about itself.
mptcp_default_on() {
  grep -Eq '^export DEB_CPPFLAGS_MAINT_APPEND = .*-DTOOL_MPTCP_DEFAULT( |$)' \
    debian/rules
}
