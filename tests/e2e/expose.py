#!/usr/bin/env python3
"""An expose shows the screen again (issue 16), on SDL's X11 driver under Xvfb, with the
renderer given. A window (xmessage) covers part of the kiosk and goes away; the X server
then asks the kiosk for the uncovered pixels. Asserts: the cover was on screen;
afterwards the screen is what it was before the cover, pixel for pixel; the window's map
cost no frame of its own (the first frame waits for its expose); the uncover costs none
on the software renderer (the window surface keeps the frame: shown again) and one,
counted, on opengl (nothing kept: drawn again). The demo's clock stands still within
the minute, so nothing else draws.

usage: expose.py opengl|software"""
import os
import re
import signal
import subprocess
import sys
import tempfile
import time

BIN = os.environ["PARKKIOSK_BIN"]
NOW = "2026-11-28T12:00:10Z"
SIZE = "800x600"


def free_display():
    for n in range(130, 170):
        if not os.path.exists("/tmp/.X11-unix/X%d" % n) and \
                not os.path.exists("/tmp/.X%d-lock" % n):
            return ":%d" % n
    raise RuntimeError("no free X display number")


def wait_for(what, pred, timeout=20):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if pred():
            return
        time.sleep(0.1)
    raise AssertionError("timed out waiting for " + what)


def grab(display, path):
    subprocess.run(["import", "-display", display, "-window", "root", path], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=30)


def differing(a, b):
    """Pixels in which two captures differ (ImageMagick's compare -metric AE)."""
    r = subprocess.run(["compare", "-metric", "AE", a, b, "null:"], capture_output=True,
                       text=True, timeout=30)
    return int(float(r.stderr.split()[0]))


def main():
    renderer = sys.argv[1] if len(sys.argv) > 1 else "opengl"
    display = free_display()
    with tempfile.TemporaryDirectory() as d:
        xvfb = subprocess.Popen(["Xvfb", display, "-screen", "0", SIZE + "x24", "-nolisten",
                                 "tcp"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        kiosk = cover = None
        try:
            wait_for("Xvfb", lambda: os.path.exists("/tmp/.X11-unix/X" + display[1:]))
            env = dict(os.environ, DISPLAY=display, SDL_VIDEODRIVER="x11",
                       SDL_RENDER_DRIVER=renderer, SDL_AUDIODRIVER="dummy",
                       PARKKIOSK_ALLOW_ROOT="1")
            log = os.path.join(d, "kiosk.log")
            with open(log, "wb") as logf:
                kiosk = subprocess.Popen([BIN, "--demo", "--now", NOW, "--windowed", "--size",
                                          SIZE], env=env, stdout=logf, stderr=logf,
                                         stdin=subprocess.DEVNULL)
            text = lambda: open(log, errors="replace").read()
            wait_for("the first frame", lambda: "first frame drawn" in text())
            if "renderer (%s)" % renderer not in text():
                print(text())
                raise AssertionError("the kiosk did not draw with the %s renderer" % renderer)
            time.sleep(1)  # the expose after the map, answered
            before, covered, after = (os.path.join(d, n + ".png")
                                      for n in ("before", "covered", "after"))
            grab(display, before)
            cover = subprocess.Popen(["xmessage", "-display", display, "-geometry",
                                      "500x300+100+100", "covering the kiosk"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(1.5)
            grab(display, covered)
            hidden = differing(before, covered)
            cover.terminate()
            cover.wait(timeout=10)
            cover = None
            time.sleep(1.5)
            grab(display, after)
            lost = differing(before, after)
            kiosk.send_signal(signal.SIGTERM)
            rc = kiosk.wait(timeout=20)
            kiosk = None
            out = text()
            m = re.search(r"stopping after (\d+) frames \((\d+) exposes showed the kept frame "
                          r"again\)", out)
            print("%s: the cover hid %d pixels; after it went, %d differ from before; %s"
                  % (renderer, hidden, lost, m.group(0) if m else "no stop line"))
            ok = True
            if hidden < 10000:
                print("the covering window was not on screen: the test proves nothing")
                ok = False
            if lost != 0:
                print("the uncovered part was not shown again")
                ok = False
            frames, again = (2, 0) if renderer == "opengl" else (1, 1)
            if rc != 0 or not m or int(m.group(1)) != frames or int(m.group(2)) != again:
                print("expected exit 0, %d frames drawn and %d exposes answered with the "
                      "kept frame" % (frames, again))
                ok = False
            if not ok:
                print(out[-3000:])
                return 1
            return 0
        finally:
            for p in (cover, kiosk):
                if p:
                    p.kill()
                    p.wait()
            xvfb.terminate()
            xvfb.wait(timeout=10)


if __name__ == "__main__":
    sys.exit(main())
