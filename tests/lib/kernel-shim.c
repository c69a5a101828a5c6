/***************************************************************************
 * Copyright (C) 2026 the curl-mptcp toolkit authors
 *
 * SPDX-License-Identifier: curl
 *
 ***************************************************************************/
/* A test tool outside curl: stdio and the libc socket calls are what it
   wraps, and it answers with the kernel's own errno values. */
/* !checksrc! disable BANNEDFUNC all */
/* !checksrc! disable ERRNOVAR all */
/* LD_PRELOAD shim: this process sees the socket answers of kernels the
 * test machine does not run, taken from the table below. Only what the
 * environment asks for changes:
 *
 * KERNEL_SHIM=VERSION  socket(IPPROTO_MPTCP), getsockopt(SOL_TCP,
 *                      TCP_IS_MPTCP) and getsockopt(SOL_MPTCP, ...) answer
 *                      as that kernel does. What the connection really is
 *                      comes from MPTCP_INFO, the kernel's own record
 *                      (never from TCP_IS_MPTCP, which is what curl asks).
 *                      SOL_MPTCP options the kernel has are answered by
 *                      this one, MPTCP_INFO cut to that kernel's struct
 *                      size. An unknown VERSION aborts.
 * KERNEL_SHIM_NO_MPTCP6=1
 *                      socket(AF_INET6, ..., IPPROTO_MPTCP) fails with
 *                      EPROTONOSUPPORT, as on a kernel built without
 *                      CONFIG_MPTCP_IPV6; IPv4 is left alone.
 * KERNEL_SHIM_LOG=FILE one line per answer given, for the test to see that
 *                      the shim was asked.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netinet/in.h>
#include <sys/socket.h>

#define SHIM_IPPROTO_MPTCP 262
#define SHIM_TCP_IS_MPTCP 43
#define SHIM_SOL_MPTCP 284
#define SHIM_MPTCP_INFO 1
#define SHIM_MPTCP_TCPINFO 2
#define SHIM_MPTCP_SUBFLOW_ADDRS 3
#define SHIM_MPTCP_FULL_INFO 4

/* What each kernel answers, from its source. "errno 0" means the call
   succeeds; TCP_IS_MPTCP then says 1 for MPTCP, 0 otherwise. The
   SOL_MPTCP options (include/uapi/linux/mptcp.h, net/mptcp/sockopt.c):
   mptcp_getsockopt_sol_mptcp() answers those it does not know with
   EOPNOTSUPP, and MPTCP_INFO copies min(optlen, sizeof(struct
   mptcp_info)) bytes. docs/mptcp-module.md has this table in prose. */
static const struct shim_kernel {
  const char *version;
  int socket_errno;   /* socket(AF_INET, SOCK_STREAM, IPPROTO_MPTCP) */
  int mptcp_errno;    /* TCP_IS_MPTCP on a socket that uses MPTCP */
  int tcp_errno;      /* ... on one that fell back, or on plain TCP */
  int sol_errno;      /* a SOL_MPTCP option it does not have */
  unsigned int info_size; /* MPTCP_INFO's struct size; 0: no option */
  int subflow_opts;   /* MPTCP_TCPINFO and MPTCP_SUBFLOW_ADDRS exist */
  int full_info;      /* MPTCP_FULL_INFO exists */
} shim_kernels[] = {
  /* before 5.6: protocol >= IPPROTO_MAX (256) is EINVAL in inet_create();
     do_tcp_getsockopt() knows no option 43 */
  {"5.4", EINVAL, ENOPROTOOPT, ENOPROTOOPT, EOPNOTSUPP, 0, 0, 0},
  /* 5.6-5.15: no TCP_IS_MPTCP. mptcp_getsockopt() answers SOL_TCP options
     it does not handle with EOPNOTSUPP; after fallback it passes them to
     the TCP subflow, whose do_tcp_getsockopt() says ENOPROTOOPT. No
     SOL_MPTCP option: EOPNOTSUPP */
  {"5.6", 0, EOPNOTSUPP, ENOPROTOOPT, EOPNOTSUPP, 0, 0, 0},
  {"5.10", 0, EOPNOTSUPP, ENOPROTOOPT, EOPNOTSUPP, 0, 0, 0},
  {"5.15", 0, EOPNOTSUPP, ENOPROTOOPT, EOPNOTSUPP, 0, 0, 0},
  /* 5.16 added TCP_IS_MPTCP: 1 on MPTCP, 0 after fallback and on TCP,
     and MPTCP_INFO (48 bytes: up to mptcpi_csum_enabled), MPTCP_TCPINFO,
     MPTCP_SUBFLOW_ADDRS */
  {"5.16", 0, 0, 0, EOPNOTSUPP, 48, 1, 0},
  {"6.1", 0, 0, 0, EOPNOTSUPP, 48, 1, 0},
  /* 6.5: MPTCP_FULL_INFO; mptcp_info gains retransmits and byte counters
     (80 bytes), which show data carried by a subflow closed since; 5.16
     to 6.4 cut MPTCP_INFO before them */
  {"6.5", 0, 0, 0, EOPNOTSUPP, 80, 1, 1},
  /* 6.8: mptcpi_subflows_total (88 bytes), the subflows there now */
  {"6.8", 0, 0, 0, EOPNOTSUPP, 88, 1, 1},
  /* 6.10: mptcpi_last_data_sent, _recv, last_ack_recv (96 bytes) */
  {"6.10", 0, 0, 0, EOPNOTSUPP, 96, 1, 1},
  /* no real kernel: one whose answers curl cannot read */
  {"mute", 0, EINVAL, EINVAL, EINVAL, 0, 0, 0}
};

static void shim_log(const char *what, int err)
{
  const char *name = getenv("KERNEL_SHIM_LOG");
  FILE *f = name ? fopen(name, "a") : NULL;
  if(f) {
    fprintf(f, "%s%s%s\n", what, err ? ": " : "",
            err == EINVAL ? "EINVAL" : err == ENOPROTOOPT ? "ENOPROTOOPT" :
            err == EOPNOTSUPP ? "EOPNOTSUPP" :
            err == EPROTONOSUPPORT ? "EPROTONOSUPPORT" : "");
    fclose(f);
  }
}

static const struct shim_kernel *shim_kernel(void)
{
  const char *want = getenv("KERNEL_SHIM");
  size_t i;
  if(!want)
    return NULL;
  for(i = 0; i < sizeof(shim_kernels) / sizeof(shim_kernels[0]); i++)
    if(!strcmp(want, shim_kernels[i].version))
      return &shim_kernels[i];
  fprintf(stderr, "kernel-shim: no kernel %s in the table\n", want);
  abort();
}

int socket(int domain, int type, int protocol)
{
  int (*real)(int, int, int) =
    (int (*)(int, int, int))dlsym(RTLD_NEXT, "socket");
  const struct shim_kernel *k = shim_kernel();
  int err = 0;

  if(protocol == SHIM_IPPROTO_MPTCP) {
    if(k)
      err = k->socket_errno;
    if(domain == AF_INET6 && getenv("KERNEL_SHIM_NO_MPTCP6"))
      err = EPROTONOSUPPORT;
  }
  if(!err)
    return real(domain, type, protocol);
  shim_log("socket MPTCP", err);
  errno = err;
  return -1;
}

/* getsockopt(SOL_MPTCP, name) as kernel 'k' answers it. */
static int shim_sol_mptcp(const struct shim_kernel *k,
                          int (*real)(int, int, int, void *, socklen_t *),
                          int fd, int name, void *val, socklen_t *len)
{
  int has = name == SHIM_MPTCP_INFO ? k->info_size > 0 :
    name == SHIM_MPTCP_TCPINFO || name == SHIM_MPTCP_SUBFLOW_ADDRS ?
    k->subflow_opts : name == SHIM_MPTCP_FULL_INFO ? k->full_info : 1;

  if(!has) {
    shim_log(name == SHIM_MPTCP_INFO ? "MPTCP_INFO" :
             name == SHIM_MPTCP_TCPINFO ? "MPTCP_TCPINFO" :
             name == SHIM_MPTCP_SUBFLOW_ADDRS ? "MPTCP_SUBFLOW_ADDRS" :
             "MPTCP_FULL_INFO", k->sol_errno);
    errno = k->sol_errno;
    return -1;
  }
  if(name == SHIM_MPTCP_INFO && len && *len > k->info_size)
    *len = k->info_size;
  return real(fd, SHIM_SOL_MPTCP, name, val, len);
}

int getsockopt(int fd, int level, int name, void *val, socklen_t *len)
{
  int (*real)(int, int, int, void *, socklen_t *) =
    (int (*)(int, int, int, void *, socklen_t *))dlsym(RTLD_NEXT,
                                                       "getsockopt");
  const struct shim_kernel *k = shim_kernel();
  char info[256];
  socklen_t size = sizeof(info);
  int mptcp;
  int err;

  if(k && level == SHIM_SOL_MPTCP)
    return shim_sol_mptcp(k, real, fd, name, val, len);
  if(!k || level != IPPROTO_TCP || name != SHIM_TCP_IS_MPTCP)
    return real(fd, level, name, val, len);
  /* the connection uses MPTCP when the kernel keeps MPTCP_INFO for it */
  mptcp = !real(fd, SHIM_SOL_MPTCP, SHIM_MPTCP_INFO, info, &size) && size;
  err = mptcp ? k->mptcp_errno : k->tcp_errno;
  if(err) {
    shim_log("TCP_IS_MPTCP", err);
    errno = err;
    return -1;
  }
  if(!val || !len || *len < sizeof(int)) {
    errno = EINVAL;
    return -1;
  }
  *(int *)val = mptcp;
  *len = sizeof(int);
  shim_log(mptcp ? "TCP_IS_MPTCP: 1" : "TCP_IS_MPTCP: 0", 0);
  return 0;
}
