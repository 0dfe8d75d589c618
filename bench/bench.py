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
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.dirname(HERE)
FIXTURES = os.environ.get("PARKKIOSK_FIXTURES", os.path.join(SRC, "tests", "fixtures"))
SITES = "parkapi-v3/freiburg-parking-sites.json"
SPOTS = "parkapi-v3/freiburg-parking-spots-disabled.json"
CLK_TCK = os.sysconf("SC_CLK_TCK")
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


def bench_render(build, frames):
    out = subprocess.run([os.path.join(build, "bench", "bench_render"), str(frames)],
                         capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        log(line)
        m = re.match(r"render (\d+x\d+) (\w+) .* cpu median ([\d.]+) ms .*texture cache (\d+) KiB",
                     line)
        if m:
            results["render_%s_%s_ms" % (m.group(1), m.group(2))] = float(m.group(3))
            results["render_%s_cache_kib" % m.group(1)] = int(m.group(4))


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
        c0, w0 = proc_stat_ticks(k.proc.pid), time.monotonic()
        time.sleep(seconds)
        c1, w1 = proc_stat_ticks(k.proc.pid), time.monotonic()
        hwm = proc_status(k.proc.pid, "VmHWM")
        rss = proc_status(k.proc.pid, "VmRSS")
        rc, frames, text = k.stop()
        m1 = int(time.time() // 60)
        polls = text.count("HTTP 304")
        # Every frame after the first must be a clock minute (the only change on screen).
        return {"cpu_pct": 100.0 * (c1 - c0) / CLK_TCK / (w1 - w0), "secs": w1 - w0,
                "frames_after_first": (frames or 0) - 1, "minutes": m1 - m0,
                "hwm_kib": hwm, "rss_kib": rss, "rc": rc, "polls": polls}
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


def bench_parse(build, runs):
    out = subprocess.run([os.path.join(build, "bench", "bench_parse"), str(runs)],
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
    rows = [
        ("First frame, cold start with cached data", "startup_ms", "ms", "<= 100", 100),
        ("Frame 1920x1080, warm texture cache", "render_1920x1080_warm_ms", "ms", "<= 8", 8),
        ("Frame 1920x1080, new data (refresh)", "render_1920x1080_refresh_ms", "ms", "<= 8", 8),
        ("Frame 1920x1080, cold texture cache", "render_1920x1080_cold_ms", "ms", "", None),
        ("Frame 3840x2160, warm texture cache", "render_3840x2160_warm_ms", "ms", "", None),
        ("Frame 3840x2160, new data (refresh)", "render_3840x2160_refresh_ms", "ms", "", None),
        ("Frame 3840x2160, cold texture cache", "render_3840x2160_cold_ms", "ms", "", None),
        ("Idle CPU, 60 s, live feed (x11: blocks, as Wayland)", "idle_x11_cpu_pct", "%",
         "<= 0.5", 0.5),
        ("Frames drawn after the first", "idle_x11_frames", "", "clock only", None),
        ("  of which without a visible change", "idle_x11_frames_unchanged", "", "0", 0),
        ("Idle CPU, 60 s, live feed (dummy: polls, as KMS/DRM)", "idle_dummy_cpu_pct", "%",
         "<= 0.5", 0.5),
        ("Frames drawn after the first", "idle_dummy_frames", "", "clock only", None),
        ("  of which without a visible change", "idle_dummy_frames_unchanged", "", "0", 0),
        ("Peak memory, kiosk 1920x1080", "kiosk_1080p_hwm_kib", "MiB", "<= 60", 60),
        ("Peak memory, kiosk 3840x2160", "kiosk_4k_hwm_kib", "MiB", "<= 60", 60),
        ("Peak memory, --demo --dump-state", "dump_state_hwm_kib", "MiB", "<= 60", 60),
        ("Parse + model, 5k sites + 50k spots, ParkAPI v3", "parse_parkapi3_ms", "ms",
         "<= 300", 300),
        ("Parse + model, 5k sites + 50k spots, NGSI kv", "parse_ngsi-kv_ms", "ms", "<= 300",
         300),
        ("Speech start (speech_say -> first samples)", "speech_ms", "ms", "<= 50", 50),
    ]
    log("")
    log("| Measure | Result | Target | |")
    log("|---|---:|---|---|")
    for name, key, unit, target, limit in rows:
        if key not in results:
            continue
        v = results[key]
        if unit == "MiB":
            v = v / 1024
        shown = ("%.3f" % v if unit == "%" else "%.1f" % v if isinstance(v, float) and v < 100
                 else "%d" % round(v))
        verdict = "" if limit is None else ("met" if v <= limit else "MISSED")
        log("| %s | %s %s | %s | %s |" % (name, shown, unit, target, verdict))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", required=True)
    ap.add_argument("--only", default="startup,render,idle,memory,parse,speech")
    ap.add_argument("--quick", action="store_true", help="fewer runs, 20 s idle")
    ap.add_argument("--idle-check", type=float, metavar="SECONDS")
    a = ap.parse_args()
    build = os.path.abspath(a.build)
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
        if "startup" in only:
            bench_startup(build, tmp, 5 if a.quick else 15)
        if "render" in only:
            bench_render(build, 50 if a.quick else 200)
        if "idle" in only:
            bench_idle(build, tmp, 20 if a.quick else 60)
        if "memory" in only:
            bench_memory(build, tmp)
        if "parse" in only:
            bench_parse(build, 2 if a.quick else 5)
        if "speech" in only:
            bench_speech(build)
        table()
        log("machine: " + machine().rsplit(",", 1)[0] + ", load average %.2f at the end"
            % os.getloadavg()[0])
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
