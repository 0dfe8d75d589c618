#!/usr/bin/env python3
"""Touch for sighted users and the QR handover (issues 12 and 17), on the real binary:

  qr_themes     --details 0 --screenshot in dark, light and yellow: zbarimg decodes the code
                to exactly the geo: URI of entry 0 (built here from --dump-state)
  qr_long_name  a car park with a long Cyrillic and German name: the decoded URI is the
                percent-encoded name, cut at a character within 400 bytes
  qr_template   handover.url_template: the decoded text is the templated URL
  bad_template  a malformed template: exit 2, the message names handover.url_template
  tap_details   --input-script: a tap on an entry opens its details with the code, nothing
                is spoken; the close button closes them; in a speech session a tap reads
  paging_paused a touch holds the automatic page turns; after touch.resume_after_s they
                turn again

usage: handover.py CASE   (or "all")"""
import json
import os
import subprocess
import sys
import tempfile

BIN = os.environ["PARKKIOSK_BIN"]
NOW = "2026-11-28T12:00:00Z"
ENV = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy",
           PARKKIOSK_ALLOW_ROOT="1")
UNRESERVED = set(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
URI_MAX = 400


def pct(name, room=10**9):
    """RFC 3986 percent-encoding of UTF-8, whole characters only, shorter than room."""
    out = ""
    for ch in name:
        enc = "".join(chr(b) if b in UNRESERVED else "%%%02X" % b for b in ch.encode())
        if len(out) + len(enc) >= room:
            break
        out += enc
    return out


def deg(v):
    micro = round(v * 1e6)
    sign = "-" if micro < 0 else ""
    micro = abs(micro)
    return "%s%d.%06d" % (sign, micro // 1000000, micro % 1000000)


def geo_uri(lat, lon, name):
    la, lo = deg(lat), deg(lon)
    fixed = 11 + 2 * (len(la) + len(lo))
    enc = pct(name, URI_MAX - fixed)
    return f"geo:{la},{lo}?q={la},{lo}({enc})" if enc else f"geo:{la},{lo}?q={la},{lo}"


def run(args, check=True):
    p = subprocess.run([BIN] + args, env=ENV, capture_output=True, text=True, timeout=120)
    if check and p.returncode != 0:
        print(p.stderr)
        raise AssertionError(f"exit {p.returncode}: {' '.join(args)}")
    return p


def dump(args):
    return json.loads(run(args + ["--dump-state"]).stdout)


def decode(bmp):
    """The texts of the QR codes zbarimg finds in the image ([] if none)."""
    p = subprocess.run(["zbarimg", "-q", "--raw", "-Sdisable", "-Sqrcode.enable", bmp],
                       capture_output=True, timeout=60)
    return [l for l in p.stdout.decode("utf-8").split("\n") if l]


def check(cond, what):
    if not cond:
        raise AssertionError(what)


def case_qr_themes():
    base = ["--demo", "--now", NOW]
    e = dump(base)["entries"][0]
    want = geo_uri(e["lat"], e["lon"], e["name"])
    with tempfile.TemporaryDirectory() as d:
        for theme in ("dark", "light", "yellow"):
            out = os.path.join(d, f"{theme}.bmp")
            run(base + ["--theme", theme, "--details", "0", "--screenshot", out])
            got = decode(out)
            check(got == [want], f"{theme}: decoded {got}, want {want}")
            print(f"{theme}: {got[0]}")
        # right to left: the code is not mirrored
        out = os.path.join(d, "ar.bmp")
        run(base + ["--lang", "ar", "--details", "0", "--screenshot", out])
        check(decode(out) == [want], "ar: the code does not decode")
        # the lists alone show no code
        out = os.path.join(d, "list.bmp")
        run(base + ["--screenshot", out])
        check(decode(out) == [], "a code on the list screen")


LONG = ("Підземний паркінг «Центральний» біля Університетської площі — "
        "Tiefgarage Universitätsstraße gegenüber dem Kollegiengebäude Ⅳ, Einfahrt Löwenstraße")


def long_feed(d):
    feed = {"last_downloaded": "2026-11-28T11:59:00", "last_updated": "2026-11-28T11:59:00",
            "lots": [{"address": "Universitätsstraße 1", "coords": {"lat": 47.9951, "lng": 7.8461},
                      "forecast": False, "free": 12, "id": "long", "lot_type": "Tiefgarage",
                      "name": LONG, "state": "open", "total": 300}]}
    path = os.path.join(d, "feed.json")
    with open(path, "w") as f:
        json.dump(feed, f, ensure_ascii=False)
    return path


def case_qr_long_name():
    with tempfile.TemporaryDirectory() as d:
        base = ["--feed", long_feed(d), "--now", NOW, "--cache-dir", d]
        e = dump(base)["entries"][0]
        check(e["name"].startswith("Підземний"), f"name {e['name']}")
        want = geo_uri(e["lat"], e["lon"], e["name"])
        check(len(want) < URI_MAX and len(want) > 300, f"{len(want)} bytes")
        for theme in ("dark", "light", "yellow"):
            out = os.path.join(d, f"{theme}.bmp")
            run(base + ["--theme", theme, "--details", "0", "--screenshot", out])
            got = decode(out)
            check(got == [want], f"{theme}: decoded {got}, want {want}")
        print(f"long name: {len(want)} bytes decoded in every theme")


def case_qr_template():
    tmpl = "https://routing.example.org/to?lat={lat}&lon={lon}&label={name}"
    with tempfile.TemporaryDirectory() as d:
        cfg = os.path.join(d, "config.json")
        with open(cfg, "w") as f:
            json.dump({"demo": True, "handover": {"url_template": tmpl}}, f)
        base = ["--config", cfg, "--now", NOW]
        e = dump(base)["entries"][3]
        want = (tmpl.replace("{lat}", deg(e["lat"])).replace("{lon}", deg(e["lon"]))
                .replace("{name}", pct(e["name"])))
        out = os.path.join(d, "t.bmp")
        run(base + ["--details", "3", "--screenshot", out])
        got = decode(out)
        check(got == [want], f"decoded {got}, want {want}")
        print(f"template: {got[0]}")


def case_bad_template():
    with tempfile.TemporaryDirectory() as d:
        for tmpl, why in (("https://x.example/{lat}/{lon}/{kiosk}", "unknown placeholder"),
                          ("https://x.example/{lat}", "must contain {lat} and {lon}"),
                          ("file:///{lat}{lon}", "must start with")):
            cfg = os.path.join(d, "config.json")
            with open(cfg, "w") as f:
                json.dump({"demo": True, "handover": {"url_template": tmpl}}, f)
            p = run(["--config", cfg, "--dump-state"], check=False)
            check(p.returncode == 2, f"{tmpl}: exit {p.returncode}")
            check("handover.url_template" in p.stderr and why in p.stderr, p.stderr)


def kiosk(script, d, config=None, extra=()):
    sp = os.path.join(d, "script.txt")
    log = os.path.join(d, "speech.log")
    with open(sp, "w") as f:
        f.write(script)
    args = ["--demo", "--now", NOW, "--input-script", sp, "--speech-log", log, "--windowed",
            "--size", "1920x1080"] + list(extra)
    if config is not None:
        cp = os.path.join(d, "config.json")
        with open(cp, "w") as f:
            json.dump(config, f)
        args += ["--config", cp]
    run(args)
    return open(log).read().splitlines() if os.path.exists(log) else []


# Where things are on the 1920×1080 kiosk (German, demo data): the first row (the nearest
# free accessible space), an empty spot in the header, and the details' close button.
CARD0 = (400, 92)
HEADER = (960, 20)
CLOSE = (1720, 275)


def case_tap_details():
    e = dump(["--demo", "--now", NOW])["entries"][0]
    want = geo_uri(e["lat"], e["lon"], e["name"])
    with tempfile.TemporaryDirectory() as d:
        j = lambda n: os.path.join(d, n)
        lines = kiosk(f"1 screenshot {j('list.bmp')}\n"
                      f"1.5 tap {CARD0[0]} {CARD0[1]}\n"
                      f"3 screenshot {j('details.bmp')}\n"
                      f"3.5 tap {CLOSE[0]} {CLOSE[1]}\n"
                      f"5 screenshot {j('closed.bmp')}\n"
                      "6 quit\n", d)
        check([l for l in lines if not l.startswith("#")] == [], f"spoke: {lines}")
        check(decode(j("list.bmp")) == [], "a code before the tap")
        check(decode(j("details.bmp")) == [want], f"details: {decode(j('details.bmp'))}")
        check(decode(j("closed.bmp")) == [], "the details did not close")
        # In a speech session a tap reads the entry (and the screen shows no details).
        lines = kiosk("0.5 key Keypad 2\n"
                      f"3 tap {CARD0[0]} {CARD0[1]}\n"
                      f"5 screenshot {j('speech.bmp')}\n"
                      "6 quit\n", d)
        said = [l for l in lines if not l.startswith("#")]
        check(len(said) >= 2 and said[-1].startswith("Behindertenparkplatz ") and
              e["name"].split(" - ")[-1].split()[0] in said[-1], f"tap in speech: {said}")
        check(decode(j("speech.bmp")) == [], "details opened by a tap in speech mode")
        # Spoken details show the details screen with the code and say so once, never
        # reading the URL.
        lines = kiosk("0.5 key Keypad 2\n1.5 key Keypad 2\n2.5 key Keypad 5\n"
                      f"4 screenshot {j('spoken.bmp')}\n5 quit\n", d)
        det = [l for l in lines if l.startswith("Details.")]
        check(len(det) == 1 and det[0].count("Ein Code für Ihr Handy ist auf dem Bildschirm") == 1
              and "geo:" not in det[0] and "%" not in det[0], f"spoken details: {det}")
        codes = decode(j("spoken.bmp"))
        check(len(codes) == 1 and codes[0].startswith("geo:"), f"spoken details show {codes}")
    print("tap opens details silently; close closes; speech mode reads")


def case_paging_paused():
    cfg = {"demo": True, "page_seconds": 3, "touch": {"resume_after_s": 6}}
    with tempfile.TemporaryDirectory() as d:
        j = lambda n: os.path.join(d, n)
        kiosk(f"0.5 tap {HEADER[0]} {HEADER[1]}\n"
              f"1 screenshot {j('a.bmp')}\n"
              f"5 screenshot {j('b.bmp')}\n"
              f"11 screenshot {j('c.bmp')}\n"
              "12 quit\n", d, config=cfg)
        a, b, c = (open(j(n), "rb").read() for n in ("a.bmp", "b.bmp", "c.bmp"))
        check(a == b, "the page turned although someone touched the screen")
        check(a != c, "the pages did not resume after touch.resume_after_s")
        # without the touch, the page turns within the same time
        kiosk(f"1 screenshot {j('a.bmp')}\n5 screenshot {j('b.bmp')}\n6 quit\n", d, config=cfg)
        check(open(j("a.bmp"), "rb").read() != open(j("b.bmp"), "rb").read(),
              "no page turn without a touch (the test would prove nothing)")
    print("a touch holds the pages; they resume after resume_after_s")


CASES = {n[5:]: f for n, f in globals().items() if n.startswith("case_")}

if __name__ == "__main__":
    names = list(CASES) if sys.argv[1:] == ["all"] else sys.argv[1:]
    for n in names:
        CASES[n]()
    print("ok")
