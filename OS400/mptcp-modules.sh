#!/bin/sh
# curl-mptcp: check, before upstream's makefile.sh builds anything, that
# this tree builds the curl tool with our MPTCP module on IBM i:
#
#   - the release has the command-line tool on IBM i (curl 8.3.0 and later);
#   - src/Makefile.inc lists tool_mptcp.c, and every C file that
#     lib/Makefile.inc and src/Makefile.inc list is in the tree;
#   - every module gets TOOL_MPTCP_STUB (initscript.sh, as patched by the
#     kit): IBM i has no Multipath TCP, so --mptcp is the stub;
#   - no two sources give the same 10-character module name: make-lib.sh
#     and make-src.sh put every module into one library, so a second
#     module of the same name would silently replace the first.
#
# Module names are computed with upstream's own db2_name, the way
# make-lib.sh and make-src.sh compute them. Prints one line per module
# ("MODULE source") with -l. Runs in PASE or QSH, and on any POSIX shell.
#
#   mptcp-modules.sh [-l]
#
# SPDX-License-Identifier: curl

list=""
[ "${1:-}" = "-l" ] && list=yes

SCRIPTDIR=$(dirname "${0}")
# shellcheck source=/dev/null
. "${SCRIPTDIR}/initscript.sh"

fail()
{
        echo "mptcp-modules.sh: ${*}" >&2
        exit 1
}

case "${LIBCURL_VERSION_MAJOR}.${LIBCURL_VERSION_MINOR}" in
[0-7].*|8.[0-2])
        fail "curl ${LIBCURL_VERSION} has no command-line tool on IBM i" \
             "(make-src.sh exists since 8.3.0): use curl 8.3.0 or later"
        ;;
esac

grep -q "TOOL_MPTCP_STUB" "${SCRIPTDIR}/initscript.sh" ||
        fail "initscript.sh does not define TOOL_MPTCP_STUB: the kit's" \
             "patches are not applied; rebuild the kit"

# Qshell has no mktemp: a scratch file of this run in the tree.
modules="${TOPDIR}/.mptcp-modules.$$"
trap 'rm -f "${modules}"' EXIT

# get_make_vars (initscript.sh) sets the Makefile.inc variables by eval.
# shellcheck disable=SC2153,SC2154
{
        get_make_vars "${TOPDIR}/lib/Makefile.inc"
        echo "OS400 lib/os400.c"
        echo "OS400SYS ${SCRIPTDIR##*/}/os400sys.c"
        echo "CCSIDCURL ${SCRIPTDIR##*/}/ccsidcurl.c"
        for SRC in ${CSOURCES}
        do      [ -f "${TOPDIR}/lib/${SRC}" ] ||
                        fail "lib/Makefile.inc lists ${SRC}, missing from lib/"
                echo "$(db2_name "${SRC}") lib/${SRC}"
        done

        get_make_vars "${TOPDIR}/src/Makefile.inc"
        case " ${CURL_CFILES} " in
        *" tool_mptcp.c "*)     ;;
        *)      fail "src/Makefile.inc does not list tool_mptcp.c: the" \
                     "kit's hook patches are not applied; rebuild the kit";;
        esac
        echo "CURLMAIN ${SCRIPTDIR##*/}/curlmain.c"
        for SRC in ${CURLX_CFILES}
        do      [ -f "${TOPDIR}/src/${SRC}" ] ||
                        fail "src/Makefile.inc lists ${SRC}, missing from src/"
                MODULE=$(db2_name "${SRC}")
                echo "$(db2_name "X${MODULE}") src/${SRC}"
        done
        for SRC in ${CURL_CFILES} tool_hugehelp.c
        do      [ -f "${TOPDIR}/src/${SRC}" ] ||
                        fail "src/Makefile.inc lists ${SRC}, missing from src/"
                echo "$(db2_name "${SRC}") src/${SRC}"
        done
} >"${modules}" || exit 1

[ -n "${list}" ] && cat "${modules}"

dups=$(cut -d' ' -f1 "${modules}" | sort | uniq -d)
if [ -n "${dups}" ]
then    for MODULE in ${dups}
        do      grep "^${MODULE} " "${modules}" >&2
        done
        fail "these sources give the same module name in library" \
             "${TARGETLIB}: one would replace the other"
fi

echo "mptcp-modules.sh: $(wc -l < "${modules}" | tr -d ' ') modules," \
     "tool_mptcp.c is module $(db2_name tool_mptcp.c), no name collision"
