#!/usr/bin/env python3
"""Watchdog test: a small supervisor plays systemd for deploy/parkkiosk.service. It reads
the unit's Type=, NotifyAccess=, Restart=, RestartSec=, TimeoutAbortSec= (WatchdogSec= is
scaled down to --watchdog-sec so the test takes seconds, not minutes), creates a
NOTIFY_SOCKET, sets WATCHDOG_USEC/WATCHDOG_PID, and starts the service the way the unit
does: a compositor-like parent process (cage's role: systemd's main PID, exits with its
child's status) that runs `parkkiosk --demo` headless. It then checks

  1. READY=1 arrives, from the kiosk process (NotifyAccess=all, as under cage);
  2. WATCHDOG=1 keeps arriving, never more than WatchdogSec apart;
  3. after `kill -STOP` of the kiosk (a hung event loop) the pings stop and the
     supervisor, applying WatchdogSec + Restart=always + RestartSec, aborts the whole
     service (SIGABRT + SIGCONT to the process group, as systemd does to the cgroup,
     SIGKILL after TimeoutAbortSec) and starts it again, which gets READY=1 again;
  4. SIGTERM stops it within TimeoutStopSec and it says STOPPING=1.

--stub runs the same supervisor against a tiny Python kiosk that speaks the protocol,
proving the supervisor itself (so a failure with the real binary is the binary's).
Exit 0 pass, 1 fail, 77 skipped (parkkiosk does not parse its command line yet)."""

import argparse
import os
import re
import select
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time

failures = []


def check(cond, msg):
    print(("ok   " if cond else "FAIL ") + msg, flush=True)
    if not cond:
        failures.append(msg)
    return cond


def read_unit(path):
    keys = {}
    for line in open(path):
        line = line.strip()
        if not line or line[0] in "#;[":
            continue
        k, _, v = line.partition("=")
        keys.setdefault(k.strip(), []).append(v.strip())
    return {k: v[-1] for k, v in keys.items()}


def seconds(v):
    m = re.fullmatch(r"(\d+)\s*(s|sec|min)?", v)
    if not m:
        raise SystemExit("cannot read time span %r" % v)
    return int(m.group(1)) * (60 if m.group(2) == "min" else 1)


STUB = r'''
import os, socket, sys, time, signal
def notify(msg):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    s.sendto(msg.encode(), os.environ["NOTIFY_SOCKET"])
    s.close()
usec = int(os.environ.get("WATCHDOG_USEC", "0"))
stop = []
signal.signal(signal.SIGTERM, lambda *a: stop.append(1))
time.sleep(0.3)
notify("READY=1")
while not stop:
    time.sleep(usec / 2e6)
    notify("WATCHDOG=1")
notify("STOPPING=1")
'''


class Supervisor:
    def __init__(self, tmp, cmd, env, unit, watchdog_s):
        self.cmd, self.env, self.unit = cmd, env, unit
        self.watchdog_s = watchdog_s
        self.restart_s = seconds(unit.get("RestartSec", "0"))
        self.abort_s = seconds(unit.get("TimeoutAbortSec", "90"))
        self.stop_s = seconds(unit.get("TimeoutStopSec", "90"))
        self.sock_path = os.path.join(tmp, "notify")
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(self.sock_path)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_PASSCRED, 1)
        self.proc = None
        self.log = []  # (t, pid, message)
        self.t0 = time.monotonic()

    def start(self):
        env = dict(self.env, NOTIFY_SOCKET=self.sock_path,
                   WATCHDOG_USEC=str(int(self.watchdog_s * 1e6)))
        # The compositor's role: the main PID, parent of the kiosk, exiting with its
        # status (cage does exactly this). WATCHDOG_PID names it, as systemd would.
        # No core files from the SIGABRT.
        wrapper = ['sh', '-c', 'ulimit -c 0; export WATCHDOG_PID=$$; "$@" & kiosk=$!; '
                   'trap "kill -TERM $kiosk" TERM; '
                   'while :; do wait $kiosk; rc=$?; kill -0 $kiosk 2>/dev/null || break; '
                   'done; exit $rc', 'compositor'] + self.cmd
        self.proc = subprocess.Popen(wrapper, env=env, start_new_session=True)
        return self.proc.pid

    def receive(self, timeout):
        """One notification (t, pid, text) or None after timeout seconds."""
        r, _, _ = select.select([self.sock], [], [], max(0.0, timeout))
        if not r:
            return None
        data, anc, _, _ = self.sock.recvmsg(4096, socket.CMSG_SPACE(12))
        pid = None
        for level, typ, payload in anc:
            if level == socket.SOL_SOCKET and typ == socket.SCM_CREDENTIALS:
                pid = struct.unpack("iII", payload[:12])[0]
        entry = (time.monotonic() - self.t0, pid, data.decode(errors="replace"))
        self.log.append(entry)
        return entry

    def wait_for(self, word, timeout):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            e = self.receive(end - time.monotonic())
            if e and word in e[2].split("\n"):
                return e
            if self.proc.poll() is not None:
                return None
        return None

    def reap(self):
        """Collects orphans reparented to us (we are a subreaper, like systemd)."""
        while True:
            try:
                pid, _ = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return

    def kill_group(self, sig):
        try:
            os.killpg(self.proc.pid, sig)
        except ProcessLookupError:
            pass

    def watchdog_abort(self):
        """What systemd does on a watchdog timeout: WatchdogSignal (SIGABRT) + SIGCONT to
        the cgroup, SIGKILL after TimeoutAbortSec. Returns how it ended."""
        self.kill_group(signal.SIGABRT)
        self.kill_group(signal.SIGCONT)
        try:
            self.proc.wait(timeout=self.abort_s)
            how = "aborted"
        except subprocess.TimeoutExpired:
            self.kill_group(signal.SIGKILL)
            self.proc.wait()
            how = "killed"
        # Like the cgroup: nothing of the old service may survive.
        self.kill_group(signal.SIGKILL)
        time.sleep(0.2)
        self.reap()
        return how

    def children(self, pid):
        try:
            with open("/proc/%d/task/%d/children" % (pid, pid)) as f:
                return [int(x) for x in f.read().split()]
        except OSError:
            return []

    def close(self):
        if self.proc and self.proc.poll() is None:
            self.kill_group(signal.SIGKILL)
            self.proc.wait()
        self.sock.close()


def become_subreaper():
    """Orphans of the service are reparented to us, as to systemd, so we can see them."""
    import ctypes
    libc = ctypes.CDLL(None, use_errno=True)
    PR_SET_CHILD_SUBREAPER = 36
    return libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0


def run(args, cmd, env):
    check(become_subreaper(), "supervisor is a child subreaper")
    unit = read_unit(args.unit)
    check(unit.get("Type") == "notify", "unit: Type=notify")
    check(unit.get("NotifyAccess") == "all", "unit: NotifyAccess=all (cage is the main PID)")
    check(unit.get("Restart") == "always", "unit: Restart=always")
    check(seconds(unit.get("WatchdogSec", "0")) > 0, "unit: WatchdogSec=%s (test uses %g s)"
          % (unit.get("WatchdogSec"), args.watchdog_sec))
    wd = args.watchdog_sec
    tmp = tempfile.mkdtemp(prefix="pk-watchdog-")
    sup = Supervisor(tmp, cmd, env, unit, wd)
    try:
        main_pid = sup.start()
        ready = sup.wait_for("READY=1", args.start_timeout)
        if not check(ready is not None, "READY=1 within %d s" % args.start_timeout):
            return
        kids = sup.children(main_pid)
        check(len(kids) == 1 and ready[1] == kids[0],
              "READY=1 came from the kiosk (pid %s), not the compositor (pid %d)"
              % (ready[1], main_pid))
        kiosk = kids[0] if kids else ready[1]

        # Pings: for three watchdog periods, never a gap >= WatchdogSec.
        pings, last, worst = 0, ready[0], 0.0
        end = time.monotonic() + 3 * wd
        while time.monotonic() < end:
            e = sup.receive(end - time.monotonic())
            if e and "WATCHDOG=1" in e[2].split("\n"):
                pings += 1
                worst = max(worst, e[0] - last)
                last = e[0]
        worst = max(worst, (time.monotonic() - sup.t0) - last)
        check(pings >= 4, "%d WATCHDOG=1 pings in %g s (pinging at about WatchdogSec/2)"
              % (pings, 3 * wd))
        check(worst < wd, "longest silence %.2f s < WatchdogSec %g s" % (worst, wd))

        # Hang the kiosk's loop.
        os.kill(kiosk, signal.SIGSTOP)
        t_stop = time.monotonic()
        last_ping = t_stop
        while True:
            e = sup.receive(last_ping + wd - time.monotonic())
            if e is None:
                break  # watchdog expired
            if "WATCHDOG=1" in e[2].split("\n"):
                last_ping = time.monotonic()
            if time.monotonic() - t_stop > 3 * wd:
                break
        silent = time.monotonic() - t_stop
        check(silent <= wd + 0.5, "pings stopped when the kiosk hung (timeout after %.2f s)"
              % silent)
        how = sup.watchdog_abort()
        print("watchdog timeout: service %s (%s)" % (how, "SIGABRT" if how == "aborted"
                                                    else "SIGKILL after TimeoutAbortSec"))
        check(sup.proc.returncode != 0, "the hung service ended with a failure status (%s)"
              % sup.proc.returncode)
        try:
            os.kill(kiosk, 0)
            alive = True
        except ProcessLookupError:
            alive = False
        check(not alive, "the hung kiosk process is gone")

        # Restart=always, RestartSec.
        time.sleep(sup.restart_s)
        t_restart = time.monotonic()
        main_pid2 = sup.start()
        ready2 = sup.wait_for("READY=1", args.start_timeout)
        check(ready2 is not None and main_pid2 != main_pid,
              "restarted after RestartSec=%ds and READY=1 again (%.1f s after the restart)"
              % (sup.restart_s, (time.monotonic() - t_restart)))
        if ready2 is None:
            return
        e = sup.wait_for("WATCHDOG=1", wd)
        check(e is not None, "the restarted kiosk pings the watchdog")

        # Clean stop.
        t_term = time.monotonic()
        sup.proc.send_signal(signal.SIGTERM)
        stopping = sup.wait_for("STOPPING=1", sup.stop_s)
        try:
            sup.proc.wait(timeout=max(0.1, sup.stop_s - (time.monotonic() - t_term)))
            stopped = True
        except subprocess.TimeoutExpired:
            stopped = False
        check(stopped, "SIGTERM stops the service within TimeoutStopSec=%ds" % sup.stop_s)
        check(stopping is not None, "the kiosk said STOPPING=1 on SIGTERM")
        if stopped:
            check(sup.proc.returncode == 0, "clean stop exits 0 (got %s)" % sup.proc.returncode)
    finally:
        sup.close()
        shown = sup.log if len(sup.log) <= 8 else sup.log[:4] + sup.log[-4:]
        for t, pid, msg in shown:
            print("  notify: t=%.2f pid=%s %r" % (t, pid, msg))
        try:
            os.unlink(sup.sock_path)
            os.rmdir(tmp)
        except OSError:
            pass


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--unit", required=True)
    ap.add_argument("--bin")
    ap.add_argument("--stub", action="store_true")
    ap.add_argument("--watchdog-sec", type=float, default=3.0)
    ap.add_argument("--start-timeout", type=int, default=30)
    args = ap.parse_args()
    env = dict(os.environ)
    if args.stub:
        cmd = [sys.executable, "-c", STUB]
    else:
        env.update(PARKKIOSK_ALLOW_ROOT="1", SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy")
        probe = subprocess.run([args.bin, "--no-such-option"], env=env, capture_output=True,
                               timeout=30)
        if probe.returncode == 0:
            print("SKIP: parkkiosk does not parse its command line yet (skeleton main)")
            return 77
        cache = tempfile.mkdtemp(prefix="pk-watchdog-cache-")
        cmd = [args.bin, "--demo", "--mode", "kiosk", "--cache-dir", cache,
               "--log-level", "info"]
    run(args, cmd, env)
    print("watchdog_test: %d failed" % len(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
