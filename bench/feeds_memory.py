#!/usr/bin/env python3
"""Peak memory of a running kiosk with many large feeds (issue 14's target: under 150 MiB
with 8 feeds of 49,000 spots each). Writes N ParkAPI v3 spot documents of M items around
Freiburg, starts the kiosk on them (SDL dummy video and audio, a fresh cache directory),
and prints VmHWM (peak) and VmRSS (settled) after the given seconds.

Usage: bench/feeds_memory.py PARKKIOSK_BIN [--feeds 8] [--items 49000] [--seconds 25]
"""
import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time


def status_kib(pid, key):
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("bin")
    ap.add_argument("--feeds", type=int, default=8)
    ap.add_argument("--items", type=int, default=49000)
    ap.add_argument("--seconds", type=float, default=25)
    a = ap.parse_args()
    rnd = random.Random(1)
    d = tempfile.mkdtemp(prefix="pk-feedmem-")
    try:
        args = []
        size = 0
        for k in range(a.feeds):
            items = [{"id": i, "name": "Spot %d-%d Musterstraße" % (k, i), "type": "ON_STREET",
                      "purpose": "CAR", "lat": 47.9 + rnd.random() * 0.2,
                      "lon": 7.75 + rnd.random() * 0.2, "has_realtime_data": True,
                      "realtime_status": rnd.choice(["AVAILABLE", "TAKEN"]),
                      "realtime_data_updated_at": "2026-11-28T10:00:00Z",
                      "restrictions": [{"type": "DISABLED"}]} for i in range(a.items)]
            p = os.path.join(d, "f%d.json" % k)
            with open(p, "w") as f:
                json.dump({"items": items, "total_count": len(items)}, f)
            size += os.path.getsize(p)
            args += ["--feed", p]
        env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy",
                   PARKKIOSK_ALLOW_ROOT="1")
        proc = subprocess.Popen([a.bin, "--now", "2026-11-28T10:05:00Z", "--windowed",
                                 "--cache-dir", os.path.join(d, "cache")] + args,
                                env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        t0 = time.monotonic()
        hwm = rss = 0
        while time.monotonic() - t0 < a.seconds and proc.poll() is None:
            time.sleep(0.5)
            hwm = max(hwm, status_kib(proc.pid, "VmHWM"))
            rss = status_kib(proc.pid, "VmRSS") or rss
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(30)
        errors = [l for l in err.decode(errors="replace").splitlines() if "error" in l]
        print("feeds: %d x %d spots, %.1f MB of JSON" % (a.feeds, a.items, size / 1e6))
        print("kiosk peak memory (VmHWM): %.1f MiB" % (hwm / 1024))
        print("kiosk settled memory (VmRSS after %.0f s): %.1f MiB" % (a.seconds, rss / 1024))
        print("target: under 150 MiB peak: %s" % ("met" if hwm < 150 * 1024 else "MISSED"))
        for l in errors[:5]:
            print("log: " + l)
        return 0
    finally:
        shutil.rmtree(d, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
