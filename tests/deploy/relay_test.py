#!/usr/bin/env python3
"""Fleet relay test: deploy/nginx/parkkiosk-relay.conf in front of a local origin,
with 50 concurrent kiosk-like pollers, on loopback only. Checks that the origin sees one
request per URL per cache-validity window (not one per kiosk), that a thundering herd
of cache misses costs one origin request (proxy_cache_lock), that expired entries are
revalidated with the ETag (If-None-Match -> 304), that kiosks get the last good copy
while the origin fails (proxy_cache_use_stale), and that only GET is relayed.

Usage: relay_test.py --conf deploy/nginx/parkkiosk-relay.conf --fixture FILE.json
       [--nginx /usr/sbin/nginx] [--bin parkkiosk] [--duration 34]
Exit 0 pass, 1 fail, 77 skipped (no nginx)."""

import argparse
import hashlib
import http.client
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

VALIDITY_S = 30  # proxy_cache_valid 200 in the relay config (checked below)
CLIENTS = 50
ORIGIN_DELAY_S = 1.0  # slow origin: makes the thundering herd real
FAIL_AFTER_S = 12.0  # URL B's origin starts answering 503 after this

PATH_A = "/park-api/api/public/v3/parking-sites?source_uid=freiburg"
PATH_B = "/park-api/api/public/v3/parking-spots?source_uid=freiburg_disabled_sensors"

failures = []


def check(cond, msg):
    print(("ok   " if cond else "FAIL ") + msg, flush=True)
    if not cond:
        failures.append(msg)


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Origin(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, addr, body):
        super().__init__(addr, OriginHandler)
        self.body = body
        self.etag = '"%s"' % hashlib.sha1(body).hexdigest()[:16]
        self.lock = threading.Lock()
        self.log = []  # (t, path, if_none_match, status)
        self.t0 = time.monotonic()
        self.fail_b = False


class OriginHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        srv = self.server
        inm = self.headers.get("If-None-Match")
        time.sleep(ORIGIN_DELAY_S)
        if self.path == PATH_B and srv.fail_b:
            status, body = 503, b'{"error":"maintenance"}'
        elif inm == srv.etag:
            status, body = 304, b""
        else:
            status, body = 200, srv.body
        with srv.lock:
            srv.log.append((time.monotonic() - srv.t0, self.path, inm, status,
                            self.headers.get("Accept-Encoding")))
        self.send_response(status)
        self.send_header("ETag", srv.etag)
        # What many APIs send: it must not defeat the relay.
        self.send_header("Cache-Control", "no-cache")
        if status != 304:
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if status != 304:
            self.wfile.write(body)

    def do_POST(self):
        with self.server.lock:
            self.server.log.append((time.monotonic() - self.server.t0, self.path, None,
                                    "POST", None))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


MARKERS = {"cache_path", "listen", "listen6", "access_log", "origin", "host", "ssl_name"}


def template(conf_text, tmp, relay_port, origin_port):
    """Rewrites the lines marked '# relay: NAME' for loopback and a temp prefix."""
    out, seen = [], set()
    for line in conf_text.splitlines():
        m = re.search(r"#\s*relay:\s*(\w+)\s*$", line)
        if not m:
            out.append(line)
            continue
        name = m.group(1)
        if name not in MARKERS:
            raise SystemExit("relay conf has an unknown '# relay: %s' line" % name)
        seen.add(name)
        indent = line[: len(line) - len(line.lstrip())]
        if name == "cache_path":
            line = re.sub(r"proxy_cache_path\s+\S+", "proxy_cache_path %s/cache" % tmp, line)
        elif name == "listen":
            line = indent + "listen 127.0.0.1:%d;" % relay_port
        elif name == "listen6":
            line = ""
        elif name == "access_log":
            line = indent + "access_log %s/access.log;" % tmp
        elif name == "origin":
            line = indent + "proxy_pass http://127.0.0.1:%d;" % origin_port
        elif name == "host":
            line = indent + "proxy_set_header Host 127.0.0.1:%d;" % origin_port
        out.append(line)
    missing = MARKERS - seen
    if missing:
        raise SystemExit("relay conf lacks the '# relay:' lines %s" % sorted(missing))
    return "\n".join(out) + "\n"


def main_conf(tmp, include, as_root):
    user = "user nobody nogroup;\n" if as_root else ""
    return f"""# Generated by relay_test.py
{user}worker_processes 1;
daemon off;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log info;
events {{ worker_connections 1024; }}
http {{
	client_body_temp_path {tmp}/body;
	proxy_temp_path {tmp}/proxy;
	fastcgi_temp_path {tmp}/fastcgi;
	uwsgi_temp_path {tmp}/uwsgi;
	scgi_temp_path {tmp}/scgi;
	include {include};
}}
"""


class Poller(threading.Thread):
    """A kiosk-like client: polls one URL every few seconds with If-None-Match."""

    def __init__(self, port, path, t0, end, body):
        super().__init__(daemon=True)
        self.port, self.path, self.t0, self.end, self.body = port, path, t0, end, body
        self.results = []  # (t, status, cache_status, body_ok)

    def run(self):
        etag = None
        time.sleep(random.uniform(0, 0.05))  # all start together: a thundering herd
        while time.monotonic() < self.end:
            t = time.monotonic() - self.t0
            try:
                c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=15)
                headers = {"User-Agent": "relay-test-kiosk"}
                if etag:
                    headers["If-None-Match"] = etag
                c.request("GET", self.path, headers=headers)
                r = c.getresponse()
                data = r.read()
                ok = True
                if r.status == 200:
                    ok = data == self.body
                    etag = r.getheader("ETag") or etag
                self.results.append((t, r.status, r.getheader("X-Cache-Status"), ok))
                c.close()
            except OSError as e:
                self.results.append((t, "error: %s" % e, None, False))
            time.sleep(random.uniform(3.0, 5.0))


def run_parkkiosk(binary, url, tmp):
    """The real fetcher through the relay, if main already parses its command line."""
    env = dict(os.environ, PARKKIOSK_ALLOW_ROOT="1", SDL_VIDEODRIVER="dummy",
               SDL_AUDIODRIVER="dummy", XDG_CACHE_HOME=tmp + "/kiosk-cache")
    probe = subprocess.run([binary, "--no-such-option"], env=env, capture_output=True,
                           timeout=30)
    if probe.returncode == 0:
        print("note: parkkiosk does not parse its command line yet; real-fetcher part skipped")
        return None
    os.makedirs(tmp + "/kiosk-cache", exist_ok=True)
    r = subprocess.run([binary, "--dump-state", "--feed", url, "--cache-dir",
                        tmp + "/kiosk-cache", "--log-level", "info"],
                       env=env, capture_output=True, timeout=60)
    return r


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--conf", required=True)
    ap.add_argument("--fixture", required=True)
    ap.add_argument("--nginx", default=shutil.which("nginx") or "/usr/sbin/nginx")
    ap.add_argument("--bin", default=None)
    ap.add_argument("--duration", type=float, default=34.0)
    args = ap.parse_args()
    if not os.access(args.nginx, os.X_OK):
        print("SKIP: nginx not installed (apt-get install nginx-light)")
        return 77

    conf_text = open(args.conf).read()
    m = re.search(r"proxy_cache_valid\s+200\s+(\d+)s;", conf_text)
    check(m is not None and int(m.group(1)) == VALIDITY_S,
          "relay caches 200s for %d s (the test's window)" % VALIDITY_S)
    body = open(args.fixture, "rb").read()

    tmp = tempfile.mkdtemp(prefix="pk-relay-")
    os.chmod(tmp, 0o755)  # workers run as nobody when the test runs as root
    origin_port, relay_port = free_port(), free_port()
    origin = Origin(("127.0.0.1", origin_port), body)
    threading.Thread(target=origin.serve_forever, daemon=True).start()
    with open(tmp + "/relay.conf", "w") as f:
        f.write(template(conf_text, tmp, relay_port, origin_port))
    with open(tmp + "/nginx.conf", "w") as f:
        f.write(main_conf(tmp, tmp + "/relay.conf", os.geteuid() == 0))
    nginx = None
    try:
        t = subprocess.run([args.nginx, "-t", "-p", tmp, "-c", tmp + "/nginx.conf"],
                           capture_output=True, text=True, timeout=30)
        check(t.returncode == 0, "nginx -t accepts the relay config")
        if t.returncode != 0:
            print(t.stderr)
            return 1
        nginx = subprocess.Popen([args.nginx, "-p", tmp, "-c", tmp + "/nginx.conf"])
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", relay_port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        c = http.client.HTTPConnection("127.0.0.1", relay_port, timeout=5)
        c.request("GET", "/healthz")
        check(c.getresponse().status == 200, "relay answers /healthz")

        # Only GET (and HEAD) are relayed.
        c = http.client.HTTPConnection("127.0.0.1", relay_port, timeout=5)
        c.request("POST", PATH_A, body=b"{}", headers={"Content-Type": "application/json"})
        r = c.getresponse()
        r.read()
        check(r.status == 403, "POST is refused by the relay (got %d)" % r.status)
        check(not any(e[3] == "POST" for e in origin.log), "POST never reached the origin")

        origin.log.clear()
        origin.t0 = t0 = time.monotonic()
        end = t0 + args.duration
        pollers = [Poller(relay_port, PATH_A if i % 2 == 0 else PATH_B, t0, end, body)
                   for i in range(CLIENTS)]
        for p in pollers:
            p.start()
        time.sleep(FAIL_AFTER_S)
        origin.fail_b = True
        kiosk = None
        if args.bin:
            kiosk = run_parkkiosk(args.bin, "http://127.0.0.1:%d%s" % (relay_port, PATH_A), tmp)
        for p in pollers:
            p.join(timeout=args.duration + 30)
        check(all(not p.is_alive() for p in pollers), "all pollers finished")
    finally:
        if nginx:
            nginx.send_signal(signal.SIGQUIT)
            try:
                nginx.wait(timeout=10)
            except subprocess.TimeoutExpired:
                nginx.kill()
                nginx.wait()
        origin.shutdown()
        origin.server_close()

    # --- What the kiosks saw.
    results = [(p.path,) + r for p in pollers for r in p.results]
    total = len(results)
    statuses = {}
    for r in results:
        statuses[r[2]] = statuses.get(r[2], 0) + 1
    print("client requests: %d, statuses: %s" % (total, statuses))
    check(total >= CLIENTS * args.duration / 5.5, "the pollers made %d requests" % total)
    check(all(r[2] in (200, 304) for r in results), "every kiosk request got 200 or 304")
    check(all(r[4] for r in results), "every 200 carried the exact origin body")
    check(statuses.get(304, 0) > 0, "kiosks' If-None-Match answered 304 by the relay")

    # --- What the origin saw.
    log = sorted(origin.log)
    for e in log:
        print("origin: t=%5.1f s %s If-None-Match=%s -> %s" % (e[0], e[1].split("?")[0],
                                                             e[2], e[3]))
    a = [e for e in log if e[1] == PATH_A]
    b = [e for e in log if e[1] == PATH_B]
    windows = int(args.duration // VALIDITY_S) + 1
    check(1 <= len(a) <= 2 * windows,
          "origin saw %d requests for A in %.0f s (<= 2 per %d s window, not 1 per kiosk)"
          % (len(a), args.duration, VALIDITY_S))
    herd = [e for e in log if e[0] < VALIDITY_S - 5]
    check(len([e for e in herd if e[1] == PATH_A]) == 1 and
          len([e for e in herd if e[1] == PATH_B]) == 1,
          "%d simultaneous misses cost one origin request per URL (proxy_cache_lock)"
          % (CLIENTS // 2))
    check(all(not e[4] for e in log), "the relay asks the origin for identity bodies")
    if args.duration > VALIDITY_S + 2:
        reval = [e for e in a if e[0] >= VALIDITY_S - 1]
        check(len(reval) >= 1 and all(e[2] == origin.etag and e[3] == 304 for e in reval),
              "after %d s the relay revalidated A with If-None-Match and got 304" % VALIDITY_S)
        late_b = [r for r in results if r[0] == PATH_B and r[1] > VALIDITY_S + 2]
        check(len(late_b) > 0 and all(r[2] in (200, 304) and r[4] for r in late_b),
              "while B's origin answers 503, kiosks still get its last good copy (%d requests)"
              % len(late_b))
        check(any(r[3] in ("STALE", "UPDATING") for r in late_b),
              "those were served stale from the cache")
        fail_b = [e for e in b if e[3] == 503]
        print("origin requests for B while failing: %d" % len(fail_b))
    if kiosk is not None:
        check(kiosk.returncode == 0, "parkkiosk --dump-state through the relay exits 0 (got %d)"
              % kiosk.returncode)
        if kiosk.returncode != 0:
            print(kiosk.stderr.decode(errors="replace")[-2000:])
    shutil.rmtree(tmp, ignore_errors=True)
    print("relay_test: %d failed" % len(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
