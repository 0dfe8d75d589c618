#!/bin/bash
# Builds a bootable parkkiosk kiosk disk image (Debian 12, amd64, UEFI) with debootstrap.
#
#   sudo deploy/image/build-image.sh --deb build-deb/parkkiosk_0.1.0_amd64.deb \
#        --config city-config.json --out kiosk.img [--size 4G] [--ssh-key ops.pub]
#   sudo dd if=kiosk.img of=/dev/sdX bs=4M conv=fsync      # or flash it with your tool
#
# What the image does: boots straight into parkkiosk.service (cage on tty1, no login, no
# getty on any VT), with the root file system mounted read-only. Everything that changes
# lives on a second, writable partition ("kioskdata", mounted at /var):
#   /var/lib/parkkiosk      kiosk state          /var/cache/parkkiosk  last good feeds
#   /var/lib/parkkiosk-etc  -> bind-mounted on /etc/parkkiosk: config.json is the one file
#                              a city edits (over SSH, or by mounting the partition)
# The journal is kept in RAM (32 MB); ship it off the kiosk with systemd-journal-upload or
# read the health metrics (docs/deployment.md). Kernel command line: consoleblank=0 (the
# console never blanks the screen), quiet, no blinking cursor, reboot 10 s after a panic;
# systemd's hardware watchdog resets a kiosk whose kernel or systemd hangs.
#
# Stages: "rootfs" (debootstrap + configuration into a directory; needs root and the
# Debian mirror) and "image" (partitions, file systems, GRUB; needs root and loop
# devices). --stage rootfs stops after the first, e.g. in a container.
#
# Needs on the build host: debootstrap, e2fsprogs, dosfstools, fdisk (sfdisk), mount,
# util-linux (losetup), rsync. Not run in CI (needs loop devices); the package itself is
# tested by tests/deploy/package_test.sh.
set -euo pipefail

SUITE=bookworm
MIRROR=http://deb.debian.org/debian
DEB=""
CONFIG=""
OUT=kiosk.img
SIZE=4G
VAR_SIZE=1G
SSH_KEY=""
HOSTNAME_=parkkiosk
STAGE=all
WORK=""

usage() {
	sed -n '2,30p' "$0" | sed 's/^# \{0,1\}//'
	echo "Options: --deb FILE (required) --config FILE --out FILE --size N[GM] --var-size N[GM]"
	echo "         --ssh-key FILE --hostname NAME --suite NAME --mirror URL --work DIR"
	echo "         --stage rootfs|all"
	exit "${1:-2}"
}

while [ $# -gt 0 ]; do
	case "$1" in
	--deb) DEB=$2; shift 2 ;;
	--config) CONFIG=$2; shift 2 ;;
	--out) OUT=$2; shift 2 ;;
	--size) SIZE=$2; shift 2 ;;
	--var-size) VAR_SIZE=$2; shift 2 ;;
	--ssh-key) SSH_KEY=$2; shift 2 ;;
	--hostname) HOSTNAME_=$2; shift 2 ;;
	--suite) SUITE=$2; shift 2 ;;
	--mirror) MIRROR=$2; shift 2 ;;
	--work) WORK=$2; shift 2 ;;
	--stage) STAGE=$2; shift 2 ;;
	-h | --help) usage 0 ;;
	*) echo "unknown option $1" >&2; usage ;;
	esac
done
if [ -z "$DEB" ] || [ ! -f "$DEB" ]; then
	echo "--deb FILE is required" >&2
	usage
fi
[ -z "$CONFIG" ] || python3 -m json.tool "$CONFIG" >/dev/null ||
	{ echo "$CONFIG is not valid JSON" >&2; exit 2; }
[ "$(id -u)" -eq 0 ] || { echo "run as root (debootstrap, chroot, loop devices)" >&2; exit 2; }

WORK=${WORK:-$(mktemp -d /var/tmp/parkkiosk-image.XXXXXX)}
ROOT=$WORK/rootfs
MNT=$WORK/mnt
LOOP=""
cleanup() {
	set +e
	for m in "$ROOT/dev/pts" "$ROOT/dev" "$ROOT/proc" "$ROOT/sys" "$ROOT/run" \
		"$MNT/boot/efi" "$MNT/var" "$MNT/dev/pts" "$MNT/dev" "$MNT/proc" "$MNT/sys" "$MNT"; do
		mountpoint -q "$m" && umount -l "$m"
	done
	[ -n "$LOOP" ] && losetup -d "$LOOP"
}
trap cleanup EXIT

in_root() { chroot "$ROOT" /usr/bin/env DEBIAN_FRONTEND=noninteractive LC_ALL=C.UTF-8 "$@"; }

bind_api() { # $1 = root
	mount --bind /dev "$1/dev"
	mount --bind /dev/pts "$1/dev/pts"
	mount -t proc proc "$1/proc"
	mount -t sysfs sys "$1/sys"
}
unbind_api() {
	umount "$1/dev/pts" "$1/dev" "$1/proc" "$1/sys"
}

echo "== rootfs: debootstrap $SUITE into $ROOT"
mkdir -p "$ROOT"
debootstrap --variant=minbase --components=main,non-free-firmware \
	--include=systemd,systemd-sysv,udev,dbus,kmod,ca-certificates \
	"$SUITE" "$ROOT" "$MIRROR"

bind_api "$ROOT"
cp "$DEB" "$ROOT/tmp/parkkiosk.deb"
in_root apt-get update -qq
EXTRA=()
[ -z "$SSH_KEY" ] || EXTRA+=(openssh-server)
# One apt-get run: systemd-resolved's postinst points /etc/resolv.conf at its stub, which
# does not answer inside the chroot, so nothing can be downloaded after it.
# Kernel, firmware for common kiosk GPUs and Wi-Fi, time sync, DHCP/DNS, sound mixer.
in_root apt-get install -y -qq --no-install-recommends \
	linux-image-amd64 firmware-linux-free firmware-misc-nonfree firmware-intel-sound \
	grub-efi-amd64 systemd-timesyncd systemd-resolved libnss-resolve alsa-utils \
	libgl1-mesa-dri libegl-mesa0 mesa-vulkan-drivers /tmp/parkkiosk.deb "${EXTRA[@]}"
rm "$ROOT/tmp/parkkiosk.deb"
if [ -n "$SSH_KEY" ]; then
	install -d -m 0700 "$ROOT/root/.ssh"
	install -m 0600 "$SSH_KEY" "$ROOT/root/.ssh/authorized_keys"
	# Keys only. Host keys must differ per kiosk: none in the image, each kiosk makes its
	# own at first boot on the writable partition.
	rm -f "$ROOT"/etc/ssh/ssh_host_*
	printf '%s\n' 'PasswordAuthentication no' 'KbdInteractiveAuthentication no' \
		'HostKey /var/lib/ssh-hostkeys/etc/ssh/ssh_host_ed25519_key' \
		>"$ROOT/etc/ssh/sshd_config.d/parkkiosk.conf"
	install -d "$ROOT/etc/systemd/system/ssh.service.d"
	printf '%s\n' '[Service]' 'ExecStartPre=/bin/mkdir -p /var/lib/ssh-hostkeys/etc/ssh' \
		'ExecStartPre=/usr/bin/ssh-keygen -A -f /var/lib/ssh-hostkeys' \
		>"$ROOT/etc/systemd/system/ssh.service.d/parkkiosk-hostkeys.conf"
fi
in_root apt-get clean
rm -rf "$ROOT"/var/lib/apt/lists/*

echo "== rootfs: configuration"
echo "$HOSTNAME_" >"$ROOT/etc/hostname"
# An empty machine-id on a read-only root: systemd makes a transient one each boot (set a
# fixed one per kiosk with systemd.machine_id= on the kernel command line if wanted).
: >"$ROOT/etc/machine-id"
if [ -n "$CONFIG" ]; then
	install -m 0640 -g "$(in_root getent group parkkiosk | cut -d: -f3)" \
		"$CONFIG" "$ROOT/etc/parkkiosk/config.json"
fi
# The city's config lives on the writable partition; seed it from the image's copy.
install -d -m 0750 "$ROOT/var/lib/parkkiosk-etc"
cp -a "$ROOT/etc/parkkiosk/." "$ROOT/var/lib/parkkiosk-etc/"

# Boot straight into the kiosk; no login prompt on any VT (cage -s lets VTs switch, and
# there must be nothing behind them).
in_root systemctl enable parkkiosk.service systemd-networkd.service systemd-resolved.service \
	systemd-timesyncd.service
in_root systemctl set-default graphical.target
in_root systemctl mask getty@tty1.service serial-getty@ttyS0.service
install -d "$ROOT/etc/systemd/logind.conf.d" "$ROOT/etc/systemd/journald.conf.d" \
	"$ROOT/etc/systemd/system.conf.d" "$ROOT/etc/systemd/network"
printf '[Login]\nNAutoVTs=0\nReserveVT=0\nHandlePowerKey=ignore\nHandleLidSwitch=ignore\n' \
	>"$ROOT/etc/systemd/logind.conf.d/parkkiosk.conf"
printf '[Journal]\nStorage=volatile\nRuntimeMaxUse=32M\n' \
	>"$ROOT/etc/systemd/journald.conf.d/parkkiosk.conf"
# Hardware watchdog: reset the board if the kernel or systemd itself hangs.
printf '[Manager]\nRuntimeWatchdogSec=30s\nRebootWatchdogSec=10min\n' \
	>"$ROOT/etc/systemd/system.conf.d/parkkiosk-watchdog.conf"
printf '[Match]\nName=en* eth*\n\n[Network]\nDHCP=yes\n' \
	>"$ROOT/etc/systemd/network/50-wired.network"
ln -sf /run/systemd/resolve/stub-resolv.conf "$ROOT/etc/resolv.conf"

cat >"$ROOT/etc/fstab" <<'FSTAB'
# <file system>     <mount point>   <type>  <options>                       <dump> <pass>
LABEL=kioskroot     /               ext4    ro,noatime,errors=remount-ro    0      1
LABEL=KIOSKEFI      /boot/efi       vfat    ro,umask=0077                   0      2
LABEL=kioskdata     /var            ext4    rw,noatime,nosuid,nodev         0      2
/var/lib/parkkiosk-etc /etc/parkkiosk none  bind,nosuid,nodev,noexec,x-systemd.requires-mounts-for=/var 0 0
tmpfs               /tmp            tmpfs   nosuid,nodev,mode=1777          0      0
FSTAB

cat >"$ROOT/etc/default/grub" <<'GRUB'
GRUB_DEFAULT=0
GRUB_TIMEOUT=0
GRUB_TIMEOUT_STYLE=hidden
GRUB_DISTRIBUTOR=parkkiosk
GRUB_CMDLINE_LINUX_DEFAULT="quiet loglevel=3 consoleblank=0 vt.global_cursor_default=0 panic=10"
GRUB_CMDLINE_LINUX=""
GRUB_DISABLE_OS_PROBER=true
GRUB
unbind_api "$ROOT"

if [ "$STAGE" = rootfs ]; then
	echo "== done: root file system in $ROOT (no image: --stage rootfs)"
	trap - EXIT
	exit 0
fi

echo "== image: $OUT ($SIZE: 256M EFI, $VAR_SIZE /var, the rest root)"
rm -f "$OUT"
truncate -s "$SIZE" "$OUT"
sfdisk --quiet "$OUT" <<SFDISK
label: gpt
size=256M, type=uefi, name=efi
size=$VAR_SIZE, type=linux, name=var
type=linux, name=root
SFDISK
LOOP=$(losetup --find --show --partscan "$OUT")
mkfs.vfat -n KIOSKEFI "${LOOP}p1" >/dev/null
mkfs.ext4 -q -L kioskdata "${LOOP}p2"
mkfs.ext4 -q -L kioskroot "${LOOP}p3"
mkdir -p "$MNT"
mount "${LOOP}p3" "$MNT"
rsync -aHAX --exclude='/var/*' "$ROOT/" "$MNT/"
mkdir -p "$MNT/var" "$MNT/boot/efi"
mount "${LOOP}p2" "$MNT/var"
rsync -aHAX "$ROOT/var/" "$MNT/var/"
mount "${LOOP}p1" "$MNT/boot/efi"
bind_api "$MNT"
chroot "$MNT" grub-install --target=x86_64-efi --efi-directory=/boot/efi --removable \
	--no-nvram --bootloader-id=parkkiosk
chroot "$MNT" update-grub
# update-grub writes root=UUID=…; keep it (the file systems were just made).
unbind_api "$MNT"
sync
echo "== done: $OUT"
