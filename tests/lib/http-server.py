#!/usr/bin/env python3
"""HTTP file server for the tests, listening with MPTCP or plain TCP
(or on a Unix socket, when --bind is a path).

For every connection it serves, it appends one JSON line to the log:
  {"peer": "ADDR:PORT", "requests": N, "mptcp": true|false,
   "subflows_max": N, "bytes_retrans": N|null}
"mptcp" comes from getsockopt(SOL_MPTCP, MPTCP_INFO) on the accepted
socket, the server-side ground truth: it fails, or returns no data, when
the connection is plain TCP or fell back to it. "subflows_max" is the
largest number of extra subflows seen while the connection was served.
"bytes_retrans" is what the connection sent again at the MPTCP level
(data reinjected on another subflow when one stalls), at its end: null
for plain TCP and before Linux 6.5, whose MPTCP_INFO has no such field.

It keeps connections alive (HTTP/1.1) unless the client asks to close.
A PUT with a Content-Length is read and dropped; the answer's body is
"received N" with the number of bytes read.
With --fail-first N the first N requests get "503 Service Unavailable"
and the connection is closed, so that a retry needs a new connection.

It writes "listening" to the log once it accepts connections, and stops
by itself after --lifetime seconds.
"""

import argparse
import http.server
import json
import socket
import struct
import threading

IPPROTO_MPTCP = 262
SOL_MPTCP = 284
MPTCP_INFO = 1
MPTCPI_BYTES_RETRANS = 48  # u64 in struct mptcp_info, since Linux 6.5


def mptcp_subflows(sock):
    """Extra subflows of an MPTCP connection, or None if it is not MPTCP."""
    try:
        info = sock.getsockopt(SOL_MPTCP, MPTCP_INFO, 256)
    except OSError:
        return None
    if not info:
        return None
    return info[0]  # struct mptcp_info starts with u8 mptcpi_subflows


def mptcp_bytes_retrans(sock):
    """Bytes sent again at the MPTCP level, or None (see above)."""
    try:
        info = sock.getsockopt(SOL_MPTCP, MPTCP_INFO, 256)
    except OSError:
        return None
    if len(info) < MPTCPI_BYTES_RETRANS + 8:
        return None
    return struct.unpack_from("=Q", info, MPTCPI_BYTES_RETRANS)[0]


class Handler(http.server.SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: one log line per connection

    def setup(self):
        super().setup()
        self.requests = 0
        self.subflows = mptcp_subflows(self.connection)
        self.watch = threading.Event()
        threading.Thread(target=self.sample_subflows, daemon=True).start()

    def sample_subflows(self):
        # Joins arrive after the first subflow: sample while serving.
        while not self.watch.wait(0.05):
            seen = mptcp_subflows(self.connection)
            if seen is not None and (self.subflows is None
                                     or seen > self.subflows):
                self.subflows = seen

    def parse_request(self):
        parsed = super().parse_request()
        self.requests += parsed
        return parsed

    def do_GET(self):
        with self.server.lock:
            fail = self.server.fail_first > 0
            self.server.fail_first -= fail
        if not fail:
            return super().do_GET()
        self.close_connection = True
        self.send_response(503)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_PUT(self):
        left = int(self.headers.get("Content-Length", "0"))
        got = 0
        while left > 0:
            chunk = self.rfile.read(min(left, 65536))
            if not chunk:
                break
            got += len(chunk)
            left -= len(chunk)
        body = ("received %d" % got).encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def end_headers(self):
        if self.close_connection:  # say so, as servers do: curl closes too
            self.send_header("Connection", "close")
        super().end_headers()

    def finish(self):
        self.watch.set()
        super().finish()
        retrans = mptcp_bytes_retrans(self.connection)
        peer = self.client_address
        entry = {"peer": "%s:%d" % peer[:2] if peer else "unix",
                 "requests": self.requests,
                 "mptcp": self.subflows is not None,
                 "subflows_max": self.subflows or 0,
                 "bytes_retrans": retrans}
        self.server.log(json.dumps(entry))

    def log_message(self, format, *args):
        pass


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 1024  # listen() backlog: hundreds connect at once

    def __init__(self, address, family, proto, directory, logfile,
                 fastopen=False):
        self.address_family = family
        self.logfile = logfile
        self.fail_first = 0
        self.lock = threading.Lock()
        super().__init__(address, self.handler(directory),
                         bind_and_activate=False)
        self.socket.close()
        self.socket = socket.socket(family, socket.SOCK_STREAM, proto)
        if fastopen:
            # queue of 16 pending Fast Open requests (needs the namespace's
            # net.ipv4.tcp_fastopen server bit, 2)
            self.socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_FASTOPEN,
                                   16)
        self.server_bind()
        self.server_activate()

    def server_bind(self):
        if self.address_family != socket.AF_UNIX:
            return super().server_bind()
        self.socket.bind(self.server_address[0])
        self.server_name, self.server_port = "localhost", 0

    @staticmethod
    def handler(directory):
        return lambda *a: Handler(*a, directory=directory)

    def log(self, line):
        with self.lock, open(self.logfile, "a") as f:
            f.write(line + "\n")


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--bind", required=True)
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--dir", required=True, help="directory to serve")
    p.add_argument("--log", required=True)
    p.add_argument("--tcp", action="store_true",
                   help="plain TCP listener instead of MPTCP")
    p.add_argument("--fastopen", action="store_true",
                   help="accept TCP Fast Open (data in the SYN)")
    p.add_argument("--fail-first", type=int, default=0,
                   help="answer the first N requests with 503 and close")
    p.add_argument("--lifetime", type=float, default=600)
    a = p.parse_args()

    if a.bind.startswith("/"):
        family, proto = socket.AF_UNIX, 0
    else:
        family = socket.AF_INET6 if ":" in a.bind else socket.AF_INET
        proto = socket.IPPROTO_TCP if a.tcp else IPPROTO_MPTCP
    server = Server((a.bind, a.port), family, proto, a.dir, a.log,
                    a.fastopen)
    server.fail_first = a.fail_first
    threading.Timer(a.lifetime, server.shutdown).start()
    server.log("listening")
    server.serve_forever()


if __name__ == "__main__":
    main()
