#!/usr/bin/env python3
"""A one-file HTTP server for the autopkgtests, listening with MPTCP.

Writes "listening" to LOG once it accepts connections, then per connection
"conn mptcp" or "conn tcp": the server-side truth, from
getsockopt(SOL_MPTCP, MPTCP_INFO) on the accepted socket, which fails or
returns nothing for plain TCP and for a connection that fell back to TCP.
Stops by itself after 60 seconds.
"""
import socket
import sys

IPPROTO_MPTCP, SOL_MPTCP, MPTCP_INFO = 262, 284, 1
BODY = b"hello over multipath\n"


def main():
    addr, port, log = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM, IPPROTO_MPTCP)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind((addr, port))
    srv.listen(8)
    srv.settimeout(60)
    with open(log, "a", buffering=1) as out:
        out.write("listening\n")
        while True:
            try:
                conn, _ = srv.accept()
            except socket.timeout:
                return
            with conn:
                try:
                    info = conn.getsockopt(SOL_MPTCP, MPTCP_INFO, 256)
                except OSError:
                    info = b""
                data = b""
                while b"\r\n\r\n" not in data:
                    chunk = conn.recv(4096)
                    if not chunk:
                        break
                    data += chunk
                conn.sendall(b"HTTP/1.0 200 OK\r\nContent-Length: %d\r\n"
                             b"Connection: close\r\n\r\n" % len(BODY) + BODY)
                out.write("conn %s\n" % ("mptcp" if info else "tcp"))


if __name__ == "__main__":
    main()
