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

#ifdef USE_TOOL_MPTCP
#ifdef HAVE_NETINET_IN_H
#include <netinet/in.h>
#endif
#ifdef HAVE_ARPA_INET_H
#include <arpa/inet.h>
#endif
#endif

#include <curl/mprintf.h> /* curl 7.x's tool_setup.h does not include it */

#include "tool_cfgable.h"
#include "tool_msgs.h"
#include "tool_operate.h"
#include "tool_setopt.h"
#include "tool_cb_dbg.h"
#include "tool_mptcp.h"

#ifdef TOOL_MPTCP_DEFAULT
#ifndef USE_TOOL_MPTCP
#error "TOOL_MPTCP_DEFAULT needs USE_TOOL_MPTCP: a stub cannot default on"
#endif
#endif

/* The OpenVMS and IBM i kits define TOOL_MPTCP_STUB for every compile. */
#ifdef TOOL_MPTCP_STUB
#ifdef USE_TOOL_MPTCP
#error "TOOL_MPTCP_STUB and USE_TOOL_MPTCP are both defined: pick one"
#endif
#endif

/* curl 8.16.0 made GlobalConfig a real global; before 8.2.0 the message
   functions left ending the line to the caller. MPTCP_GLOBAL() comes last
   among a function's declarations. */
#if LIBCURL_VERSION_NUM >= 0x081000
#define MPTCP_GLOBAL(config) (void)(config)
#define MPTCP_ARG
#else
#define MPTCP_GLOBAL(config) struct GlobalConfig *global = (config)->global
#define MPTCP_ARG global,
#endif
#if LIBCURL_VERSION_NUM >= 0x080200
#define MPTCP_MSG_FORMAT "%s"
#else
#define MPTCP_MSG_FORMAT "%s\n"
#endif

void tool_mptcp_config_init(struct OperationConfig *config)
{
#ifdef TOOL_MPTCP_DEFAULT
  config->mptcp = TRUE;
#else
  (void)config;
#endif
}

#ifdef USE_TOOL_MPTCP

#ifdef TOOL_MPTCP_DEFAULT
#define MPTCP_BUILD_MODE "yes (default on)"
#else
#define MPTCP_BUILD_MODE "yes"
#endif

/* Newer trees wrap socket() so that debug builds track sockets. */
#ifndef CURL_SOCKET
#define CURL_SOCKET socket
#endif

/* Linux uapi values; older libc headers lack them. */
#ifndef IPPROTO_MPTCP
#define IPPROTO_MPTCP 262
#endif
#ifndef TCP_IS_MPTCP
#define TCP_IS_MPTCP 43
#endif
#ifndef SOCKEINVAL /* curl 7.x */
#define SOCKEINVAL EINVAL
#endif

/* Per address family (IPv4, IPv6): why this host refused MPTCP sockets,
   once it did. From then on that family asks for TCP directly. */
static const char *mptcp_refused[2];
static const char *mptcp_warned; /* the last reason warned about */
static curl_socket_t mptcp_maxfd; /* highest descriptor we opened */
#define MPTCP_IPLEN 64 /* as libcurl's MAX_IPADR_LEN */

/* socket() errors meaning "this host cannot do MPTCP", as opposed to a
   resource shortage that plain TCP would hit as well. */
static const char *mptcp_refusal(int err)
{
  switch(err) {
  case ENOPROTOOPT:     /* Linux >= 5.6 with net.mptcp.enabled=0 */
    return "MPTCP disabled by sysctl net.mptcp.enabled=0";
  case EPROTONOSUPPORT: /* built without CONFIG_MPTCP (or MPTCP_IPV6) */
    return "this kernel has no MPTCP support";
  case SOCKEINVAL:      /* Linux < 5.6: protocol >= IPPROTO_MAX */
    return "kernel too old for MPTCP (needs Linux 5.6)";
  default:
    return NULL;
  }
}

/* The prerequest callback looks for connections up to this descriptor. */
static curl_socket_t mptcp_opened(curl_socket_t fd)
{
  if(fd > mptcp_maxfd)
    mptcp_maxfd = fd;
  return fd;
}

/* Only TCP over IP changes; Unix sockets and QUIC stay as they are. */
static curl_socket_t mptcp_opensocket(void *clientp, curlsocktype purpose,
                                      struct curl_sockaddr *addr)
{
  struct OperationConfig *config = clientp;
  const char **refused = &mptcp_refused[addr->family == AF_INET6];
  curl_socket_t fd;

  (void)purpose; /* FTP data and proxy connections are TCP like any other */
  if(addr->protocol != IPPROTO_TCP ||
     (addr->family != AF_INET && addr->family != AF_INET6))
    return CURL_SOCKET(addr->family, addr->socktype, addr->protocol);
  if(!*refused) {
    fd = CURL_SOCKET(addr->family, addr->socktype, IPPROTO_MPTCP);
    *refused = fd == CURL_SOCKET_BAD ? mptcp_refusal(SOCKERRNO) : NULL;
    if(fd != CURL_SOCKET_BAD || !*refused) /* or a real error, for libcurl */
      return mptcp_opened(fd);
  }
  /* Warn only who typed --mptcp; a default-on build says it under -v. */
  if(config->mptcp_asked && mptcp_warned != *refused) {
    char msg[128];
    MPTCP_GLOBAL(config);
    mptcp_warned = *refused;
    curl_msnprintf(msg, sizeof(msg), "--mptcp: %s; using TCP", *refused);
    warnf(MPTCP_ARG MPTCP_MSG_FORMAT, msg);
  }
  return mptcp_opened(CURL_SOCKET(addr->family, addr->socktype,
                                  addr->protocol));
}

/* The port of 'sa' and its address as text in ip[], as libcurl says it. */
static int mptcp_addr(const struct sockaddr_storage *sa, char *ip)
{
  const struct sockaddr_in *in4 = (const struct sockaddr_in *)sa;
  const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)sa;
  if(sa->ss_family == AF_INET)
    return inet_ntop(AF_INET, &in4->sin_addr, ip, MPTCP_IPLEN) ?
      ntohs(in4->sin_port) : -1;
  if(sa->ss_family == AF_INET6)
    return inet_ntop(AF_INET6, &in6->sin6_addr, ip, MPTCP_IPLEN) ?
      ntohs(in6->sin6_port) : -1;
  return -1;
}

/* IPPROTO_MPTCP or IPPROTO_TCP, or 0 for any other kind of descriptor. */
static int mptcp_proto(curl_socket_t fd)
{
  int proto = 0;
  curl_socklen_t len = sizeof(proto);
  if(getsockopt(fd, SOL_SOCKET, SO_PROTOCOL, (void *)&proto, &len))
    return 0;
  return (proto == IPPROTO_TCP || proto == IPPROTO_MPTCP) ? proto : 0;
}

/* The TCP or MPTCP socket from local_port to remote_ip and remote_port,
   looked for among the descriptors our callback may have opened: no table
   to fill, go stale or overflow. A Fast Open connect() sends no SYN until
   the first write and has no peer yet (ENOTCONN): its local port says. */
static curl_socket_t mptcp_find(const char *remote_ip, int remote_port,
                                int local_port)
{
  curl_socket_t fd;
  for(fd = mptcp_maxfd; fd >= 0; fd--) {
    struct sockaddr_storage sa;
    curl_socklen_t len = sizeof(sa);
    char ip[MPTCP_IPLEN];

    if(getsockname(fd, (struct sockaddr *)&sa, &len) ||
       mptcp_addr(&sa, ip) != local_port)
      continue;
    len = sizeof(sa);
    if(getpeername(fd, (struct sockaddr *)&sa, &len) ?
       SOCKERRNO != ENOTCONN :
       mptcp_addr(&sa, ip) != remote_port || strcmp(ip, remote_ip))
      continue;
    if(mptcp_proto(fd))
      return fd; /* not UDP (QUIC) on the same ports */
  }
  return CURL_SOCKET_BAD;
}

/* What the connection became: 1 MPTCP, 0 TCP, -1 unknown, and why.
   TCP_IS_MPTCP exists since Linux 5.16. Before, an MPTCP socket that did
   not fall back answers SOL_TCP options it does not know with EOPNOTSUPP,
   one that fell back hands them to its TCP subflow: ENOPROTOOPT. */
static int mptcp_judge(curl_socket_t fd, bool ipv6, const char **why)
{
  struct sockaddr_storage sa;
  curl_socklen_t len = sizeof(sa);
  int val = 0;

  if(mptcp_proto(fd) != IPPROTO_MPTCP) {
    *why = mptcp_refused[ipv6] ? "not used, TCP: the host refused MPTCP" :
      "not used: the connection was opened as plain TCP";
    return 0;
  }
  if(getpeername(fd, (struct sockaddr *)&sa, &len)) {
    *why = "unknown yet: TCP Fast Open shakes hands with the request";
    return -1;
  }
  len = sizeof(val);
  if(getsockopt(fd, IPPROTO_TCP, TCP_IS_MPTCP, (void *)&val, &len))
    val = SOCKERRNO == EOPNOTSUPP ? 1 : SOCKERRNO == ENOPROTOOPT ? 0 : -1;
  *why = val > 0 ? "in use" : !val ?
    "fell back to TCP: the peer or a middlebox did not agree to MPTCP" :
    "unknown: the kernel does not tell";
  return val;
}

/* Before each request: find the connection's socket and judge it. A new
   connection (NUM_CONNECTS grew) is reported under -v/--trace through the
   tool's own debug callback, a reused one keeps quiet. */
static int mptcp_prereq(void *clientp, char *remote_ip, char *local_ip,
                        int remote_port, int local_port)
{
  struct per_transfer *per = clientp;
  curl_socket_t fd = mptcp_find(remote_ip, remote_port, local_port);
  const char *why;
  long conns = 0;
  MPTCP_GLOBAL(per->config);

  (void)local_ip;
  per->mptcp = 0;
  if(fd == CURL_SOCKET_BAD)
    return CURL_PREREQFUNC_OK; /* not TCP over IP */
  per->mptcp = mptcp_judge(fd, !!strchr(remote_ip, ':'), &why);
  (void)curl_easy_getinfo(per->curl, CURLINFO_NUM_CONNECTS, &conns);
  if(conns > per->mptcp_conns && global->tracetype != TRACE_NONE) {
    char line[128];
    size_t n = (size_t)curl_msnprintf(line, sizeof(line), "MPTCP: %s\n",
                                      why);
    (void)tool_debug_cb(per->curl, CURLINFO_TEXT, line, n, per->config);
  }
  per->mptcp_conns = conns;
  return CURL_PREREQFUNC_OK;
}

/* Through the tool's setopt macros, so that --libcurl notes them. */
#ifdef my_setopt_ptr
#define MPTCP_SETOPT(o, v) result = my_setopt_ptr(curl, o, v)
#else
#ifdef SETOPT_CHECK /* 7.x: my_setopt() assigns 'result' itself */
#define MPTCP_SETOPT(o, v) my_setopt(curl, o, v)
#else
#define MPTCP_SETOPT(o, v) result = my_setopt(curl, o, v)
#endif
#endif

CURLcode tool_mptcp_setopts(struct OperationConfig *config,
                            struct per_transfer *per, CURL *curl)
{
  CURLcode result = CURLE_OK;
  MPTCP_GLOBAL(config);

  (void)global; /* my_setopt() uses it where --libcurl is built */
  if(!config->mptcp)
    return CURLE_OK;
  MPTCP_SETOPT(CURLOPT_OPENSOCKETFUNCTION, mptcp_opensocket);
  if(!result)
    MPTCP_SETOPT(CURLOPT_OPENSOCKETDATA, config);
  if(!result)
    MPTCP_SETOPT(CURLOPT_PREREQFUNCTION, mptcp_prereq);
  if(!result)
    MPTCP_SETOPT(CURLOPT_PREREQDATA, per);
  return result;
}

#else /* !USE_TOOL_MPTCP */

#define MPTCP_BUILD_MODE "stub"

CURLcode tool_mptcp_setopts(struct OperationConfig *config,
                            struct per_transfer *per, CURL *curl)
{
  bool silent;
  MPTCP_GLOBAL(config);

  (void)per;
  (void)curl;
  if(!config->mptcp)
    return CURLE_OK;
  /* Before 8.17.0 errorf() is silent under -s even with -S, yet the tool
     still prints "curl: (4)": lift the silence so that -sS tells why. */
  silent = global->silent;
  if(global->showerror)
    global->silent = FALSE;
  errorf(MPTCP_ARG MPTCP_MSG_FORMAT,
         "--mptcp: Multipath TCP is not supported on this platform");
  global->silent = silent;
  return CURLE_NOT_BUILT_IN;
}

#endif /* USE_TOOL_MPTCP */

long tool_mptcp_writeout(const struct per_transfer *per)
{
#ifdef USE_TOOL_MPTCP
  /* unknown at the request (Fast Open): ask again if the connection was
     kept; libcurl names it only after the transfer */
  curl_socket_t fd = CURL_SOCKET_BAD;
  const char *why;
  if(per->mptcp < 0 &&
     !curl_easy_getinfo(per->curl, CURLINFO_ACTIVESOCKET, &fd) &&
     fd != CURL_SOCKET_BAD)
    return mptcp_judge(fd, FALSE, &why);
#endif
  return per->mptcp;
}

void tool_mptcp_version_info(void)
{
  curl_mprintf("MPTCP: %s\n", MPTCP_BUILD_MODE);
}
