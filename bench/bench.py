#!/usr/bin/env python3
"""Runs every parkkiosk benchmark and prints the figures and a summary table.

  bench.py --build DIR [--only NAMES] [--quick]
  bench.py --build DIR --idle-check SECONDS      (the CI idle test: exit 1 if a frame
                                                  was drawn without a visible change)

Needs DIR to hold parkkiosk, bench/bench_render, bench/bench_parse and (for the speech
figure) tests/speech_latency; bench/run.sh builds them. Headless: SDL's dummy video
driver with its software renderer, SDL's dummy audio driver, feeds from a local server
(tests/http/server.py) on 127.0.0.1. PARKKIOSK_FIXTURES as for the tests.

Figures:
  startup   process start -> READY=1 on a NOTIFY_SOCKET we listen on (sent after the first
            frame is presented), with the feeds' data coming from a populated disk cache
  render    layout + render_frame at 1920x1080 and 3840x2160 (bench_render)
  idle      CPU (utime+stime of all threads) of a kiosk on a live feed that does not
            change, over 60 s, and the frames it drew in that time
  memory    VmHWM of that kiosk at 1920x1080 and 3840x2160, and of --demo --dump-state
  parse     a 5,000-site + 50,000-spot feed, ParkAPI v3 and NGSI keyValues (bench_parse)
  speech    speech_say -> first samples at the audio device (tests/speech_latency)
  first     process start -> 1920x1080 screenshot of the demo written (--screenshot), and
            the process tree's peak RSS, against headless Chromium rendering the same
            frame as a page (bench_render --html: the same boxes, texts, sizes, fonts)
  dump      whole-process --dump-state on 5k sites + 40k spots (2 + 13 MB files) against
            a Node script that only JSON.parses the same files; and a 50k-spot body
            (16+ MB) read through --dump-state
  parse     also Node's JSON.parse of the same bodies, as the peer

Peers run in the same run, interleaved with parkkiosk, and every figure that has one is
printed as a ratio to it. Chromium comes from Debian (apt-get install chromium, done here
when it is missing and --no-install is not given); node must be installed.
--smoke: every figure once, on small inputs, peers only if installed, no idle or 4K run:
what ctest runs (label "bench") to keep the benchmarks working; its figures mean nothing.
"""
import argparse
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.dirname(HERE)
FIXTURES = os.environ.get("PARKKIOSK_FIXTURES", os.path.join(SRC, "tests", "fixtures"))
SITES = "parkapi-v3/freiburg-parking-sites.json"
SPOTS = "parkapi-v3/freiburg-parking-spots-disabled.json"
CLK_TCK = os.sysconf("SC_CLK_TCK")
TOOLS = None  # --tools: the build whose bench_render/bench_parse write the page and bodies
results = {}


def log(*a):
    print(*a, flush=True)


# ------------------------------------------------------------------ helpers

class FeedServer:
    """tests/http/server.py serving the fixtures with ETag / 304."""

    def __init__(self, tmp):
        self.port_file = os.path.join(tmp, "ports.json")
        if os.path.exists(self.port_file):
            os.unlink(self.port_file)
        self.proc = subprocess.Popen(
            [sys.executable, os.path.join(SRC, "tests/http/server.py"), "--fixtures", FIXTURES,
             "--port-file", self.port_file, "--lifetime", "1800"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(100):
            if os.path.exists(self.port_file):
                break
            time.sleep(0.1)
        with open(self.port_file) as f:
            self.port = json.load(f)["http"]

    def url(self, rel):
        return "http://127.0.0.1:%d/f/%s" % (self.port, rel)

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(timeout=10)


class Xvfb:
    """An X server without a screen, for the x11 video driver (SDL blocks there, as on
    Wayland under cage; on the dummy and KMS/DRM drivers it cannot)."""

    def __init__(self, size):
        self.display = None
        for n in range(90, 120):
            if not os.path.exists("/tmp/.X11-unix/X%d" % n) and \
                    not os.path.exists("/tmp/.X%d-lock" % n):
                self.display = ":%d" % n
                break
        self.proc = subprocess.Popen(["Xvfb", self.display, "-screen", "0", size + "x24",
                                      "-nolisten", "tcp"], stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)
        for _ in range(100):
            if os.path.exists("/tmp/.X11-unix/X%s" % self.display[1:]):
                return
            time.sleep(0.05)
        raise RuntimeError("Xvfb did not start")

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(timeout=10)


def kiosk_env(extra=None):
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy",
               PARKKIOSK_ALLOW_ROOT="1")
    for k in ("NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID"):
        env.pop(k, None)
    env.update(extra or {})
    return env


def write_config(tmp, server, name="config.json", **over):
    cfg = {
        "position": {"lat": 47.99470, "lon": 7.84920, "place": "Freiburg Altstadt"},
        "feeds": [{"url": server.url(SITES), "format": "parkapi3", "name": "sites"},
                  {"url": server.url(SPOTS), "format": "parkapi3", "name": "spots"}],
        "cache_dir": os.path.join(tmp, "cache"),
        "health_file": os.path.join(tmp, "health.json"),
        "language": "de",
        "log_level": "info",
    }
    cfg.update(over)
    path = os.path.join(tmp, name)
    with open(path, "w") as f:
        json.dump(cfg, f)
    return path


def proc_stat_ticks(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime (all threads)


def proc_threads(pid):
    """Per thread: name -> [CPU ns (schedstat), voluntary context switches (wake-ups),
    utime + stime ticks]; threads of one name are summed (the two fetch workers)."""
    out = {}
    base = "/proc/%d/task" % pid
    for tid in os.listdir(base):
        try:
            with open("%s/%s/comm" % (base, tid)) as f:
                name = f.read().strip()
            with open("%s/%s/schedstat" % (base, tid)) as f:
                ns = int(f.read().split()[0])
            with open("%s/%s/stat" % (base, tid)) as f:
                fields = f.read().rsplit(")", 1)[1].split()
            sw = 0
            with open("%s/%s/status" % (base, tid)) as f:
                for line in f:
                    if line.startswith("voluntary_ctxt_switches:"):
                        sw = int(line.split()[1])  # each one a sleep, so a wake-up
        except (FileNotFoundError, ProcessLookupError):
            continue  # the thread ended meanwhile
        name = "main" if tid == str(pid) else name
        t = out.setdefault(name, [0, 0, 0])
        t[0] += ns
        t[1] += sw
        t[2] += int(fields[11]) + int(fields[12])
    return out


def threads_delta(a, b, secs):
    """What each thread used between two proc_threads samples, as text."""
    parts = []
    for name in sorted(b, key=lambda n: -(b[n][0] - a.get(n, [0, 0, 0])[0])):
        z = a.get(name, [0, 0, 0])
        parts.append("%s %.1f ms CPU, %.1f wake-ups/s" % (name, (b[name][0] - z[0]) / 1e6,
                                                         (b[name][1] - z[1]) / secs))
    return "; ".join(parts)


def proc_status(pid, key):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return None


class Kiosk:
    """A running kiosk with a NOTIFY_SOCKET we read READY=1 from."""

    def __init__(self, bin_path, cfg, tmp, size="1920x1080", extra_args=(), display=None):
        self.sock_path = os.path.join(tmp, "notify-%d.sock" % time.monotonic_ns())
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(self.sock_path)
        self.log_path = os.path.join(tmp, "kiosk.log")
        self.logf = open(self.log_path, "wb")
        self.t0 = time.monotonic()
        env = {"NOTIFY_SOCKET": self.sock_path}
        if display:
            env.update({"DISPLAY": display, "SDL_VIDEODRIVER": "x11"})
        self.proc = subprocess.Popen(
            [bin_path, "--config", cfg, "--windowed", "--size", size] + list(extra_args),
            stdout=self.logf, stderr=self.logf, stdin=subprocess.DEVNULL,
            env=kiosk_env(env))

    def wait_ready(self, timeout=20):
        self.sock.settimeout(0.5)
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            try:
                msg = self.sock.recv(4096).decode(errors="replace")
            except socket.timeout:
                if self.proc.poll() is not None:
                    break
                continue
            if "READY=1" in msg.split("\n"):
                return time.monotonic() - self.t0
        raise RuntimeError("no READY=1 from the kiosk; see %s" % self.log_path)

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        try:
            rc = self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            rc = "hung for 20 s after SIGTERM"
            if shutil.which("gdb"):  # where it hangs, for the log
                subprocess.run(["gdb", "-p", str(self.proc.pid), "-batch", "-ex",
                                "thread apply all bt"], stdout=self.logf,
                               stderr=subprocess.DEVNULL, timeout=60)
            self.proc.kill()
            self.proc.wait()
        self.logf.close()
        self.sock.close()
        os.unlink(self.sock_path)
        with open(self.log_path, errors="replace") as f:
            text = f.read()
        m = re.search(r"stopping after (\d+) frames", text)
        return rc, int(m.group(1)) if m else None, text


def populate_cache(bin_path, cfg):
    """One --dump-state fetches both feeds and stores them in the disk cache."""
    r = subprocess.run([bin_path, "--config", cfg, "--dump-state"], capture_output=True,
                       env=kiosk_env(), timeout=60)
    doc = json.loads(r.stdout)
    n = sum(f["entries"] for f in doc["feeds"])
    if n == 0:
        raise RuntimeError("the cache could not be populated: %s" % r.stderr[-500:])
    return n


# ------------------------------------------------------------------ the figures

def bench_startup(build, tmp, runs):
    server = FeedServer(tmp)
    try:
        cfg = write_config(tmp, server)
        entries = populate_cache(os.path.join(build, "parkkiosk"), cfg)
        times = []
        for _ in range(runs):
            k = Kiosk(os.path.join(build, "parkkiosk"), cfg, tmp)
            t = k.wait_ready()
            rc, _, text = k.stop()
            if rc != 0 or "disk cache" not in text:
                raise RuntimeError("startup run failed or did not use the cache: %s"
                                   % text[-800:])
            times.append(t * 1000)
        med = statistics.median(times)
        log("startup: process start -> READY=1 after the first frame, 1920x1080, %d cached "
            "entries, %d runs: median %.0f ms, min %.0f ms, max %.0f ms"
            % (entries, runs, med, min(times), max(times)))
        results["startup_ms"] = med
    finally:
        server.stop()


def bench_render(build, frames, sizes=()):
    out = subprocess.run([os.path.join(build, "bench", "bench_render"), str(frames)] +
                         list(sizes),
                         capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        log(line)
        m = re.match(r"render (\d+x\d+) (\w+) .* cpu median ([\d.]+) ms .*?(?:damage median "
                     r"([\d.]+) % .*)?texture cache (\d+) KiB", line)
        if m:
            results["render_%s_%s_ms" % (m.group(1), m.group(2))] = float(m.group(3))
            if m.group(4):  # builds before the dirty rectangles draw every frame whole
                results["render_%s_%s_damage_pct" % (m.group(1), m.group(2))] = \
                    float(m.group(4))
            results["render_%s_cache_kib" % m.group(1)] = int(m.group(5))


def idle_run(build, tmp, seconds, size="1920x1080", one_page=True, video="dummy"):
    """A kiosk on live feeds that do not change (each poll a 304). Returns a dict."""
    server = FeedServer(tmp)
    xvfb = Xvfb(size) if video == "x11" else None
    try:
        over = {"poll_interval_s": 10}
        if one_page:
            # Everything on one page, so the only visible change is the clock minute.
            over.update({"nearby_m": 120, "sites_radius_m": 250})
        cfg = write_config(tmp, server, "idle.json", **over)
        populate_cache(os.path.join(build, "parkkiosk"), cfg)
        if seconds <= 40:
            # A short run fits between two clock minutes: then no frame is due after the
            # first one at all.
            while not 3 <= time.time() % 60 <= 15:
                time.sleep(0.2)
        m0 = int(time.time() // 60)
        k = Kiosk(os.path.join(build, "parkkiosk"), cfg, tmp, size=size,
                  display=xvfb.display if xvfb else None)
        k.wait_ready()
        time.sleep(3)  # the first polls and health writes after start
        t0 = proc_threads(k.proc.pid)
        c0, w0 = proc_stat_ticks(k.proc.pid), time.monotonic()
        time.sleep(seconds)
        c1, w1 = proc_stat_ticks(k.proc.pid), time.monotonic()
        t1 = proc_threads(k.proc.pid)
        hwm = proc_status(k.proc.pid, "VmHWM")
        rss = proc_status(k.proc.pid, "VmRSS")
        rc, frames, text = k.stop()
        m1 = int(time.time() // 60)
        polls = text.count("HTTP 304")
        # Every frame after the first must be a clock minute (the only change on screen).
        return {"cpu_pct": 100.0 * (c1 - c0) / CLK_TCK / (w1 - w0), "secs": w1 - w0,
                "frames_after_first": (frames or 0) - 1, "minutes": m1 - m0,
                "hwm_kib": hwm, "rss_kib": rss, "rc": rc, "polls": polls,
                "cpu_ns": sum(v[0] for v in t1.values()) - sum(v[0] for v in t0.values()),
                "threads": threads_delta(t0, t1, w1 - w0)}
    finally:
        server.stop()
        if xvfb:
            xvfb.stop()


def bench_idle(build, tmp, seconds, videos=("x11", "dummy")):
    first = None
    for video in videos:
        if video == "x11" and not shutil.which("Xvfb"):
            log("idle: Xvfb not installed; the x11 run is skipped")
            continue
        r = idle_run(build, tmp, seconds, video=video)
        r["unchanged"] = r["frames_after_first"] - r["minutes"]
        log("idle (%s video driver): CPU %.3f %% over %.0f s on live feeds answering 304; "
            "%d polls and %d frames after the first in the whole run (%d clock-minute "
            "changes, %d frames without a visible change); VmHWM %d KiB"
            % (video, r["cpu_pct"], r["secs"], r["polls"], r["frames_after_first"],
               r["minutes"], r["unchanged"], r["hwm_kib"]))
        log("idle (%s): per thread, CPU %.1f ms in all (%.3f %%, schedstat): %s"
            % (video, r["cpu_ns"] / 1e6, 100.0 * r["cpu_ns"] / 1e9 / r["secs"], r["threads"]))
        results["idle_%s_cpu_pct" % video] = r["cpu_pct"]
        results["idle_%s_frames" % video] = r["frames_after_first"]
        results["idle_%s_frames_unchanged" % video] = r["unchanged"]
        if video == "dummy":
            results["kiosk_1080p_hwm_kib"] = r["hwm_kib"]
        first = first or r
    return first


def bench_memory(build, tmp):
    r = idle_run(build, tmp, 8, size="3840x2160", one_page=False)
    log("memory: kiosk at 3840x2160 on live feeds: VmHWM %d KiB (RSS %d KiB)"
        % (r["hwm_kib"], r["rss_kib"]))
    results["kiosk_4k_hwm_kib"] = r["hwm_kib"]
    pid = os.fork()
    if pid == 0:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        os.execve(os.path.join(build, "parkkiosk"), ["parkkiosk", "--demo", "--dump-state"],
                  kiosk_env())
    _, status, ru = os.wait4(pid, 0)
    log("memory: parkkiosk --demo --dump-state: peak RSS %d KiB (exit %d)"
        % (ru.ru_maxrss, os.waitstatus_to_exitcode(status)))
    results["dump_state_hwm_kib"] = ru.ru_maxrss


def bench_parse(build, runs, sites=5000, spots=50000):
    out = subprocess.run([os.path.join(build, "bench", "bench_parse"), str(runs), str(sites),
                          str(spots)],
                         capture_output=True, text=True, check=True,
                         env=dict(os.environ, PARKKIOSK_FIXTURES=FIXTURES)).stdout
    for line in out.splitlines():
        log(line)
        m = re.match(r"parse (\S+) .*total median ([\d.]+) ms \(cpu ([\d.]+) ms\)", line)
        if m:
            results["parse_%s_ms" % m.group(1)] = float(m.group(3))


def bench_speech(build):
    tool = os.path.join(build, "tests", "speech_latency")
    if not os.path.exists(tool):
        log("speech: %s not built; skipped" % tool)
        return
    r = subprocess.run([tool, "1000"], capture_output=True, text=True,
                       env=kiosk_env())
    for line in r.stdout.splitlines():
        log("speech: " + line)
        m = re.match(r"all: median (-?\d+) ms, max (-?\d+) ms \(driver (\S+)\)", line)
        if m:
            results["speech_ms"] = int(m.group(1))
            results["speech_max_ms"] = int(m.group(2))
            results["speech_driver"] = m.group(3)


# ------------------------------------------------------------------ peers

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                  "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"]
DEMO_NOW = "2025-03-01T10:00:00Z"  # bench_render's instant


def ensure_chromium(install):
    exe = shutil.which("chromium")
    if exe or not install:
        return exe
    log("first: installing Debian's chromium (apt-get install chromium)")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(["apt-get", "update"], stdout=subprocess.DEVNULL, env=env)
    subprocess.run(["apt-get", "install", "-y", "--no-install-recommends", "chromium"],
                   stdout=subprocess.DEVNULL, env=env)
    return shutil.which("chromium")


def tree_rss_kib(root):
    """VmRSS of root and all its descendants, summed."""
    total, todo, seen = 0, [root], set()
    while todo:
        pid = todo.pop()
        if pid in seen:
            continue
        seen.add(pid)
        try:
            total += proc_status(pid, "VmRSS") or 0
            for tid in os.listdir("/proc/%d/task" % pid):
                with open("/proc/%d/task/%s/children" % (pid, tid)) as f:
                    todo.extend(int(c) for c in f.read().split())
        except (OSError, ValueError):
            pass
    return total


def run_measured(argv, env, sample=False, cwd=None):
    """Runs argv to its end: (wall seconds, peak KiB, exit status, CPU seconds of the child
    and its waited-for descendants). The peak is the child's
    ru_maxrss, or with sample=True the largest sum over its process tree (sampled every
    5 ms), whichever is larger."""
    t0 = time.monotonic()
    proc = subprocess.Popen(argv, env=env, cwd=cwd, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    peak = [0]
    done = threading.Event()

    def sampler():
        while not done.is_set():
            peak[0] = max(peak[0], tree_rss_kib(proc.pid))
            time.sleep(0.005)

    th = threading.Thread(target=sampler) if sample else None
    if th:
        th.start()
    _, status, ru = os.wait4(proc.pid, 0)
    wall = time.monotonic() - t0
    done.set()
    if th:
        th.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    return wall, max(peak[0], ru.ru_maxrss), proc.returncode, ru.ru_utime + ru.ru_stime


def bench_first(build, tmp, runs, install):
    """First frame: parkkiosk --screenshot against headless Chromium, same frame."""
    pk = os.path.join(build, "parkkiosk")
    out = os.path.join(tmp, "first.bmp")
    pk_argv = [pk, "--demo", "--now", DEMO_NOW, "--screenshot", out, "--size", "1920x1080"]
    chromium = ensure_chromium(install)
    page = os.path.join(tmp, "page.html")
    with open(page, "w") as f:
        subprocess.run([os.path.join(TOOLS or build, "bench", "bench_render"), "--html",
                        "1920x1080",
                        os.path.join(SRC, "fonts")], stdout=f, check=True, env=kiosk_env())
    # The page names the kiosk's fonts by family: fontconfig finds them in fonts/, as
    # parkkiosk opens them from there (no web-font download before the first paint).
    conf = os.path.join(tmp, "fonts.conf")
    with open(conf, "w") as f:
        f.write('<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
                '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
                '<dir>%s</dir><cachedir>%s</cachedir></fontconfig>'
                % (os.path.join(SRC, "fonts"), os.path.join(tmp, "fc-cache")))
    chrome_env = dict(os.environ, FONTCONFIG_FILE=conf, HOME=tmp)
    if chromium:
        subprocess.run(["fc-cache"], env=chrome_env, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)

    def chrome_argv():
        return [chromium] + CHROMIUM_FLAGS + [
            "--user-data-dir=" + tempfile.mkdtemp(dir=tmp), "--window-size=1920,1080",
            "--hide-scrollbars", "--screenshot=" + os.path.join(tmp, "chrome.png"),
            "file://" + page]

    pk_t, ch_t, pk_m, ch_m, pk_c, ch_c = [], [], [], [], [], []
    run_measured(pk_argv, kiosk_env())  # warm the page cache, as for Chromium below
    if chromium:
        run_measured(chrome_argv(), chrome_env)
    for i in range(runs):
        w, _, rc, c = run_measured(pk_argv, kiosk_env())
        if rc != 0:
            raise RuntimeError("parkkiosk --screenshot failed")
        pk_t.append(w * 1000)
        pk_c.append(c * 1000)
        if chromium:
            w, _, rc, c = run_measured(chrome_argv(), chrome_env)
            if rc == 0:
                ch_t.append(w * 1000)
                ch_c.append(c * 1000)
    for i in range(1 if runs < 3 else 2):
        pk_m.append(run_measured(pk_argv, kiosk_env(), sample=True)[1])
        if chromium:
            ch_m.append(run_measured(chrome_argv(), chrome_env, sample=True)[1])
    results["first_ms"] = statistics.median(pk_t)
    results["first_kib"] = max(pk_m)
    line = ("first frame: process start -> 1920x1080 demo screenshot written, %d runs: "
            "parkkiosk median %.0f ms (min %.0f; CPU %.0f ms), peak %.1f MiB"
            % (runs, results["first_ms"], min(pk_t), statistics.median(pk_c),
               results["first_kib"] / 1024))
    if ch_t:
        results["first_peer_ms"] = statistics.median(ch_t)
        results["first_peer_kib"] = max(ch_m)
        line += ("; headless Chromium, same frame as a page: median %.0f ms (min %.0f; CPU "
                 "%.0f ms), process tree peak %.1f MiB -> %.1fx sooner (%.1fx by min, %.1fx "
                 "less CPU), %.1fx smaller"
                 % (results["first_peer_ms"], min(ch_t), statistics.median(ch_c),
                    results["first_peer_kib"] / 1024,
                    results["first_peer_ms"] / results["first_ms"], min(ch_t) / min(pk_t),
                    statistics.median(ch_c) / statistics.median(pk_c),
                    results["first_peer_kib"] / results["first_kib"]))
    else:
        line += "; Chromium not installed: no peer"
    log(line)


NODE_PARSE = r"""
const fs = require('fs');
const [runs, ...files] = process.argv.slice(1);
const texts = files.map(f => fs.readFileSync(f, 'utf8'));
const t = [];
for (let r = 0; r < +runs; r++) {
  const c0 = process.cpuUsage();  // CPU time, as bench_parse's figure
  for (const s of texts) JSON.parse(s);
  const c = process.cpuUsage(c0);
  t.push((c.user + c.system) / 1e3);
}
t.sort((a, b) => a - b);
console.log(t[Math.floor(t.length / 2)].toFixed(1));
"""

NODE_LOAD = ("const fs=require('fs');"
             "for (const f of process.argv.slice(1)) JSON.parse(fs.readFileSync(f,'utf8'))")


def write_bodies(build, d, sites, spots):
    os.makedirs(d, exist_ok=True)
    subprocess.run([os.path.join(TOOLS or build, "bench", "bench_parse"), "--write", d,
                    str(sites),
                    str(spots)], check=True, env=dict(os.environ, PARKKIOSK_FIXTURES=FIXTURES))


def bench_parse_peer(build, tmp, runs, sites, spots):
    node = shutil.which("node")
    if not node:
        log("parse: node not installed: no peer")
        return
    d = os.path.join(tmp, "bodies-parse")
    write_bodies(build, d, sites, spots)
    for name, prefix in (("parkapi3", "parkapi3"), ("ngsi-kv", "ngsi")):
        r = subprocess.run([node, "-e", NODE_PARSE, str(runs),
                            os.path.join(d, prefix + "-sites.json"),
                            os.path.join(d, prefix + "-spots.json")],
                           capture_output=True, text=True, check=True)
        ms = float(r.stdout.strip())
        results["parse_%s_peer_ms" % name] = ms
        log("parse %s: Node JSON.parse of the same two bodies (no model): CPU median %.1f ms"
            % (name, ms))
    shutil.rmtree(d, ignore_errors=True)


def dump_config(tmp, name, files):
    cfg = {
        "position": {"lat": 47.99470, "lon": 7.84920, "place": "Freiburg Altstadt"},
        "feeds": [{"url": f, "format": "parkapi3", "name": os.path.basename(f)}
                  for f in files],
        "cache_dir": os.path.join(tmp, "cache-" + name),
        "language": "de",
        "log_level": "warn",
    }
    path = os.path.join(tmp, name + ".json")
    with open(path, "w") as f:
        json.dump(cfg, f)
    return path


def bench_dump(build, tmp, runs, sites, spots, big_spots):
    """Whole-process --dump-state on file feeds against Node JSON.parse of the files."""
    pk = os.path.join(build, "parkkiosk")
    d = os.path.join(tmp, "bodies-dump")
    write_bodies(build, d, sites, spots)
    files = [os.path.join(d, "parkapi3-sites.json"), os.path.join(d, "parkapi3-spots.json")]
    mb = [os.path.getsize(f) / 1e6 for f in files]
    cfg = dump_config(tmp, "dump", files)
    node = shutil.which("node")
    pk_t, pk_m, nd_t, nd_m, pk_c, nd_c = [], [], [], [], [], []
    entries = None
    for i in range(runs + 1):
        w, m, rc, c = run_measured([pk, "--config", cfg, "--dump-state"], kiosk_env())
        if rc != 0:
            raise RuntimeError("--dump-state failed")
        if i:  # the first run of each warms the page cache
            pk_t.append(w * 1000)
            pk_m.append(m)
            pk_c.append(c * 1000)
        if node:
            w, m, rc, c = run_measured([node, "-e", NODE_LOAD] + files, os.environ)
            if i and rc == 0:
                nd_t.append(w * 1000)
                nd_m.append(m)
                nd_c.append(c * 1000)
    r = subprocess.run([pk, "--config", cfg, "--dump-state"], capture_output=True,
                       env=kiosk_env(), timeout=120)
    entries = sum(f["entries"] for f in json.loads(r.stdout)["feeds"])
    results["dump_ms"] = statistics.median(pk_t)
    results["dump_kib"] = max(pk_m)
    line = ("dump: --dump-state, %d sites + %d spots (%.1f + %.1f MB files, %d entries kept), "
            "%d runs: median %.0f ms (CPU %.0f ms), peak RSS %.1f MiB"
            % (sites, spots, mb[0], mb[1], entries, runs, results["dump_ms"],
               statistics.median(pk_c), results["dump_kib"] / 1024))
    if nd_t:
        results["dump_peer_ms"] = statistics.median(nd_t)
        results["dump_peer_kib"] = max(nd_m)
        line += ("; node JSON.parse of the same files: median %.0f ms (CPU %.0f ms), peak "
                 "RSS %.1f MiB -> %.2fx the time (%.2fx the CPU), %.2fx the memory"
                 % (results["dump_peer_ms"], statistics.median(nd_c),
                    results["dump_peer_kib"] / 1024,
                    results["dump_ms"] / results["dump_peer_ms"],
                    statistics.median(pk_c) / statistics.median(nd_c),
                    results["dump_kib"] / results["dump_peer_kib"]))
    log(line)
    # One body of big_spots spots, as one feed: read within the memory bound.
    write_bodies(build, d, 10, big_spots)
    big = os.path.join(d, "parkapi3-spots.json")
    cfg = dump_config(tmp, "big", [big])
    w, m, rc, _ = run_measured([pk, "--config", cfg, "--dump-state"], kiosk_env())
    r = subprocess.run([pk, "--config", cfg, "--dump-state"], capture_output=True,
                       env=kiosk_env(), timeout=120)
    feed = json.loads(r.stdout)["feeds"][0] if rc == 0 else {}
    results["big_read"] = 1 if feed.get("has_data") else 0
    results["big_kib"] = m
    log("dump: one body of %d spots (%.1f MB): %s, %s entries kept, %.0f ms, peak RSS %.1f MiB"
        % (big_spots, os.path.getsize(big) / 1e6,
           "read" if feed.get("has_data") else "NOT READ", feed.get("entries"), w * 1000,
           m / 1024))
    shutil.rmtree(d, ignore_errors=True)


# ------------------------------------------------------------------ the table

def machine():
    model = "unknown CPU"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    mem = proc_meminfo("MemTotal")
    return "%s, %d cores, %.0f GiB RAM, Linux %s, load average %.2f at the start" % (
        model, os.cpu_count(), mem / 1048576, os.uname().release, os.getloadavg()[0])


def proc_meminfo(key):
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return 0


def table():
    # (name, key, unit, peer key, how the ratio reads, target, limit, lower is better)
    rows = [
        ("First frame, cached data (whole process, --screenshot of the demo)", "first_ms",
         "ms", "first_peer_ms", "sooner", ">= 15x sooner than Chromium", ("ratio", 15)),
        ("  peak memory of that process (tree)", "first_kib", "MiB", "first_peer_kib",
         "smaller", ">= 15x smaller than Chromium", ("ratio", 15)),
        ("First frame, cold start to READY=1 with cached feed data", "startup_ms", "ms", None,
         None, "<= 100", ("max", 100)),
        ("Frame 1920x1080, warm texture cache (nothing changed)", "render_1920x1080_warm_ms",
         "ms", None, None, "", None),
        ("Frame 1920x1080, new data", "render_1920x1080_refresh_ms", "ms", None, None,
         "<= 2", ("max", 2)),
        ("  share of its pixels drawn", "render_1920x1080_refresh_damage_pct", "%", None,
         None, "", None),
        ("Frame 1920x1080, clock-minute repaint", "render_1920x1080_minute_ms", "ms", None,
         None, "", None),
        ("  share of its pixels drawn (only the changed cells)",
         "render_1920x1080_minute_damage_pct", "%", None, None, "< 100", ("max", 99.9)),
        ("Frame 1920x1080, cold texture cache", "render_1920x1080_cold_ms", "ms", None, None,
         "", None),
        ("Frame 3840x2160, new data", "render_3840x2160_refresh_ms", "ms", None, None, "",
         None),
        ("Frame 3840x2160, cold texture cache", "render_3840x2160_cold_ms", "ms", None, None,
         "", None),
        ("Idle CPU, live feed (x11: blocks, as Wayland)", "idle_x11_cpu_pct", "%", None, None,
         "<= 0.1", ("max", 0.1)),
        ("  frames without a visible change", "idle_x11_frames_unchanged", "", None, None,
         "0", ("max", 0)),
        ("Idle CPU, live feed (dummy: polls, as KMS/DRM)", "idle_dummy_cpu_pct", "%", None,
         None, "<= 0.1", ("max", 0.1)),
        ("  frames without a visible change", "idle_dummy_frames_unchanged", "", None, None,
         "0", ("max", 0)),
        ("Parse + model, 5k sites + 50k spots, ParkAPI v3 (vs Node JSON.parse alone)",
         "parse_parkapi3_ms", "ms", "parse_parkapi3_peer_ms", None, "<= 150", ("max", 150)),
        ("Parse + model, 5k sites + 50k spots, NGSI kv (vs Node JSON.parse alone)",
         "parse_ngsi-kv_ms", "ms", "parse_ngsi-kv_peer_ms", None, "<= 150", ("max", 150)),
        ("--dump-state, 5k sites + 40k spots files (vs Node JSON.parse of them)", "dump_ms",
         "ms", "dump_peer_ms", None, "faster than Node", ("peer", 1)),
        ("  peak memory", "dump_kib", "MiB", "dump_peer_kib", None, "smaller than Node",
         ("peer", 1)),
        ("A 50k-spot body through --dump-state: read (1) or not", "big_read", "", None, None,
         "1", ("min", 1)),
        ("  peak memory", "big_kib", "MiB", None, None, "", None),
        ("Peak memory, kiosk 1920x1080", "kiosk_1080p_hwm_kib", "MiB", None, None, "<= 60",
         ("max", 60)),
        ("Peak memory, kiosk 3840x2160", "kiosk_4k_hwm_kib", "MiB", None, None, "<= 60",
         ("max", 60)),
        ("Peak memory, --demo --dump-state", "dump_state_hwm_kib", "MiB", None, None, "<= 60",
         ("max", 60)),
        ("Speech start (speech_say -> first samples)", "speech_ms", "ms", None, None, "<= 50",
         ("max", 50)),
    ]

    def shown(v, unit):
        if unit == "MiB":
            v = v / 1024
        if unit == "%" and v < 1:
            return "%.3f" % v
        return "%.1f" % v if isinstance(v, float) and v < 100 else "%d" % round(v)

    log("")
    log("| Measure | Result | Peer, same run | Ratio | Target | |")
    log("|---|---:|---:|---:|---|---|")
    for name, key, unit, peer, how, target, limit in rows:
        if key not in results:
            continue
        v = results[key]
        p = results.get(peer) if peer else None
        rtxt = ""
        if p is not None and v:
            rtxt = ("%.1fx %s" % (p / v, how)) if how else ("%.2fx" % (v / p))
        verdict = ""
        if limit:
            kind, lim = limit
            if unit == "MiB" and kind in ("max", "min"):
                lim = lim * 1024
            if kind == "max":
                verdict = "met" if v <= lim else "MISSED"
            elif kind == "min":
                verdict = "met" if v >= lim else "MISSED"
            elif p is not None:
                good = (p / v >= lim) if kind == "ratio" else (v / p < lim)
                verdict = "met" if good else "MISSED"
            else:
                verdict = "no peer"
        log("| %s | %s %s | %s | %s | %s | %s |"
            % (name, shown(v, unit), unit, (shown(p, unit) + " " + unit) if p is not None
               else "", rtxt, target, verdict))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", required=True)
    ap.add_argument("--only",
                    default="first,startup,render,idle,memory,parse,dump,speech")
    ap.add_argument("--quick", action="store_true", help="fewer runs, 20 s idle")
    ap.add_argument("--smoke", action="store_true",
                    help="every figure once on small inputs (ctest): keeps the benchmarks "
                         "working, measures nothing")
    ap.add_argument("--no-install", action="store_true",
                    help="do not apt-get install chromium when it is missing")
    ap.add_argument("--tools", metavar="DIR",
                    help="write the peers' page and bodies with DIR's bench tools (to "
                         "measure an older --build that lacks them)")
    ap.add_argument("--idle-check", type=float, metavar="SECONDS")
    a = ap.parse_args()
    build = os.path.abspath(a.build)
    global TOOLS
    TOOLS = os.path.abspath(a.tools) if a.tools else None
    tmp = tempfile.mkdtemp(prefix="pk-bench-")
    try:
        if a.idle_check:
            r = bench_idle(build, tmp, a.idle_check, videos=("dummy",))
            bad = r["unchanged"]
            ok = r["rc"] == 0 and r["polls"] >= 1 and bad == 0
            log("idle check: %s" % ("ok" if ok else "FAILED (exit %s, %d polls, %d frames "
                                                    "without a change)"
                                    % (r["rc"], r["polls"], bad)))
            if not ok:
                with open(os.path.join(tmp, "kiosk.log"), errors="replace") as f:
                    log(f.read()[-6000:])
            return 0 if ok else 1
        log("machine: " + machine())
        only = a.only.split(",")
        if a.smoke:
            only = [o for o in only if o not in ("idle", "memory", "speech")]
        install = not (a.no_install or a.smoke)
        n = 1 if a.smoke else 5 if a.quick else 15
        if "first" in only:
            bench_first(build, tmp, 1 if a.smoke else 3 if a.quick else 9,
                        install and "first" in only)
        if "startup" in only:
            bench_startup(build, tmp, n)
        if "render" in only:
            if a.smoke:
                bench_render(build, 4, ["640x360"])
            else:
                bench_render(build, 50 if a.quick else 200)
        if "idle" in only:
            bench_idle(build, tmp, 20 if a.quick else 60)
        if "memory" in only:
            bench_memory(build, tmp)
        if "parse" in only:
            if a.smoke:
                bench_parse(build, 1, 50, 500)
                bench_parse_peer(build, tmp, 1, 50, 500)
            else:
                bench_parse(build, 2 if a.quick else 5)
                bench_parse_peer(build, tmp, 2 if a.quick else 5, 5000, 50000)
        if "dump" in only:
            if a.smoke:
                bench_dump(build, tmp, 1, 50, 400, 500)
            else:
                bench_dump(build, tmp, 3 if a.quick else 5, 5000, 40000, 50000)
        if "speech" in only:
            bench_speech(build)
        if a.smoke:
            log("\nsmoke run (small inputs, one run each): the figures below mean nothing")
        table()
        log("machine: " + machine().rsplit(",", 1)[0] + ", load average %.2f at the end"
            % os.getloadavg()[0])
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
