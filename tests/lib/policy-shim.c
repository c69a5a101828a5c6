/***************************************************************************
 * Copyright (C) 2026 the curl-mptcp toolkit authors
 *
 * SPDX-License-Identifier: curl
 *
 ***************************************************************************/
/* A test tool outside curl: it wraps the libc socket() call and answers
   with the errno values a policy would. */
/* !checksrc! disable BANNEDFUNC all */
/* !checksrc! disable ERRNOVAR all */
/* LD_PRELOAD shim: socket(..., IPPROTO_MPTCP) refused as a seccomp filter,
 * an LSM or a cgroup BPF sock_create hook refuses it, on a host whose
 * kernel has MPTCP. Other sockets are left alone.
 *
 * POLICY_SHIM_DENY4=NAME  IPv4 MPTCP sockets fail with errno NAME
 * POLICY_SHIM_DENY6=NAME  the same for IPv6
 * POLICY_SHIM_CONNECT4=NAME, POLICY_SHIM_CONNECT6=NAME
 *                         the socket is allowed, its connect() fails with
 *                         errno NAME (a cgroup BPF connect hook's way)
 *                         NAME: EPERM, EACCES, EAFNOSUPPORT, EMFILE, ENOBUFS
 * POLICY_SHIM_SPARE=PORT  CONNECT4 and CONNECT6 let connect() to PORT
 *                         through (an FTP control connection, and not its
 *                         data connections)
 * POLICY_SHIM_TCP=1       CONNECT4 and CONNECT6 refuse the connect() of
 *                         plain TCP sockets too (an LSM refusing a port)
 * POLICY_SHIM_LOG=FILE    one line per refusal, for the test to see that
 *                         the shim was asked
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <netinet/in.h>

#define SHIM_IPPROTO_MPTCP 262

static const struct {
  const char *name;
  int err;
} shim_errors[] = {
  {"EPERM", EPERM}, {"EACCES", EACCES}, {"EAFNOSUPPORT", EAFNOSUPPORT},
  {"EMFILE", EMFILE}, {"ENOBUFS", ENOBUFS}
};

/* The errno that variable VAR4 or VAR6 names for this family, logged as
   CALL on a PROTO socket; 0 to let the call through. */
static int shim_refusal(const char *call, const char *proto, int domain,
                        const char *var4, const char *var6)
{
  const char *deny = getenv(domain == AF_INET6 ? var6 : var4);
  size_t i;

  for(i = 0; deny && i < sizeof(shim_errors) / sizeof(shim_errors[0]); i++) {
    if(!strcmp(deny, shim_errors[i].name)) {
      const char *name = getenv("POLICY_SHIM_LOG");
      FILE *f = name ? fopen(name, "a") : NULL;
      if(f) {
        fprintf(f, "%s IPv%c %s: %s\n", call,
                domain == AF_INET6 ? '6' : '4', proto, deny);
        fclose(f);
      }
      return shim_errors[i].err;
    }
  }
  return 0;
}

int socket(int domain, int type, int protocol)
{
  int (*real)(int, int, int) =
    (int (*)(int, int, int))dlsym(RTLD_NEXT, "socket");
  int err = protocol == SHIM_IPPROTO_MPTCP ?
    shim_refusal("socket", "MPTCP", domain, "POLICY_SHIM_DENY4",
                 "POLICY_SHIM_DENY6") : 0;

  if(err) {
    errno = err;
    return -1;
  }
  return real(domain, type, protocol);
}

int connect(int fd, const struct sockaddr *addr, socklen_t len)
{
  int (*real)(int, const struct sockaddr *, socklen_t) =
    (int (*)(int, const struct sockaddr *, socklen_t))
    dlsym(RTLD_NEXT, "connect");
  const char *tcp = getenv("POLICY_SHIM_TCP");
  const char *spare = getenv("POLICY_SHIM_SPARE");
  /* sin_port and sin6_port are at the same offset */
  unsigned short port = ntohs(((const struct sockaddr_in *)addr)->sin_port);
  int protocol = 0;
  socklen_t plen = sizeof(protocol);
  int err = 0;

  if(!getsockopt(fd, SOL_SOCKET, SO_PROTOCOL, &protocol, &plen) &&
     (protocol == SHIM_IPPROTO_MPTCP ||
      (protocol == IPPROTO_TCP && tcp && !strcmp(tcp, "1"))) &&
     (!spare || atoi(spare) != port))
    err = shim_refusal("connect", protocol == IPPROTO_TCP ? "TCP" : "MPTCP",
                       addr->sa_family, "POLICY_SHIM_CONNECT4",
                       "POLICY_SHIM_CONNECT6");
  if(err) {
    errno = err;
    return -1;
  }
  return real(fd, addr, len);
}
