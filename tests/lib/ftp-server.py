#!/usr/bin/env python3
"""Anonymous read-only FTP server for the tests, all of whose TCP sockets
(the control listener and the passive data listeners) are MPTCP.

  ftp-server.py --bind ADDR --port PORT --dir DIR --log FILE

Writes "listening" to the log once it accepts connections; stops by itself
after --lifetime seconds.
"""

import argparse
import socket
import threading

IPPROTO_MPTCP = 262


class MPTCPSocket(socket.socket):
    """socket.socket, but TCP over IP asks for MPTCP."""

    def __init__(self, family=socket.AF_INET, type=socket.SOCK_STREAM,
                 proto=0, fileno=None):
        if (fileno is None and proto == 0 and type == socket.SOCK_STREAM
                and family in (socket.AF_INET, socket.AF_INET6)):
            proto = IPPROTO_MPTCP
        super().__init__(family, type, proto, fileno)


# Before pyftpdlib is imported, so that every socket it makes is MPTCP.
socket.socket = MPTCPSocket

from pyftpdlib.authorizers import DummyAuthorizer  # noqa: E402
from pyftpdlib.handlers import FTPHandler  # noqa: E402
from pyftpdlib.servers import FTPServer  # noqa: E402


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--bind", required=True)
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--dir", required=True)
    p.add_argument("--log", required=True)
    p.add_argument("--lifetime", type=float, default=300)
    a = p.parse_args()

    authorizer = DummyAuthorizer()
    authorizer.add_anonymous(a.dir)
    FTPHandler.authorizer = authorizer
    server = FTPServer((a.bind, a.port), FTPHandler)
    threading.Timer(a.lifetime, server.close_all).start()
    with open(a.log, "a") as f:
        f.write("listening\n")
    server.serve_forever(timeout=0.5)


if __name__ == "__main__":
    main()
