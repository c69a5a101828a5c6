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
#ifdef HAVE_NETDB_H
#include <netdb.h>
#endif
#endif

#include <curl/mprintf.h> /* curl 7.x's tool_setup.h does not include it */

#include "tool_cfgable.h"
#include "tool_msgs.h"
#include "tool_operate.h"
#include "tool_setopt.h"
#include "tool_cb_dbg.h"
#include "tool_mptcp.h"

#if defined(TOOL_MPTCP_DEFAULT) && !defined(USE_TOOL_MPTCP)
#error "TOOL_MPTCP_DEFAULT needs USE_TOOL_MPTCP: a stub cannot default on"
#endif
/* The OpenVMS and IBM i kits define TOOL_MPTCP_STUB for every compile. */
#if defined(TOOL_MPTCP_STUB) && defined(USE_TOOL_MPTCP)
#error "TOOL_MPTCP_STUB and USE_TOOL_MPTCP are both defined: pick one"
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

/* Newer trees wrap socket() so that debug builds track sockets, and name
   the allocator curlx_realloc(). */
#ifndef CURL_SOCKET
#define CURL_SOCKET socket
#endif
#ifndef curlx_realloc
#define curlx_realloc realloc
#define curlx_free free
#endif
#ifndef curlx_fopen
#define curlx_fopen fopen
#define curlx_fclose fclose
#endif

/* Linux uapi values; older libc headers lack them. */
#ifndef IPPROTO_MPTCP
#define IPPROTO_MPTCP 262
#endif
#ifndef TCP_IS_MPTCP
#define TCP_IS_MPTCP 43
#endif
#ifndef SOCKEINVAL /* curl 7.x names no socket errno values */
#define SOCKEINVAL EINVAL
#define SOCKEACCES EACCES
#define SOCKENOMEM ENOMEM
#endif
#define MPTCP_IPLEN 64 /* as libcurl's MAX_IPADR_LEN */

/* The paths report reads SOL_MPTCP options (Linux >= 5.16) by offset
   within the length the kernel returns (include/uapi/linux/mptcp.h,
   linux/tcp.h): Debian 12's headers (6.1) build it, and every kernel
   answers with what it has. */
#define MPTCP_SOL 284
#define MPTCP_OPT_INFO 1      /* struct mptcp_info */
#define MPTCP_OPT_TCPINFO 2   /* struct mptcp_subflow_data, tcp_info[] */
#define MPTCP_OPT_ADDRS 3     /* ... and struct mptcp_subflow_addrs[] */
#define MPTCP_SFD_LEN 16      /* struct mptcp_subflow_data */
#define MPTCP_TI_LEN 136      /* tcp_info up to tcpi_bytes_received */
#define MPTCP_TI_STATE 0      /* u8 tcpi_state */
#define MPTCP_TI_UNACKED 24   /* u32 tcpi_unacked: segments in flight */
#define MPTCP_TI_ACKED 120    /* u64 tcpi_bytes_acked (sent) */
#define MPTCP_TI_RECEIVED 128 /* u64 tcpi_bytes_received */
#define MPTCP_TI_SEGMAX 65536 /* the most data a segment holds */
#define MPTCP_SA_LEN 256      /* local and remote sockaddr_storage */
#define MPTCP_SF_MAX 9        /* the first subflow and the 8 extra ones
                                 the kernel allows at most */
#define MPTCP_INFO_LIMITS 42  /* mptcp_info up to mptcpi_local_addr_max */
#define MPTCP_INFO_LEN 80     /* ... up to mptcpi_bytes_acked (6.5) */
#define MPTCP_INFO_RECEIVED 64 /* u64 mptcpi_bytes_received */
#define MPTCP_INFO_ACKED 72   /* u64 mptcpi_bytes_acked */
#define MPTCP_SPLIT_LEN 640

/* A TCP socket our callback opened, told to us by libcurl's open and
   close callbacks, so no descriptor is guessed. A closed one may stay as a
   verdict (fd CURL_SOCKET_BAD) for its opener or the last transfer that
   used it, which may be gone: 'owner' is compared, never followed. */
struct mptcp_sock {
  curl_socket_t fd;
  const struct per_transfer *owner;
  int verdict;                /* the last request's; once closed */
  const char *refused;        /* TCP because the host refused MPTCP */
  char peer[MPTCP_IPLEN];     /* where libcurl connects it */
  int peer_port;
  char local[MPTCP_IPLEN];    /* its local end, once a request used it */
  int local_port;             /* 0 until then */
  bool v6;                    /* an IPv6 socket */
  bool denied;                /* its owner had an MPTCP connect() refused
                                 by a policy */
  bool reported;              /* its owner's transfer has ended */
  int subflows;               /* when it closed: -1 unknown */
  bool gone;                  /* ... and data showed one more had been */
  bool gone_before;           /* data showed one gone at its last request */
  char *split;                /* ... and under -v their bytes (or NULL) */
  const char *hint;           /* ... why only one, or NULL */
};
static struct mptcp_sock *mptcp_socks;
static size_t mptcp_nsocks;
static size_t mptcp_room;
static bool mptcp_used; /* an MPTCP transfer exists: others may reuse it */
static bool mptcp_counted; /* -v or %{mptcp_subflows}: count subflows */
static bool mptcp_verbose; /* -v: and tell their bytes */

/* Per family (IPv4, IPv6): why the host refused MPTCP, once it did. A
   refused connect() is told once a TCP connection got through after it. */
static const char *mptcp_refused[2];
static bool mptcp_warned[2];
static bool mptcp_confirmed[2];
static const char mptcp_denial[] =
  "MPTCP connections denied by a security policy";

/* Why socket(IPPROTO_MPTCP) failed: any refusal means "use TCP"; only a
   resource shortage, which plain TCP would hit as well, is an error. */
static const char *mptcp_refusal(int err)
{
  switch(err) {
  case EMFILE:
  case ENFILE:
  case ENOBUFS:
  case SOCKENOMEM:
    return NULL;
  case ENOPROTOOPT:     /* Linux >= 5.6 with net.mptcp.enabled=0 */
    return "MPTCP off (sysctl net.mptcp.enabled=0)";
  case EPROTONOSUPPORT: /* built without CONFIG_MPTCP (or MPTCP_IPV6) */
    return "this kernel has no MPTCP support";
  case SOCKEINVAL:      /* Linux < 5.6: protocol >= IPPROTO_MAX */
    return "kernel too old for MPTCP (needs Linux 5.6)";
  case EPERM:           /* seccomp, an LSM, a cgroup BPF hook */
  case SOCKEACCES:
    return "MPTCP sockets denied by a security policy";
  default:
    return "MPTCP sockets refused by this host";
  }
}

/* The address as libcurl writes it (numeric, no IPv6 scope) into ip[];
   returns the port, -1 for no IP address. */
static int mptcp_ipstr(const struct sockaddr *sa, curl_socklen_t len,
                       char *ip)
{
  char *scope;
  if(getnameinfo(sa, len, ip, MPTCP_IPLEN, NULL, 0, NI_NUMERICHOST)) {
    *ip = '\0'; /* matches no address libcurl names */
    return -1;
  }
  scope = strchr(ip, '%');
  if(scope)
    *scope = '\0';
  if(sa->sa_family == AF_INET6)
    return ntohs(((const struct sockaddr_in6 *)(const void *)sa)->sin6_port);
  return ntohs(((const struct sockaddr_in *)(const void *)sa)->sin_port);
}

/* The socket 'fd', or with CURL_SOCKET_BAD the verdict left for 'per'. */
static struct mptcp_sock *mptcp_sock_of(curl_socket_t fd,
                                        const struct per_transfer *per)
{
  size_t i;
  for(i = 0; i < mptcp_nsocks; i++)
    if(mptcp_socks[i].fd == fd && (fd != CURL_SOCKET_BAD ||
                                   mptcp_socks[i].owner == per))
      return &mptcp_socks[i];
  return NULL;
}

static void mptcp_drop(struct mptcp_sock *s)
{
  curlx_free(s->split);
  *s = mptcp_socks[--mptcp_nsocks];
  if(!mptcp_nsocks) { /* curlx_safefree() is 8.x only */
    s = mptcp_socks;
    mptcp_socks = NULL;
    mptcp_room = 0;
    curlx_free(s);
  }
}

/* Remember a new socket; without memory to do so it is an error. */
static curl_socket_t mptcp_track(curl_socket_t fd, struct per_transfer *per,
                                 const struct curl_sockaddr *addr,
                                 const char *refused)
{
  struct mptcp_sock *s = mptcp_sock_of(fd, NULL); /* closed unseen */
  if(!s && mptcp_nsocks == mptcp_room) {
    s = curlx_realloc(mptcp_socks, (mptcp_room * 2 + 16) * sizeof(*s));
    if(!s) {
      sclose(fd);
      return CURL_SOCKET_BAD;
    }
    mptcp_socks = s;
    mptcp_room = mptcp_room * 2 + 16;
    s = NULL;
  }
  if(!s)
    s = &mptcp_socks[mptcp_nsocks++];
  else
    curlx_free(s->split);
  s->fd = fd;
  s->owner = per;
  s->verdict = -1;
  s->refused = refused;
  s->peer_port = mptcp_ipstr(&addr->addr, addr->addrlen, s->peer);
  s->v6 = addr->family == AF_INET6;
  s->local[0] = '\0';
  s->local_port = 0;
  s->denied = FALSE;
  s->reported = FALSE;
  s->subflows = -1;
  s->gone = FALSE;
  s->split = NULL;
  s->hint = NULL;
  return fd;
}

/* Warn whoever typed --mptcp, once per family; a default-on build says it
   under -v only. */
static void mptcp_warn(struct OperationConfig *config, bool v6)
{
  char msg[128];
  MPTCP_GLOBAL(config);

  if(!config->mptcp_asked || mptcp_warned[v6])
    return;
  mptcp_warned[v6] = TRUE;
  curl_msnprintf(msg, sizeof(msg), "--mptcp: %s; IPv%c uses TCP",
                 mptcp_refused[v6], v6 ? '6' : '4');
  warnf(MPTCP_ARG MPTCP_MSG_FORMAT, msg);
}

/* A line for -v and --trace, through the tool's own debug callback. */
static void mptcp_say(struct per_transfer *per, const char *what,
                      const char *why)
{
  char line[MPTCP_SPLIT_LEN + 100];
  size_t n;
  MPTCP_GLOBAL(per->config);

  if(global->tracetype == TRACE_NONE)
    return;
  n = (size_t)curl_msnprintf(line, sizeof(line), "MPTCP: %s%s\n", what, why);
  (void)tool_debug_cb(per->curl, CURLINFO_TEXT, line, n, per->config);
}

/* Whether the transfer's current attempt has a connection: libcurl
   clears the primary IP when an attempt (a --retry) starts. */
static bool mptcp_has_peer(const struct per_transfer *per)
{
  char *ip = NULL;
  return !curl_easy_getinfo(per->curl, CURLINFO_PRIMARY_IP, &ip) &&
    ip && *ip;
}

/* Only TCP over IP changes; Unix sockets and QUIC stay as they are. */
static curl_socket_t mptcp_opensocket(void *clientp, curlsocktype purpose,
                                      struct curl_sockaddr *addr)
{
  struct per_transfer *per = clientp;
  bool v6 = addr->family == AF_INET6;
  const char **refused = &mptcp_refused[v6];
  curl_socket_t fd;

  (void)purpose; /* FTP data and proxy connections are TCP like any other */
  if(!mptcp_has_peer(per)) {
    /* a new attempt, or the next address of this one: what an earlier
       socket saw says nothing about it, but a refused connect() is kept
       for tool_mptcp_done() */
    struct mptcp_sock *old = mptcp_sock_of(CURL_SOCKET_BAD, per);
    if(old && old->denied)
      old->verdict = -1;
    else if(old)
      mptcp_drop(old);
    per->mptcp = -1;
  }
  if(addr->protocol != IPPROTO_TCP || (addr->family != AF_INET && !v6))
    return CURL_SOCKET(addr->family, addr->socktype, addr->protocol);
  if(!*refused) {
    fd = CURL_SOCKET(addr->family, addr->socktype, IPPROTO_MPTCP);
    if(fd != CURL_SOCKET_BAD)
      return mptcp_track(fd, per, addr, NULL);
    *refused = mptcp_refusal(SOCKERRNO);
    if(!*refused)
      return fd; /* out of resources: libcurl reports it */
  }
  if(*refused != mptcp_denial)
    mptcp_warn(per->config, v6);
  fd = CURL_SOCKET(addr->family, addr->socktype, addr->protocol);
  return fd == CURL_SOCKET_BAD ? fd : mptcp_track(fd, per, addr, *refused);
}

/* What the connection became: 1 MPTCP, 0 TCP, -1 unknown, and why.
   TCP_IS_MPTCP exists since Linux 5.16. Before, an MPTCP socket that did
   not fall back answers SOL_TCP options it does not know with EOPNOTSUPP,
   one that fell back hands them to its TCP subflow: ENOPROTOOPT. */
static int mptcp_judge(const struct mptcp_sock *s, bool connected,
                       const char **why)
{
  int val = 0;
  curl_socklen_t len = sizeof(val);

  if(s->refused) {
    *why = s->refused;
    return 0;
  }
  if(!connected) {
    *why = "unknown yet: TCP Fast Open shakes hands with the request";
    return -1;
  }
  if(getsockopt(s->fd, IPPROTO_TCP, TCP_IS_MPTCP, (void *)&val, &len))
    val = SOCKERRNO == EOPNOTSUPP ? 1 : SOCKERRNO == ENOPROTOOPT ? 0 : -1;
  *why = val > 0 ? "in use" : !val ?
    "fell back to TCP: the peer or a middlebox did not agree to MPTCP" :
    "unknown: the kernel does not tell";
  return val;
}

/* Whether 's' is connected (a Fast Open socket may not be yet), and to
   which address and port. */
static bool mptcp_connected(const struct mptcp_sock *s, char *ip, int *port)
{
  struct sockaddr_storage sa;
  curl_socklen_t len = sizeof(sa);
  if(getpeername(s->fd, (struct sockaddr *)&sa, &len)) {
    memcpy(ip, s->peer, sizeof(s->peer));
    *port = s->peer_port;
    return FALSE;
  }
  *port = mptcp_ipstr((struct sockaddr *)&sa, len, ip);
  return TRUE;
}

/* getsockopt(SOL_MPTCP, 'opt') into 'buf': a struct mptcp_subflow_data,
   then up to MPTCP_SF_MAX elements of '*size' bytes. Returns the number of
   subflows (-1: the kernel does not tell) and sets '*size' to what each
   element got (0 when more subflows exist than 'buf' holds). */
static int mptcp_sfdata(curl_socket_t fd, int opt, char *buf,
                        unsigned int *size)
{
  unsigned int sfd[4];
  curl_socklen_t len = (curl_socklen_t)(MPTCP_SFD_LEN +
                                        *size * MPTCP_SF_MAX);

  sfd[0] = MPTCP_SFD_LEN;
  sfd[1] = sfd[2] = 0;
  sfd[3] = *size;
  memcpy(buf, sfd, sizeof(sfd));
  if(getsockopt(fd, MPTCP_SOL, opt, (void *)buf, &len) ||
     len < MPTCP_SFD_LEN)
    return -1;
  memcpy(sfd, buf, sizeof(sfd));
  *size = sfd[1] <= MPTCP_SF_MAX ? sfd[3] : 0;
  return (int)sfd[1];
}

/* The data bytes that the subflow of tcp_info 'ti' carried. The kernel's
   counters also count the sequence numbers of the SYN, once acknowledged
   (every subflow of curl's connection is opened by this host), and of a
   FIN received (TIME_WAIT, CLOSE_WAIT, LAST_ACK, CLOSING): no data. */
static curl_off_t mptcp_sfbytes(const char *ti)
{
  curl_off_t acked;
  curl_off_t received;
  unsigned char state = (unsigned char)ti[MPTCP_TI_STATE];

  memcpy(&acked, ti + MPTCP_TI_ACKED, sizeof(acked));
  memcpy(&received, ti + MPTCP_TI_RECEIVED, sizeof(received));
  if(acked > 0)
    acked--;
  if(received > 0 && (state == 6 || state == 8 || state == 9 || state == 11))
    received--;
  return acked + received;
}

/* The byte split of the 'n' subflows whose tcp_info[] 'ti' and addresses
   'sa' the kernel gave: what each carried since it opened (sent and
   acknowledged, plus received), "A -> B 58 % (N bytes), ...". */
static void mptcp_split(const char *ti, const char *sa, int n, char *split,
                        size_t room)
{
  curl_off_t bytes[MPTCP_SF_MAX];
  curl_off_t total = 0;
  size_t used = 0;
  int i;

  for(i = 0; i < n; i++) {
    bytes[i] = mptcp_sfbytes(ti + MPTCP_SFD_LEN + i * MPTCP_TI_LEN);
    total += bytes[i];
  }
  for(i = 0; total > 0 && i < n && used < room; i++) {
    struct sockaddr_storage local;
    struct sockaddr_storage remote;
    char lip[MPTCP_IPLEN];
    char rip[MPTCP_IPLEN];
    const char *a = sa + MPTCP_SFD_LEN + i * MPTCP_SA_LEN;
    memcpy(&local, a, sizeof(local));
    memcpy(&remote, a + MPTCP_SA_LEN / 2, sizeof(remote));
    (void)mptcp_ipstr((struct sockaddr *)&local, sizeof(local), lip);
    (void)mptcp_ipstr((struct sockaddr *)&remote, sizeof(remote), rip);
    used += (size_t)curl_msnprintf(split + used, room - used,
                                   "%s%s -> %s %d %% (%" CURL_FORMAT_CURL_OFF_T
                                   " bytes)", i ? ", " : "", lip, rip,
                                   (int)((bytes[i] * 100 + total / 2) / total),
                                   bytes[i]);
  }
}

/* Whether the connection carried data that none of the 'n' subflows in
   tcp_info[] 'ti' did: the kernel no longer lists a subflow once it is
   closed (an address removed, RM_ADDR), and its counters go with it.
   Every byte the connection received came in order over one of its
   subflows; every byte the peer acknowledged went over one, where it is
   acknowledged or still in flight (a cut path's subflow may never hear
   the acknowledgement). When the listed ones count less, another one
   existed. Not tcpi_bytes_sent: it also counts what MPTCP sent again
   (measured: 37 MB for a 25 MB upload). 'info' was read before 'ti',
   and these counters only grow. Data sent again over another subflow
   counts on both, so a gone subflow may go unseen, never one be
   invented. MPTCP_INFO has these counters since Linux 6.5. */
static bool mptcp_unlisted(const unsigned char *info, const char *ti,
                           int n)
{
  curl_off_t received;
  curl_off_t acked;
  int i;

  memcpy(&received, info + MPTCP_INFO_RECEIVED, sizeof(received));
  memcpy(&acked, info + MPTCP_INFO_ACKED, sizeof(acked));
  for(i = 0; i < n; i++) {
    const char *t = ti + MPTCP_SFD_LEN + i * MPTCP_TI_LEN;
    curl_off_t bytes;
    unsigned int flying;
    memcpy(&bytes, t + MPTCP_TI_RECEIVED, sizeof(bytes));
    received -= bytes;
    memcpy(&bytes, t + MPTCP_TI_ACKED, sizeof(bytes));
    memcpy(&flying, t + MPTCP_TI_UNACKED, sizeof(flying));
    acked -= bytes + (curl_off_t)flying * MPTCP_TI_SEGMAX;
  }
  return received > 0 || acked > 0;
}

/* Whether the counters of reused MPTCP socket 'fd' show a gone subflow
   before a request: an earlier transfer's, which they keep showing for
   the connection's life, so that a later transfer cannot tell one of its
   own. Read the other way round from mptcp_look(), the subflows first: a
   doubt makes the report count less, never more. */
static bool mptcp_gone_yet(curl_socket_t fd)
{
  unsigned char info[MPTCP_INFO_LEN];
  curl_socklen_t ilen = sizeof(info);
  char ti[MPTCP_SFD_LEN + MPTCP_SF_MAX * MPTCP_TI_LEN];
  unsigned int tilen = MPTCP_TI_LEN;
  int n = mptcp_sfdata(fd, MPTCP_OPT_TCPINFO, ti, &tilen);

  if(n < 1 || tilen != MPTCP_TI_LEN ||
     getsockopt(fd, MPTCP_SOL, MPTCP_OPT_INFO, (void *)info, &ilen) ||
     ilen < MPTCP_INFO_LEN)
    return FALSE;
  return mptcp_unlisted(info, ti, n);
}

/* Why a connection with one subflow has no other, when this host rules
   it out (the limits of the in-kernel path manager in MPTCP_INFO 'info',
   'len' bytes). NULL when the server may be the cause (it announced no
   address, or refused a join), or when a userspace path manager decides,
   whose limits are not these (net.mptcp.pm_type, Linux >= 5.19; newer
   kernels then report zeros). */
static const char *mptcp_why_one(const unsigned char *info,
                                 curl_socklen_t len)
{
  FILE *pm;
  int type = EOF;

  if(len < MPTCP_INFO_LIMITS)
    return NULL;
  pm = curlx_fopen("/proc/sys/net/mptcp/pm_type", FOPEN_READTEXT);
  if(pm) {
    type = getc(pm);
    curlx_fclose(pm);
  }
  if(type == '1')
    return NULL;
  if(!info[3]) /* mptcpi_subflows_max */
    return "this host allows no extra subflow (limit subflows 0); "
      "to allow some: ip mptcp limits set subflows 2";
  if(!info[5] && !info[41]) /* add_addr_accepted_max, local_addr_max */
    return "this host takes no address the server announces (limit "
      "add_addr_accepted 0) and has no subflow endpoint; to change that: "
      "ip mptcp limits set add_addr_accepted 2, or "
      "ip mptcp endpoint add ADDRESS dev INTERFACE subflow";
  return NULL;
}

/* The subflows of MPTCP socket 'fd' now: how many (-1: the kernel does
   not tell, before Linux 5.16), and '*gone' when the byte counters show
   that one more had been; under -v also into 'split' the bytes each
   carried (empty when the kernel tells no byte counts, or when the
   subflows changed between the two calls) and, with one subflow and
   none gone, why there is no other into '*hint'. 'before': one was gone
   already when the request left (mptcp_gone_yet()): not this transfer's,
   and it hides any other. */
static int mptcp_look(curl_socket_t fd, char *split, const char **hint,
                      bool *gone, bool before)
{
  unsigned char info[MPTCP_INFO_LEN];
  curl_socklen_t ilen = sizeof(info);
  char ti[MPTCP_SFD_LEN + MPTCP_SF_MAX * MPTCP_TI_LEN];
  char sa[MPTCP_SFD_LEN + MPTCP_SF_MAX * MPTCP_SA_LEN];
  unsigned int tilen = MPTCP_TI_LEN;
  unsigned int salen = MPTCP_SA_LEN;
  int n;

  *split = '\0';
  *hint = NULL;
  *gone = FALSE;
  /* the connection's counters first: see mptcp_unlisted() */
  if(getsockopt(fd, MPTCP_SOL, MPTCP_OPT_INFO, (void *)info, &ilen))
    ilen = 0;
  n = mptcp_sfdata(fd, MPTCP_OPT_TCPINFO, ti, &tilen);
  if(n < 1 || tilen != MPTCP_TI_LEN)
    return n;
  *gone = !before && ilen >= MPTCP_INFO_LEN && mptcp_unlisted(info, ti, n);
  if(!mptcp_verbose)
    return n;
  if(mptcp_sfdata(fd, MPTCP_OPT_ADDRS, sa, &salen) == n &&
     salen == MPTCP_SA_LEN)
    mptcp_split(ti, sa, n, split, MPTCP_SPLIT_LEN);
  if(n == 1 && !*gone)
    *hint = mptcp_why_one(info, ilen);
  return n;
}

/* At the end of an MPTCP transfer: the most subflows its connection had
   (when the request left, and now or when it closed; at least one more
   than now when data went over a subflow gone since), and under -v a
   line telling them and one telling why only one, when this host is the
   cause. 'closed': the connection's socket, if it closed. */
static void mptcp_paths(struct per_transfer *per, struct mptcp_sock *closed,
                        const struct mptcp_sock *live)
{
  char split[MPTCP_SPLIT_LEN];
  char line[MPTCP_SPLIT_LEN + 60];
  const char *hint = NULL;
  bool gone = FALSE;
  int n = -1;
  int most = per->mptcp_subflows;

  *split = '\0';
  if(live && live->local_port)
    n = mptcp_look(live->fd, split, &hint, &gone, live->gone_before);
  else if(closed && closed->local_port) {
    n = closed->subflows;
    gone = closed->gone;
    hint = closed->hint;
    if(closed->split)
      memcpy(split, closed->split, strlen(closed->split) + 1);
  }
  if(gone && n >= most)
    most = per->mptcp_subflows = n + 1;
  else if(n > most)
    most = per->mptcp_subflows = n;
  if(closed && closed->split) { /* curlx_safefree() is 8.x only */
    char *done = closed->split;
    closed->split = NULL;
    curlx_free(done);
  }
  if(most < 0)
    mptcp_say(per, "subflows unknown: the kernel does not tell "
              "(MPTCP_TCPINFO needs Linux 5.16)", "");
  else {
    curl_msnprintf(line, sizeof(line), "%d subflow%s%s%s", most,
                   most > 1 ? "s" : "", *split ? ": " : "", split);
    if(n >= 0 && n < most)
      curl_msnprintf(line, sizeof(line), "%s%d subflows, %d at the end%s%s",
                     gone ? "at least " : "", most, n, *split ? ": " : "",
                     split);
    mptcp_say(per, line, "");
  }
  if(most == 1 && hint)
    mptcp_say(per, "one path: ", hint);
}

/* The open socket a request used before, known by all four addresses. */
static struct mptcp_sock *mptcp_used_sock(const char *remote_ip,
                                          long remote_port,
                                          const char *local_ip,
                                          long local_port)
{
  size_t i;
  for(i = 0; i < mptcp_nsocks; i++) {
    struct mptcp_sock *s = &mptcp_socks[i];
    if(s->fd != CURL_SOCKET_BAD && s->local_port == local_port &&
       s->local_port && s->peer_port == remote_port &&
       !strcmp(s->local, local_ip) && !strcmp(s->peer, remote_ip))
      return s;
  }
  return NULL;
}

/* The socket a request goes out on: one a request used before, or a new
   one matched on all four addresses: this transfer's first, then another's
   to the same peer (HTTP/2 may multiplex a transfer onto it before its
   opener's request). Only --tcp-fastopen may be unconnected; libcurl 7.x
   names no peer before its handshake. 'fresh': a new connection (with
   NULL: this transfer opened a socket, yet none matched). */
static struct mptcp_sock *mptcp_find(struct per_transfer *per,
                                     const char *remote_ip, int remote_port,
                                     const char *local_ip, int local_port,
                                     bool *fresh, bool *connected)
{
  size_t i;
  struct mptcp_sock *s = mptcp_used_sock(remote_ip, remote_port,
                                         local_ip, local_port);
  *fresh = FALSE;
  *connected = TRUE;
  for(i = 0; !s && i < 2 * mptcp_nsocks; i++) {
    struct mptcp_sock *c = &mptcp_socks[i % mptcp_nsocks];
    bool ours = c->owner == per;
    struct sockaddr_storage sa;
    curl_socklen_t len = sizeof(sa);
    char ip[MPTCP_IPLEN];
    int port;

    if(c->local_port || c->fd == CURL_SOCKET_BAD ||
       ours != (i < mptcp_nsocks) ||
       (!ours && (c->peer_port != remote_port || strcmp(c->peer, remote_ip))))
      continue;
    *fresh = *fresh || ours;
    if(getsockname(c->fd, (struct sockaddr *)&sa, &len) ||
       mptcp_ipstr((struct sockaddr *)&sa, len, ip) != local_port ||
       strcmp(ip, local_ip))
      continue;
    *connected = mptcp_connected(c, ip, &port);
    if(*connected ? port == remote_port && !strcmp(ip, remote_ip) :
       per->config->tcp_fastopen && (!*remote_ip || !strcmp(ip, remote_ip))) {
      memcpy(c->local, local_ip, strlen(local_ip) + 1);
      c->local_port = local_port;
      *fresh = TRUE;
      s = c;
    }
  }
  if(s)
    s->owner = per;
  return s;
}

/* Before each request: judge the connection's socket. A new connection is
   reported under -v, a reused one keeps quiet. */
static int mptcp_prereq(void *clientp, char *remote_ip, char *local_ip,
                        int remote_port, int local_port)
{
  struct per_transfer *per = clientp;
  bool fresh;
  bool connected;
  struct mptcp_sock *s = mptcp_find(per, remote_ip, remote_port, local_ip,
                                    local_port, &fresh, &connected);
  const char *why = "not used: the connection was opened as plain TCP";

  per->mptcp = 0; /* a socket libcurl opened itself: TCP, or not TCP */
  if(s && s->refused == mptcp_denial)
    mptcp_confirmed[s->v6] = TRUE;
  if(s)
    s->verdict = per->mptcp = mptcp_judge(s, connected, &why);
  else if(fresh) { /* ours, yet none matched: never guess */
    per->mptcp = -1;
    why = "unknown: the connection's socket was not found";
  }
  per->mptcp_subflows = per->mptcp > 0 ? -1 : per->mptcp;
  if(s && per->mptcp > 0 && mptcp_counted) {
    char sfd[MPTCP_SFD_LEN];
    unsigned int none = 0;
    per->mptcp_subflows = mptcp_sfdata(s->fd, MPTCP_OPT_TCPINFO, sfd, &none);
    s->reported = FALSE;
    /* a new connection has no gone subflow yet: no call */
    s->gone_before = !fresh && mptcp_gone_yet(s->fd);
  }
  if(fresh)
    mptcp_say(per, s && s->refused ?
              "not used, TCP: the host refused MPTCP: " : "", why);
  return CURL_PREREQFUNC_OK;
}

/* The verdict a closing socket leaves. MPTCP at the last request is asked
   again (it may have fallen back since), TCP stays TCP; one no request
   used, or unknown at its request (Fast Open), counts if connected (a TLS
   handshake or a CONNECT failed on it). An MPTCP socket that never
   connected leaves -1, for tool_mptcp_done(). */
static bool mptcp_last_verdict(const struct mptcp_sock *s, int *verdict)
{
  char ip[MPTCP_IPLEN];
  int port;
  const char *why;

  *verdict = -1;
  if(s->local_port && !s->verdict)
    *verdict = 0;
  else if((s->local_port && s->verdict > 0) || mptcp_connected(s, ip, &port))
    *verdict = mptcp_judge(s, TRUE, &why);
  else
    return !s->refused;
  return TRUE;
}

/* What the failed connect() of socket 's', closed with errno 'err', says:
   libcurl closes a socket whose connect() failed at once with that errno
   still set. TRUE: a policy refused an MPTCP socket's connect(); its
   family uses TCP. Until a TCP connection of that family got through, a
   TCP connect() refused the same way undoes that: it was no policy
   against MPTCP (a "prohibit" route, an LSM rule for a port). */
static bool mptcp_denied(const struct mptcp_sock *s, int err)
{
  const char **refused = &mptcp_refused[s->v6];
  char ip[MPTCP_IPLEN];
  int port;

  if(s->local_port || (err != EPERM && err != SOCKEACCES) ||
     mptcp_connected(s, ip, &port))
    return FALSE;
  if(!s->refused && !*refused)
    *refused = mptcp_denial;
  else if(s->refused == mptcp_denial && *refused == mptcp_denial &&
          !mptcp_confirmed[s->v6])
    *refused = NULL;
  return !s->refused;
}

/* libcurl closes a socket: its verdict replaces the owner's earlier one.
   A refused connect() is kept in that verdict: one of several addresses
   libcurl tried may have failed only for MPTCP, the last for good. */
static int mptcp_closesocket(void *clientp, curl_socket_t fd)
{
  int err = SOCKERRNO; /* first: the calls below may change it */
  struct mptcp_sock *s = mptcp_sock_of(fd, NULL);
  bool denied = s && mptcp_denied(s, err);
  int verdict;

  (void)clientp;
  if(s && mptcp_last_verdict(s, &verdict)) {
    struct mptcp_sock *old = mptcp_sock_of(CURL_SOCKET_BAD, s->owner);
    char split[MPTCP_SPLIT_LEN];
    if(verdict > 0 && s->local_port && mptcp_counted && !s->reported) {
      /* its transfer has yet to end: keep what its report needs */
      s->subflows = mptcp_look(fd, split, &s->hint, &s->gone,
                               s->gone_before);
      s->split = *split ? curlx_realloc(NULL, strlen(split) + 1) : NULL;
      if(s->split)
        memcpy(s->split, split, strlen(split) + 1);
    }
    if(s->refused == mptcp_denial) /* it was connected */
      mptcp_confirmed[s->v6] = TRUE;
    s->verdict = verdict;
    s->denied = denied || (old && old->denied);
    s->fd = CURL_SOCKET_BAD;
    if(old)
      mptcp_drop(old); /* may move 's', which is done with */
  }
  else if(s)
    mptcp_drop(s);
  return sclose(fd);
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
  struct mptcp_sock *s;
  MPTCP_GLOBAL(config);

  (void)global; /* my_setopt() uses it where --libcurl is built */
  if(config->mptcp)
    mptcp_used = TRUE;
  if(!mptcp_used)
    return CURLE_OK; /* plain TCP all along: 0 */
  per->mptcp = per->mptcp_subflows = -1; /* no verdict yet */
  if(global->tracetype != TRACE_NONE)
    mptcp_verbose = mptcp_counted = TRUE;
  if(config->writeout && (strstr(config->writeout, "mptcp_subflows") ||
                          strstr(config->writeout, "json")))
    mptcp_counted = TRUE;
  s = mptcp_sock_of(CURL_SOCKET_BAD, per); /* a gone transfer's, here */
  if(s)
    mptcp_drop(s);
  MPTCP_SETOPT(CURLOPT_PREREQFUNCTION, mptcp_prereq);
  if(!result)
    MPTCP_SETOPT(CURLOPT_PREREQDATA, per);
  if(!result && config->mptcp)
    MPTCP_SETOPT(CURLOPT_OPENSOCKETFUNCTION, mptcp_opensocket);
  if(!result && config->mptcp)
    MPTCP_SETOPT(CURLOPT_OPENSOCKETDATA, per);
  /* libcurl calls it with the data of the handle that opened the socket,
     which may be gone by then: no data */
  if(!result && config->mptcp)
    MPTCP_SETOPT(CURLOPT_CLOSESOCKETFUNCTION, mptcp_closesocket);
  return result;
}

/* The transfer's connection if it is still open, by the four addresses
   libcurl keeps after the transfer (a parallel transfer's handle has left
   the multi handle and names no active socket); with --tcp-fastopen,
   where 7.x names no peer, the active socket of a serial transfer. */
static struct mptcp_sock *mptcp_live(const struct per_transfer *per)
{
  char *remote_ip = NULL;
  char *local_ip = NULL;
  long remote_port = 0;
  long local_port = 0;
  curl_socket_t fd = CURL_SOCKET_BAD;
  struct mptcp_sock *s = NULL;

  if(!curl_easy_getinfo(per->curl, CURLINFO_PRIMARY_IP, &remote_ip) &&
     !curl_easy_getinfo(per->curl, CURLINFO_PRIMARY_PORT, &remote_port) &&
     !curl_easy_getinfo(per->curl, CURLINFO_LOCAL_IP, &local_ip) &&
     !curl_easy_getinfo(per->curl, CURLINFO_LOCAL_PORT, &local_port) &&
     remote_ip && local_ip)
    s = mptcp_used_sock(remote_ip, remote_port, local_ip, local_port);
  if(!s && per->config->tcp_fastopen &&
     !curl_easy_getinfo(per->curl, CURLINFO_ACTIVESOCKET, &fd) &&
     fd != CURL_SOCKET_BAD)
    s = mptcp_sock_of(fd, NULL);
  return s;
}

/* What the transfer's connection was at its end. Without a connection in
   the last attempt (no host, refused, file://), only a socket that no
   request used (a failed TLS handshake or CONNECT) has a verdict; 7.x
   names no peer for Fast Open at all. MPTCP at the request is asked again:
   a middlebox that strips the options after the handshake makes both ends
   fall back once data flows. Unknown at the request (Fast Open): asked
   again, now that it is connected. */
static int mptcp_final(const struct per_transfer *per)
{
  const struct mptcp_sock *s = mptcp_sock_of(CURL_SOCKET_BAD, per);
  const struct mptcp_sock *live;
  char ip[MPTCP_IPLEN];
  int port;
  const char *why;

  if(!mptcp_has_peer(per) && !per->config->tcp_fastopen)
    return s && !s->local_port ? s->verdict : -1;
  live = mptcp_live(per);
  if(per->mptcp > 0) {
    int now = live && live->local_port ? mptcp_judge(live, TRUE, &why) :
      s && s->local_port ? s->verdict : 1;
    return now ? per->mptcp : 0;
  }
  if(per->mptcp < 0 && per->config->tcp_fastopen && live &&
     mptcp_connected(live, ip, &port))
    return mptcp_judge(live, TRUE, &why);
  if(per->mptcp < 0 && s)
    return s->verdict;
  return per->mptcp;
}

/* Whether the transfer runs again: a policy allowed an MPTCP socket and
   refused its connect() (its family uses TCP now; the TCP socket warns),
   and the transfer could not connect: every address failed, or the
   connect phase timed out on one that does not answer. libcurl's last
   error tells the refusal when a -v line changed errno before the close. */
static bool mptcp_rerun(const struct per_transfer *per,
                        const struct mptcp_sock *s, CURLcode result)
{
  long err = 0;

  if(!s)
    return FALSE;
  if(s->denied)
    return result == CURLE_COULDNT_CONNECT ||
      (result == CURLE_OPERATION_TIMEDOUT && !mptcp_has_peer(per));
  return result == CURLE_COULDNT_CONNECT && s->verdict < 0 &&
    !curl_easy_getinfo(per->curl, CURLINFO_OS_ERRNO, &err) &&
    mptcp_denied(s, (int)err);
}

bool tool_mptcp_done(struct per_transfer *per, CURLcode result)
{
  struct mptcp_sock *s = mptcp_sock_of(CURL_SOCKET_BAD, per);
  /* Fast Open: unknown at the request, known now that it is connected */
  int verdict = per->mptcp < 0 && per->config->tcp_fastopen ?
    mptcp_final(per) : per->mptcp;

  if(per->mptcp > 0 && !mptcp_final(per))
    mptcp_say(per, "fell back to TCP during the transfer: the peer or a "
              "middlebox stopped MPTCP", "");
  else if(verdict > 0 && mptcp_counted) {
    struct mptcp_sock *live = mptcp_live(per);
    mptcp_paths(per, s, live);
    if(live)
      live->reported = TRUE;
  }
  if(!mptcp_rerun(per, s, result)) {
    int v6;
    if(s)
      s->denied = FALSE; /* another address got through */
    for(v6 = 0; v6 < 2; v6++)
      if(mptcp_refused[v6] == mptcp_denial && mptcp_confirmed[v6])
        mptcp_warn(per->config, (bool)v6);
    return FALSE;
  }
  mptcp_drop(s);
  return TRUE;
}

long tool_mptcp_writeout(const struct per_transfer *per)
{
  return mptcp_final(per);
}

long tool_mptcp_subflows(const struct per_transfer *per)
{
  long verdict = mptcp_final(per);
  return verdict > 0 ? per->mptcp_subflows : verdict;
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

bool tool_mptcp_done(struct per_transfer *per, CURLcode result)
{
  (void)per;
  (void)result;
  return FALSE;
}

long tool_mptcp_writeout(const struct per_transfer *per)
{
  return per->mptcp;
}

long tool_mptcp_subflows(const struct per_transfer *per)
{
  return per->mptcp_subflows;
}

#endif /* USE_TOOL_MPTCP */

void tool_mptcp_version_info(void)
{
  curl_mprintf("MPTCP: %s\n", MPTCP_BUILD_MODE);
}
