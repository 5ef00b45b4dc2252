#!/usr/bin/env bash
# Incremental backup against a full one on a running tiny guest with a 10 GiB disk holding 1 GiB of data, 1% of
# it changed between the two, on real libvirt (docs/benchmarks.md, "Incremental backup"):
# io.hostbridge.bench.BackupRealBench; both downloaded by imageio's own client through the data server.
# Needs the real-VM host (scripts/realvm/setup.sh, as root). Not part of 'make test'. Run with
# 'make bench-backup-real'. Knobs: BENCH_BACKUP_RUNS (3), BENCH_BACKUP_DISK_GIB (10), BENCH_BACKUP_DATA_GIB (1),
# BENCH_BACKUP_CHANGED_PERCENT (1), JAVA_OPTS.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
[ -r /var/cache/hostbridge-test/realvm.properties ] \
  || { echo "backup-real: the real-VM host is not prepared: run scripts/realvm/setup.sh as root" >&2; exit 1; }
IMAGEIO=$(./scripts/imageio-client.sh)
mvn -q -B -ntp -pl bench -am -DskipTests package
JVM_OPTS="${JAVA_OPTS:--Xms32m -Xmx256m -XX:+UseSerialGC} -Dorg.slf4j.simpleLogger.defaultLogLevel=warn"
# shellcheck disable=SC2086
exec java $JVM_OPTS -Druns="${BENCH_BACKUP_RUNS:-3}" -DdiskGiB="${BENCH_BACKUP_DISK_GIB:-10}" \
    -DdataGiB="${BENCH_BACKUP_DATA_GIB:-1}" -DchangedPercent="${BENCH_BACKUP_CHANGED_PERCENT:-1}" \
    -Dimageio="$IMAGEIO" \
    -cp "$(ls bench/target/hostbridge-bench-*.jar | head -n 1):bench/target/lib/*" io.hostbridge.bench.BackupRealBench
