#!/usr/bin/env python3
"""DATEX II through the real binary: a static table and its status publication given as
two --feed files are joined into car parks (or accessible bays) with names, counts, state
and true age in --dump-state. Usage: datex2_dump.py CASE (frankfurt, friedrichshafen,
orphans)."""
import json
import os
import subprocess
import sys

BIN = os.environ["PARKKIOSK_BIN"]
FIX = os.environ["PARKKIOSK_FIXTURES"]


def dump(feeds, now, lat, lon):
    cmd = [BIN, "--dump-state", "--now", now, "--lat", str(lat), "--lon", str(lon)]
    for f in feeds:
        cmd += ["--feed", os.path.join(FIX, f)]
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    if p.returncode != 0:
        sys.exit(f"exit {p.returncode}: {p.stderr}")
    return json.loads(p.stdout), p.stderr


def check(cond, what):
    if not cond:
        sys.exit("FAIL: " + what)


def frankfurt():
    st, _ = dump(["handmade/frankfurt-mdm-parkingFacilityTablePublication.handmade.xml",
                  "datex2/frankfurt-mdm-parkingFacilityTableStatusPublication-2017-03-04.xml"],
                 "2017-03-04T14:10:00Z", 50.1109, 8.6821)
    sites = [e for e in st["entries"] if e["kind"] == "site"]
    check(len(sites) == 22, f"22 Frankfurt car parks, got {len(sites)}")
    by = {e["name"]: e for e in sites}
    k = by.get("Karstadt")
    check(k and k["free"] == 151 and k["total"] == 657 and k["status"] == "open", f"Karstadt {k}")
    check(k["updated_at"] == "2017-03-04T14:04:00Z" and k["age_s"] == 360, f"Karstadt age {k}")
    check(by["Hauptwache"]["status"] == "full" and by["Hauptwache"]["free"] == 0, "Hauptwache full")
    check(not any(e["stale"] for e in sites), "all current at 14:10Z")
    # The static table feeds the join; it is not a source of current data.
    check(st["feeds"][0]["static_table"] is True, "table feed flagged: %s" % st["feeds"][0])
    check(st["feeds"][1]["static_table"] is False, "status feed not flagged")
    # An hour later every count is stale: the true age, not the time the file was read.
    st, _ = dump(["handmade/frankfurt-mdm-parkingFacilityTablePublication.handmade.xml",
                  "datex2/frankfurt-mdm-parkingFacilityTableStatusPublication-2017-03-04.xml"],
                 "2017-03-04T15:10:00Z", 50.1109, 8.6821)
    sites = [e for e in st["entries"] if e["kind"] == "site"]
    check(all(e["stale"] and e["free"] is None for e in sites), "stale an hour later")


def friedrichshafen():
    st, _ = dump(["datex2/friedrichshafen-disabled-sensors-parkingTablePublication-2025-07-18.xml",
                  "datex2/friedrichshafen-disabled-sensors-parkingStatusPublication-2025-07-18.xml"],
                 "2025-07-18T06:45:00Z", 47.6505, 9.4800)
    spots = [e for e in st["entries"] if e["section"] == "accessible_spaces"]
    check(len(spots) > 0, "accessible bays listed")
    check(all(e["kind"] == "spot" for e in spots), "bays are spots")
    check(all(e["status"] in ("free", "taken") for e in spots), "bays free or taken")
    check(all(e["updated_at"].startswith("2025-07-18T06:4") for e in spots), "bay times")


def orphans():
    st, err = dump(["datex2/frankfurt-mdm-parkingFacilityTableStatusPublication-2017-03-04.xml"],
                   "2017-03-04T14:10:00Z", 50.1109, 8.6821)
    check(st["entries"] == [], "a status without its table shows nothing")
    check("22 status records have no table record" in err, "one warning counts them: " + err)
    check(err.count("have no table record") == 1, "exactly one warning")


def unusable():
    """A feed whose items are all unusable says so: a warning naming the reason, no
    entries, not current, and speech does not claim that nothing arrived."""
    import tempfile
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        f.write('{"last_updated":"2025-01-01T10:00:00","lots":[{"total":5,"state":"open"},'
                '{"total":7,"state":"open"}]}')
        path = f.name
    try:
        st, err = dump([path], "2025-01-01T10:05:00Z", 48.0, 9.0)
        feed = st["feeds"][0]
        check(feed["entries"] == 0 and feed["data_time"] is None, "no entries: %s" % feed)
        check(feed["unusable"] == "all 2 items unusable: a lot with neither id nor name",
              "unusable named: %s" % feed)
        check("all 2 items unusable: a lot with neither id nor name" in err, "warned: " + err)
        p = subprocess.run([BIN, "--feed", path, "--now", "2025-01-01T10:05:00Z",
                            "--announce-text", "--lang", "en"],
                           capture_output=True, text=True, timeout=60)
        check("none of it can be used" in p.stdout, "speech: " + p.stdout)
        check("No data has arrived yet" not in p.stdout, "no false claim: " + p.stdout)
    finally:
        os.unlink(path)


{"frankfurt": frankfurt, "unusable": unusable, "friedrichshafen": friedrichshafen, "orphans": orphans}[sys.argv[1]]()
print("ok")
