#!/usr/bin/env python3
"""Boot test of the kiosk image (label "image"): builds the .deb and the image from this
tree, boots it in QEMU (q35, OVMF, virtio-vga without 3D: no GPU driver, the software
display path) and checks, each with a deadline and a line of output:

  boot 1: the screen shows the kiosk within N s of power-on (monitor screendump), no
          getty, no cursor, the unit runs as parkkiosk, / read-only, state and cache on
          the data partition, health file written, watchdog (SIGSTOP -> restarted),
          kill -9 -> restarted, a newer .deb installed on the running image -> the kiosk
          restarts on it with config and cache kept; then the feed server goes away, a
          display path that cannot work is configured, and the power key shuts down.
  boot 2: the kiosk that cannot draw ends in failed state and its health says "no frame
          drawn since boot"; repaired, it shows the last good data with its true age.

Network: QEMU user networking with restrict=on; the guest reaches only the SSH port
forwarded from 127.0.0.1 and, through guestfwd, the feed server this test runs on
127.0.0.1. KVM is used where it works, else software emulation (TCG).

  image_test.py --src SOURCE_DIR --work WORK_DIR [--cache /var/cache/parkkiosk-test]

Exit 0 pass, 1 fail, 77 skipped (not root, a tool missing, no mirror and no cache).
"""
import argparse
import calendar
import http.server
import json
import os
import shutil
import socket
import struct
import subprocess
import sys
import threading
import time
import urllib.request
import zlib

OVMF_CODE = "/usr/share/OVMF/OVMF_CODE_4M.fd"
OVMF_VARS = "/usr/share/OVMF/OVMF_VARS_4M.fd"
HEADER_RGB = (0x0A, 0x2A, 0x50)  # theme "dark" header (src/core/theme.c)
GUEST_FEED = "10.0.2.100"
WATCHDOG_S, TIMEOUT_ABORT_S, RESTART_S = 30, 10, 2  # deploy/parkkiosk.service

RESULTS = {"passed": 0, "failed": 0}
T0 = time.monotonic()


def log(msg):
    print(f"[{time.monotonic() - T0:6.1f}s] {msg}", flush=True)


def check(ok, what):
    RESULTS["passed" if ok else "failed"] += 1
    print(("ok   " if ok else "FAIL ") + what, flush=True)
    return ok


def run(cmd, **kw):
    kw.setdefault("check", True)
    return subprocess.run(cmd, **kw)


# --- Screen: PPM from the QEMU monitor, PNG for people.
def read_ppm(path):
    with open(path, "rb") as f:
        data = f.read()
    parts, pos = [], 0
    while len(parts) < 4:
        while data[pos:pos + 1].isspace():
            pos += 1
        if data[pos:pos + 1] == b"#":
            pos = data.index(b"\n", pos)
            continue
        end = pos
        while not data[end:end + 1].isspace():
            end += 1
        parts.append(data[pos:end])
        pos = end
    assert parts[0] == b"P6", parts[0]
    w, h = int(parts[1]), int(parts[2])
    return w, h, data[pos + 1:pos + 1 + w * h * 3]


def write_png(path, w, h, rgb):
    raw = b"".join(b"\0" + rgb[y * w * 3:(y + 1) * w * 3] for y in range(h))

    def chunk(kind, body):
        c = struct.pack(">I", len(body)) + kind + body
        return c + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
                + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def screen_stats(w, h, rgb):
    """Share of the top 2.5 % (the header, however tall a layout makes it) that is the
    header colour, and of the whole screen that is bright (text), every 4th pixel."""
    top = max(4, h // 40)
    hdr = n_top = bright = n = 0
    for y in range(0, h, 4):
        row = rgb[y * w * 3:(y + 1) * w * 3]
        for x in range(0, w * 3, 12):
            r, g, b = row[x], row[x + 1], row[x + 2]
            n += 1
            if r + g + b > 600:
                bright += 1
            if y < top:
                n_top += 1
                if abs(r - HEADER_RGB[0]) + abs(g - HEADER_RGB[1]) + abs(b - HEADER_RGB[2]) < 24:
                    hdr += 1
    return hdr / max(1, n_top), bright / max(1, n)


# --- The feed server, on 127.0.0.1 only; the guest reaches it through guestfwd.
class Feed:
    def __init__(self, body):
        self.body, self.up, self.hits = body, True, 0
        feed = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                feed.hits += 1
                if not feed.up:
                    self.close_connection = True
                    return
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(feed.body)))
                self.end_headers()
                self.wfile.write(feed.body)

            def log_message(self, *a):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.up = False
        self.server.shutdown()
        self.server.server_close()


# --- QEMU and its monitor (QMP).
class VM:
    def __init__(self, work, image, ssh_port, feed_port, accel):
        self.work, self.image, self.ssh_port, self.feed_port = work, image, ssh_port, feed_port
        self.accel, self.proc, self.t_on = accel, None, None
        self.qmp_path = os.path.join(work, "qmp.sock")
        self.vars = os.path.join(work, "OVMF_VARS.fd")
        if not os.path.exists(self.vars):
            shutil.copy(OVMF_VARS, self.vars)

    def start(self, tag):
        if os.path.exists(self.qmp_path):
            os.unlink(self.qmp_path)
        bridge = os.path.join(os.path.dirname(os.path.abspath(__file__)), "guestfwd_bridge.py")
        net = ("user,restrict=on,model=virtio-net-pci,"
               f"hostfwd=tcp:127.0.0.1:{self.ssh_port}-:22,"
               f"guestfwd=tcp:{GUEST_FEED}:80-cmd:{sys.executable} {bridge} {self.feed_port}")
        accel = ["-accel", "kvm", "-cpu", "host"] if self.accel == "kvm" else \
            ["-accel", "tcg,thread=multi"]
        cmd = ["qemu-system-x86_64", "-machine", "q35", *accel, "-m", "1024", "-smp", "2",
               "-drive", f"if=pflash,format=raw,unit=0,readonly=on,file={OVMF_CODE}",
               "-drive", f"if=pflash,format=raw,unit=1,file={self.vars}",
               "-drive", f"file={self.image},format=raw,if=virtio",
               "-device", "virtio-vga", "-display", "none",
               "-serial", f"file:{os.path.join(self.work, 'serial-' + tag + '.log')}",
               "-qmp", f"unix:{self.qmp_path},server=on,wait=off", "-nic", net]
        self.log = open(os.path.join(self.work, f"qemu-{tag}.log"), "w")
        self.t_on = time.monotonic()
        self.proc = subprocess.Popen(cmd, stdout=self.log, stderr=subprocess.STDOUT)
        for _ in range(100):
            if os.path.exists(self.qmp_path) or self.proc.poll() is not None:
                break
            time.sleep(0.1)

    def qmp(self, execute, arguments=None, timeout=30):
        s = socket.socket(socket.AF_UNIX)
        s.settimeout(timeout)
        s.connect(self.qmp_path)
        f = s.makefile("rw")
        f.readline()
        f.write(json.dumps({"execute": "qmp_capabilities"}) + "\n")
        f.flush()
        f.readline()
        msg = {"execute": execute}
        if arguments:
            msg["arguments"] = arguments
        f.write(json.dumps(msg) + "\n")
        f.flush()
        while True:
            line = json.loads(f.readline())
            if "event" not in line:
                s.close()
                return line

    def status(self):
        try:
            return self.qmp("query-status")["return"]["status"]
        except (OSError, KeyError, ValueError):
            return "gone" if self.proc.poll() is not None else "unknown"

    def screendump(self, path):
        ppm = path + ".ppm"
        if os.path.exists(ppm):
            os.unlink(ppm)
        self.qmp("screendump", {"filename": ppm})
        return read_ppm(ppm)

    def kill(self):
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()

    def ssh(self, command, timeout=60, check_rc=False):
        cmd = ["ssh", "-i", os.path.join(self.work, "key"), "-p", str(self.ssh_port),
               "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
               "-o", "LogLevel=ERROR", "-o", "ConnectTimeout=10", "-o", "BatchMode=yes",
               "root@127.0.0.1", command]
        try:
            p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            return 255, ""
        if check_rc and p.returncode != 0:
            log(f"ssh {command!r}: exit {p.returncode}: {p.stderr.strip()}")
        return p.returncode, p.stdout

    def out(self, command, timeout=60):
        return self.ssh(command, timeout)[1].strip()


def wait_for(what, deadline_s, probe, interval=2.0):
    """Calls probe() until it returns a true value or deadline_s pass; returns (value,
    seconds)."""
    start = time.monotonic()
    while True:
        v = probe()
        if v:
            return v, time.monotonic() - start
        if time.monotonic() - start > deadline_s:
            log(f"gave up waiting for {what} after {deadline_s} s")
            return None, time.monotonic() - start
        time.sleep(interval)


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


# --- The stages.
def build_deb(src, work):
    pkg = os.path.join(work, "pkg")
    log("building the .deb (cpack, prefix /usr)")
    with open(os.path.join(work, "deb-build.log"), "w") as lf:
        run(["cmake", "-S", src, "-B", pkg, "-DCMAKE_INSTALL_PREFIX=/usr", "-DBUILD_TESTING=OFF",
             "-DCMAKE_BUILD_TYPE=RelWithDebInfo"], stdout=lf, stderr=lf)
        run(["nice", "cmake", "--build", pkg, "-j2", "--target", "parkkiosk"], stdout=lf,
            stderr=lf)
        for f in os.listdir(pkg):
            if f.endswith(".deb"):
                os.unlink(os.path.join(pkg, f))
        run(["cpack", "-G", "DEB"], cwd=pkg, stdout=lf, stderr=lf)
    deb = [os.path.join(pkg, f) for f in os.listdir(pkg) if f.endswith(".deb")][0]
    # The "newer" package: the same files, a higher version and one more file, so the
    # test can tell which package the restarted kiosk came from.
    tree = os.path.join(work, "deb-newer")
    shutil.rmtree(tree, ignore_errors=True)
    run(["dpkg-deb", "-R", deb, tree])
    ctl = os.path.join(tree, "DEBIAN", "control")
    with open(ctl) as f:
        text = f.read()
    version = [ln.split(": ", 1)[1] for ln in text.splitlines() if ln.startswith("Version: ")][0]
    newer_version = version + "+imagetest1"
    with open(ctl, "w") as f:
        f.write(text.replace(f"Version: {version}\n", f"Version: {newer_version}\n"))
    with open(os.path.join(tree, "usr/share/doc/parkkiosk/image-test-upgrade"), "w") as f:
        f.write(newer_version + "\n")
    newer = os.path.join(work, f"parkkiosk_{newer_version}_amd64.deb")
    run(["dpkg-deb", "--root-owner-group", "-b", tree, newer], stdout=subprocess.DEVNULL)
    return deb, version, newer, newer_version


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--src", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--cache", default="/var/cache/parkkiosk-test")
    ap.add_argument("--screen-deadline", type=float, default=420)
    ap.add_argument("--accel", choices=["auto", "kvm", "tcg"], default="auto")
    args = ap.parse_args()
    src = os.path.abspath(args.src)

    if os.geteuid() != 0:
        print("SKIP: needs root (debootstrap, chroot)")
        return 77
    missing = [t for t in ("qemu-system-x86_64", "ssh", "ssh-keygen", "debootstrap", "mkfs.ext4",
                           "mkfs.vfat", "mcopy", "sfdisk", "dpkg-deb", "cpack")
               if not shutil.which(t)]
    if not os.path.exists(OVMF_CODE):
        missing.append("ovmf")
    if missing:
        print(f"SKIP: missing {' '.join(missing)} (scripts/deps.sh installs them)")
        return 77
    cached = os.path.isdir(args.cache) and any(n.startswith("base-") for n in os.listdir(args.cache))
    if not cached:
        try:
            urllib.request.urlopen("http://deb.debian.org/debian/dists/bookworm/Release", timeout=20)
        except OSError:
            print("SKIP: the Debian mirror is unreachable and no base root is cached")
            return 77

    work = os.path.abspath(args.work)
    os.makedirs(work, exist_ok=True)
    os.makedirs(args.cache, exist_ok=True)
    for f in ("key", "key.pub", "OVMF_VARS.fd"):
        if os.path.exists(os.path.join(work, f)):
            os.unlink(os.path.join(work, f))
    run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", os.path.join(work, "key")])

    deb, version, newer, newer_version = build_deb(src, work)
    check(True, f"built {os.path.basename(deb)} and {os.path.basename(newer)}")

    fixture = os.path.join(src, "tests/fixtures/parkapi-v3/freiburg-parking-sites.json")
    with open(fixture, "rb") as f:
        feed = Feed(f.read())
    config = {
        "position": {"lat": 47.99470, "lon": 7.84920, "place": "Freiburg Altstadt"},
        "feeds": [{"url": f"http://{GUEST_FEED}/parking-sites.json", "format": "parkapi3",
                   "name": "test feed", "poll_interval_s": 20}],
        "language": "en",
        "health_file": "/run/parkkiosk/metrics/parkkiosk.json",
        "log_level": "info",
    }
    cfg_path = os.path.join(work, "config.json")
    with open(cfg_path, "w") as f:
        json.dump(config, f, indent=2)

    image = os.path.join(work, "kiosk.img")
    log("building the image (deploy/image/build-image.sh)")
    t = time.monotonic()
    with open(os.path.join(work, "image-build.log"), "w") as lf:
        p = run(["nice", "bash", os.path.join(src, "deploy/image/build-image.sh"), "--deb", deb,
                 "--config", cfg_path, "--out", image, "--work", os.path.join(work, "image"),
                 "--cache", args.cache, "--ssh-key", os.path.join(work, "key.pub"),
                 "--cmdline-extra", "console=ttyS0"], stdout=lf, stderr=lf, check=False)
    if not check(p.returncode == 0, f"image built in {time.monotonic() - t:.0f} s"):
        run(["tail", "-30", os.path.join(work, "image-build.log")], check=False)
        return 1
    size = os.path.getsize(image)
    alloc = os.stat(image).st_blocks * 512
    log(f"image: {size / 2**20:.0f} MiB ({alloc / 2**20:.0f} MiB allocated)")

    vm = VM(work, image, free_port(), feed.port, "tcg")
    try:
        return boot_and_check(vm, args, feed, version, newer, newer_version, work, src)
    finally:
        vm.kill()
        print(f"image_test: {RESULTS['passed']} passed, {RESULTS['failed']} failed", flush=True)


def power_on(vm, args, tag):
    """Starts QEMU: KVM if asked or if it works here, else TCG."""
    if args.accel in ("auto", "kvm") and os.access("/dev/kvm", os.R_OK | os.W_OK):
        vm.accel = "kvm"
        vm.start(tag)
        time.sleep(4)
        st = vm.status()
        if st == "running":
            log("KVM works: hardware virtualisation")
            return
        log(f"KVM does not run this guest here (status {st}); software emulation (TCG)")
        vm.kill()
    vm.accel = "tcg"
    vm.start(tag)


def wait_screen(vm, args, what, shot):
    def probe():
        try:
            w, h, rgb = vm.screendump(shot)
        except (OSError, ValueError, AssertionError, KeyError):
            return None
        hdr, bright = screen_stats(w, h, rgb)
        return (w, h, rgb, hdr, bright) if hdr > 0.5 and bright > 0.005 else None

    v, _ = wait_for(what, args.screen_deadline, probe, interval=3)
    return v, time.monotonic() - vm.t_on


def health(vm):
    try:
        return json.loads(vm.out("cat /run/parkkiosk/metrics/parkkiosk.json"))
    except ValueError:
        return None


def kiosk_pid(vm):
    out = vm.out("pidof parkkiosk")
    return out.split()[0] if out else None


def unit_ready(vm, old_pid):
    """The unit is active again (READY=1 is sent after the first frame) with a new
    parkkiosk process."""
    state = vm.out("systemctl show -p ActiveState --value parkkiosk")
    pid = kiosk_pid(vm)
    return pid if state == "active" and pid and pid != old_pid else None


def boot_and_check(vm, args, feed, version, newer, newer_version, work, src):
    # ---------------------------------------------------------------- boot 1
    power_on(vm, args, "boot1")
    log(f"power on ({vm.accel})")
    v, secs = wait_screen(vm, args, "the kiosk on the screen", os.path.join(work, "screen-boot1"))
    if not check(v is not None, f"screen shows the kiosk {secs:.0f} s after power-on "
                 f"(header colour on top, text; deadline {args.screen_deadline:.0f} s, {vm.accel})"):
        w, h, rgb = vm.screendump(os.path.join(work, "screen-boot1"))
        write_png(os.path.join(work, "screen-boot1.png"), w, h, rgb)
        return 1
    w, h, rgb, hdr, bright = v
    write_png(os.path.join(work, "screen-boot1.png"), w, h, rgb)
    log(f"screendump {w}x{h}: header {hdr:.0%} of the top, text {bright:.1%}; "
        f"{os.path.join(work, 'screen-boot1.png')}")
    boot_to_frame = secs

    _, s = wait_for("SSH", 180, lambda: vm.ssh("true")[0] == 0, interval=3)
    if not check(vm.ssh("true")[0] == 0, "SSH (key only, host keys made at first boot) answers"):
        return 1
    log("boot: " + vm.out("systemd-analyze | head -1"))
    log(vm.out("journalctl -b -u parkkiosk -o cat | grep -E 'display: ' | tail -2"))

    gettys = vm.out("systemctl list-units --no-legend --state=active 'getty@*' 'serial-getty@*' "
                    "'autovt@*' | wc -l; pgrep -c -x agetty || true")
    check(gettys.split() == ["0", "0"], f"no getty on any VT or serial line ({gettys.split()})")
    cur = vm.out("cat /sys/module/vt/parameters/global_cursor_default; "
                 "perl -e 'open(T, \"<\", \"/dev/tty1\") or die; $m = pack(\"L\", 9); "
                 "ioctl(T, 0x4B3B, $m) or die; print unpack(\"L\", $m), \"\\n\"'")
    check(cur.split() == ["0", "1"], "no cursor: console cursor off, tty1 in graphics mode "
          f"(KDGETMODE = KD_GRAPHICS) ({cur.split()})")
    users = vm.out("ps -o user:20=,comm= -C parkkiosk,cage")
    check("parkkiosk parkkiosk" in " ".join(users.split()) and "root" not in users,
          f"cage and parkkiosk run as parkkiosk ({' / '.join(users.splitlines())})")
    rc, _ = vm.ssh("touch /image-test 2>/dev/null")
    ro = vm.out("findmnt -no OPTIONS /").split(",")[0]
    check(rc != 0 and ro == "ro", f"/ is read-only ({ro}, touch refused)")
    mnt = vm.out("findmnt -no SOURCE -T /var/lib/parkkiosk; findmnt -no SOURCE -T "
                 "/var/cache/parkkiosk; findmnt -no SOURCE,FSTYPE,OPTIONS /var; "
                 "blkid -s LABEL -o value $(findmnt -no SOURCE /var)").splitlines()
    check(len(mnt) == 4 and mnt[0] == mnt[1] == mnt[2].split()[0] and mnt[3] == "kioskdata"
          and " rw," in " " + mnt[2].split()[2] + ",",
          f"state and cache on the writable data partition ({'; '.join(mnt)})")
    hl, _ = wait_for("health file with feed data", 120,
                     lambda: (lambda d: d if d and d["feeds"] and d["feeds"][0]["has_data"]
                              else None)(health(vm)), interval=3)
    check(hl is not None and hl["display"] == "drawing" and hl["frames_drawn"] >= 1,
          "health file written: " + (f"display {hl['display']}, {hl['frames_drawn']} frames, "
                                     f"feed has data" if hl else "none"))
    cache = vm.out("ls /var/cache/parkkiosk/ | sort | md5sum; ls /var/cache/parkkiosk | wc -l")
    check(cache.split()[-1] != "0", f"feed cache written under /var/cache/parkkiosk "
          f"({cache.split()[-1]} files)")
    conf_sum = vm.out("md5sum < /etc/parkkiosk/config.json")

    # Watchdog: a hung kiosk loop.
    pid = kiosk_pid(vm)
    vm.ssh(f"kill -STOP {pid}")
    limit = WATCHDOG_S + TIMEOUT_ABORT_S + RESTART_S + 60
    new, secs = wait_for("the watchdog restart", limit, lambda: unit_ready(vm, pid))
    check(new is not None, f"SIGSTOP: watchdog restarted the kiosk in {secs:.0f} s "
          f"(WatchdogSec {WATCHDOG_S} + TimeoutAbortSec {TIMEOUT_ABORT_S} + RestartSec "
          f"{RESTART_S} + start; deadline {limit} s)")
    log(vm.out("journalctl -u parkkiosk -o cat | grep -E 'Watchdog timeout|Failed with' | tail -2"))
    watchdog_s = secs

    pid = kiosk_pid(vm)
    vm.ssh(f"kill -9 {pid}")
    new, secs = wait_for("the restart after kill -9", 90, lambda: unit_ready(vm, pid), interval=1)
    check(new is not None, f"kill -9: kiosk restarted and ready in {secs:.0f} s (deadline 90 s)")
    kill_s = secs

    # A newer package on the running kiosk: what an admin does.
    pid = kiosk_pid(vm)
    rc = subprocess.run(["scp", "-q", "-i", os.path.join(work, "key"), "-P", str(vm.ssh_port),
                         "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                         "-o", "LogLevel=ERROR", newer, "root@127.0.0.1:/var/tmp/"]).returncode
    base = os.path.basename(newer)
    rc2, out = vm.ssh(f"mount -o remount,rw / && dpkg -i /var/tmp/{base} >/var/tmp/dpkg.log 2>&1;"
                      " r=$?; sync; mount -o remount,ro /; rm -f /var/tmp/" + base + "; exit $r",
                      timeout=300)
    check(rc == 0 and rc2 == 0, f"dpkg -i {base} on the running image")
    new, secs = wait_for("the kiosk on the new package", 120, lambda: unit_ready(vm, pid))
    info = vm.out("dpkg-query -W -f='${Version}\\n' parkkiosk; test -e "
                  "/usr/share/doc/parkkiosk/image-test-upgrade && echo newfile; "
                  f"readlink /proc/{new}/exe" if new else "true")
    check(new is not None and newer_version in info and "newfile" in info and
          "deleted" not in info, f"kiosk restarted on the new package in {secs:.0f} s "
          f"({' '.join(info.split())})")
    check(vm.out("md5sum < /etc/parkkiosk/config.json") == conf_sum,
          "config kept across the upgrade")
    check(vm.out("ls /var/cache/parkkiosk/ | sort | md5sum; ls /var/cache/parkkiosk | wc -l")
          == cache, "feed cache kept across the upgrade")
    check(vm.out("findmnt -no OPTIONS /").split(",")[0] == "ro", "/ read-only again")
    upgrade_s = secs

    hl = health(vm)
    data_time = hl["feeds"][0]["data_time"] if hl else None
    log(f"last good data: data_time {data_time}")

    # Into boot 2: no feed server, and a display path that cannot work (a misconfigured
    # video driver), as a drop-in an admin might leave behind.
    feed.stop()
    vm.ssh("mount -o remount,rw / && mkdir -p /etc/systemd/system/parkkiosk.service.d && "
           "printf '[Service]\\nEnvironment=SDL_VIDEODRIVER=no-such-display\\n' > "
           "/etc/systemd/system/parkkiosk.service.d/image-test-broken.conf && sync; "
           "mount -o remount,ro /")
    t = time.monotonic()
    vm.qmp("system_powerdown")
    try:
        vm.proc.wait(timeout=120)
        off = True
    except subprocess.TimeoutExpired:
        off = False
    check(off, f"power key: clean shutdown, QEMU off in {time.monotonic() - t:.0f} s "
          "(deadline 120 s)")
    vm.kill()

    # ---------------------------------------------------------------- boot 2
    power_on(vm, args, "boot2")
    log(f"power on again ({vm.accel}), feed server gone")
    _, s = wait_for("SSH", 300, lambda: vm.ssh("true")[0] == 0, interval=3)
    failed, secs = wait_for("the crash loop to end", 400, lambda: vm.out(
        "systemctl show -p ActiveState --value parkkiosk") == "failed", interval=3)
    nrs = vm.out("systemctl show -p NRestarts --value parkkiosk; systemctl is-system-running")
    check(failed is not None, f"a kiosk that cannot draw ends in failed state, {secs:.0f} s "
          f"after SSH (deadline 400 s; NRestarts, is-system-running: {' '.join(nrs.split())})")
    hl = health(vm)
    check(hl is not None and hl["display"] == "no frame drawn since boot" and
          hl["frames_drawn"] == 0, "its health says \"no frame drawn since boot\" "
          f"({hl['display'] if hl else 'no health file'})")
    vm.ssh("mount -o remount,rw / && rm /etc/systemd/system/parkkiosk.service.d/"
           "image-test-broken.conf && sync; mount -o remount,ro /; systemctl daemon-reload; "
           "systemctl reset-failed parkkiosk; systemctl start --no-block parkkiosk")
    v, _ = wait_screen(vm, args, "the kiosk after the repair", os.path.join(work, "screen-boot2"))
    check(v is not None, "repaired: the kiosk is on the screen again")
    if v:
        write_png(os.path.join(work, "screen-boot2.png"), *v[:3])
    hl, _ = wait_for("health with cached data", 60, lambda: (lambda d: d if d and d["feeds"]
                     and d["feeds"][0]["has_data"] else None)(health(vm)), interval=3)
    f = hl["feeds"][0] if hl else {}
    true_age = (time.time() - calendar.timegm(time.strptime(data_time, "%Y-%m-%dT%H:%M:%SZ"))
                if data_time else None)
    age = f.get("data_age_s")
    check(bool(f) and f.get("from_cache") and f.get("data_time") == data_time and
          age is not None and true_age is not None and abs(age - true_age) < 600,
          f"feed server gone + power cycle: the last good data from the cache, data_time "
          f"{f.get('data_time')}, age {age} s (true age {true_age and round(true_age)} s), "
          f"last error {f.get('last_error')!r}")
    log(f"figures: boot-to-first-frame {boot_to_frame:.0f} s ({vm.accel}); watchdog restart "
        f"{watchdog_s:.0f} s; kill -9 restart {kill_s:.0f} s; upgrade restart {upgrade_s:.0f} s")
    return 0 if RESULTS["failed"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
