#!/usr/bin/env python3
"""The first key after a long idle is answered within 150 ms (issue 16) on the polling
dummy video driver (as KMS/DRM), where the loop sleeps up to a second at a time while
nobody uses the kiosk and the audio device is closed. The key is a "press" of
--input-script: pushed from a thread of its own, as a device's key arrives, which wakes
the loop as a device's key does (loopwait.c: on KMS/DRM the evdev nodes are watched).
Answered = the key handled (the kiosk's debug log, from SDL's time stamp of
the event) plus the utterance's start (speech_say -> first samples at the device, logged
when the kiosk stops). Also: that key started the session. On a loaded machine one run
can be slow: a second run decides then (a broken idle path is slow in both: the key
comes at a moment off the loop's slice grid).

usage: first_key.py [LIMIT_MS]"""
import json
import os
import re
import subprocess
import sys
import tempfile

BIN = os.environ["PARKKIOSK_BIN"]
NOW = "2026-11-28T12:00:00Z"
LIMIT = int(sys.argv[1]) if len(sys.argv) > 1 else 150
IDLE_S = 12  # longer than the audio device's linger (5 s): it is closed when the key comes


def answered_ms():
    with tempfile.TemporaryDirectory() as d:
        script = os.path.join(d, "script.txt")
        log = os.path.join(d, "speech.log")
        cfg = os.path.join(d, "config.json")
        with open(script, "w") as f:
            # 0.37 s off the slice grid of a loop that started at 0
            f.write(f"{IDLE_S}.37 press Keypad 2\n{IDLE_S + 2} quit\n")
        with open(cfg, "w") as f:
            json.dump({"log_level": "debug"}, f)
        env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy",
                   PARKKIOSK_ALLOW_ROOT="1")
        p = subprocess.run([BIN, "--demo", "--now", NOW, "--config", cfg, "--size",
                            "1920x1080", "--input-script", script, "--speech-log", log],
                           env=env, capture_output=True, text=True, timeout=90)
        err = p.stderr
        if p.returncode != 0:
            print(err[-4000:])
            raise AssertionError(f"kiosk exited {p.returncode}")
        lines = open(log).read().splitlines() if os.path.exists(log) else []
        if lines[:1] != ["#session-start"]:
            print("\n".join(lines))
            raise AssertionError("the key did not start a session")
        seen = re.findall(r"input: key (.+?) handled (\d+) ms after it arrived", err)
        spoke = re.findall(r"speech: the last utterance started (\d+) ms after it was asked",
                           err)
        if len(seen) != 1 or not spoke:
            print(err[-4000:])
            raise AssertionError("no measure of the key or of the speech start in the log")
        key_ms, speech_ms = int(seen[0][1]), int(spoke[-1])
        print(f"first key after {IDLE_S} s idle: handled {key_ms} ms after it arrived, "
              f"speech started {speech_ms} ms after that: answered after "
              f"{key_ms + speech_ms} ms (limit {LIMIT} ms)")
        return key_ms + speech_ms


def main():
    runs = [answered_ms()]
    if runs[0] > LIMIT:
        runs.append(answered_ms())
    if min(runs) > LIMIT:
        raise AssertionError(f"answered after {runs} ms > {LIMIT} ms")


if __name__ == "__main__":
    main()
