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
 * test machine does not run. Only what the environment asks for changes:
 *
 * KERNEL_SHIM=5.15   getsockopt(SOL_TCP, TCP_IS_MPTCP) answers as Linux
 *                    5.6-5.15 do, which lack the option: EOPNOTSUPP from an
 *                    MPTCP socket that did not fall back (mptcp_getsockopt
 *                    keeps SOL_TCP options it does not know), ENOPROTOOPT
 *                    after fallback or on plain TCP (do_tcp_getsockopt).
 *                    The real kernel's TCP_IS_MPTCP tells which applies.
 * KERNEL_SHIM=mute   every TCP_IS_MPTCP answer is EINVAL: a kernel that
 *                    tells nothing known.
 * KERNEL_SHIM_NO_MPTCP6=1
 *                    socket(AF_INET6, ..., IPPROTO_MPTCP) fails with
 *                    EPROTONOSUPPORT, as on a kernel built without
 *                    CONFIG_MPTCP_IPV6; IPv4 is left alone.
 * KERNEL_SHIM_LOG=FILE
 *                    one line per answer changed, for the test to see that
 *                    the shim was asked.
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

static void shim_log(const char *what, int fd)
{
  const char *name = getenv("KERNEL_SHIM_LOG");
  FILE *f = name ? fopen(name, "a") : NULL;
  if(f) {
    fprintf(f, "%s fd %d\n", what, fd);
    fclose(f);
  }
}

int socket(int domain, int type, int protocol)
{
  int (*real)(int, int, int) =
    (int (*)(int, int, int))dlsym(RTLD_NEXT, "socket");
  if(domain == AF_INET6 && protocol == SHIM_IPPROTO_MPTCP &&
     getenv("KERNEL_SHIM_NO_MPTCP6")) {
    shim_log("socket AF_INET6 MPTCP: EPROTONOSUPPORT", -1);
    errno = EPROTONOSUPPORT;
    return -1;
  }
  return real(domain, type, protocol);
}

int getsockopt(int fd, int level, int name, void *val, socklen_t *len)
{
  int (*real)(int, int, int, void *, socklen_t *) =
    (int (*)(int, int, int, void *, socklen_t *))dlsym(RTLD_NEXT,
                                                       "getsockopt");
  const char *kernel = getenv("KERNEL_SHIM");
  int is_mptcp = 0;
  socklen_t size = sizeof(is_mptcp);

  if(!kernel || level != IPPROTO_TCP || name != SHIM_TCP_IS_MPTCP)
    return real(fd, level, name, val, len);
  if(!strcmp(kernel, "mute")) {
    shim_log("TCP_IS_MPTCP: EINVAL", fd);
    errno = EINVAL;
    return -1;
  }
  if(real(fd, level, name, &is_mptcp, &size))
    return -1;
  shim_log(is_mptcp ? "TCP_IS_MPTCP: EOPNOTSUPP" : "TCP_IS_MPTCP: ENOPROTOOPT",
           fd);
  errno = is_mptcp ? EOPNOTSUPP : ENOPROTOOPT;
  return -1;
}
