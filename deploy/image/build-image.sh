#!/bin/bash
# Builds a bootable parkkiosk kiosk disk image (Debian 12, amd64, UEFI) from directories:
# no loop devices, no mounts of the image, so it builds in a container too.
#
#   sudo deploy/image/build-image.sh --deb build-deb/parkkiosk_0.1.0_amd64.deb \
#        --config city-config.json --out kiosk.img [--ssh-key ops.pub] [--cache DIR]
#   sudo dd if=kiosk.img of=/dev/sdX bs=4M conv=fsync      # or flash it with your tool
#
# What the image does: UEFI firmware starts systemd-boot (no menu, no editor), which boots
# the kernel with root=UUID=… (the UUIDs are chosen here, so no udev is needed at build
# time). systemd starts parkkiosk.service: cage on tty1 with the kiosk, no login, no
# getty on any VT. The root file system is mounted read-only. Everything that changes
# lives on a second, writable partition ("kioskdata", mounted at /var):
#   /var/lib/parkkiosk      kiosk state          /var/cache/parkkiosk  last good feeds
#   /var/lib/parkkiosk-etc  -> bind-mounted on /etc/parkkiosk: config.json is the one file
#                              a city edits (over SSH, or by mounting the partition)
# The journal is kept in RAM (32 MB). Kernel command line: consoleblank=0, quiet, no
# blinking cursor, reboot 10 s after a panic; systemd's hardware watchdog resets a kiosk
# whose kernel or systemd hangs. The power key shuts down cleanly.
#
# How: debootstrap + apt into a directory (with --cache DIR the installed base root and
# apt's downloads are kept and reused), then `sfdisk` writes a GPT into the image file,
# `mkfs.ext4 -d DIR -E offset=…` builds root and /var straight from directories into
# their partitions, `mkfs.vfat` + `mcopy` the EFI system partition.
# --stage rootfs stops after the root directory.
#
# Needs on the build host (checked first): debootstrap, e2fsprogs >= 1.45 (mkfs.ext4 -d),
# dosfstools (mkfs.vfat), mtools (mcopy), fdisk (sfdisk), python3, root.
set -euo pipefail

SUITE=bookworm
MIRROR=http://deb.debian.org/debian
DEB=""
CONFIG=""
OUT=kiosk.img
VAR_SIZE=512M
ESP_SIZE=128M
SSH_KEY=""
HOSTNAME_=parkkiosk
STAGE=all
WORK=""
CACHE=""
CMDLINE_EXTRA=""

usage() {
	sed -n '2,31p' "$0" | sed 's/^# \{0,1\}//'
	echo "Options: --deb FILE (required) --config FILE --out FILE --var-size N[GM]"
	echo "         --ssh-key FILE --hostname NAME --suite NAME --mirror URL --work DIR"
	echo "         --cache DIR --cmdline-extra 'ARGS' --stage rootfs|all"
	exit "${1:-2}"
}

while [ $# -gt 0 ]; do
	case "$1" in
	--deb) DEB=$2; shift 2 ;;
	--config) CONFIG=$2; shift 2 ;;
	--out) OUT=$2; shift 2 ;;
	--var-size) VAR_SIZE=$2; shift 2 ;;
	--ssh-key) SSH_KEY=$2; shift 2 ;;
	--hostname) HOSTNAME_=$2; shift 2 ;;
	--suite) SUITE=$2; shift 2 ;;
	--mirror) MIRROR=$2; shift 2 ;;
	--work) WORK=$2; shift 2 ;;
	--cache) CACHE=$2; shift 2 ;;
	--cmdline-extra) CMDLINE_EXTRA=$2; shift 2 ;;
	--stage) STAGE=$2; shift 2 ;;
	-h | --help) usage 0 ;;
	*) echo "unknown option $1" >&2; usage ;;
	esac
done

# --- Host checks, before anything is downloaded.
die() { echo "build-image: $*" >&2; exit 2; }
[ -n "$DEB" ] && [ -f "$DEB" ] || { echo "--deb FILE is required" >&2; usage; }
[ "$(id -u)" -eq 0 ] || die "run as root (debootstrap and chroot need it)"
missing=()
for t in debootstrap:debootstrap mkfs.ext4:e2fsprogs mkfs.vfat:dosfstools mcopy:mtools \
	mmd:mtools sfdisk:fdisk python3:python3 chroot:coreutils truncate:coreutils; do
	command -v "${t%%:*}" >/dev/null || missing+=("${t#*:}")
done
[ ${#missing[@]} -eq 0 ] || die "missing host tools; apt-get install ${missing[*]}"
[[ $(mkfs.ext4 2>&1) == *"-d root-directory"* ]] || die "mkfs.ext4 has no -d (e2fsprogs >= 1.45)"
[ -z "$CONFIG" ] || python3 -m json.tool "$CONFIG" >/dev/null || die "$CONFIG is not valid JSON"
[ -z "$SSH_KEY" ] || [ -f "$SSH_KEY" ] || die "no such key file: $SSH_KEY"
DEB=$(realpath "$DEB")

WORK=${WORK:-$(mktemp -d /var/tmp/parkkiosk-image.XXXXXX)}
mkdir -p "$WORK"
WORK=$(realpath "$WORK")
ROOT=$WORK/rootfs
MOUNTED=()
cleanup() {
	set +e
	local i
	for ((i = ${#MOUNTED[@]} - 1; i >= 0; i--)); do
		umount -l "${MOUNTED[$i]}" 2>/dev/null
	done
	MOUNTED=()
}
trap cleanup EXIT
mnt() { # mnt TARGET mount-args...: mount inside a root under construction
	local target=$1
	shift
	mount "$@" "$target"
	MOUNTED+=("$target")
}
bind_api() { # $1 = root; what apt and maintainer scripts need inside the chroot
	mnt "$1/proc" -t proc proc
	mnt "$1/sys" -t sysfs sys
	mnt "$1/dev" --bind /dev
	mnt "$1/dev/pts" --bind /dev/pts
	if [ -n "$CACHE" ]; then
		mkdir -p "$CACHE/archives/partial"
		mnt "$1/var/cache/apt/archives" --bind "$CACHE/archives"
	fi
	# systemd-resolved's postinst points resolv.conf at its stub, dead in a chroot.
	rm -f "$1/etc/resolv.conf"
	cp /etc/resolv.conf "$1/etc/resolv.conf"
}
in_root() { chroot "$ROOT" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
	DEBIAN_FRONTEND=noninteractive LC_ALL=C.UTF-8 "$@"; }

# Kernel, boot loader, firmware for common kiosk GPUs and Wi-Fi, the display stack (cage
# comes with the package; xwayland for the software path, seatd for the seat), time
# sync, DHCP/DNS, sound mixer; zstd, with which the initramfs unpacks faster than gzip.
PKGS=(linux-image-amd64 systemd-boot-efi firmware-linux-free firmware-misc-nonfree
	firmware-intel-sound systemd-timesyncd systemd-resolved libnss-resolve alsa-utils
	libgl1-mesa-dri libegl-mesa0 xwayland seatd zstd)
[ -z "$SSH_KEY" ] || PKGS+=(openssh-server)

# --- 1. The base root: debootstrap + packages; everything but parkkiosk. Cached.
KEY=$(printf '%s\n' "$SUITE" "$MIRROR" "${PKGS[@]}" | sha256sum | cut -c1-12)
BASE=${CACHE:+$CACHE/base-$SUITE-$KEY}
if [ -n "$BASE" ] && [ -f "$BASE/.complete" ]; then
	echo "== rootfs: cached base $BASE"
	rm -rf "$ROOT"
	cp -a "$BASE" "$ROOT"
	rm -f "$ROOT/.complete"
else
	echo "== rootfs: debootstrap $SUITE into $ROOT"
	rm -rf "$ROOT"
	mkdir -p "$ROOT"
	DB_CACHE=()
	if [ -n "$CACHE" ]; then
		mkdir -p "$CACHE/archives"
		DB_CACHE=(--cache-dir="$CACHE/archives")
	fi
	debootstrap --variant=minbase --components=main,non-free-firmware "${DB_CACHE[@]}" \
		--include=systemd,systemd-sysv,udev,dbus,kmod,ca-certificates \
		"$SUITE" "$ROOT" "$MIRROR"
	# Point releases and security updates (apt on a kiosk is run by an admin: the root
	# is read-only, so the apt timers are masked below).
	cat >"$ROOT/etc/apt/sources.list" <<-SOURCES
		deb $MIRROR $SUITE main non-free-firmware
		deb $MIRROR $SUITE-updates main non-free-firmware
		deb ${MIRROR%/debian}/debian-security $SUITE-security main non-free-firmware
	SOURCES
	echo 'Binary::apt::APT::Keep-Downloaded-Packages "true";' \
		>"$ROOT/etc/apt/apt.conf.d/90parkkiosk-keep"
	bind_api "$ROOT"
	in_root apt-get update -qq
	in_root apt-get install -y -qq --no-install-recommends "${PKGS[@]}"
	cleanup
	in_root apt-get clean
	if [ -n "$BASE" ]; then
		rm -rf "$BASE.tmp"
		cp -a "$ROOT" "$BASE.tmp"
		touch "$BASE.tmp/.complete"
		rm -rf "$BASE"
		mv "$BASE.tmp" "$BASE"
	fi
fi

# --- 2. parkkiosk and the kiosk's configuration.
echo "== rootfs: parkkiosk and configuration"
bind_api "$ROOT"
cp "$DEB" "$ROOT/tmp/parkkiosk.deb"
in_root apt-get install -y -qq --no-install-recommends /tmp/parkkiosk.deb ||
	{ in_root apt-get update -qq && in_root apt-get install -y -qq --no-install-recommends \
		/tmp/parkkiosk.deb; }
rm "$ROOT/tmp/parkkiosk.deb"
cleanup # unmount the cache before cleaning: apt-get clean would empty it
in_root apt-get clean
rm -rf "$ROOT"/var/lib/apt/lists/* "$ROOT/etc/apt/apt.conf.d/90parkkiosk-keep"
ln -sf /run/systemd/resolve/stub-resolv.conf "$ROOT/etc/resolv.conf"

if [ -n "$SSH_KEY" ]; then
	install -d -m 0700 "$ROOT/root/.ssh"
	install -m 0600 "$SSH_KEY" "$ROOT/root/.ssh/authorized_keys"
	# Keys only. Host keys must differ per kiosk: none in the image; each kiosk makes its
	# own at first boot on the writable partition, before ssh.service checks its config.
	rm -f "$ROOT"/etc/ssh/ssh_host_*
	printf '%s\n' 'PasswordAuthentication no' 'KbdInteractiveAuthentication no' \
		'HostKey /var/lib/ssh-hostkeys/etc/ssh/ssh_host_ed25519_key' \
		>"$ROOT/etc/ssh/sshd_config.d/parkkiosk.conf"
	cat >"$ROOT/etc/systemd/system/parkkiosk-ssh-hostkeys.service" <<-'UNIT'
		[Unit]
		Description=SSH host keys of this kiosk (on the writable /var)
		RequiresMountsFor=/var/lib
		Before=ssh.service
		ConditionPathExists=!/var/lib/ssh-hostkeys/etc/ssh/ssh_host_ed25519_key

		[Service]
		Type=oneshot
		ExecStart=/bin/mkdir -p /var/lib/ssh-hostkeys/etc/ssh
		ExecStart=/usr/bin/ssh-keygen -q -t ed25519 -N "" -f /var/lib/ssh-hostkeys/etc/ssh/ssh_host_ed25519_key

		[Install]
		RequiredBy=ssh.service
	UNIT
	in_root systemctl enable parkkiosk-ssh-hostkeys.service
fi

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

# Boot straight into the kiosk; no login prompt on any VT.
in_root systemctl enable parkkiosk.service seatd.service systemd-networkd.service \
	systemd-resolved.service systemd-timesyncd.service
in_root systemctl set-default graphical.target
in_root systemctl mask getty@tty1.service serial-getty@ttyS0.service autovt@.service \
	apt-daily.timer apt-daily-upgrade.timer
install -d "$ROOT/etc/systemd/logind.conf.d" "$ROOT/etc/systemd/journald.conf.d" \
	"$ROOT/etc/systemd/system.conf.d" "$ROOT/etc/systemd/network"
# The power key (inside the kiosk's housing) shuts down cleanly, as does an ACPI power
# request from a hypervisor or a UPS.
printf '[Login]\nNAutoVTs=0\nReserveVT=0\nHandlePowerKey=poweroff\nHandleLidSwitch=ignore\n' \
	>"$ROOT/etc/systemd/logind.conf.d/parkkiosk.conf"
printf '[Journal]\nStorage=volatile\nRuntimeMaxUse=32M\n' \
	>"$ROOT/etc/systemd/journald.conf.d/parkkiosk.conf"
# Hardware watchdog: reset the board if the kernel or systemd itself hangs.
printf '[Manager]\nRuntimeWatchdogSec=30s\nRebootWatchdogSec=10min\n' \
	>"$ROOT/etc/systemd/system.conf.d/parkkiosk-watchdog.conf"
printf '[Match]\nName=en* eth*\n\n[Network]\nDHCP=yes\n' \
	>"$ROOT/etc/systemd/network/50-wired.network"

# --- 3. File systems from directories, into one GPT image file.
ROOT_UUID=$(cat /proc/sys/kernel/random/uuid)
VAR_UUID=$(cat /proc/sys/kernel/random/uuid)
ESP_ID=$(od -An -N4 -tx4 /dev/urandom | tr -d ' ' | tr a-f A-F)

cat >"$ROOT/etc/fstab" <<FSTAB
# <file system>     <mount point>   <type>  <options>                       <dump> <pass>
UUID=$ROOT_UUID /  ext4  ro,noatime,errors=remount-ro  0 1
UUID=${ESP_ID:0:4}-${ESP_ID:4:4} /boot/efi vfat ro,umask=0077,nofail  0 2
UUID=$VAR_UUID /var  ext4  rw,noatime,nosuid,nodev  0 2
/var/lib/parkkiosk-etc /etc/parkkiosk none bind,nosuid,nodev,noexec,x-systemd.requires-mounts-for=/var 0 0
tmpfs /tmp tmpfs nosuid,nodev,mode=1777 0 0
FSTAB

echo "== image: boot loader and kernel on the EFI system partition"
ESPDIR=$WORK/esp
rm -rf "$ESPDIR" "$WORK/var"
mkdir -p "$ESPDIR/EFI/BOOT" "$ESPDIR/loader/entries" "$ESPDIR/parkkiosk"
cp "$ROOT/usr/lib/systemd/boot/efi/systemd-bootx64.efi" "$ESPDIR/EFI/BOOT/BOOTX64.EFI"
KVER=$(basename "$(ls -d "$ROOT"/lib/modules/* | sort -V | tail -1)")
cp "$ROOT/boot/vmlinuz-$KVER" "$ESPDIR/parkkiosk/vmlinuz"
cp "$ROOT/boot/initrd.img-$KVER" "$ESPDIR/parkkiosk/initrd.img"
# No menu, no editor: a passer-by with a keyboard cannot change the command line.
printf 'default parkkiosk.conf\ntimeout 0\neditor no\nauto-entries no\nauto-firmware no\n' \
	>"$ESPDIR/loader/loader.conf"
cat >"$ESPDIR/loader/entries/parkkiosk.conf" <<ENTRY
title   parkkiosk ($KVER)
linux   /parkkiosk/vmlinuz
initrd  /parkkiosk/initrd.img
options root=UUID=$ROOT_UUID ro quiet loglevel=3 consoleblank=0 vt.global_cursor_default=0 panic=10 $CMDLINE_EXTRA
ENTRY

if [ "$STAGE" = rootfs ]; then
	echo "== done: root file system in $ROOT, EFI partition in $ESPDIR (--stage rootfs)"
	exit 0
fi

# /var goes to its own file system; the root keeps an empty mount point.
mv "$ROOT/var" "$WORK/var"
mkdir -m 0755 "$ROOT/var"
mkdir -p "$ROOT/boot/efi"

mib() { # size of a directory tree in MiB, plus a margin for metadata and growth
	local kb
	kb=$(du -sk --apparent-size "$1" | cut -f1)
	echo $((kb * 115 / 100 / 1024 + $2))
}
to_mib() { numfmt --from=iec "$1" | awk '{ printf "%d", $1 / 1048576 }'; }
ROOT_MIB=$(mib "$ROOT" 64)
VAR_MIB=$(to_mib "$VAR_SIZE")
V_NEED=$(mib "$WORK/var" 32)
[ "$VAR_MIB" -ge "$V_NEED" ] || VAR_MIB=$V_NEED
ESP_MIB=$(to_mib "$ESP_SIZE")
# Layout (MiB): 1 GPT | ESP | var | root | 1 backup GPT
ESP_START=1
VAR_START=$((ESP_START + ESP_MIB))
ROOT_START=$((VAR_START + VAR_MIB))
TOTAL=$((ROOT_START + ROOT_MIB + 1))
echo "== image: $OUT, $TOTAL MiB (EFI $ESP_MIB, /var $VAR_MIB, root $ROOT_MIB)"
rm -f "$OUT"
truncate -s "${TOTAL}M" "$OUT"
sfdisk --quiet "$OUT" <<SFDISK
label: gpt
start=${ESP_START}MiB, size=${ESP_MIB}MiB, type=uefi, name=efi
start=${VAR_START}MiB, size=${VAR_MIB}MiB, type=linux, name=kioskdata
start=${ROOT_START}MiB, size=${ROOT_MIB}MiB, type=4F68BCE3-E8CD-4DB1-96E7-FBCAF984B709, name=kioskroot
SFDISK
# mkfs.ext4 writes into the image at the partition's offset (-E offset=) from a directory
# (-d): no loop device, no mount. The size argument is in 4 KiB blocks.
mkfs.ext4 -q -F -b 4096 -L kioskdata -U "$VAR_UUID" -d "$WORK/var" \
	-E offset=$((VAR_START * 1048576)) "$OUT" $((VAR_MIB * 256))
mkfs.ext4 -q -F -b 4096 -L kioskroot -U "$ROOT_UUID" -d "$ROOT" \
	-E offset=$((ROOT_START * 1048576)) "$OUT" $((ROOT_MIB * 256))
# The ESP as a file of its own (mkfs.fat's --offset misjudges large files), filled with
# mcopy, then copied into its partition.
rm -f "$WORK/esp.img"
mkfs.vfat -F 32 -n KIOSKEFI -i "$ESP_ID" -C "$WORK/esp.img" $((ESP_MIB * 1024)) >/dev/null
MTOOLS_SKIP_CHECK=1 mcopy -s -i "$WORK/esp.img" "$ESPDIR"/* ::/
dd if="$WORK/esp.img" of="$OUT" bs=1M seek=$ESP_START conv=notrunc,sparse status=none
rm -f "$WORK/esp.img"
# The image as a whole is sparse: report what a copy really costs.
echo "== done: $OUT ($(du -h --apparent-size "$OUT" | cut -f1), $(du -h "$OUT" | cut -f1) allocated; root UUID $ROOT_UUID)"
