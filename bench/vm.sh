#!/usr/bin/env bash
# VM benchmarks on libvirt's test driver (docs/benchmarks.md, "VMs"): Host.getAllVmStats latency with 100 VMs,
# and the time from a libvirt lifecycle event to the vm.status event over SSE and AMQP. The agent runs inside
# the benchmark's JVM (io.hostbridge.bench.VmBench): the test driver's domains live in the process using them.
# Not part of 'make test'. Run with 'make bench-vm'. Knobs: BENCH_VMS, BENCH_STATS_CALLS, BENCH_EVENTS, JAVA_OPTS.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
mvn -q -B -ntp -pl bench -am -DskipTests package
JVM_OPTS="${JAVA_OPTS:--Xms32m -Xmx256m -XX:+UseSerialGC} -Dorg.slf4j.simpleLogger.defaultLogLevel=warn"
# shellcheck disable=SC2086
exec java $JVM_OPTS -Dvms="${BENCH_VMS:-100}" -DstatsCalls="${BENCH_STATS_CALLS:-1000}" \
    -Devents="${BENCH_EVENTS:-500}" -cp "$(ls bench/target/hostbridge-bench-*.jar | head -n 1):bench/target/lib/*" \
    io.hostbridge.bench.VmBench
