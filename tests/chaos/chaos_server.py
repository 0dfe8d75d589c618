#!/usr/bin/env python3
"""A feed server that fails in every way, in rotation (python3 stdlib, 127.0.0.1 only).

Two feeds, each a ParkAPI v3 document made from the Freiburg fixtures (tests/fixtures):
  http://127.0.0.1:P/sites    request k gets HTTP_MODES[k % len]
  https://127.0.0.1:Q/spots   connection k gets TLS_MODES[k % len] (every response
                              closes its connection, so each request is a connection)
Every good answer is a new generation with new times (even items 30 s old, odd items
1500 s old when served) and one of three sets of free counts / states, so "the last good
data" is exact while the screen's texts repeat (the kiosk's caches settle, and RSS growth
after warm-up means a leak, not a cache still filling).
Every response carries "Connection: close".

Control (plain HTTP port):
  GET /_state   {"sites"|"spots": {"served": {mode: n}, "requests": n,
                 "last_good": {"gen", "served_at", "items": [{id, free, status,
                 updated_at}]} or null, "final_requests": n}, "final": bool}
  GET /_final   from now on every request of both feeds fails (500 / untrusted TLS)

Writes {"http": P, "https": Q} to --port-file once listening; exits on SIGTERM or after
--lifetime seconds.
"""
import argparse
import copy
import datetime
import hashlib
import http.server
import json
import os
import random
import signal
import socket
import ssl
import struct
import sys
import threading
import time

HTTP_MODES = ["ok", "huge", "drop", "500", "ok", "garbage", "cut", "bad_utf8", "trickle",
              "reset", "ok", "bad_status", "truncated_json", "deep", "gzip_bad", "ok", "empty",
              "not_modified", "invalid_utf8_json_key"]
TLS_MODES = ["ok", "untrusted", "plaintext", "wrong_host", "ok", "hangup",
             "garbage_handshake", "ok", "http500", "cut", "not_modified"]
GOOD = {"ok", "bad_utf8", "not_modified"}  # modes that (may) deliver data

LOCK = threading.Lock()
STATE = {}
FIXTURE_ITEMS = {}
FINAL = threading.Event()


def iso(t):
    return datetime.datetime.fromtimestamp(int(t), datetime.timezone.utc).strftime(
        "%Y-%m-%dT%H:%M:%SZ")


def feed_state(feed):
    return STATE.setdefault(feed, {"served": {}, "requests": 0, "last_good": None,
                                   "final_requests": 0, "gen": 0, "body": None,
                                   "etag": None})


def next_mode(feed, modes):
    with LOCK:
        st = feed_state(feed)
        k = st["requests"]
        st["requests"] += 1
        if FINAL.is_set():
            st["final_requests"] += 1
            mode = "final"
        else:
            mode = modes[k % len(modes)]
        st["served"][mode] = st["served"].get(mode, 0) + 1
        return mode


def generation(feed):
    """A new good document: (body bytes, etag, record of what it says)."""
    now = time.time()
    with LOCK:
        st = feed_state(feed)
        st["gen"] += 1
        gen = st["gen"]
    items = copy.deepcopy(FIXTURE_ITEMS[feed])
    record = []
    for i, it in enumerate(items):
        age = 30 if i % 2 == 0 else 1500
        it["realtime_data_updated_at"] = iso(now - age)
        rec = {"id": it["id"], "updated_at": iso(now - age)}
        if feed == "sites":
            cap = it.get("capacity") or 0
            it["realtime_free_capacity"] = (gen % 3 * 7 + i) % (cap + 1) if cap else 0
            rec["free"] = it["realtime_free_capacity"]
        else:
            it["realtime_status"] = "AVAILABLE" if (gen % 3 + i) % 2 else "TAKEN"
            rec["status"] = it["realtime_status"]
        record.append(rec)
    body = json.dumps({"items": items, "total_count": len(items)}).encode()
    etag = '"g%d-%s"' % (gen, hashlib.sha1(body).hexdigest()[:8])
    return body, etag, {"gen": gen, "served_at": now, "items": record}


def delivered(feed, body, etag, record):
    with LOCK:
        st = feed_state(feed)
        st["last_good"] = record
        st["body"] = body
        st["etag"] = etag


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "pk-chaos"
    disable_nagle_algorithm = True

    def log_message(self, fmt, *args):
        pass

    def send_raw(self, data):
        try:
            self.wfile.write(data)
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, ssl.SSLError, OSError):
            pass

    def reply(self, code, body, ctype="application/json", extra=None, length=None):
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body) if length is None else length))
        self.send_header("Connection", "close")
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.close_connection = True
        self.send_raw(body)

    def good(self, feed, mutate=None):
        body, etag, record = generation(feed)
        if mutate:
            body = mutate(body)
        self.reply(200, body, extra={"ETag": etag})
        delivered(feed, body, etag, record)

    def do_GET(self):
        path = self.path.split("?")[0]
        if path == "/_state":
            with LOCK:
                doc = {k: {kk: vv for kk, vv in v.items() if kk not in ("body", "etag", "gen")}
                       for k, v in STATE.items()}
            doc["final"] = FINAL.is_set()
            self.reply(200, json.dumps(doc).encode())
            return
        if path == "/_final":
            FINAL.set()
            self.reply(200, b'{"final":true}')
            return
        if path == "/sites" and not getattr(self.connection, "chaos_mode", None):
            self.http_mode(next_mode("sites", HTTP_MODES))
        elif path == "/spots" and getattr(self.connection, "chaos_mode", None):
            self.tls_mode(self.connection.chaos_mode)
        else:
            self.reply(404, b'{"error":"unknown path"}')

    # ------------------------------------------------------------ plain HTTP feed
    def http_mode(self, mode):
        feed = "sites"
        if mode == "ok":
            self.good(feed)
        elif mode == "final":
            self.reply(500, b'{"error":"final phase"}')
        elif mode == "bad_utf8":
            # Invalid UTF-8 inside JSON strings: the kiosk keeps the feed, with U+FFFD.
            self.good(feed, lambda b: b.replace("Kollegiengeb\\u00e4ude".encode(),
                                                b"Kollegien\xff\xfe\xc3(")
                      .replace(b"Schlossberg", b"Schlo\xe4berg"))
        elif mode == "not_modified":
            self.not_modified(feed)
        elif mode == "huge":
            self.huge()
        elif mode == "drop":
            self.close_connection = True  # nothing at all: an empty reply
        elif mode == "500":
            self.reply(500, b'{"error":"internal"}')
        elif mode == "garbage":
            self.reply(200, bytes(random.getrandbits(8) for _ in range(4096)))
        elif mode == "cut":
            body, _, _ = generation(feed)
            self.reply_cut(body)
        elif mode == "trickle":
            self.trickle()
        elif mode == "reset":
            self.send_raw(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Le")
            self.rst()
        elif mode == "bad_status":
            self.send_raw(b"HTTP/1.1 2x0 WHAT\r\n\r\n" + os.urandom(64))
            self.close_connection = True
        elif mode == "truncated_json":
            body, _, _ = generation(feed)
            self.reply(200, body[: len(body) * 2 // 3])
        elif mode == "deep":
            self.reply(200, b"[" * 200000 + b"]" * 200000)
        elif mode == "gzip_bad":
            self.reply(200, b"\x1f\x8b\x08\x00" + os.urandom(2000),
                       extra={"Content-Encoding": "gzip"})
        elif mode == "empty":
            self.reply(200, b"")
        elif mode == "invalid_utf8_json_key":
            body, _, _ = generation(feed)
            self.reply(200, body.replace(b'"items"', b'"it\xc0\xafms"'))
        else:
            self.reply(500, b'{"error":"unknown mode"}')

    def reply_cut(self, body):
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        self.send_raw(body[: len(body) // 2])

    def huge(self):
        """25 MiB of JSON-looking bytes, chunked: no length to refuse it by up front."""
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Transfer-Encoding", "chunked")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        chunk = b'{"items":[' + b'{"id":1,"name":"' + b"x" * 65000 + b'"},'
        try:
            for _ in range(400):
                self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            self.wfile.write(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError, ssl.SSLError, OSError):
            pass

    def trickle(self):
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", "100000")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        try:
            self.wfile.write(b'{"items":[')
            self.wfile.flush()
            for _ in range(20):  # the kiosk gives up after 10 s under 100 B/s
                time.sleep(1)
                self.wfile.write(b" ")
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, ssl.SSLError, OSError):
            pass

    def rst(self):
        """Closes with a TCP reset (SO_LINGER 0)."""
        try:
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                       struct.pack("ii", 1, 0))
        except OSError:
            pass
        self.close_connection = True

    # ------------------------------------------------------------ HTTPS feed
    def tls_mode(self, mode):
        feed = "spots"
        if mode == "ok":
            self.good(feed)
        elif mode == "not_modified":
            self.not_modified(feed)
        elif mode == "http500":
            self.reply(500, b'{"error":"internal"}')
        elif mode == "cut":
            body, _, _ = generation(feed)
            self.reply_cut(body)
        else:
            self.reply(500, b'{"error":"unexpected"}')

    def not_modified(self, feed):
        """304 if the kiosk holds the last good generation, else that body again."""
        with LOCK:
            st = feed_state(feed)
            etag, body, rec = st["etag"], st["body"], st["last_good"]
        if etag and self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.send_header("Connection", "close")
            self.end_headers()
            self.close_connection = True
        elif body:
            self.reply(200, body, extra={"ETag": etag})
            delivered(feed, body, etag, rec)
        else:
            self.good(feed)


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


class ChaosTLSServer(Server):
    """Chooses per connection: a good certificate, a bad one, or no TLS at all."""

    def __init__(self, addr, handler, contexts):
        super().__init__(addr, handler)
        self.contexts = contexts

    def get_request(self):
        sock, addr = self.socket.accept()
        mode = next_mode("spots", TLS_MODES)
        if mode == "final":
            mode = "untrusted"
        if mode in ("plaintext", "hangup", "garbage_handshake"):
            threading.Thread(target=raw_tls_mode, args=(sock, mode), daemon=True).start()
            raise OSError("handled without TLS")  # socketserver skips this request
        ctx = self.contexts["wronghost" if mode == "wrong_host" else
                            "untrusted" if mode == "untrusted" else "good"]
        tls = ctx.wrap_socket(sock, server_side=True, do_handshake_on_connect=False)
        tls.chaos_mode = mode
        return tls, addr

    def finish_request(self, request, client_address):
        try:
            request.settimeout(10)
            request.do_handshake()
            request.settimeout(None)
        except (ssl.SSLError, OSError):
            return  # the kiosk refused the certificate: the point of the mode
        super().finish_request(request, client_address)


def raw_tls_mode(sock, mode):
    try:
        sock.settimeout(10)
        if mode == "plaintext":
            sock.recv(4096)  # the ClientHello
            sock.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}")
        elif mode == "garbage_handshake":
            sock.recv(4096)
            sock.sendall(os.urandom(3000))
        # hangup: close at once
    except OSError:
        pass
    finally:
        sock.close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--fixtures", required=True)
    ap.add_argument("--certs", required=True, help="directory made by gen-certs.sh")
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--lifetime", type=float, default=600)
    a = ap.parse_args()
    for feed, rel in (("sites", "parkapi-v3/freiburg-parking-sites.json"),
                      ("spots", "parkapi-v3/freiburg-parking-spots-disabled.json")):
        with open(os.path.join(a.fixtures, rel), "rb") as f:
            FIXTURE_ITEMS[feed] = json.load(f)["items"]
        feed_state(feed)
    contexts = {}
    for name in ("good", "wronghost", "untrusted"):
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(os.path.join(a.certs, name + ".pem"),
                            os.path.join(a.certs, name + ".key"))
        contexts[name] = ctx

    httpd = Server(("127.0.0.1", 0), Handler)
    tlsd = ChaosTLSServer(("127.0.0.1", 0), Handler, contexts)
    for s in (httpd, tlsd):
        threading.Thread(target=s.serve_forever, daemon=True).start()
    tmp = a.port_file + ".tmp"
    with open(tmp, "w") as f:
        json.dump({"http": httpd.server_address[1], "https": tlsd.server_address[1]}, f)
    os.replace(tmp, a.port_file)

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait(a.lifetime)
    for s in (httpd, tlsd):
        s.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
