#!/usr/bin/env python3
"""The units set MemoryDenyWriteExecute=yes. This checks that parkkiosk's own code paths
(SDL software rendering, SDL_ttf/FreeType, espeak-ng speech) never need writable and
executable memory, by running them under the kernel's PR_SET_MDWE (Linux >= 6.3), which
refuses the same mappings systemd's seccomp filter does. Mesa GPU drivers are not covered
(see docs/deployment.md, Hardening).

Usage: mdwe_test.py PARKKIOSK_BIN.  Exit 0 pass, 1 fail, 77 skipped (kernel lacks MDWE)."""

import ctypes
import os
import subprocess
import sys
import tempfile

PR_SET_MDWE, PR_MDWE_REFUSE_EXEC_GAIN = 65, 1
failures = []


def check(cond, msg):
    print(("ok   " if cond else "FAIL ") + msg, flush=True)
    if not cond:
        failures.append(msg)


def mdwe():
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_MDWE, PR_MDWE_REFUSE_EXEC_GAIN, 0, 0, 0) != 0:
        os._exit(126)


def probe():
    """True if, under MDWE, a W+X mapping is refused (so the test means something)."""
    code = ("import ctypes;l=ctypes.CDLL(None);l.mmap.restype=ctypes.c_void_p;"
            "p=l.mmap(None,4096,7,0x22,-1,0);raise SystemExit(0 if p in (None,2**64-1) else 1)")
    r = subprocess.run([sys.executable, "-c", code], preexec_fn=mdwe)
    return r.returncode == 0


def run(argv, env, timeout=60, under=True):
    return subprocess.run(argv, env=env, capture_output=True, timeout=timeout,
                          preexec_fn=mdwe if under else None)


def main():
    binary = sys.argv[1]
    if not probe():
        print("SKIP: this kernel has no PR_SET_MDWE (Linux >= 6.3)")
        return 77
    check(True, "PR_SET_MDWE refuses a W+X mapping here")
    env = dict(os.environ, PARKKIOSK_ALLOW_ROOT="1", SDL_VIDEODRIVER="dummy",
               SDL_AUDIODRIVER="dummy")
    tmp = tempfile.mkdtemp(prefix="pk-mdwe-")
    bmp, wav = os.path.join(tmp, "shot.bmp"), os.path.join(tmp, "say.wav")
    r = run([binary, "--demo", "--screenshot", bmp, "--size", "800x480"], env)
    check(r.returncode == 0 and os.path.getsize(bmp) > 0,
          "--screenshot renders under MDWE (exit %d)" % r.returncode)
    for lang in ("de", "ar"):  # Arabic: FriBidi and the Arabic fonts
        r = run([binary, "--demo", "--lang", lang, "--screenshot", bmp, "--size", "800x480"],
                env)
        check(r.returncode == 0, "--screenshot --lang %s under MDWE (exit %d)"
              % (lang, r.returncode))
    # Speech, once the binary can write it (checked without MDWE first).
    try:
        plain = run([binary, "--demo", "--announce", wav], env, timeout=20, under=False)
        spoke = plain.returncode == 0 and os.path.exists(wav)
    except subprocess.TimeoutExpired:  # a build without --announce runs the kiosk loop
        spoke = False
    if spoke:
        os.unlink(wav)
        r = run([binary, "--demo", "--announce", wav], env)
        check(r.returncode == 0 and os.path.exists(wav),
              "--announce (espeak-ng) under MDWE (exit %d)" % r.returncode)
    else:
        print("note: --announce not available in this build; speech part skipped")
    # The interactive loop: still running after 3 s (killed by timeout, not a signal).
    p = subprocess.Popen([binary, "--demo"], env=env, preexec_fn=mdwe,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        p.wait(timeout=3)
        check(False, "the kiosk loop died under MDWE (exit %d)" % p.returncode)
        print(p.stderr.read().decode(errors="replace")[-1000:])
    except subprocess.TimeoutExpired:
        p.terminate()
        p.wait(timeout=10)
        check(True, "the kiosk loop runs under MDWE")
    for f in (bmp, wav):
        if os.path.exists(f):
            os.unlink(f)
    os.rmdir(tmp)
    print("mdwe_test: %d failed" % len(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
