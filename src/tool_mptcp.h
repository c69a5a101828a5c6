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
 * Multipath TCP (--mptcp) for the curl tool.
 *
 * The build mode comes only from CPPFLAGS set by the toolkit's configure,
 * never from OS or header tests:
 *
 *   -DUSE_TOOL_MPTCP        the real implementation (Linux)
 *   (neither macro)         stub: --mptcp ends curl with exit code 4
 *                           (CURLE_NOT_BUILT_IN) before any connection
 *   -DTOOL_MPTCP_STUB       the stub, explicitly: the OpenVMS and IBM i
 *                           kits set it; an error with USE_TOOL_MPTCP
 *   -DTOOL_MPTCP_DEFAULT    with USE_TOOL_MPTCP: every TCP connection uses
 *                           MPTCP unless --no-mptcp is given
 *
 * "curl -V" ends its feature list with exactly one of these lines, for
 * packagers and tests to grep:
 *
 *   MPTCP: yes (default on)
 *   MPTCP: yes
 *   MPTCP: stub
 *
 * With --mptcp, when the host cannot create MPTCP sockets (sysctl
 * net.mptcp.enabled=0, kernel without MPTCP) curl warns once and uses TCP.
 * With -v (or --trace*) each new connection gets one of these lines:
 *
 *   MPTCP: in use
 *   MPTCP: fell back to TCP: the peer or a middlebox did not agree to MPTCP
 *   MPTCP: not used, TCP: the host refused MPTCP
 *   MPTCP: unknown, assumed MPTCP requested (kernel before Linux 5.16)
 *
 * The write-out variable %{mptcp} is 1 when the transfer's connection used
 * MPTCP (also in the "unknown" case above) and 0 otherwise.
 */

struct OperationConfig;
struct per_transfer;

/* Apply the build's default to a new operation config. */
void tool_mptcp_config_init(struct OperationConfig *config);

/* Install the socket and pre-request callbacks of this module when MPTCP
   is wanted; in a stub build fail with CURLE_NOT_BUILT_IN instead. Sets
   CURLOPT_OPENSOCKETFUNCTION, CURLOPT_CLOSESOCKETFUNCTION and
   CURLOPT_PREREQFUNCTION (plus their data pointers): the tool uses none of
   them otherwise. libcurl before 7.80.0 has no CURLOPT_PREREQFUNCTION:
   there, when the tool traces, CURLOPT_DEBUGFUNCTION and CURLOPT_DEBUGDATA
   are set to a wrapper of tool_debug_cb(), so the tool calls this after
   setting its own debug callback. */
CURLcode tool_mptcp_setopts(struct OperationConfig *config,
                            struct per_transfer *per, CURL *curl);

/* The value of %{mptcp} for this transfer. */
long tool_mptcp_writeout(const struct per_transfer *per);

/* Print this build's "MPTCP: ..." line for curl -V. */
void tool_mptcp_version_info(void);

#endif /* HEADER_CURL_TOOL_MPTCP_H */
