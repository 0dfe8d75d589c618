#!/usr/bin/env python3
"""deploy/config.example.json against src/config.h and docs/deployment.md: every field of
struct config / struct config_feed has a key in the example, every key of the example is
documented in the docs' table, and (once main parses its command line) parkkiosk itself
accepts the example: `parkkiosk --config deploy/config.example.json --demo --dump-state`.

Usage: config_example_test.py SOURCE_DIR [PARKKIOSK_BIN]"""

import json
import os
import re
import subprocess
import sys

# Struct fields whose JSON key is not the field name at the top level.
ALIASES = {
    "lat": "position.lat", "lon": "position.lon", "place": "position.place",
    "facing_deg": "position.facing_deg", "lang": "language", "langs": "languages",
    "display_diagonal_mm": "display.diagonal_mm", "dpi": "display.diagonal_mm",
    "inactivity_s": "audio.inactivity_s", "warning_s": "audio.warning_s",
    "double_strike_ms": "audio.double_strike_ms",
    "speech_rate_wpm": "audio.rate_wpm", "volume_step": "audio.volume_step",
    "keys": "audio.keys", "schedule_off": "schedule.off", "schedule_dim": "schedule.dim",
    "touch_resume_after_s": "touch.resume_after_s",
    "handover_url_template": "handover.url_template",
    "handover_show_in_display_mode": "handover.show_in_display_mode",
}
COUNTS = {"n_feeds", "n_headers", "n_langs", "n_keys"}

failures = []


def check(cond, msg):
    print(("ok   " if cond else "FAIL ") + msg, flush=True)
    if not cond:
        failures.append(msg)


def struct_fields(header, name):
    m = re.search(r"struct %s \{(.*?)\n\};" % name, header, re.S)
    if not m:
        raise SystemExit("struct %s not found in config.h" % name)
    body = re.sub(r"/\*.*?\*/", "", m.group(1), flags=re.S)
    fields = []
    for decl in body.split(";"):
        decl = decl.strip()
        if not decl:
            continue
        for part in decl.split(","):
            f = re.search(r"(\w+)\s*(\[[^\]]*\])*\s*$", part.strip())
            if f:
                fields.append(f.group(1))
    return [f for f in fields if f not in COUNTS]


def paths(obj, prefix=""):
    """Key paths: "position.lat", "feeds", "feeds[].url", "languages"."""
    out = set()
    for k, v in obj.items():
        p = prefix + k
        out.add(p)
        if isinstance(v, dict):
            out |= paths(v, p + ".")
        elif isinstance(v, list):
            for item in v:
                if isinstance(item, dict):
                    out |= paths(item, p + "[].")
    return out


def main():
    src = sys.argv[1]
    binary = sys.argv[2] if len(sys.argv) > 2 else None
    example_path = os.path.join(src, "deploy/config.example.json")
    example = json.load(open(example_path))
    keys = paths(example)
    header = open(os.path.join(src, "src/core/config.h")).read()
    docs = open(os.path.join(src, "docs/config.md")).read()

    missing = [f for f in struct_fields(header, "config")
               if ALIASES.get(f, f) not in keys]
    check(not missing, "every struct config field has a key in the example%s"
          % (" (missing: %s)" % ", ".join(missing) if missing else ""))
    missing = [f for f in struct_fields(header, "config_feed") if "feeds[]." + f not in keys]
    check(not missing, "every struct config_feed field has a key in feeds[]%s"
          % (" (missing: %s)" % ", ".join(missing) if missing else ""))
    documented = set(re.findall(r"^\| `([^`]+)`", docs, re.M))
    documented = {re.sub(r"\[i\]", "[]", k) for k in documented}
    leaves = {k for k in keys if not any(o.startswith(k + ".") for o in keys)
              and not k.startswith("_") and not k.startswith("audio.keys.")
              and not k.startswith("feeds[].headers.")}
    undocumented = sorted(k for k in leaves if k not in documented)
    check(not undocumented, "every key of the example is in docs/config.md's table%s"
          % (" (not: %s)" % ", ".join(undocumented) if undocumented else ""))
    # The docs also list alternatives the example cannot use at the same time.
    alternatives = {"display.diagonal_inch", "display.width_mm", "display.dpi", "feeds[]"}
    stale = sorted(k for k in documented if k not in keys and k not in alternatives)
    check(not stale, "the docs' table names no key the example lacks%s"
          % (" (extra: %s)" % ", ".join(stale) if stale else ""))
    sched = [example.get("schedule", {}).get("off", ""),
             example.get("schedule", {}).get("dim", "")]
    check(all(s == "" or re.fullmatch(r"\d\d:\d\d-\d\d:\d\d", s) for s in sched),
          "schedule windows are \"\" or HH:MM-HH:MM")

    if binary:
        env = dict(os.environ, PARKKIOSK_ALLOW_ROOT="1", SDL_VIDEODRIVER="dummy",
                   SDL_AUDIODRIVER="dummy")
        probe = subprocess.run([binary, "--no-such-option"], env=env, capture_output=True,
                               timeout=30)
        if probe.returncode == 0:
            print("note: parkkiosk does not parse its command line yet: loader check skipped")
        else:
            r = subprocess.run([binary, "--config", example_path, "--demo", "--dump-state"],
                               env=env, capture_output=True, timeout=60)
            check(r.returncode == 0, "parkkiosk accepts the example config (exit %d)"
                  % r.returncode)
            if r.returncode:
                print(r.stderr.decode(errors="replace")[-1500:])
    print("config_example_test: %d failed" % len(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
