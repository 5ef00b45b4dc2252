#!/usr/bin/env bash
# VM.snapshot and VM.merge through the agent against virsh snapshot-create-as --disk-only and blockcommit --active
# --pivot, on a running tiny guest with a 10 GiB disk holding 1 GiB of data, on real libvirt (docs/benchmarks.md,
# "Snapshots"): io.hostbridge.bench.SnapshotRealBench, alternating rounds; guest pauses counted from libvirt's events.
# Needs the real-VM host (scripts/realvm/setup.sh, as root). Not part of 'make test'. Run with
# 'make bench-snapshot-real'. Knobs: BENCH_SNAP_RUNS (5), BENCH_SNAP_WARMUP (1), BENCH_SNAP_DISK_GIB (10),
# BENCH_SNAP_DATA_GIB (1), BENCH_SNAP_MEMORY_RUNS (3), JAVA_OPTS. Then snapshots with memory: wall time and the guest's pause.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
[ -r /var/cache/hostbridge-test/realvm.properties ] \
  || { echo "snapshot-real: the real-VM host is not prepared: run scripts/realvm/setup.sh as root" >&2; exit 1; }
mvn -q -B -ntp -pl bench -am -DskipTests package
JVM_OPTS="${JAVA_OPTS:--Xms32m -Xmx256m -XX:+UseSerialGC} -Dorg.slf4j.simpleLogger.defaultLogLevel=warn"
# shellcheck disable=SC2086
exec java $JVM_OPTS -Druns="${BENCH_SNAP_RUNS:-5}" -Dwarmup="${BENCH_SNAP_WARMUP:-1}" \
    -DdiskGiB="${BENCH_SNAP_DISK_GIB:-10}" -DdataGiB="${BENCH_SNAP_DATA_GIB:-1}" -DmemoryRuns="${BENCH_SNAP_MEMORY_RUNS:-3}" \
    -cp "$(ls bench/target/hostbridge-bench-*.jar | head -n 1):bench/target/lib/*" io.hostbridge.bench.SnapshotRealBench
