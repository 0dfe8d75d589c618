#!/usr/bin/env python3
"""Start only what the path needs (issue 16): libcurl and libespeak-ng are not on the
binary's DT_NEEDED list (the platform loads them with dlopen); --screenshot, --dump-state
and --announce-text of the demo start no thread and load neither of them, nor an audio
backend; a local file feed is read without libcurl. Positive controls show that the
probes see a load: an HTTP feed loads libcurl, --announce FILE.wav loads libespeak-ng.
Where the test may make a mount namespace (root), it hides each library and checks
that the kiosk degrades instead of failing: no current data, no speech.

usage: startup_path.py   (PARKKIOSK_BIN, PARKKIOSK_FIXTURES from CTest)"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

BIN = os.environ["PARKKIOSK_BIN"]
FIXTURES = os.environ["PARKKIOSK_FIXTURES"]
NOW = "2026-11-28T10:00:00Z"
DLOPENED = ("libcurl.so", "libespeak-ng.so")
# What a started audio device or speech engine would load (SDL's audio backends).
AUDIO = ("libpulse", "libasound", "libpipewire", "libjack", "libsndio")
fails = 0


def check(cond, what):
    global fails
    print(("ok   " if cond else "FAIL ") + what)
    fails += 0 if cond else 1


def env(extra=None):
    e = dict(os.environ, SDL_VIDEODRIVER="dummy", PARKKIOSK_ALLOW_ROOT="1")
    e.pop("SDL_AUDIODRIVER", None)  # an audio init would load a real backend: visible
    e.update(extra or {})
    return e


def needed():
    out = subprocess.run(["readelf", "-d", BIN], capture_output=True, text=True,
                         check=True).stdout
    return re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", out)


def loaded_by(args, wrap=()):
    """(exit status, stderr without the loader's lines, libraries dlopened) of a run."""
    r = subprocess.run(list(wrap) + [BIN, "--now", NOW] + args, capture_output=True,
                       text=True, timeout=120, env=env({"LD_DEBUG": "files"}))
    libs = re.findall(r"file=(\S+) \[0\];  dynamically loaded by", r.stderr)
    log = "\n".join(l for l in r.stderr.splitlines() if not re.match(r"\s*\d+:", l))
    return r.returncode, log, libs


def threads_started(args):
    """How many threads (clone calls) a run starts; None without strace."""
    if not shutil.which("strace"):
        return None
    with tempfile.NamedTemporaryFile() as t:
        subprocess.run(["strace", "-f", "-qq", "-e", "trace=clone,clone3", "-o", t.name, BIN,
                        "--now", NOW] + args, capture_output=True, timeout=120, env=env())
        return sum(1 for l in open(t.name) if re.search(r"\bclone3?\(", l))


def main():
    libs = needed()
    print("DT_NEEDED: " + ", ".join(libs))
    check(any(l.startswith("libSDL2-2.0") for l in libs), "the probe reads DT_NEEDED (SDL2)")
    for so in DLOPENED:
        check(not any(l.startswith(so) for l in libs), "%s is not in DT_NEEDED" % so)

    with tempfile.TemporaryDirectory() as d:
        shot = os.path.join(d, "a.bmp")
        paths = {"--screenshot": ["--demo", "--screenshot", shot],
                 "--dump-state": ["--demo", "--dump-state"],
                 "--announce-text": ["--demo", "--announce-text"]}
        for name, args in paths.items():
            rc, log, got = loaded_by(args)
            check(rc == 0, "%s of the demo exits 0 (%d)" % (name, rc))
            bad = [l for l in got if l.startswith(DLOPENED + AUDIO)]
            check(not bad, "%s loads no fetch, speech or audio library (%s)"
                  % (name, ", ".join(got) or "none loaded"))
            n = threads_started(args)
            if n is not None:
                check(n == 0, "%s starts no thread (fetch, speech, audio): %d" % (name, n))
        check(os.path.getsize(shot) > 1000000, "the screenshot was written")

        # A local file is read without libcurl.
        feed = os.path.join(FIXTURES, "parkapi-v3", "freiburg-parking-sites.json")
        rc, log, got = loaded_by(["--feed", feed, "--dump-state"])
        check(rc == 0 and not [l for l in got if l.startswith(DLOPENED)],
              "a file feed's --dump-state loads no libcurl (%s)" % (", ".join(got) or "none"))

        # Controls: the probes do see the libraries when a path needs them.
        http = ["--feed", "http://127.0.0.1:9/parking.json", "--dump-state"]
        rc, log, got = loaded_by(http)
        check(any(l.startswith("libcurl.so") for l in got),
              "an HTTP feed loads libcurl on demand (%s)" % ", ".join(got))
        wav = os.path.join(d, "a.wav")
        rc, log, got = loaded_by(["--demo", "--announce", wav])
        check(rc == 0 and any(l.startswith("libespeak-ng.so") for l in got),
              "--announce FILE.wav loads libespeak-ng on demand (%s)" % ", ".join(got))

        # Without the libraries: hidden by a bind mount in a private mount namespace.
        if os.geteuid() != 0 or not shutil.which("unshare"):
            print("skip the missing-library cases: they need root and unshare")
        else:
            hidden(d, http, wav)
    print("startup_path: %d failed" % fails)
    return 1 if fails else 0


def library_path(soname):
    out = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True).stdout
    m = re.search(r"^\s*%s \(.*?x86-64.*?\) => (\S+)" % re.escape(soname), out, re.M) or \
        re.search(r"^\s*%s \(.*?\) => (\S+)" % re.escape(soname), out, re.M)
    return os.path.realpath(m.group(1)) if m else None


def hidden(d, http, wav):
    for soname, args, what in (
            ("libcurl.so.4", http, "curl"), ("libespeak-ng.so.1", None, "espeak")):
        path = library_path(soname)
        if not path:
            print("skip: %s not found by ldconfig" % soname)
            continue
        wrap = ["unshare", "-m", "sh", "-c", 'mount --bind /dev/null "$0" && exec "$@"', path]
        probe = subprocess.run(wrap + ["true"], capture_output=True)
        if probe.returncode != 0:
            print("skip the missing-library cases: cannot bind-mount in a namespace")
            return
        if what == "curl":
            rc, log, _ = loaded_by(args, wrap)
            check(rc == 0, "without libcurl, --dump-state of an HTTP feed exits 0 (%d)" % rc)
            check("libcurl is not available" in log, "and says why in the log")
            r = subprocess.run(wrap + [BIN, "--now", NOW] + args, capture_output=True,
                               text=True, timeout=120, env=env())
            try:
                st = json.loads(r.stdout)
                check(st["feeds"][0]["has_data"] is False and not st["entries"],
                      "and shows no current data")
            except (ValueError, KeyError, IndexError) as e:
                check(False, "and shows no current data (%s)" % e)
        else:
            rc, log, _ = loaded_by(["--demo", "--announce", wav], wrap)
            check(rc != 0 and "libespeak-ng is not available" in log,
                  "without libespeak-ng, --announce fails and says why (%d)" % rc)
            rc, log, _ = loaded_by(["--demo", "--announce-text"], wrap)
            check(rc == 0, "without libespeak-ng, --announce-text still works (%d)" % rc)
            shot = os.path.join(d, "nospeech.bmp")
            rc, log, _ = loaded_by(["--demo", "--screenshot", shot], wrap)
            check(rc == 0, "without libespeak-ng, --screenshot still works (%d)" % rc)


if __name__ == "__main__":
    sys.exit(main())
