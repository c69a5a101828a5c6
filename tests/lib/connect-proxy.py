#!/usr/bin/env python3
"""HTTP CONNECT proxy for the tests, listening with MPTCP or plain TCP.

It relays each CONNECT tunnel to its target, over plain TCP or, with
--upstream-mptcp, over MPTCP, so that the hop from curl to the proxy and
the hop from the proxy to the server can differ. For every connection it
appends one JSON line to the log:
  {"peer": "ADDR:PORT", "target": "HOST:PORT", "mptcp": true|false}
"mptcp" is the proxy's own view of the hop from curl: getsockopt(SOL_MPTCP,
MPTCP_INFO) on the accepted socket. It writes "listening" once it accepts
connections and stops by itself after --lifetime seconds.
"""

import argparse
import json
import socket
import socketserver
import threading

IPPROTO_MPTCP = 262
SOL_MPTCP = 284
MPTCP_INFO = 1


def is_mptcp(sock):
    try:
        return bool(sock.getsockopt(SOL_MPTCP, MPTCP_INFO, 256))
    except OSError:
        return False


def pump(src, dst):
    try:
        while True:
            data = src.recv(65536)
            if not data:
                break
            dst.sendall(data)
    except OSError:
        pass
    finally:
        try:
            dst.shutdown(socket.SHUT_WR)
        except OSError:
            pass


class Handler(socketserver.BaseRequestHandler):
    def handle(self):
        mptcp = is_mptcp(self.request)
        head = b""
        while b"\r\n\r\n" not in head and len(head) < 8192:
            data = self.request.recv(4096)
            if not data:
                return
            head += data
        words = head.split(b"\r\n", 1)[0].decode().split()
        target = words[1] if len(words) == 3 and words[0] == "CONNECT" else ""
        self.server.log(json.dumps({"peer": "%s:%d" % self.client_address[:2],
                                    "target": target, "mptcp": mptcp}))
        if not target:
            self.request.sendall(b"HTTP/1.1 400 Bad Request\r\n"
                                 b"Content-Length: 0\r\n\r\n")
            return
        host, port = target.rsplit(":", 1)
        proto = IPPROTO_MPTCP if self.server.upstream_mptcp else 0
        up = socket.socket(socket.AF_INET, socket.SOCK_STREAM, proto)
        up.connect((host, int(port)))
        self.request.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
        rest = head.split(b"\r\n\r\n", 1)[1]
        if rest:
            up.sendall(rest)
        back = threading.Thread(target=pump, args=(up, self.request))
        back.start()
        pump(self.request, up)
        back.join()
        up.close()


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address, proto, logfile, upstream_mptcp):
        self.logfile = logfile
        self.upstream_mptcp = upstream_mptcp
        self.lock = threading.Lock()
        super().__init__(address, Handler, bind_and_activate=False)
        self.socket.close()
        self.socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM, proto)
        self.server_bind()
        self.server_activate()

    def log(self, line):
        with self.lock, open(self.logfile, "a") as f:
            f.write(line + "\n")


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--bind", required=True)
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--log", required=True)
    p.add_argument("--tcp", action="store_true",
                   help="plain TCP listener instead of MPTCP")
    p.add_argument("--upstream-mptcp", action="store_true",
                   help="reach the CONNECT target over MPTCP")
    p.add_argument("--lifetime", type=float, default=300)
    a = p.parse_args()
    proto = socket.IPPROTO_TCP if a.tcp else IPPROTO_MPTCP
    server = Server((a.bind, a.port), proto, a.log, a.upstream_mptcp)
    threading.Timer(a.lifetime, server.shutdown).start()
    server.log("listening")
    server.serve_forever()


if __name__ == "__main__":
    main()
