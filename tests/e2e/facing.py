#!/usr/bin/env python3
"""Directions relative to the reader of the screen (issue 12): the same feed with the
screen facing north (--facing 0) and south (--facing 180) gives opposite `direction`s in
--dump-state and opposite arrows on the screen, and the arrow and word agree.

usage: facing.py"""
import json
import os
import subprocess
import sys
import tempfile

BIN = os.environ["PARKKIOSK_BIN"]
NOW = "2026-11-28T12:00:00Z"
ORDER = ["ahead", "ahead_right", "right", "behind_right",
         "behind", "behind_left", "left", "ahead_left"]
ENV = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy",
           PARKKIOSK_ALLOW_ROOT="1")


def dump(facing):
    p = subprocess.run([BIN, "--demo", "--now", NOW, "--facing", str(facing), "--dump-state"],
                       env=ENV, capture_output=True, text=True, check=True, timeout=60)
    return json.loads(p.stdout)


def shot(d, facing, lang="en"):
    out = os.path.join(d, f"f{facing}-{lang}.bmp")
    subprocess.run([BIN, "--demo", "--now", NOW, "--facing", str(facing), "--lang", lang,
                    "--screenshot", out], env=ENV, capture_output=True, check=True,
                   timeout=60)
    with open(out, "rb") as f:
        return f.read()


def main():
    fails = 0
    a, b = dump(0), dump(180)
    assert a["position"]["facing_deg"] == 0 and b["position"]["facing_deg"] == 180
    assert len(a["entries"]) == len(b["entries"]) > 5
    for ea, eb in zip(a["entries"], b["entries"]):
        assert ea["id"] == eb["id"]
        da, db = ea["direction"], eb["direction"]
        if da not in ORDER or db not in ORDER or (ORDER.index(da) + 4) % 8 != ORDER.index(db):
            print(f"{ea['id']} bearing {ea['bearing_deg']}: facing 0 {da}, facing 180 {db}")
            fails += 1
        # the screen faces south at 180: its reader looks north, so bearing 0 is ahead
        want = ORDER[int(((eb["bearing_deg"] + 22.5) % 360) // 45)]
        if db != want:
            print(f"{eb['id']} bearing {eb['bearing_deg']}: {db}, want {want}")
            fails += 1
    # A full turn changes nothing; half a turn changes the pixels (the arrows and words).
    with tempfile.TemporaryDirectory() as d:
        s0, s180, s360 = shot(d, 0), shot(d, 180), shot(d, 360)
        if s0 != s360:
            print("--facing 0 and --facing 360 render different pixels")
            fails += 1
        if s0 == s180:
            print("--facing 0 and --facing 180 render identical pixels")
            fails += 1
    print("facing: %s" % ("ok" if fails == 0 else f"{fails} failures"))
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
