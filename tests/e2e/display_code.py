#!/usr/bin/env python3
"""The handover code on the street display (issue 17, handover.show_in_display_mode), on
the real binary, decoded with zbarimg from --mode display screenshots:

  themes      dark, light, yellow, landscape and portrait, German and Arabic: exactly one
              code, the geo: URI of the nearest free accessible space (--dump-state's
              first entry); >= 30 mm, >= 3 px per module, dark on light with a light quiet
              zone; the label below it at >= 7:1 contrast; the rows keep their count on a
              landscape screen
  long_name   an accessible space with a long Cyrillic and German name: the decoded URI is
              the percent-encoded name, cut at a character within 400 bytes
  template    handover.url_template with every placeholder twice: the templated URL
  off         the option off (the default): no code
  honest      no code on stale data, on missing data, or when no accessible space is free;
              the code follows the nearest free space when that changes
  speech      display mode says once that a code is on the screen, never the URL; nothing
              about a code when none is drawn

usage: display_code.py CASE   (or "all")"""
import json
import os
import re
import struct
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from handover import ENV, NOW, URI_MAX, BIN, check, decode, deg, geo_uri, pct  # noqa: E402

ON = {"handover": {"show_in_display_mode": True}}
LAT, LON = 47.9947, 7.8492  # the kiosk position of the feeds below


def run(args, check_rc=True):
    p = subprocess.run([BIN] + args, env=ENV, capture_output=True, text=True, timeout=120)
    if check_rc and p.returncode != 0:
        print(p.stderr)
        raise AssertionError(f"exit {p.returncode}: {' '.join(args)}")
    return p


def config(d, cfg, name="config.json"):
    path = os.path.join(d, name)
    with open(path, "w") as f:
        json.dump(cfg, f)
    return path


def bmp(path):
    """(width, height, pixel(x, y) -> (r, g, b)) of an uncompressed 24/32-bit BMP."""
    data = open(path, "rb").read()
    off, = struct.unpack_from("<I", data, 10)
    w, h, _, bpp = struct.unpack_from("<iiHH", data, 18)
    step = bpp // 8
    stride = (w * step + 3) & ~3
    top_down = h < 0
    h = abs(h)

    def px(x, y):
        row = y if top_down else h - 1 - y
        i = off + row * stride + x * step
        b, g, r = data[i], data[i + 1], data[i + 2]
        return r, g, b
    return w, h, px


def luminance(c):
    def ch(v):
        v /= 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
    r, g, b = c
    return 0.2126 * ch(r) + 0.7152 * ch(g) + 0.0722 * ch(b)


def contrast(a, b):
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


CODE_RE = re.compile(r"handover code at (\d+),(\d+), (\d+) px = (\d+) mm with the quiet "
                     r"zone, (\d+) px per module, (\d+) modules")
ROWS_RE = re.compile(r"(\d+) entries on this page, (\d+) pages")


def shot(args, out):
    """Renders a display-mode screenshot; (code geometry or None, entries on the page)."""
    p = run(args + ["--mode", "display", "--now", NOW, "--screenshot", out])
    m = CODE_RE.search(p.stderr)
    rows = ROWS_RE.search(p.stderr)
    code = tuple(int(g) for g in m.groups()) if m else None
    return code, int(rows.group(1)) if rows else -1


def check_code_pixels(out, code, what):
    """Dark on light, a light quiet zone; the label below at >= 7:1."""
    x, y, side, _, mpx, modules = code
    w, h, px = bmp(out)
    white, black = (255, 255, 255), (0, 0, 0)
    check(side == mpx * (modules + 8), f"{what}: {side} px is not {modules} + 8 modules")
    for qx, qy in ((x + 1, y + 1), (x + side - 2, y + side - 2), (x + 2 * mpx, y + side // 2)):
        check(px(qx, qy) == white, f"{what}: quiet zone at {qx},{qy} is {px(qx, qy)}")
    # the finder pattern's dark ring and light ring, top left
    check(px(x + 4 * mpx + mpx // 2, y + 4 * mpx + mpx // 2) == black, f"{what}: no dark module")
    check(px(x + 5 * mpx + mpx // 2, y + 5 * mpx + mpx // 2) == white, f"{what}: no light module")
    # the label: the colours below the code, in the code's column
    hist = {}
    for yy in range(y + side + 1, h, 2):
        for xx in range(x, min(w, x + side), 2):
            c = px(xx, yy)
            hist[c] = hist.get(c, 0) + 1
    ranked = sorted(hist.items(), key=lambda kv: -kv[1])
    bg = ranked[0][0]
    text = [c for c, n in ranked[1:] if contrast(c, bg) > 3 and n > 50]
    check(text, f"{what}: no label below the code")
    if text:
        ratio = contrast(text[0], bg)
        check(ratio >= 7, f"{what}: label contrast {ratio:.1f}:1")
        return ratio
    return 0


def case_themes():
    with tempfile.TemporaryDirectory() as d:
        cfg = config(d, ON)
        base = ["--demo", "--config", cfg]
        e = run(base + ["--mode", "display", "--now", NOW, "--dump-state"]).stdout
        e = json.loads(e)["entries"][0]
        want = geo_uri(e["lat"], e["lon"], e["name"])
        for size in ("1920x1080", "1080x1920"):
            for theme in ("dark", "light", "yellow"):
                for lang in ("de", "ar"):
                    what = f"{theme} {lang} {size}"
                    out = os.path.join(d, "s.bmp")
                    code, rows = shot(base + ["--theme", theme, "--lang", lang, "--size", size],
                                      out)
                    got = decode(out)
                    check(got == [want], f"{what}: decoded {got}, want {want}")
                    check(code is not None, f"{what}: no code in the log")
                    if not code:
                        continue
                    check(code[3] >= 30 and code[4] >= 3, f"{what}: {code[3]} mm, {code[4]} px")
                    ratio = check_code_pixels(out, code, what)
                    _, off_rows = shot(["--demo", "--theme", theme, "--lang", lang, "--size",
                                        size], out)
                    if size == "1920x1080":
                        check(rows == off_rows, f"{what}: {rows} rows with the code, "
                                                f"{off_rows} without")
                    print(f"{what}: {got[0]}; {code[2]} px = {code[3]} mm, {code[4]} px/module; "
                          f"label {ratio:.1f}:1; {rows} entries ({off_rows} without)")


LONG = ("Behindertenparkplatz «Центральний» біля Університетської площі — "
        "Universitätsstraße gegenüber dem Kollegiengebäude Ⅳ, Einfahrt Löwenstraße")


def spots_feed(d, spots, name="spots.json"):
    """A ParkAPI v3 feed of accessible spaces: (name, status, updated, dlat)."""
    items = []
    for i, (n, status, updated, dlat) in enumerate(spots):
        items.append({"id": 300 + i, "name": n, "type": "ON_STREET", "purpose": "CAR",
                      "lat": LAT + dlat, "lon": LON, "has_realtime_data": True,
                      "realtime_status": status, "realtime_data_updated_at": updated,
                      "restrictions": [{"type": "DISABLED"}]})
    path = os.path.join(d, name)
    with open(path, "w") as f:
        json.dump({"items": items, "total_count": len(items)}, f, ensure_ascii=False)
    return path


FRESH = "2026-11-28T11:59:00Z"
OLD = "2026-11-28T09:00:00Z"


def feed_args(d, feed):
    return ["--feed", feed, "--lat", str(LAT), "--lon", str(LON), "--cache-dir", d,
            "--config", config(d, ON)]


def case_long_name():
    with tempfile.TemporaryDirectory() as d:
        feed = spots_feed(d, [(LONG, "AVAILABLE", FRESH, 0.001)])
        args = feed_args(d, feed)
        e = json.loads(run(args + ["--mode", "display", "--now", NOW, "--dump-state"]).stdout)
        e = e["entries"][0]
        check(e["name"].startswith(LONG[:60]), f"name {e['name']}")
        want = geo_uri(e["lat"], e["lon"], e["name"])
        check(300 < len(want) < URI_MAX, f"{len(want)} bytes")
        for theme in ("dark", "light", "yellow"):
            out = os.path.join(d, f"{theme}.bmp")
            code, _ = shot(args + ["--theme", theme, "--size", "1920x1080"], out)
            got = decode(out)
            check(got == [want], f"{theme}: decoded {got}, want {want}")
            check(code is not None and code[3] >= 30 and code[4] >= 3, f"{theme}: {code}")
            if code:
                check_code_pixels(out, code, f"long {theme}")
        print(f"long name: {len(want)} bytes decoded in every theme "
              f"({code[5]} modules, {code[4]} px each)")


def case_template():
    tmpl = ("https://routing.example.org/to?lat={lat}&lon={lon}&label={name}"
            "#map=18/{lat}/{lon}/{name}")
    with tempfile.TemporaryDirectory() as d:
        cfg = config(d, {"demo": True, "handover": {"url_template": tmpl,
                                                     "show_in_display_mode": True}})
        base = ["--config", cfg]
        e = json.loads(run(base + ["--mode", "display", "--now", NOW, "--dump-state"]).stdout)
        e = e["entries"][0]
        want = (tmpl.replace("{lat}", deg(e["lat"])).replace("{lon}", deg(e["lon"]))
                .replace("{name}", pct(e["name"])))
        for theme in ("dark", "light", "yellow"):
            out = os.path.join(d, "t.bmp")
            shot(base + ["--theme", theme, "--size", "1920x1080"], out)
            got = decode(out)
            check(got == [want], f"{theme}: decoded {got}, want {want}")
        print(f"template: {want}")


def case_off():
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, "off.bmp")
        cfg = config(d, {"handover": {"show_in_display_mode": False}})
        for args in (["--demo"], ["--demo", "--config", cfg]):
            code, _ = shot(args + ["--size", "1920x1080"], out)
            check(decode(out) == [] and code is None, f"{args}: a code although off")
        # kiosk mode's lists show none either, option or not
        p = run(["--demo", "--config", config(d, ON), "--now", NOW, "--size", "1920x1080",
                 "--screenshot", out])
        check(decode(out) == [] and "handover code" not in p.stderr, "a code on kiosk lists")
    print("off: no code")


def case_honest():
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, "h.bmp")

        def code_of(spots, extra=()):
            feed = spots_feed(d, spots)
            code, _ = shot(feed_args(d, feed) + ["--size", "1920x1080"] + list(extra), out)
            got = decode(out)
            check((code is None) == (got == []), f"log {code} vs decoded {got}")
            return got

        def uri(dlat, name):
            return geo_uri(LAT + dlat, LON, name)

        # fresh and free: the nearest free one
        got = code_of([("Nah", "TAKEN", FRESH, 0.0005), ("Mitte", "AVAILABLE", FRESH, 0.001),
                       ("Fern", "AVAILABLE", FRESH, 0.002)])
        check(got == [uri(0.001, "Mitte")], f"nearest free: {got}")
        # the nearest free space changes: the code follows
        got = code_of([("Nah", "AVAILABLE", FRESH, 0.0005), ("Mitte", "TAKEN", FRESH, 0.001),
                       ("Fern", "AVAILABLE", FRESH, 0.002)])
        check(got == [uri(0.0005, "Nah")], f"after the change: {got}")
        # stale: shown as no current data, and no code
        got = code_of([("Nah", "AVAILABLE", OLD, 0.0005), ("Fern", "AVAILABLE", OLD, 0.002)])
        check(got == [], f"stale data: {got}")
        # one fresh space among stale ones: the code for the fresh one only
        got = code_of([("Nah", "AVAILABLE", OLD, 0.0005), ("Fern", "AVAILABLE", FRESH, 0.002)])
        check(got == [uri(0.002, "Fern")], f"fresh among stale: {got}")
        # none free
        got = code_of([("Nah", "TAKEN", FRESH, 0.0005), ("Fern", "TAKEN", FRESH, 0.002)])
        check(got == [], f"none free: {got}")
        # no data at all (the feed cannot be read, nothing in the cache)
        empty = os.path.join(d, "empty")
        os.mkdir(empty)
        code, _ = shot(["--feed", os.path.join(d, "missing.json"), "--cache-dir", empty,
                        "--config", config(d, ON), "--size", "1920x1080"], out)
        check(code is None and decode(out) == [], "a code without data")
        # the same fresh data becomes stale when the clock moves on (--stale-after)
        five = "2026-11-28T11:55:00Z"
        got = code_of([("Nah", "AVAILABLE", five, 0.0005)])
        check(got == [uri(0.0005, "Nah")], f"5 minutes old, limit 15: {got}")
        got = code_of([("Nah", "AVAILABLE", five, 0.0005)], ["--stale-after", "240"])
        check(got == [], f"5 minutes old, limit 4: {got}")
    print("honest: no code on stale, missing or taken; it follows the nearest free space")


def case_speech():
    with tempfile.TemporaryDirectory() as d:
        said = run(["--demo", "--config", config(d, ON), "--mode", "display", "--now", NOW,
                    "--announce-text"]).stdout
        check(said.count("Ein Code für Ihr Handy ist auf dem Bildschirm") == 1,
              f"display, on: {said}")
        check("geo:" not in said and "%" not in said and "http" not in said, said)
        said = run(["--demo", "--mode", "display", "--now", NOW, "--announce-text"]).stdout
        check("Code" not in said, f"display, off: {said}")
        feed = spots_feed(d, [("Nah", "AVAILABLE", OLD, 0.0005)])
        said = run(feed_args(d, feed) + ["--mode", "display", "--now", NOW,
                                         "--announce-text"]).stdout
        check("Code" not in said, f"display, stale: {said}")
        said = run(["--demo", "--config", config(d, ON), "--mode", "display", "--lang", "en",
                    "--now", NOW, "--announce-text"]).stdout
        check(said.count("A code for your phone is on the screen") == 1, f"en: {said}")
    print("speech: the code said once, never its text")


CASES = {n[5:]: f for n, f in globals().items() if n.startswith("case_")}

if __name__ == "__main__":
    names = list(CASES) if sys.argv[1:] == ["all"] else sys.argv[1:]
    for n in names:
        CASES[n]()
    print("ok")
