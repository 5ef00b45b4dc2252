#!/usr/bin/env bash
# VM.create -> Up through the agent against 'virsh define' + 'virsh start' of the same domain on real libvirt
# (docs/benchmarks.md, "VMs"): io.hostbridge.bench.VmRealBench, the agent in the benchmark's JVM on the system
# libvirtd, the tiny test guest, alternating rounds. Needs the real-VM host (scripts/realvm/setup.sh, as root).
# Not part of 'make test'. Run with 'make bench-vm-real'. Knobs: BENCH_VM_RUNS (5), BENCH_VM_WARMUP (1),
# BENCH_VM_URI (qemu:///system), JAVA_OPTS.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
[ -r /var/cache/hostbridge-test/realvm.properties ] \
  || { echo "vm-real: the real-VM host is not prepared: run scripts/realvm/setup.sh as root" >&2; exit 1; }
mvn -q -B -ntp -pl bench -am -DskipTests package
JVM_OPTS="${JAVA_OPTS:--Xms32m -Xmx256m -XX:+UseSerialGC} -Dorg.slf4j.simpleLogger.defaultLogLevel=warn"
# shellcheck disable=SC2086
exec java $JVM_OPTS -Druns="${BENCH_VM_RUNS:-5}" -Dwarmup="${BENCH_VM_WARMUP:-1}" \
    -Duri="${BENCH_VM_URI:-qemu:///system}" \
    -cp "$(ls bench/target/hostbridge-bench-*.jar | head -n 1):bench/target/lib/*" io.hostbridge.bench.VmRealBench
