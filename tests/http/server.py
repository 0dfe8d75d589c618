#!/usr/bin/env python3
"""A local feed server for the parkkiosk HTTP tests (python3 stdlib only).

Serves the fixtures (tests/fixtures) with ETag/Last-Modified and 304s, counts requests per target
(GET /_stats), and misbehaves on purpose at named paths. Binds 127.0.0.1 on free ports
and writes {"http": P, "https": P, "blackhole": P} to --port-file once it is listening.

Paths (every one also takes ?tag=… so parallel tests do not share counters):
  /f/REL                 fixture REL (under --fixtures); ?maxage=N adds Cache-Control,
                         ?noetag=1 leaves out the ETag (Last-Modified only)
  /notime/REL            fixture REL with every realtime_data_updated_at removed
  /status/CODE           that status; ?retry_after=N or ?retry_date=N (HTTP-date N s ahead)
  /plan/TAG/S1,S2,…?f=REL   request k gets step S_min(k, last): ok | 500 | 404 | 503 |
                         garbage | empty
  /garbage               200, application/json, but HTML
  /bad-utf8              freiburg sites with invalid UTF-8 bytes inside JSON strings
  /big                   20 MiB announced by Content-Length
  /big-chunked           20 MiB streamed chunked (no length known in advance)
  /many-spots?n=N        ParkAPI v3, N disabled spots (~330 bytes each) in a shuffled order:
                         spot k at latitude 10 + k/1000, every third free
  /trickle               Content-Length 100000, then 1 byte per second, forever
  /cut                   Content-Length twice the body; sends half, then closes
  /redirect-file         302 to file:///etc/passwd
  /redirect/N?f=REL      a chain of N redirects ending at /f/REL
  /redirect-other?f=REL  302 to the same fixture at http://localhost:PORT (other origin)
  /hang                  reads the request, never answers
  /slow-headers?delay=S&f=REL   waits S seconds, then serves the fixture
  /paged/TAG?page=N      ParkAPI v3 in pages of 7 (freiburg sites, 19 items): next_path
                         on every page, page 4 is empty (the "exactly full" case)
  /paged-endless/TAG?page=N[&delay=S]   one item per page, always a next_path (each page
                         after S seconds)
  /_stats                {target: {"requests", "conditional", "not_modified", "times",
                         "headers" (of the last request)}}
The blackhole port listens but never accepts, with a full backlog: connects time out.
"""
import argparse
import email.utils
import hashlib
import http.server
import json
import os
import random
import signal
import socket
import ssl
import sys
import threading
import time
import urllib.parse

FIXTURES = "."
STATS = {}
STATS_LOCK = threading.Lock()
PORTS = {}
SITES = "parkapi-v3/freiburg-parking-sites.json"


def fixture_bytes(rel):
    root = os.path.realpath(FIXTURES)
    path = os.path.realpath(os.path.join(root, rel))
    if not path.startswith(root + os.sep) or not os.path.isfile(path):
        return None, None
    with open(path, "rb") as f:
        return f.read(), os.path.getmtime(path)


def strip_key(obj, key):
    if isinstance(obj, dict):
        return {k: strip_key(v, key) for k, v in obj.items() if k != key}
    if isinstance(obj, list):
        return [strip_key(v, key) for v in obj]
    return obj


def many_spots(n):
    """ParkAPI v3 spots k = 0..n-1, shuffled (a fixed order), spot k at latitude 10 + k/1000."""
    order = list(range(n))
    random.Random(16).shuffle(order)
    items = ['{"id": %d, "name": "Spot %d", "type": "ON_STREET", "purpose": "CAR", '
             '"lat": %.6f, "lon": 7.85, "has_realtime_data": true, "realtime_status": "%s", '
             '"realtime_data_updated_at": "2025-03-01T10:00:00Z", "address": "Kaiser-Joseph-'
             'Strasse %d, 79098 Freiburg im Breisgau", "restrictions": [{"type": "DISABLED"}, '
             '{"type": "HOURS", "hours": "Mo-Fr 08:00-18:00"}]}'
             % (k, k, 10 + k / 1000, "AVAILABLE" if k % 3 == 0 else "TAKEN", k) for k in order]
    return ('{"total_count": %d, "items": [%s]}' % (n, ", ".join(items))).encode()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "pk-test-server"
    disable_nagle_algorithm = True  # no 40 ms delayed-ACK stalls between header and body

    def log_message(self, fmt, *args):  # quiet: the tests print what matters
        pass

    def count(self):
        conditional = ("If-None-Match" in self.headers or
                       "If-Modified-Since" in self.headers)
        with STATS_LOCK:
            s = STATS.setdefault(self.path, {"requests": 0, "conditional": 0,
                                             "not_modified": 0, "times": []})
            s["requests"] += 1
            s["conditional"] += 1 if conditional else 0
            s["times"].append(round(time.monotonic(), 3))
            s["headers"] = {k: v for k, v in self.headers.items()}
            return s["requests"]

    def note_304(self):
        with STATS_LOCK:
            STATS[self.path]["not_modified"] += 1

    def send_body(self, code, body, ctype="application/json", extra=None):
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def serve_validated(self, body, mtime, extra=None, with_etag=True):
        """200 with ETag/Last-Modified, or 304 when the client's validators match."""
        etag = '"%s"' % hashlib.sha1(body).hexdigest()[:16] if with_etag else None
        lm = email.utils.formatdate(int(mtime), usegmt=True)
        inm = self.headers.get("If-None-Match")
        ims = self.headers.get("If-Modified-Since")
        fresh = False
        if inm is not None and etag:
            fresh = etag in [t.strip() for t in inm.split(",")] or inm.strip() == "*"
        elif ims is not None:
            try:
                fresh = int(mtime) <= email.utils.parsedate_to_datetime(ims).timestamp()
            except (TypeError, ValueError):
                fresh = False
        hdrs = {"ETag": etag, "Last-Modified": lm} if etag else {"Last-Modified": lm}
        hdrs.update(extra or {})
        if fresh:
            self.note_304()
            self.send_response(304)
            for k, v in hdrs.items():
                self.send_header(k, v)
            self.end_headers()
            return
        self.send_body(200, body, extra=hdrs)

    def fixture(self, rel, extra=None, with_etag=True):
        body, mtime = fixture_bytes(rel)
        if body is None:
            self.send_body(404, b'{"error":"no such fixture"}')
            return
        self.serve_validated(body, mtime, extra, with_etag)

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        q = dict(urllib.parse.parse_qsl(url.query))
        parts = url.path.split("/")[1:]
        head = parts[0] if parts else ""
        if head == "_stats":
            with STATS_LOCK:
                body = json.dumps(STATS).encode()
            self.send_body(200, body)
            return
        n = self.count()
        rel = "/".join(parts[1:])
        f = q.get("f", SITES)
        if head == "f":
            extra = {"Cache-Control": "max-age=%s" % q["maxage"]} if "maxage" in q else None
            self.fixture(rel, extra, with_etag="noetag" not in q)
        elif head == "xml-only":
            # A DATEX II server that answers 406 to a client not accepting XML.
            body, _ = fixture_bytes(rel)
            if "xml" not in self.headers.get("Accept", ""):
                self.send_body(406, b"Not Acceptable", "text/plain")
            elif body is None:
                self.send_body(404, b"not found", "text/plain")
            else:
                self.send_body(200, body, "application/xml")
        elif head == "notime":
            body, mtime = fixture_bytes(rel)
            doc = strip_key(json.loads(body), "realtime_data_updated_at")
            self.serve_validated(json.dumps(doc).encode(), mtime)
        elif head == "status":
            self.status(int(parts[1]), q)
        elif head == "plan":
            steps = parts[2].split(",")
            self.step(steps[min(n, len(steps)) - 1], f)
        elif head == "garbage":
            self.send_body(200, b"<html><body>Bad gateway, but 200</body></html>")
        elif head == "bad-utf8":
            body, _ = fixture_bytes(SITES)
            body = body.replace("Kollegiengebäude".encode(), b"Kollegien\xff\xfe\xc3(")
            body = body.replace("Zähringer".encode(), b"Z\xe4hringer")
            self.send_body(200, body)
        elif head == "big":
            self.big(chunked=False)
        elif head == "big-chunked":
            self.big(chunked=True)
        elif head == "many-spots":
            self.send_body(200, many_spots(int(q.get("n", "55000"))))
        elif head == "trickle":
            self.trickle()
        elif head == "cut":
            body, _ = fixture_bytes(SITES)
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(2 * len(body)))
            self.end_headers()
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
        elif head == "redirect-file":
            self.redirect("file:///etc/passwd")
        elif head == "redirect":
            left = int(parts[1])
            if left > 0:
                self.redirect("/redirect/%d?f=%s" % (left - 1, urllib.parse.quote(f)))
            else:
                self.fixture(f)
        elif head == "redirect-other":
            self.redirect("http://localhost:%d/f/%s" % (PORTS["http"], f))
        elif head == "hang":
            self.close_connection = True
            time.sleep(60)
        elif head == "slow-headers":
            time.sleep(float(q.get("delay", "3")))
            self.fixture(f)
        elif head == "paged":
            self.paged(parts[1], int(q.get("page", "1")))
        elif head == "paged-endless":
            page = int(q.get("page", "1"))
            time.sleep(float(q.get("delay", "0")))
            body, _ = fixture_bytes(SITES)
            item = dict(json.loads(body)["items"][0])
            item["id"] = page
            item["original_uid"] = "P%d" % page
            nxt = "/paged-endless/%s?page=%d" % (parts[1], page + 1)
            if "delay" in q:
                nxt += "&delay=" + q["delay"]
            doc = {"items": [item], "next_path": nxt}
            self.send_body(200, json.dumps(doc).encode())
        else:
            self.send_body(404, b'{"error":"unknown path"}')

    def status(self, code, q):
        extra = {}
        if "retry_after" in q:
            extra["Retry-After"] = q["retry_after"]
        if "retry_date" in q:
            extra["Retry-After"] = email.utils.formatdate(
                time.time() + float(q["retry_date"]), usegmt=True)
        self.send_body(code, b'{"error":"on purpose"}', extra=extra)

    def step(self, step, f):
        if step == "ok":
            self.fixture(f)
        elif step == "garbage":
            self.send_body(200, b"not json at all")
        elif step == "empty":
            self.send_body(200, b'{"items": [], "total_count": 0}')
        elif step == "503":
            self.send_body(503, b'{"error":"busy"}', extra={"Retry-After": "4"})
        else:
            self.send_body(int(step), b'{"error":"on purpose"}')

    def redirect(self, location):
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def big(self, chunked):
        total = 20 * 1024 * 1024
        chunk = b'{"x":"' + b"p" * 65500 + b'"},'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        if chunked:
            self.send_header("Transfer-Encoding", "chunked")
        else:
            self.send_header("Content-Length", str(total))
        self.end_headers()
        self.close_connection = True
        sent = 0
        try:
            while sent < total:
                piece = chunk[: min(len(chunk), total - sent)]
                if chunked:
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
                else:
                    self.wfile.write(piece)
                sent += len(piece)
            if chunked:
                self.wfile.write(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError, ssl.SSLError):
            pass

    def trickle(self):
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", "100000")
        self.end_headers()
        self.close_connection = True
        try:
            self.wfile.write(b"{")
            self.wfile.flush()
            for _ in range(120):
                time.sleep(1)
                self.wfile.write(b" ")
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, ssl.SSLError):
            pass

    def paged(self, tag, page):
        body, _ = fixture_bytes(SITES)
        items = json.loads(body)["items"]
        chunk = items[(page - 1) * 7: page * 7]
        doc = {"items": chunk}
        if chunk:
            doc["next_id"] = page + 1
            doc["next_path"] = "/paged/%s?page=%d" % (tag, page + 1)
        self.send_body(200, json.dumps(doc).encode())


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


class TLSServer(Server):
    """Handshakes in the handler thread, so a stuck client cannot block accept()."""

    def __init__(self, addr, handler, ctx):
        super().__init__(addr, handler)
        self.ctx = ctx

    def get_request(self):
        sock, addr = self.socket.accept()
        return self.ctx.wrap_socket(sock, server_side=True,
                                    do_handshake_on_connect=False), addr

    def finish_request(self, request, client_address):
        try:
            request.settimeout(10)
            request.do_handshake()
            request.settimeout(None)
        except (ssl.SSLError, OSError):
            return  # the client refused our certificate: the point of the test
        super().finish_request(request, client_address)


def blackhole():
    """A listener whose accept queue is full: further SYNs are dropped by the kernel."""
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(("127.0.0.1", 0))
    s.listen(0)
    fillers = []
    for _ in range(3):
        c = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        c.setblocking(False)
        try:
            c.connect(s.getsockname())
        except BlockingIOError:
            pass
        fillers.append(c)
    time.sleep(0.2)
    return s, fillers


def main():
    global FIXTURES
    ap = argparse.ArgumentParser()
    ap.add_argument("--fixtures", required=True)
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--cert")
    ap.add_argument("--key")
    ap.add_argument("--client-ca",
                    help="also listen on https_mtls, which requires a client certificate "
                         "signed by (or equal to) this one")
    ap.add_argument("--lifetime", type=float, default=900,
                    help="exit after this many seconds even if nobody stops us")
    a = ap.parse_args()
    FIXTURES = a.fixtures

    httpd = Server(("127.0.0.1", 0), Handler)
    PORTS["http"] = httpd.server_address[1]
    servers = [httpd]
    if a.cert:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(a.cert, a.key)
        tls = TLSServer(("127.0.0.1", 0), Handler, ctx)
        PORTS["https"] = tls.server_address[1]
        servers.append(tls)
    if a.cert and a.client_ca:
        mctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        mctx.load_cert_chain(a.cert, a.key)
        mctx.verify_mode = ssl.CERT_REQUIRED
        mctx.load_verify_locations(a.client_ca)
        mtls = TLSServer(("127.0.0.1", 0), Handler, mctx)
        PORTS["https_mtls"] = mtls.server_address[1]
        servers.append(mtls)
    hole, fillers = blackhole()
    PORTS["blackhole"] = hole.getsockname()[1]
    for s in servers:
        threading.Thread(target=s.serve_forever, daemon=True).start()

    tmp = a.port_file + ".tmp"
    with open(tmp, "w") as f:
        json.dump(PORTS, f)
    os.replace(tmp, a.port_file)

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait(a.lifetime)
    for s in servers:
        s.shutdown()
    hole.close()
    for c in fillers:
        c.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
