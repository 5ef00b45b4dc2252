#!/bin/sh
# Prepares this machine for the real-VM tests (docs/realvm.md); 'make test' and 'make test-realvm' run it
# before Maven. Idempotent: installs only what is missing, starts only daemons that do not answer.
#   1. Debian packages of the libvirt daemon and QEMU (through scripts/prereqs.sh, no recommends);
#   2. /dev/kvm root:kvm 0660 (with root:root 0600 every define waits ~40 s on the KVM probe);
#   3. the system daemons (virtlogd, libvirtd) for qemu:///system;
#   4. an unprivileged user ($HB_REALVM_USER) and its session libvirtd: the second "host" that VMs
#      migrate to; root reaches it through its socket (SESSION_URI below);
#   5. the tiny guest (build-guest.sh);
#   6. $HB_REALVM_ENV: the URIs, user and guest paths the tests read.
# Leftover domains named hbtest-* (from an interrupted test run) are destroyed and undefined on both daemons.
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
CACHE=${HB_REALVM_CACHE:-/var/cache/hostbridge-test}
HB_REALVM_USER=${HB_REALVM_USER:-hostbridge-mig}
HB_REALVM_ENV=${HB_REALVM_ENV:-$CACHE/realvm.properties}
DEADLINE=${HB_REALVM_DEADLINE:-120}     # seconds to wait for a daemon to answer (first start ~8 s here)
LOGS=/var/log/hostbridge-test
SESSION_HOME=/var/lib/$HB_REALVM_USER
SESSION_RUN=/run/$HB_REALVM_USER
SYSTEM_URI=qemu:///system
SESSION_URI="qemu+unix:///session?socket=$SESSION_RUN/libvirt/libvirt-sock"

[ "$(id -u)" -eq 0 ] || { echo "realvm setup: run as root (installs packages, starts the system libvirtd)" >&2; exit 1; }

"$HERE/../prereqs.sh" libvirt-daemon libvirt-daemon-driver-qemu libvirt-daemon-system \
  libvirt-daemon-system-sysv qemu-system-x86 qemu-utils libvirt-clients ovmf swtpm swtpm-tools

# swtpm's local CA (the EK certificates of an emulated TPM) is written by the user libvirt runs swtpm as: tss, or
# root when the daemon started before swtpm-tools created tss. Files a root swtpm left make a later tss swtpm fail
# ("Need read/write rights on /var/lib/swtpm-localca/.lock.swtpm-localca"): the CA's state belongs to tss.
if id tss >/dev/null 2>&1 && [ -d /var/lib/swtpm-localca ]; then chown -R tss:root /var/lib/swtpm-localca; fi

getent group kvm >/dev/null || groupadd --system kvm
if [ -e /dev/kvm ]; then chown root:kvm /dev/kvm; chmod 0660 /dev/kvm; fi
mkdir -p "$LOGS"

answers() { virsh -c "$1" version >/dev/null 2>&1; }

await() { # URI WHAT: polls until the daemon answers, or fails at the deadline naming its log
  end=$(( $(date +%s) + DEADLINE ))
  until answers "$1"; do
    if [ "$(date +%s)" -ge "$end" ]; then
      echo "realvm setup: $2 does not answer on $1 after ${DEADLINE}s; see $LOGS/" >&2
      virsh -c "$1" version >&2 || true
      exit 1
    fi
    sleep 0.2
  done
}

alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

# system daemons: the packages' sysv scripts are not run (no init here); start them the same way they would
if ! answers "$SYSTEM_URI"; then
  alive /run/virtlogd.pid || LIBVIRT_LOG_OUTPUTS="3:file:$LOGS/virtlogd.log" virtlogd -d
  alive /run/libvirtd.pid || LIBVIRT_LOG_OUTPUTS="3:file:$LOGS/libvirtd.log" libvirtd -d
fi

# the session daemon of an unprivileged user: a second libvirt "host" on this machine
if ! id "$HB_REALVM_USER" >/dev/null 2>&1; then
  useradd --system --create-home --home-dir "$SESSION_HOME" --shell /usr/sbin/nologin --groups kvm "$HB_REALVM_USER"
fi
install -d -o "$HB_REALVM_USER" -g "$(id -gn "$HB_REALVM_USER")" -m 0700 "$SESSION_RUN"
# a host UUID of its own: libvirt refuses to migrate to a daemon reporting the source's host UUID
# (both would read the same SMBIOS UUID where it is readable)
conf=$SESSION_HOME/.config/libvirt/libvirtd.conf
if [ ! -f "$conf" ]; then
  install -d -o "$HB_REALVM_USER" -g "$(id -gn "$HB_REALVM_USER")" -m 0700 "$SESSION_HOME/.config" "$SESSION_HOME/.config/libvirt"
  echo "host_uuid = \"$(cat /proc/sys/kernel/random/uuid)\"" > "$conf"
  chown "$HB_REALVM_USER" "$conf"
fi
if ! answers "$SESSION_URI"; then
  # its virtlogd is started on demand by the session libvirtd (same user, same XDG_RUNTIME_DIR)
  (cd "$SESSION_HOME" && setpriv --reuid="$HB_REALVM_USER" --regid="$(id -g "$HB_REALVM_USER")" --init-groups \
    env -i HOME="$SESSION_HOME" USER="$HB_REALVM_USER" XDG_RUNTIME_DIR="$SESSION_RUN" PATH=/usr/sbin:/usr/bin:/sbin:/bin \
    LIBVIRT_LOG_OUTPUTS="3:file:$SESSION_HOME/libvirtd.log" libvirtd -d)
fi

"$HERE/build-guest.sh"   # meanwhile the daemons start (the first start probes QEMU: ~8 s)

await "$SYSTEM_URI" "the system libvirtd"
await "$SESSION_URI" "the session libvirtd of $HB_REALVM_USER"

for uri in "$SYSTEM_URI" "$SESSION_URI"; do
  for d in $(virsh -c "$uri" list --all --name | grep '^hbtest-' || true); do
    echo "realvm setup: removing leftover domain $d on $uri"
    virsh -c "$uri" destroy "$d" >/dev/null 2>&1 || true
    virsh -c "$uri" undefine "$d" >/dev/null 2>&1 || true
  done
done

GUEST_DIR=${GUEST_DIR:-$CACHE/guest}
cat > "$HB_REALVM_ENV.new" <<PROPS
# written by scripts/realvm/setup.sh; read by the real-VM tests (RealVmHost)
systemUri=$SYSTEM_URI
sessionUri=$SESSION_URI
sessionUser=$HB_REALVM_USER
kernel=$GUEST_DIR/vmlinuz
initrd=$GUEST_DIR/initrd.img
PROPS
mv "$HB_REALVM_ENV.new" "$HB_REALVM_ENV"
echo "realvm setup: ready ($SYSTEM_URI and $SESSION_URI; $HB_REALVM_ENV)"
