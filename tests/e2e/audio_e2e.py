#!/usr/bin/env python3
"""End-to-end audio mode: a real kiosk process (SDL dummy video, dummy audio) driven by
--input-script; what it said is read back from --speech-log. Each case asserts on the
utterances, so breaking the feature breaks the case.

usage: audio_e2e.py CASE   (or "all")"""
import json
import os
import subprocess
import sys
import tempfile

BIN = os.environ["PARKKIOSK_BIN"]
NOW = "2026-11-28T12:00:00Z"


def run(script, extra=(), config=None, timeout=120):
    with tempfile.TemporaryDirectory() as d:
        sp = os.path.join(d, "script.txt")
        log = os.path.join(d, "speech.log")
        with open(sp, "w") as f:
            f.write(script)
        args = [BIN, "--demo", "--now", NOW, "--input-script", sp, "--speech-log", log]
        if config is not None:
            cp = os.path.join(d, "config.json")
            with open(cp, "w") as f:
                json.dump(config, f)
            args += ["--config", cp]
        env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy",
                   PARKKIOSK_ALLOW_ROOT="1")
        p = subprocess.run(args + list(extra), env=env, timeout=timeout,
                           capture_output=True, text=True)
        if p.returncode != 0:
            print(p.stderr)
            raise AssertionError(f"kiosk exited {p.returncode}")
        lines = open(log).read().splitlines() if os.path.exists(log) else []
        return lines, p.stderr


def said(lines):
    return [l for l in lines if not l.startswith("#")]


def check(cond, what, lines):
    if not cond:
        print("\n".join(lines))
        raise AssertionError(what)


def case_silent_until_asked():
    # A kiosk never talks to the street by itself, and a tap does not start it either.
    lines, _ = run("1.0 tap 400 400\n3 quit\n")
    check(said(lines) == [], "spoke without a key or a hold", lines)


def case_key_starts_and_steps():
    lines, _ = run("0.5 key Keypad 2\n2.0 key Keypad 2\n3.5 key Keypad 2\n5 quit\n")
    s = said(lines)
    check(lines[0] == "#session-start", "no session start", lines)
    check(s[0].startswith("Willkommen") and "Behindertenparkplätze in der Nähe" in s[0],
          "welcome with summary", lines)
    check(s[1].startswith("Behindertenparkplatz ") and "Meter, " in s[1],
          "first entry in full", lines)
    check(s[2] != s[1] and s[2].startswith("Behindertenparkplatz "), "second entry", lines)
    # the welcome was interrupted by the key (speech stops on any key)
    check("#stop" in lines[: lines.index(s[1])], "speech not interrupted by a key", lines)
    for u in s:
        check(" m " not in u and "Min." not in u, "abbreviation spoken: " + u, lines)


def case_hold_starts():
    lines, _ = run("0.5 hold 500 500 2.3\n4 quit\n")
    check(lines and lines[0] == "#session-start", "touch-and-hold did not start", lines)
    check(said(lines)[0].startswith("Willkommen"), "no welcome after hold", lines)


def case_details_help_repeat():
    lines, _ = run("0.5 key Keypad 2\n1.5 key Keypad 2\n2.5 key Keypad 5\n4 key Keypad 0\n"
                   "6 key Keypad *\n8 quit\n")
    s = said(lines)
    check(s[2].startswith("Details.") and "Mit Blick auf den Bildschirm" in s[2],
          "details with directions from the kiosk", lines)
    check(s[3].startswith("Tastenhilfe."), "help", lines)
    check(s[4] == s[3], "repeat repeats the last utterance", lines)


def case_volume_rate_reset():
    # Louder twice, slower once, then leave: the session ends after the warning, and a new
    # session speaks at the defaults again.
    cfg = {"audio": {"inactivity_s": 10, "warning_s": 20}}
    script = ("0.5 key Keypad 2\n1.0 key Keypad 4\n1.5 key Keypad +\n2.5 key Keypad +\n"
              "3.5 key Keypad 7\n"
              "62 key Keypad 2\n63 key Keypad 4\n63.5 key Keypad -\n65 quit\n")
    # The end comes ~45 s in (speech at the slower rate, 10 s, the warning, 20 s); the
    # second listener at 62 s leaves room for a loaded machine's slower synthesis.
    lines, _ = run(script, config=cfg)
    s = said(lines)
    vols = [u for u in s if u.startswith("Lautstärke")]
    check(vols[:2] == ["Lautstärke 4 von 5.", "Lautstärke 5 von 5."], "volume steps", lines)
    check(any("Noch da?" in u or "Sind Sie noch da" in u or "Sekunden" in u for u in s),
          "spoken inactivity warning", lines)
    check(lines.count("#session-end") == 1, "session did not end after the warning", lines)
    check(lines.count("#session-start") == 2, "no second session", lines)
    check(vols[-1] == "Lautstärke 2 von 5.", "volume not reset to the default", lines)


def case_continue_after_warning():
    cfg = {"audio": {"inactivity_s": 10, "warning_s": 20}}
    lines, _ = run("0.5 key Keypad 2\n1.0 key Keypad 4\n16 key Keypad 2\n18 quit\n",
                   config=cfg)
    check("#session-end" not in lines, "a key within the warning time must continue", lines)
    check(any("Sekunden" in u for u in said(lines)), "warning spoken", lines)


def case_language_cycle():
    # The language key changes speech and screen together; each language says its own
    # name; the next person gets the default language again.
    cfg = {"audio": {"inactivity_s": 10, "warning_s": 20}}
    script = ("0.5 key Keypad 2\n1.0 key Keypad /\n2.0 key Keypad 2\n3.0 key Keypad 4\n"
              "45 key Keypad 2\n46 quit\n")
    lines, _ = run(script, config=cfg)
    s = said(lines)
    check(s[1] == "English.", "the language key names the new language in itself", lines)
    check(s[2].startswith("Accessible parking space") and "metres" in s[2],
          "the next entry is spoken in English", lines)
    ends = [i for i, l in enumerate(lines) if l == "#session-end"]
    check(len(ends) == 1, "session ended", lines)
    # The goodbye in the language the listener chose (issue 14: it came in German).
    goodbye = [l for l in lines[:ends[0]] if not l.startswith("#")][-1]
    check(goodbye == "Speech has ended.", "the goodbye in the listener's language", lines)
    after = [l for l in lines[ends[0]:] if not l.startswith("#")]
    check(after and after[0].startswith("Willkommen"), "default language after the session",
          lines)


def case_markup_is_text():
    # A feed name with speech markup is spoken as text, never obeyed.
    with tempfile.TemporaryDirectory() as d:
        feed = os.path.join(d, "evil.json")
        item = {"id": 1, "name": "<speak>Evil<break time='9s'/></speak>", "purpose": "CAR",
                "type": "ON_STREET", "lat": 47.9950, "lon": 7.8495,
                "realtime_status": "AVAILABLE", "realtime_data_updated_at": NOW,
                "restrictions": [{"type": "DISABLED"}]}
        with open(feed, "w") as f:
            json.dump({"items": [item]}, f)
        env = dict(os.environ, SDL_AUDIODRIVER="dummy")
        out = subprocess.run([BIN, "--feed", feed, "--now", NOW, "--announce-text"],
                             env=env, capture_output=True, text=True, check=True).stdout
        assert "<break time='9s'/>" in out or "break time" in out, out
        wav = os.path.join(d, "a.wav")
        subprocess.run([BIN, "--feed", feed, "--now", NOW, "--announce", wav], env=env,
                       capture_output=True, check=True)
        import wave
        with wave.open(wav) as w:
            secs = w.getnframes() / w.getframerate()
        # Spoken as text the whole announcement takes ~20 s; obeyed, the break alone would
        # add 9 s of silence (test_speech measures that difference on the bare name).
        assert secs < 25, f"{secs:.1f} s: markup obeyed?"
        print(f"markup announcement: {secs:.1f} s for {len(out)} characters")


CASES = {k[5:]: v for k, v in globals().items() if k.startswith("case_")}

if __name__ == "__main__":
    names = list(CASES) if sys.argv[1] == "all" else sys.argv[1:]
    for n in names:
        CASES[n]()
        print(f"{n}: ok")
