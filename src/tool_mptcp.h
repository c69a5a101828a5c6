#ifndef HEADER_CURL_TOOL_MPTCP_H
#define HEADER_CURL_TOOL_MPTCP_H
/***************************************************************************
 *                                  _   _ ____  _
 *  Project                     ___| | | |  _ \| |
 *                             / __| | | | |_) | |
 *                            | (__| |_| |  _ <| |___
 *                             \___|\___/|_| \_\_____|
 *
 * Copyright (C) 2026 the curl-mptcp toolkit authors
 *
 * This software is licensed as described in the file COPYING, which
 * you should have received as part of this distribution. The terms
 * are also available at https://curl.se/docs/copyright.html.
 *
 * You may opt to use, copy, modify, merge, publish, distribute and/or sell
 * copies of the Software, and permit persons to whom the Software is
 * furnished to do so, under the terms of the COPYING file.
 *
 * This software is distributed on an "AS IS" basis, WITHOUT WARRANTY OF ANY
 * KIND, either express or implied.
 *
 * SPDX-License-Identifier: curl
 *
 ***************************************************************************/
#include "tool_setup.h"

/*
 * Multipath TCP (--mptcp) for the curl tool. The build mode comes from
 * CPPFLAGS set by the toolkit's configure:
 *
 *   -DUSE_TOOL_MPTCP        the real implementation (Linux)
 *   (neither macro)         stub: --mptcp ends curl with exit code 4
 *   -DTOOL_MPTCP_STUB       the stub, explicitly (OpenVMS and IBM i kits)
 *   -DTOOL_MPTCP_DEFAULT    with USE_TOOL_MPTCP: MPTCP unless --no-mptcp
 *
 * "curl -V" ends with one line: "MPTCP: yes (default on)", "MPTCP: yes"
 * or "MPTCP: stub". When the host refuses MPTCP sockets (any errno but
 * EMFILE, ENFILE, ENOBUFS, ENOMEM) or their connect() (EPERM, EACCES),
 * curl uses TCP for that address family; it warns once per family only
 * when --mptcp was given. -v reports each new connection: "in use", "fell
 * back to TCP: ...", "not used, TCP: the host refused MPTCP: ...", or
 * "unknown...", and a fallback after the request at the transfer's end.
 * %{mptcp} is 1 (still MPTCP at the end of the transfer), 0, or -1 when
 * no verdict was taken (also when the last attempt had no connection).
 * At the end of an MPTCP transfer, -v tells its subflows ("MPTCP: 2
 * subflows: A -> B 58 % (N bytes), ...") and, with one, why no other when
 * this host's limits are the cause; %{mptcp_subflows} is their number.
 */

struct OperationConfig;
struct per_transfer;

/* Apply the build's default to a new operation config. */
void tool_mptcp_config_init(struct OperationConfig *config);

/* When MPTCP is wanted, set CURLOPT_OPENSOCKETFUNCTION,
   CURLOPT_CLOSESOCKETFUNCTION and CURLOPT_PREREQFUNCTION (and their data),
   which the tool uses for nothing else; once any transfer wanted MPTCP,
   the others get the prereq callback, since they may reuse its
   connections. A stub build fails with CURLE_NOT_BUILT_IN instead. */
CURLcode tool_mptcp_setopts(struct OperationConfig *config,
                            struct per_transfer *per, CURL *curl);

/* After a transfer, before its result is reported: under -v, says when
   an MPTCP connection fell back to TCP after the request. Returns TRUE
   when the transfer should run again, over TCP: a policy allowed its
   MPTCP socket and refused the socket's connect() (EPERM or EACCES, a
   cgroup BPF connect hook for instance); at most once per family. */
bool tool_mptcp_done(struct per_transfer *per, CURLcode result);

/* The value of %{mptcp} for this transfer. */
long tool_mptcp_writeout(const struct per_transfer *per);

/* The value of %{mptcp_subflows}: the most subflows the transfer's MPTCP
   connection had (when the request left and at the end of the transfer),
   0 for TCP, -1 when unknown (no verdict, or Linux < 5.16). */
long tool_mptcp_subflows(const struct per_transfer *per);

/* Print this build's "MPTCP: ..." line for curl -V. */
void tool_mptcp_version_info(void);

#endif /* HEADER_CURL_TOOL_MPTCP_H */
