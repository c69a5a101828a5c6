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
#include "tool_cb_dbg.h"
#include "tool_mptcp.h"

#ifdef TOOL_MPTCP_DEFAULT
#ifndef USE_TOOL_MPTCP
#error "TOOL_MPTCP_DEFAULT needs USE_TOOL_MPTCP: a stub cannot default on"
#endif
#endif

/* The OpenVMS and IBM i kits define TOOL_MPTCP_STUB for every compile:
   there the stub is built whatever the headers say about IPPROTO_MPTCP,
   and a build that also asks for the real implementation stops here. */
#ifdef TOOL_MPTCP_STUB
#ifdef USE_TOOL_MPTCP
#error "TOOL_MPTCP_STUB and USE_TOOL_MPTCP are both defined: pick one"
#endif
#endif

void tool_mptcp_config_init(struct OperationConfig *config)
{
#ifdef TOOL_MPTCP_DEFAULT
  config->mptcp = TRUE;
#else
  (void)config;
#endif
}

long tool_mptcp_writeout(const struct per_transfer *per)
{
  return per->mptcp_used ? 1 : 0;
}

#ifdef USE_TOOL_MPTCP

#ifdef TOOL_MPTCP_DEFAULT
#define MPTCP_BUILD_MODE "yes (default on)"
#else
#define MPTCP_BUILD_MODE "yes"
#endif

/* curl 8.16.0 made the tool's GlobalConfig a real global and dropped it
   from the message functions' arguments. Before 8.2.0 the message
   functions left ending the line to the caller. */
#if LIBCURL_VERSION_NUM >= 0x081000
#define mptcp_warn(config, msg) ((void)(config), warnf("%s", msg))
#define mptcp_tracing(config)   ((void)(config), global->tracetype)
#elif LIBCURL_VERSION_NUM >= 0x080200
#define mptcp_warn(config, msg) warnf((config)->global, "%s", msg)
#define mptcp_tracing(config)   ((config)->global->tracetype)
#else
#define mptcp_warn(config, msg) warnf((config)->global, "%s\n", msg)
#define mptcp_tracing(config)   ((config)->global->tracetype)
#endif

/* Newer curl trees wrap socket() in CURL_SOCKET() so that debug builds
   track sockets; older ones (8.14.1) call it directly. */
#ifndef CURL_SOCKET
#define CURL_SOCKET socket
#endif

/* curl 7.x trees have no SOCKEINVAL. */
#ifndef SOCKEINVAL
#define SOCKEINVAL EINVAL
#endif

/* Linux uapi values; older libc headers lack them. */
#ifndef IPPROTO_MPTCP
#define IPPROTO_MPTCP 262
#endif
#ifndef TCP_IS_MPTCP
#define TCP_IS_MPTCP 43
#endif

/* Sockets this module opened and libcurl has not closed yet. The
   pre-request callback only learns the connection's addresses, so it
   finds the socket here. Happy eyeballs opens two sockets per connection
   at most; when the table is full a socket is simply not reported on. */
#define MPTCP_MAX_SOCKETS 256

struct mptcp_socket {
  curl_socket_t fd;
  BIT(inuse);
  BIT(host_refused); /* plain TCP because the host cannot do MPTCP */
  BIT(reported);     /* the verdict below is known and was shown */
  BIT(used);         /* verdict: this connection uses MPTCP */
};

static struct mptcp_socket sockets[MPTCP_MAX_SOCKETS];

/* Why this host cannot create MPTCP sockets, once it told us so: from then
   on this run asks for plain TCP directly. */
static const char *host_refusal;

/* The errno values of socket(..., IPPROTO_MPTCP) that mean "this host
   cannot do MPTCP", as opposed to a passing resource shortage (EMFILE,
   ENOBUFS, ENOMEM) that plain TCP would hit as well. */
static const char *refusal_reason(int err)
{
  switch(err) {
  case ENOPROTOOPT:     /* Linux >= 5.6 with sysctl net.mptcp.enabled=0 */
    return "MPTCP disabled by sysctl net.mptcp.enabled=0";
  case EPROTONOSUPPORT: /* built without CONFIG_MPTCP (or MPTCP_IPV6) */
    return "this kernel has no MPTCP support";
  case SOCKEINVAL:      /* Linux < 5.6: protocol >= IPPROTO_MAX (256) */
    return "kernel too old for MPTCP (needs Linux 5.6)";
  default:
    return NULL;
  }
}

/* Only TCP over IP changes: libcurl passes protocol 0 for TCP in curl
   7.x before 7.85.0 and ORs SOCK_CLOEXEC into the type. Unix sockets and
   UDP (QUIC) stay as they are. */
static bool is_tcp(const struct curl_sockaddr *addr)
{
  int type = addr->socktype;
#ifdef SOCK_CLOEXEC
  type &= ~SOCK_CLOEXEC;
#endif
#ifdef SOCK_NONBLOCK
  type &= ~SOCK_NONBLOCK;
#endif
  if(addr->family != AF_INET && addr->family != AF_INET6)
    return FALSE;
  return type == SOCK_STREAM &&
    (addr->protocol == IPPROTO_TCP || addr->protocol == 0);
}

static struct mptcp_socket *free_slot(void)
{
  struct mptcp_socket *oldest = NULL;
  size_t i;
  for(i = 0; i < MPTCP_MAX_SOCKETS; i++) {
    if(!sockets[i].inuse)
      return &sockets[i];
  }
  /* a full table gives up the oldest closed connection it remembers */
  return oldest;
}

static void track(curl_socket_t fd, bool host_refused)
{
  struct mptcp_socket *s = free_slot();
  if(s) {
    memset(s, 0, sizeof(*s));
    s->fd = fd;
    s->inuse = TRUE;
    s->host_refused = host_refused;
  }
}

static void untrack(curl_socket_t fd)
{
  size_t i;
  for(i = 0; i < MPTCP_MAX_SOCKETS; i++) {
    if(sockets[i].inuse && sockets[i].fd == fd)
      sockets[i].inuse = FALSE;
  }
}

/* Plain TCP, named as such also where libcurl left the protocol 0. */
static curl_socket_t open_tcp(const struct curl_sockaddr *addr,
                              bool host_refused)
{
  curl_socket_t fd = CURL_SOCKET(addr->family, addr->socktype,
                                 addr->protocol ? addr->protocol :
                                 IPPROTO_TCP);
  if(fd != CURL_SOCKET_BAD)
    track(fd, host_refused);
  return fd;
}

static curl_socket_t mptcp_opensocket(void *clientp, curlsocktype purpose,
                                      struct curl_sockaddr *addr)
{
  struct OperationConfig *config = clientp;
  curl_socket_t fd;
  char msg[160];

  (void)purpose; /* FTP data and proxy connections are TCP like any other */
  if(!is_tcp(addr))
    return CURL_SOCKET(addr->family, addr->socktype, addr->protocol);
  if(host_refusal)
    return open_tcp(addr, TRUE);

  fd = CURL_SOCKET(addr->family, addr->socktype, IPPROTO_MPTCP);
  if(fd != CURL_SOCKET_BAD) {
    track(fd, FALSE);
    return fd;
  }
  host_refusal = refusal_reason(SOCKERRNO);
  if(!host_refusal)
    return CURL_SOCKET_BAD; /* a real error; libcurl reports errno */

  curl_msnprintf(msg, sizeof(msg), "--mptcp: %s; using TCP", host_refusal);
  mptcp_warn(config, msg);
  return open_tcp(addr, TRUE);
}


static int mptcp_closesocket(void *clientp, curl_socket_t fd)
{
  (void)clientp;
  untrack(fd);
  return sclose(fd);
}

/* Does 'sa' hold this IP address (in text form, as libcurl reports it)
   and port? */
static bool same_endpoint(const struct sockaddr_storage *sa,
                          const char *ip, int port)
{
  if(sa->ss_family == AF_INET) {
    const struct sockaddr_in *in4 = (const struct sockaddr_in *)sa;
    struct in_addr want;
    return ntohs(in4->sin_port) == port &&
      inet_pton(AF_INET, ip, &want) == 1 &&
      !memcmp(&want, &in4->sin_addr, sizeof(want));
  }
  if(sa->ss_family == AF_INET6) {
    const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)sa;
    struct in6_addr want;
    return ntohs(in6->sin6_port) == port &&
      inet_pton(AF_INET6, ip, &want) == 1 &&
      !memcmp(&want, &in6->sin6_addr, sizeof(want));
  }
  return FALSE;
}

static int port_of(const struct sockaddr_storage *sa)
{
  if(sa->ss_family == AF_INET)
    return ntohs(((const struct sockaddr_in *)sa)->sin_port);
  if(sa->ss_family == AF_INET6)
    return ntohs(((const struct sockaddr_in6 *)sa)->sin6_port);
  return -1;
}

/* The tracked socket connected from local_port to remote_ip:remote_port.
   Linux may reuse a local port towards different peers, so the peer is
   compared as well. */
static struct mptcp_socket *find(const char *remote_ip, int remote_port,
                                 int local_port)
{
  struct mptcp_socket *closed = NULL;
  size_t i;
  for(i = 0; i < MPTCP_MAX_SOCKETS; i++) {
    struct sockaddr_storage local;
    struct sockaddr_storage peer;
    curl_socklen_t llen = sizeof(local);
    curl_socklen_t plen = sizeof(peer);
    curl_socket_t fd = sockets[i].fd;

    if(!sockets[i].inuse ||
       getsockname(fd, (struct sockaddr *)&local, &llen) ||
       port_of(&local) != local_port ||
       getpeername(fd, (struct sockaddr *)&peer, &plen))
      continue;
    if(same_endpoint(&peer, remote_ip, remote_port))
      return &sockets[i];
  }
  return closed;
}

/* Ask the kernel what the connection became and say it in words.
   TCP_IS_MPTCP exists since Linux 5.16; before that getsockopt() fails
   and the socket, opened as MPTCP, is assumed to use it. */
static const char *judge(struct mptcp_socket *s)
{
  int val = 0;
  curl_socklen_t len = sizeof(val);

  s->reported = TRUE;
  s->used = FALSE;
  if(s->host_refused)
    return "not used, TCP: the host refused MPTCP";
  if(getsockopt(s->fd, IPPROTO_TCP, TCP_IS_MPTCP, (void *)&val, &len)) {
    s->used = TRUE;
    return "unknown, assumed MPTCP requested (kernel before Linux 5.16)";
  }
  if(!val)
    return "fell back to TCP: the peer or a middlebox did not agree to "
      "MPTCP";
  s->used = TRUE;
  return "in use";
}

/* Through the tool's own debug callback the line follows -v, --trace,
   --trace-ascii and --trace-time like libcurl's own informational text. */
static void tell(struct per_transfer *per, const char *verdict)
{
  char line[128];
  size_t len = (size_t)curl_msnprintf(line, sizeof(line), "MPTCP: %s\n",
                                      verdict);
  if(mptcp_tracing(per->config) != TRACE_NONE)
    (void)tool_debug_cb(per->curl, CURLINFO_TEXT, line, len, per->config);
}


/* Called once a connection is ready, before each request on it: a new
   connection is judged and reported once, a reused one keeps its verdict
   for %{mptcp}. */
static int mptcp_prereq(void *clientp, char *remote_ip, char *local_ip,
                        int remote_port, int local_port)
{
  struct per_transfer *per = clientp;
  struct mptcp_socket *s = find(remote_ip, remote_port, local_port);

  (void)local_ip; /* the local port and the peer identify the socket */
  per->mptcp_used = FALSE;
  if(!s)
    return CURL_PREREQFUNC_OK; /* not TCP over IP, or table was full */
  if(!s->reported)
    tell(per, judge(s));
  per->mptcp_used = s->used;
  return CURL_PREREQFUNC_OK;
}


CURLcode tool_mptcp_setopts(struct OperationConfig *config,
                            struct per_transfer *per, CURL *curl)
{
  CURLcode result;

  if(!config->mptcp)
    return CURLE_OK;
  result = curl_easy_setopt(curl, CURLOPT_OPENSOCKETFUNCTION,
                            mptcp_opensocket);
  if(!result)
    result = curl_easy_setopt(curl, CURLOPT_OPENSOCKETDATA, config);
  if(!result)
    result = curl_easy_setopt(curl, CURLOPT_CLOSESOCKETFUNCTION,
                              mptcp_closesocket);
  if(!result)
    result = curl_easy_setopt(curl, CURLOPT_PREREQFUNCTION, mptcp_prereq);
  if(!result)
    result = curl_easy_setopt(curl, CURLOPT_PREREQDATA, per);
  return result;
}

#else /* !USE_TOOL_MPTCP */

#define MPTCP_BUILD_MODE "stub"

#if LIBCURL_VERSION_NUM >= 0x081000
#define mptcp_error(config, msg) ((void)(config), errorf("%s", msg))
#else
/* Before curl 8.17.0, errorf() says nothing under --silent even when
   --show-error is given, yet the tool still shows its own "curl: (4)" line
   then: lift the silence for this one message so that -sS tells why.
   8.16.x, with the same silence but no config->global, is not in the
   versions table. Before 8.2.0 the message functions leave ending the line
   to the caller. */
#define MPTCP_SILENT(global) ((global)->silent)
#if LIBCURL_VERSION_NUM >= 0x080200
#define MPTCP_ERROR_FORMAT "%s"
#else
#define MPTCP_ERROR_FORMAT "%s\n"
#endif

static void mptcp_error(struct OperationConfig *config, const char *msg)
{
  struct GlobalConfig *global = config->global;
  bool silent = MPTCP_SILENT(global);

  if(global->showerror)
    MPTCP_SILENT(global) = FALSE;
  errorf(global, MPTCP_ERROR_FORMAT, msg);
  MPTCP_SILENT(global) = silent;
}
#endif

CURLcode tool_mptcp_setopts(struct OperationConfig *config,
                            struct per_transfer *per, CURL *curl)
{
  (void)per;
  (void)curl;
  if(!config->mptcp)
    return CURLE_OK;
  mptcp_error(config,
              "--mptcp: Multipath TCP is not supported on this platform");
  return CURLE_NOT_BUILT_IN;
}


#endif /* USE_TOOL_MPTCP */

void tool_mptcp_version_info(void)
{
  curl_mprintf("MPTCP: %s\n", MPTCP_BUILD_MODE);
}
