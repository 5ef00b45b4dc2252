#!/bin/sh
# Builds the tiny test guest for the real-VM tests (docs/realvm.md): Debian's cloud kernel and a
# busybox initramfs, both fetched with 'apt-get download'. No disk: the guest lives in its initramfs.
#   GUEST_DIR (default /var/cache/hostbridge-test/guest) receives vmlinuz, initrd.img and VERSION.
# Idempotent: does nothing when GUEST_DIR/VERSION names the kernel and busybox versions apt offers now.
#
# The guest's /init:
#   - mounts proc, sys, devtmpfs; prints "HOSTBRIDGE-GUEST-UP" on the console (console=ttyS0);
#   - with hb.poweroff=N on the kernel command line powers off by itself after N seconds
#     (prints "HOSTBRIDGE-GUEST-POWEROFF timer" first): "shutdown by the guest";
#   - loads the ACPI button and evdev modules and powers off when the ACPI power button is pressed
#     ('virsh shutdown', VM.shutdown; prints "HOSTBRIDGE-GUEST-POWEROFF acpi");
#   - with hb.ticks=1 prints "HOSTBRIDGE-GUEST-TICK <n>" every second (shows the guest keeps running
#     across pause/cont and migration);
#   - with hb.shell=1 runs a shell on the serial console, prompt "HOSTBRIDGE-GUEST-SHELL# " (console tests
#     type commands into it; without the switch the console takes no input);
#   - loads the virtio PCI, block and net drivers, so that disks and NICs plugged in while it runs (ACPI PCI
#     hotplug is built into the kernel) appear as /sys/block/vd* and /sys/class/net/eth*.
set -eu

GUEST_DIR=${GUEST_DIR:-/var/cache/hostbridge-test/guest}
[ "$(id -u)" -eq 0 ] || { echo "build-guest: run as root (apt-get download, cache under /var/cache)" >&2; exit 1; }

# the cloud kernel metapackage depends on the versioned image package that holds the vmlinuz
kpkg=$(apt-cache depends linux-image-cloud-amd64 | sed -n 's/^ *Depends: \(linux-image-[0-9].*-cloud-amd64\)$/\1/p' | head -n 1)
[ -n "$kpkg" ] || { echo "build-guest: no linux-image-*-cloud-amd64 dependency of linux-image-cloud-amd64 (apt-get update?)" >&2; exit 1; }
kver=$(apt-cache policy "$kpkg" | sed -n 's/^ *Candidate: //p')
bver=$(apt-cache policy busybox-static | sed -n 's/^ *Candidate: //p')
want="kernel=$kpkg $kver busybox-static=$bver initramfs=6"
if [ -f "$GUEST_DIR/VERSION" ] && [ "$(cat "$GUEST_DIR/VERSION")" = "$want" ] \
   && [ -s "$GUEST_DIR/vmlinuz" ] && [ -s "$GUEST_DIR/initrd.img" ]; then
  echo "build-guest: $GUEST_DIR is current ($want)"
  exit 0
fi

work=$(mktemp -d /tmp/hostbridge-guest.XXXXXX)
trap 'rm -rf "$work"' EXIT
# apt-get download drops privileges to _apt where it can write
! id _apt >/dev/null 2>&1 || chown _apt "$work"
cd "$work"
apt-get download -q "$kpkg" busybox-static >/dev/null
dpkg-deb -x "$(ls "$kpkg"_*.deb)" kernel
dpkg-deb -x "$(ls busybox-static_*.deb)" busybox
kdir=$(ls -d kernel/lib/modules/*)

root=$work/root
mkdir -p "$root/bin" "$root/proc" "$root/sys" "$root/dev" "$root/etc" "$root/lib/modules" "$root/tmp"
cp busybox/bin/busybox "$root/bin/busybox"
# button: ACPI power button (module in the cloud kernel); evdev: /dev/input/event* to read it from.
# Serial console (8250), initramfs decompression and devtmpfs are built in; the guest needs no disk or net driver.
cp "$kdir/kernel/drivers/acpi/button.ko" "$kdir/kernel/drivers/input/evdev.ko" "$root/lib/modules/"
# virtio (modules in the cloud kernel), in load order: PCI transport, then the block and net drivers
for m in virtio/virtio_ring virtio/virtio virtio/virtio_pci_legacy_dev virtio/virtio_pci_modern_dev \
         virtio/virtio_pci block/virtio_blk ../net/core/failover net/net_failover net/virtio_net; do
  cp "$kdir/kernel/drivers/$m.ko" "$root/lib/modules/"
done
cat > "$root/init" <<'INIT'
#!/bin/busybox sh
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
echo "HOSTBRIDGE-GUEST-UP $(uname -r) uptime=$(cut -d' ' -f1 /proc/uptime)"
arg() { for w in $(cat /proc/cmdline); do case "$w" in "$1"=*) echo "${w#*=}";; esac; done; }
off() { echo "HOSTBRIDGE-GUEST-POWEROFF $1"; sync; poweroff -f; }
insmod /lib/modules/evdev.ko 2>/dev/null
for m in virtio_ring virtio virtio_pci_legacy_dev virtio_pci_modern_dev virtio_pci virtio_blk failover \
         net_failover virtio_net; do
  insmod "/lib/modules/$m.ko" 2>/dev/null
done
insmod /lib/modules/button.ko 2>/dev/null
# the power button: the input device named "Power Button" (ACPI); any event from it means "pressed"
for d in /sys/class/input/event*; do
  if [ "$(cat "$d/device/name" 2>/dev/null)" = "Power Button" ]; then
    (dd if="/dev/input/${d##*/}" bs=24 count=1 of=/dev/null 2>/dev/null && off acpi) &
    echo "HOSTBRIDGE-GUEST-ACPI /dev/input/${d##*/}"
  fi
done
n=$(arg hb.poweroff)
if [ -n "$n" ]; then (sleep "$n"; off timer) & fi
# a shell on the console (fds 0-2 are /dev/console, i.e. ttyS0); started again if it exits: init must not end
if [ "$(arg hb.shell)" = 1 ]; then
  export PS1='HOSTBRIDGE-GUEST-SHELL# '
  echo "HOSTBRIDGE-GUEST-SHELL"
  while :; do sh; done
fi
if [ "$(arg hb.ticks)" = 1 ]; then i=0; while :; do sleep 1; i=$((i + 1)); echo "HOSTBRIDGE-GUEST-TICK $i"; done; fi
while :; do sleep 3600; done
INIT
chmod 755 "$root/init" "$root/bin/busybox"

mkdir -p "$GUEST_DIR.new"
# busybox (from the package) has cpio; the host may not
(cd "$root" && find . | "$work/busybox/bin/busybox" cpio -o -H newc 2>/dev/null) | gzip -9 > "$GUEST_DIR.new/initrd.img"
cp "$(ls kernel/boot/vmlinuz-*)" "$GUEST_DIR.new/vmlinuz"
echo "$want" > "$GUEST_DIR.new/VERSION"
# world-readable: the system daemon's qemu (libvirt-qemu) and the session daemon's (an unprivileged user) both read them
chmod 755 "$GUEST_DIR.new"
chmod 644 "$GUEST_DIR.new"/*
mkdir -p "$(dirname "$GUEST_DIR")"
chmod 755 "$(dirname "$GUEST_DIR")"
rm -rf "$GUEST_DIR.old"
[ ! -d "$GUEST_DIR" ] || mv "$GUEST_DIR" "$GUEST_DIR.old"
mv "$GUEST_DIR.new" "$GUEST_DIR"
rm -rf "$GUEST_DIR.old"
echo "build-guest: built $GUEST_DIR ($want)"
