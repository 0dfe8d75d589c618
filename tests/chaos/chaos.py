#!/usr/bin/env python3
"""Chaos test (CTest label "chaos"): a headless kiosk against a feed server that fails
in every way in rotation (chaos_server.py), for about two minutes.

Asserts: the kiosk never dies (alive until SIGTERM, then exit 0 with "stopping after N
frames"); its RSS is flat after a warm-up (growth < 2 MiB; not judged under the
sanitizers, whose allocator keeps a quarantine); every failure mode was served and shows
up as a counted, explained failure (log and health file); and afterwards a --dump-state
against the same cache shows exactly the last good data, each entry stale or not by its
real age.

Environment: PARKKIOSK_BIN, PARKKIOSK_FIXTURES, CHAOS_STATE (a directory in the build
tree), CHAOS_SECONDS (default 120), CHAOS_WARMUP (default 45), CHAOS_NO_RSS=1 to report
RSS without judging it.
"""
import datetime
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
BIN = os.environ.get("PARKKIOSK_BIN", "parkkiosk")
FIXTURES = os.environ.get("PARKKIOSK_FIXTURES", os.path.join(HERE, "../fixtures"))
STATE = os.environ.get("CHAOS_STATE", os.path.join(tempfile.gettempdir(), "pk-chaos"))
SECONDS = float(os.environ.get("CHAOS_SECONDS", "120"))
WARMUP = float(os.environ.get("CHAOS_WARMUP", "45"))
JUDGE_RSS = os.environ.get("CHAOS_NO_RSS", "0") != "1"
RSS_LIMIT_KIB = 2048
STALE_AFTER = 900
sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, HERE)
import chaos_server  # noqa: E402  (the mode lists)

failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what, flush=True)
    if not cond:
        failures.append(what)


def epoch(iso):
    return datetime.datetime.strptime(iso, "%Y-%m-%dT%H:%M:%SZ").replace(
        tzinfo=datetime.timezone.utc).timestamp()


def get(port, path):
    with urllib.request.urlopen("http://127.0.0.1:%d%s" % (port, path), timeout=5) as r:
        return json.load(r)


def rss_kib(pid):
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def read_json(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def start_server():
    certs = os.path.join(STATE, "certs")
    subprocess.run(["sh", os.path.join(HERE, "gen-certs.sh"), certs], check=True)
    port_file = os.path.join(STATE, "ports.json")
    log = open(os.path.join(STATE, "server.log"), "wb")
    proc = subprocess.Popen([sys.executable, os.path.join(HERE, "chaos_server.py"),
                             "--fixtures", FIXTURES, "--certs", certs,
                             "--port-file", port_file, "--lifetime", str(SECONDS + 300)],
                            stdout=log, stderr=log, stdin=subprocess.DEVNULL)
    for _ in range(100):
        if os.path.exists(port_file):
            with open(port_file) as f:
                return proc, json.load(f), certs
        if proc.poll() is not None:
            break
        time.sleep(0.1)
    proc.kill()
    raise SystemExit("chaos server did not start; see %s/server.log" % STATE)


def write_config(ports, certs):
    cfg = {
        "position": {"lat": 47.99470, "lon": 7.84920, "place": "Chaos"},
        "feeds": [
            {"url": "http://127.0.0.1:%d/sites" % ports["http"], "format": "parkapi3",
             "name": "sites"},
            {"url": "https://127.0.0.1:%d/spots" % ports["https"], "format": "parkapi3",
             "name": "spots", "ca_file": os.path.join(certs, "ca.pem")},
        ],
        "backoff_max_s": 5,  # keep failing feeds cycling through the modes
        "max_body_bytes": 4 * 1024 * 1024,
        "stale_after_s": STALE_AFTER,
        "language": "en",
        "timezone": "UTC",
        "health_file": os.path.join(STATE, "health.json"),
        "log_level": "info",
    }
    path = os.path.join(STATE, "config.json")
    with open(path, "w") as f:
        json.dump(cfg, f, indent=1)
    return path


def kiosk_args(cfg, cache):
    return [BIN, "--config", cfg, "--poll-interval", "5", "--cache-dir", cache]


def kiosk_env():
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy",
               PARKKIOSK_ALLOW_ROOT="1")
    env.pop("NOTIFY_SOCKET", None)
    return env


def run_kiosk(cfg, cache, port):
    """Runs the kiosk through the rotation, then the final (failing) phase; returns
    (exit code, log text, RSS samples [(t, KiB)], health samples)."""
    log_path = os.path.join(STATE, "kiosk.log")
    log = open(log_path, "wb")
    proc = subprocess.Popen(kiosk_args(cfg, cache), stdout=log, stderr=log,
                            stdin=subprocess.DEVNULL, env=kiosk_env())
    t0 = time.monotonic()
    rss, health = [], []
    died = None
    final_at = None
    while True:
        t = time.monotonic() - t0
        if proc.poll() is not None:
            died = t
            break
        k = rss_kib(proc.pid)
        if k:
            rss.append((t, k))
        h = read_json(os.path.join(STATE, "health.json"))
        if h:
            health.append(h)
        if final_at is None and t >= SECONDS:
            get(port, "/_final")
            final_at = t
            print("final phase from %.0f s: every request fails" % t, flush=True)
        if final_at is not None:
            st = get(port, "/_state")
            done = all(st[f]["final_requests"] >= 1 for f in ("sites", "spots"))
            if (done and t - final_at >= 3) or t - final_at >= 25:
                break
        time.sleep(0.5)
    if died is None:
        proc.send_signal(signal.SIGTERM)
        try:
            rc = proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            rc = "hung after SIGTERM"
    else:
        rc = "died after %.1f s with %s" % (died, proc.returncode)
    log.close()
    with open(log_path, errors="replace") as f:
        text = f.read()
    return rc, text, rss, health


def judge_rss(rss, end_t):
    base = [k for t, k in rss if WARMUP <= t < WARMUP + 15]
    tail = [k for t, k in rss if end_t - 15 <= t < end_t]
    if not base or not tail:
        check(False, "enough RSS samples (%d after warm-up, %d at the end)"
              % (len(base), len(tail)))
        return
    b, e = statistics.median(base), statistics.median(tail)
    trace = ", ".join("%ds %d" % (t, k) for t, k in rss if int(t * 2) % 20 == 0)
    print("RSS KiB over time: %s" % trace)
    print("RSS: first %d KiB, peak %d KiB, after warm-up (median %.0f-%.0f s) %d KiB, "
          "at the end (median) %d KiB: growth %+d KiB"
          % (rss[0][1], max(k for _, k in rss), WARMUP, WARMUP + 15, b, e, e - b))
    if JUDGE_RSS:
        check(e - b < RSS_LIMIT_KIB, "RSS flat after warm-up (growth %+d KiB < %d KiB)"
              % (e - b, RSS_LIMIT_KIB))
    else:
        print("RSS not judged (sanitizer build)")


def judge_log(text, served):
    for feed, modes in (("sites", chaos_server.HTTP_MODES), ("spots", chaos_server.TLS_MODES)):
        counts = served[feed]["served"]
        missing = [m for m in modes if not counts.get(m)]
        check(not missing, "%s: every failure mode was served (missing: %s; served %s)"
              % (feed, missing, counts))
        bad = sum(n for m, n in counts.items() if m not in chaos_server.GOOD)
        logged = text.count("feed %s: failed after" % feed)
        # The attempt in flight at SIGTERM may end without a log line.
        check(logged >= bad - 1, "%s: each failing answer logged as a failure (%d served, "
              "%d logged)" % (feed, bad, logged))
    for reason in ("HTTP 500", "too slow", "over the cap", "closed mid-body", "HTTP 200 but",
                   "TLS refused"):
        check(reason in text, "a failure explained as \"%s\" in the log" % reason)
    check("stopping after" in text, "the exit log line \"stopping after N frames\"")
    for bad_word in ("AddressSanitizer", "runtime error", "LeakSanitizer"):
        check(bad_word not in text, "no %s report" % bad_word)


def judge_health(health, last_health, text):
    peak = {}
    for h in health:
        for f in h.get("feeds", []):
            peak[f["name"]] = max(peak.get(f["name"], 0), f["consecutive_failures"])
    print("health: most consecutive failures seen while running: %s" % peak)
    check(last_health is not None, "a health file at exit")
    if not last_health:
        return
    frames = last_health.get("frames_drawn", 0)
    check(frames >= 1, "frames drawn (%d)" % frames)
    check("stopping after %d frames" % frames in text, "the log and the health file agree "
          "on the frame count")
    want = {"sites": 19, "spots": 20}
    for f in last_health["feeds"]:
        name = f["name"]
        check(f["has_data"] and f["entries"] == want.get(name),
              "%s: still holds its last good data (%s entries)" % (name, f["entries"]))
        check(f["consecutive_failures"] >= 1 and f["last_error"],
              "%s: failures counted at exit (%d, \"%s\")"
              % (name, f["consecutive_failures"], f["last_error"]))


def judge_dump(cfg, cache, served):
    r = subprocess.run(kiosk_args(cfg, cache) + ["--dump-state"], capture_output=True,
                       env=kiosk_env(), timeout=120)
    check(r.returncode == 0, "--dump-state against the chaos cache exits 0 (%d)"
          % r.returncode)
    try:
        d = json.loads(r.stdout)
    except ValueError:
        check(False, "--dump-state prints JSON")
        return
    now = epoch(d["now"])
    feeds = {f["name"]: f for f in d["feeds"]}
    for name in ("sites", "spots"):
        f = feeds.get(name, {})
        check(f.get("has_data") and f.get("from_cache"),
              "dump: %s data comes from the disk cache" % name)
        check(f.get("consecutive_failures", 0) >= 1 and f.get("last_error"),
              "dump: %s says its fetch failed (\"%s\")" % (name, f.get("last_error")))
    compared = {"sites": 0, "spots": 0}
    wrong = []
    for e in d["entries"]:
        feed = "sites" if e["feed"] == 0 else "spots"
        good = served[feed]["last_good"]
        num = int(e["id"].split(":")[-1])
        rec = next((x for x in good["items"] if x["id"] == num), None)
        if rec is None:
            wrong.append("%s not in the last good data" % e["id"])
            continue
        compared[feed] += 1
        age = now - epoch(rec["updated_at"])
        stale = age > STALE_AFTER
        ok = (e["updated_at"] == rec["updated_at"] and abs(e["age_s"] - age) <= 1 and
              e["stale"] == stale)
        if feed == "sites":
            ok = ok and (e["free"] is None if stale else e["free"] == rec["free"])
        else:
            want = "unknown" if stale else ("free" if rec["status"] == "AVAILABLE"
                                            else "taken")
            ok = ok and e["status"] == want
        if not ok:
            wrong.append("%s: %s vs last good %s (age %.0f s)" % (e["id"], e, rec, age))
    print("dump: compared %d car parks and %d spaces with generation %d / %d"
          % (compared["sites"], compared["spots"], served["sites"]["last_good"]["gen"],
             served["spots"]["last_good"]["gen"]))
    check(not wrong, "dump: every entry is the last good data, stale by its real age%s"
          % ("" if not wrong else ": " + "; ".join(wrong[:3])))
    check(compared["sites"] >= 10 and compared["spots"] >= 3,
          "dump: enough entries compared (%s)" % compared)
    stale = sum(1 for e in d["entries"] if e["stale"])
    check(0 < stale < len(d["entries"]), "dump: some entries stale, some current (%d of %d)"
          % (stale, len(d["entries"])))


def main():
    shutil.rmtree(STATE, ignore_errors=True)
    os.makedirs(STATE)
    server, ports, certs = start_server()
    try:
        cfg = write_config(ports, certs)
        cache = os.path.join(STATE, "cache")
        print("kiosk against the chaos server for %.0f s (warm-up %.0f s)" % (SECONDS, WARMUP),
              flush=True)
        rc, text, rss, health = run_kiosk(cfg, cache, ports["http"])
        check(rc == 0, "the kiosk ran until SIGTERM and exited 0 (%s)" % rc)
        served = get(ports["http"], "/_state")
        for feed in ("sites", "spots"):
            print("%s: %d requests: %s" % (feed, served[feed]["requests"],
                                           served[feed]["served"]))
        judge_rss(rss, SECONDS)
        judge_log(text, served)
        judge_health(health, read_json(os.path.join(STATE, "health.json")), text)
        if served["sites"]["last_good"] and served["spots"]["last_good"]:
            judge_dump(cfg, cache, served)
        else:
            check(False, "both feeds delivered good data at least once")
        if failures:
            print("--- kiosk log (last 40 lines)")
            print("\n".join(text.splitlines()[-40:]))
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
    print("chaos: %d failed checks" % len(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
