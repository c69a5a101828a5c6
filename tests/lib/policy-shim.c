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
 *                         NAME: EPERM, EACCES, EAFNOSUPPORT, EMFILE, ENOBUFS
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

#define SHIM_IPPROTO_MPTCP 262

static const struct {
  const char *name;
  int err;
} shim_errors[] = {
  {"EPERM", EPERM}, {"EACCES", EACCES}, {"EAFNOSUPPORT", EAFNOSUPPORT},
  {"EMFILE", EMFILE}, {"ENOBUFS", ENOBUFS}
};

int socket(int domain, int type, int protocol)
{
  int (*real)(int, int, int) =
    (int (*)(int, int, int))dlsym(RTLD_NEXT, "socket");
  const char *deny = NULL;
  size_t i;

  if(protocol == SHIM_IPPROTO_MPTCP)
    deny = getenv(domain == AF_INET6 ? "POLICY_SHIM_DENY6" :
                  "POLICY_SHIM_DENY4");
  for(i = 0; deny && i < sizeof(shim_errors) / sizeof(shim_errors[0]); i++) {
    if(!strcmp(deny, shim_errors[i].name)) {
      const char *name = getenv("POLICY_SHIM_LOG");
      FILE *f = name ? fopen(name, "a") : NULL;
      if(f) {
        fprintf(f, "socket IPv%c MPTCP: %s\n",
                domain == AF_INET6 ? '6' : '4', deny);
        fclose(f);
      }
      errno = shim_errors[i].err;
      return -1;
    }
  }
  return real(domain, type, protocol);
}
