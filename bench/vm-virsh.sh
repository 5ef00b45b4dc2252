#!/usr/bin/env bash
# Baseline for the agent's VM.create -> Up latency (docs/realvm.md): the tiny test guest started with
# 'virsh define' + 'virsh start' on the system daemon, BENCH_VM_RUNS times (default 5), one at a time.
# Per run, from just before 'virsh define':
#   define   'virsh define' returned;
#   running  'virsh start' returned (libvirt reports the domain running);
#   booted   the guest's /init printed HOSTBRIDGE-GUEST-UP on its serial console (polled every 20 ms).
# Then the domain is destroyed and undefined. Prints a markdown table (median, min, max in ms).
# Needs the real-VM host: scripts/realvm/setup.sh (root). Not part of 'make test'.
# Knobs: BENCH_VM_RUNS, BENCH_VM_URI (default qemu:///system), BENCH_VM_BOOT_DEADLINE (s, default 60).
set -eu

RUNS=${BENCH_VM_RUNS:-5}
URI=${BENCH_VM_URI:-qemu:///system}
DEADLINE=${BENCH_VM_BOOT_DEADLINE:-60}
ENV_FILE=${HB_REALVM_ENV:-/var/cache/hostbridge-test/realvm.properties}
[ -r "$ENV_FILE" ] || { echo "vm-virsh: no $ENV_FILE: run scripts/realvm/setup.sh first" >&2; exit 1; }
kernel=$(sed -n 's/^kernel=//p' "$ENV_FILE")
initrd=$(sed -n 's/^initrd=//p' "$ENV_FILE")

work=$(mktemp -d /tmp/hbtest-bench.XXXXXX)
name=hbtest-bench-$$
cleanup() {
  virsh -q -c "$URI" destroy "$name" >/dev/null 2>&1 || true
  virsh -q -c "$URI" undefine "$name" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

# the same domain as the real-VM tests' TinyGuest
sed -e "s|@NAME@|$name|" -e "s|@KERNEL@|$kernel|" -e "s|@INITRD@|$initrd|" -e "s|@CMDLINE@|console=ttyS0 quiet|" \
  -e "s|@CONSOLE@|$work/console.log|" "$(dirname "$0")/../scripts/realvm/tiny-guest.xml" > "$work/domain.xml"

ms() { echo $(( $(date +%s%N) / 1000000 )); }
for i in $(seq 1 "$RUNS"); do
  rm -f "$work/console.log"
  t0=$(ms)
  virsh -q -c "$URI" define "$work/domain.xml" >/dev/null
  t1=$(ms)
  virsh -q -c "$URI" start "$name" >/dev/null
  t2=$(ms)
  until grep -qs HOSTBRIDGE-GUEST-UP "$work/console.log"; do
    [ $(( $(ms) - t0 )) -lt $(( DEADLINE * 1000 )) ] || { echo "vm-virsh: no boot marker within ${DEADLINE}s" >&2; exit 1; }
    sleep 0.02
  done
  t3=$(ms)
  echo "$((t1 - t0)) $((t2 - t0)) $((t3 - t0))" >> "$work/times"
  virsh -q -c "$URI" destroy "$name" >/dev/null
  virsh -q -c "$URI" undefine "$name" >/dev/null
done

stat() { # column -> "median min max"
  cut -d' ' -f"$1" "$work/times" | sort -n | awk '{ v[NR] = $1 } END { printf "%d | %d | %d", v[int((NR + 1) / 2)], v[1], v[NR] }'
}
echo "virsh define+start of the tiny guest on $URI, $RUNS runs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| from before 'virsh define' to | median ms | min ms | max ms |"
echo "|---|---|---|---|"
echo "| define returned | $(stat 1) |"
echo "| start returned (running) | $(stat 2) |"
echo "| HOSTBRIDGE-GUEST-UP on the console (booted) | $(stat 3) |"
