#!/usr/bin/env python3
"""Hostile times (issue 14): for every feed format, an entry whose measurement time is
garbage, empty, a number, absent, the 1970 epoch or impossible (month 13, Feb 30, hour 25,
year 10000, offset +99:99) is never free / taken / counted as live (ParkAPI v3 sites and
spots, ParkenDD v1, NGSI v2 keyValues and normalized, NGSI-LD, DATEX II) — in --dump-state, on
the screen and in speech — whether it comes from a file or over HTTP.

Each document also holds one control entry with a valid, recent time: it must come out
live, so the test fails if the evaluation stops telling the two apart.

Screen check without OCR: the frame of a document with the bad times must be pixel-equal
to the frame of the same document with every time removed (both are "no current data"),
and must differ from the frame where the same entries carry a valid time.

Usage: hostile_time.py PARKKIOSK_BIN
"""
import copy
import http.server
import json
import os
import subprocess
import sys
import tempfile
import threading

BIN = sys.argv[1]
NOW = "2026-11-28T10:05:00Z"
GOOD = "2026-11-28T10:00:00Z"
LAT, LON = 47.9950, 7.8500
BAD = [
    ("garbage", "garbage"),
    ("empty", ""),
    ("number", 1764324000),
    ("absent", None),
    ("epoch", "1970-01-01T00:00:00Z"),
    ("month13", "2026-13-28T10:00:00Z"),
    ("feb30", "2026-02-30T10:00:00Z"),
    ("hour25", "2026-11-28T25:00:00Z"),
    ("year10000", "10000-11-28T10:00:00Z"),
    ("offset", "2026-11-28T10:00:00+99:99"),
]
LIVE = {"free", "taken", "open", "full"}
failures = 0
checks = 0


def check(cond, what):
    global failures, checks
    checks += 1
    if not cond:
        failures += 1
        print("FAIL " + what)


def pos(i):
    # Entries on a small ring 60..250 m from the kiosk, all within every radius.
    return LAT + 0.0005 + 0.0002 * (i % 5), LON + 0.0004 * (i // 5)


def put(d, key, t):
    if t is None:
        d.pop(key, None)
    else:
        d[key] = t


# -------------------------------------------------------------- one builder per format
# Each returns a list of (document, is_list_of_docs) for entries named by `names`, with
# the time `times[i]` for entry i (None = absent). Documents are JSON-serialisable.

def parkapi3_sites(times):
    items = []
    for i, t in enumerate(times):
        lat, lon = pos(i)
        it = {"id": 100 + i, "name": "Site %d" % i, "type": "CAR_PARK", "purpose": "CAR",
              "lat": lat, "lon": lon, "capacity": 100, "has_realtime_data": True,
              "realtime_capacity": 100, "realtime_free_capacity": 40 + i,
              "realtime_opening_status": "OPEN"}
        put(it, "realtime_data_updated_at", t)
        items.append(it)
    return [{"items": items, "total_count": len(items)}]


def parkapi3_spots(times):
    items = []
    for i, t in enumerate(times):
        lat, lon = pos(i)
        it = {"id": 200 + i, "name": "Spot %d" % i, "type": "ON_STREET", "purpose": "CAR",
              "lat": lat, "lon": lon, "has_realtime_data": True,
              "realtime_status": "AVAILABLE" if i % 2 == 0 else "TAKEN",
              "restrictions": [{"type": "DISABLED"}]}
        put(it, "realtime_data_updated_at", t)
        items.append(it)
    return [{"items": items, "total_count": len(items)}]


def parkenddv1(times):
    # The time is the document's own last_updated: one document per time.
    docs = []
    for i, t in enumerate(times):
        lat, lon = pos(i)
        doc = {"lots": [{"id": "lot%d" % i, "name": "Lot %d" % i, "lot_type": "Parkhaus",
                         "coords": {"lat": lat, "lng": lon}, "free": 10 + i, "total": 50,
                         "state": "open", "address": "Straße %d" % i}]}
        put(doc, "last_updated", t)
        docs.append(doc)
    return docs


def ngsi_v2_keyvalues(times):
    ents = []
    for i, t in enumerate(times):
        lat, lon = pos(i)
        e = {"id": "spot:%d" % i, "type": "ParkingSpot", "name": "KV %d" % i,
             "location": {"type": "Point", "coordinates": [lon, lat]},
             "status": "free" if i % 2 == 0 else "occupied", "category": ["onStreet", "forDisabled"]}
        put(e, "dateObserved", t)
        ents.append(e)
    return [ents]


def ngsi_v2_normalized(times):
    ents = []
    for i, t in enumerate(times):
        lat, lon = pos(i)
        st = {"type": "Text", "value": "free" if i % 2 == 0 else "occupied", "metadata": {}}
        if t is not None:
            st["metadata"]["timestamp"] = {"type": "DateTime", "value": t}
        e = {"id": "off:%d" % i, "type": "OffStreetParking",
             "name": {"type": "Text", "value": "Norm %d" % i},
             "location": {"type": "geo:json", "value": {"type": "Point", "coordinates": [lon, lat]}},
             "totalSpotNumber": {"type": "Number", "value": 80},
             "availableSpotNumber": {"type": "Number", "value": 20 + i,
                                     "metadata": ({"timestamp": {"type": "DateTime", "value": t}}
                                                  if t is not None else {})},
             "status": {"type": "Text", "value": "open"}}
        ents.append(e)
    return [ents]


def ngsi_ld(times):
    ents = []
    for i, t in enumerate(times):
        lat, lon = pos(i)
        st = {"type": "Property", "value": "free" if i % 2 == 0 else "occupied"}
        put(st, "observedAt", t)
        e = {"id": "urn:ngsi-ld:ParkingSpot:%d" % i, "type": "ParkingSpot",
             "name": {"type": "Property", "value": "LD %d" % i},
             "category": {"type": "Property", "value": ["onStreet", "forDisabled"]},
             "location": {"type": "GeoProperty",
                          "value": {"type": "Point", "coordinates": [lon, lat]}},
             "status": st,
             "@context": ["https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context.jsonld"]}
        ents.append(e)
    return [ents]


FORMATS = [
    ("parkapi3-sites", "parkapi3", parkapi3_sites),
    ("parkapi3-spots", "parkapi3", parkapi3_spots),
    ("parkenddv1", "parkenddv1", parkenddv1),
    ("ngsi-v2-keyvalues", "ngsi", ngsi_v2_keyvalues),
    ("ngsi-v2-normalized", "ngsi", ngsi_v2_normalized),
    ("ngsi-ld", "ngsi", ngsi_ld),
]


def run(args, **kw):
    env = dict(os.environ, SDL_AUDIODRIVER="dummy", SDL_VIDEODRIVER="dummy")
    return subprocess.run([BIN, "--now", NOW, "--lat", str(LAT), "--lon", str(LON),
                           "--lang", "en"] + args, capture_output=True, timeout=60, env=env, **kw)


def write_docs(d, tag, docs):
    paths = []
    for k, doc in enumerate(docs):
        p = os.path.join(d, "%s-%d.json" % (tag, k))
        with open(p, "w") as f:
            json.dump(doc, f)
        paths.append(p)
    return paths


def feed_args(paths):
    out = []
    for p in paths:
        out += ["--feed", p]
    return out


def dump(paths_or_urls):
    r = run(["--dump-state"] + feed_args(paths_or_urls))
    if r.returncode != 0:
        print(r.stderr.decode(errors="replace"))
        return None
    return json.loads(r.stdout)


def entry_name(e):
    return e.get("name") or ""


def check_dump(doc, label, bad):
    """bad: the indices (into BAD) present in doc, plus the control at index len(BAD)."""
    if doc is None:
        check(False, "%s: --dump-state ran" % label)
        return
    by_index = {}
    for e in doc["entries"]:
        digits = "".join(c for c in entry_name(e) if c.isdigit())
        if digits:
            by_index[int(digits)] = e
    check(len(by_index) == len(bad) + 1,
          "%s: every entry is listed (%d of %d)" % (label, len(by_index), len(bad) + 1))
    ctl = by_index.get(len(BAD))
    check(ctl is not None and ctl["status"] in LIVE and not ctl["stale"],
          "%s: the control entry with a valid time is live: %s" % (label, ctl))
    for i in bad:
        what = BAD[i][0]
        e = by_index.get(i)
        if e is None:
            continue
        check(e["status"] not in LIVE, "%s/%s: status %s is not live" % (label, what, e["status"]))
        check(e["stale"], "%s/%s: counted as stale" % (label, what))
        check(e["free"] is None and e["free_disabled"] is None,
              "%s/%s: no live count (free=%s)" % (label, what, e["free"]))
        check(e.get("age_s") in (None, -1), "%s/%s: no age (age_s=%s)" % (label, what, e.get("age_s")))
    check(doc.get("free_nearby", 0) <= 1,
          "%s: only the control can count as free nearby (%s)" % (label, doc.get("free_nearby")))


def serve(directory):
    class H(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *a, **kw):
            super().__init__(*a, directory=directory, **kw)

        def log_message(self, *a):
            pass

    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv


def screenshot(paths, out):
    r = run(["--screenshot", out, "--size", "1280x800"] + feed_args(paths))
    check(r.returncode == 0 and os.path.getsize(out) > 0, "screenshot %s written" % out)
    if not os.path.exists(out):
        return b""
    with open(out, "rb") as f:
        return f.read()


def datex2(d):
    """DATEX II: the time is each status record's parkingStatusOriginTime, else the
    publication's publicationTime — so a bad time is put in both, one document per time,
    and the document is read beside the real Aachen static table."""
    import re
    here = os.path.dirname(os.path.abspath(__file__))
    fx = os.environ.get("PARKKIOSK_FIXTURES", os.path.join(here, "..", "fixtures"))
    table = os.path.join(fx, "datex2", "aachen-parkingTablePublication-static.xml")
    with open(os.path.join(fx, "datex2", "aachen-parkingStatusPublication-2025-02-07.xml")) as f:
        status = f.read()
    where = ["--lat", "50.7766", "--lon", "6.0900"]

    def with_time(t, tag):
        body = status
        for el in ("parkingStatusOriginTime", "publicationTime"):
            pat = r"<ns2:%s>[^<]*</ns2:%s>" % (el, el)
            body = re.sub(pat, "" if t is None else "<ns2:%s>%s</ns2:%s>" % (el, t, el), body)
        p = os.path.join(d, "datex2-%s.xml" % tag)
        with open(p, "w") as f:
            f.write(body)
        return p

    def entries(p):
        r = run(["--dump-state", "--feed", table, "--feed", p] + where)
        if r.returncode != 0:
            print(r.stderr.decode(errors="replace"))
            return []
        return json.loads(r.stdout)["entries"]

    good = entries(with_time(GOOD, "good"))
    live = [e for e in good if e["status"] in LIVE]
    check(len(live) >= 10, "datex2: the control document is live (%d entries live)" % len(live))
    for what, t in BAD:
        if not isinstance(t, str) and t is not None:
            t = str(t)
        ents = entries(with_time(t, what))
        check(len(ents) == len(good), "datex2/%s: every car park listed (%d)" % (what, len(ents)))
        check(all(e["status"] not in LIVE and e["free"] is None for e in ents),
              "datex2/%s: nothing live: %s" % (what, [e["status"] for e in ents][:5]))
        r = run(["--announce-text", "--feed", table, "--feed", with_time(t, what)] + where)
        low = r.stdout.decode(errors="replace").lower()
        check("free spaces" not in low and " free " not in low.replace("no free", ""),
              "datex2/%s: speech claims nothing free: %r" % (what, low[:200]))


def main():
    d = tempfile.mkdtemp(prefix="pk-hostile-")
    srv = serve(d)
    base = "http://127.0.0.1:%d/" % srv.server_address[1]
    bad_times = [t for _, t in BAD] + [GOOD]
    for tag, fmt, build in FORMATS:
        docs = build(bad_times)
        paths = write_docs(d, tag, docs)
        if len(docs) == 1:
            runs = [(paths, list(range(len(BAD))))]
        else:  # the time is per document: each bad document beside the control one
            runs = [([paths[i], paths[-1]], [i]) for i in range(len(BAD))]
        for run_paths, idx in runs:
            check_dump(dump(run_paths), tag + " (file)", idx)
            urls = [base + os.path.basename(p) for p in run_paths]
            check_dump(dump(urls), tag + " (http)", idx)

        # Speech and screen, per group of at most 8 feeds.
        bad_docs = build([t for _, t in BAD])
        groups = [list(range(len(BAD)))] if len(bad_docs) == 1 else [[i] for i in range(len(BAD))]
        for g in groups:
            sub = "%s-%s" % (tag, "all" if len(g) > 1 else BAD[g[0]][0])
            pick = (lambda ds: ds) if len(bad_docs) == 1 else (lambda ds, i=g[0]: [ds[i]])
            only_bad = write_docs(d, sub + "-bad", pick(bad_docs))
            r = run(["--announce-text"] + feed_args(only_bad))
            said = r.stdout.decode(errors="replace")
            check(r.returncode == 0 and said.strip(), "%s: announcement made" % sub)
            low = said.lower()
            check(" free " not in low.replace("no free", "") and "spaces free" not in low,
                  "%s: speech claims nothing free from untimed data: %r" % (sub, said[:300]))
            # Screen: bad times look exactly like no times, and unlike valid times.
            none_paths = write_docs(d, sub + "-none", pick(build([None] * len(BAD))))
            good_paths = write_docs(d, sub + "-good", pick(build([GOOD] * len(BAD))))
            a = screenshot(only_bad, os.path.join(d, sub + "-bad.bmp"))
            b = screenshot(none_paths, os.path.join(d, sub + "-none.bmp"))
            c = screenshot(good_paths, os.path.join(d, sub + "-good.bmp"))
            check(a == b, "%s: the screen shows bad times exactly as no time" % sub)
            check(a != c, "%s: and differently from valid times (the test sees a difference)" % sub)
    datex2(d)
    srv.shutdown()
    print("%d passed, %d failed" % (checks - failures, failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
