#!/usr/bin/env bash
# Storage benchmarks (docs/benchmarks.md, section "Storage"): against the packaged agent on loopback,
#   Volume.create latency for $BENCH_VOLUMES sparse volumes (RAW, then COW);
#   StorageDomain.getStats and Volume.getInfo latency with those volumes in the domain;
#   copy/convert throughput of a Volume.copy job vs qemu-img convert run directly on the same files,
#   in alternating rounds (io.hostbridge.bench.StorageBench).
# Not part of 'make test'. Run with 'make bench-storage', or './bench/storage.sh' after 'make build'.
# Knobs (environment): BENCH_HTTP_PORT, BENCH_VOLUMES, BENCH_COPY_MIB, BENCH_ROUNDS, BENCH_WORK_DIR, JAVA_OPTS.
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
HTTP_PORT=${BENCH_HTTP_PORT:-54396}
VOLUMES=${BENCH_VOLUMES:-1000}
COPY_MIB=${BENCH_COPY_MIB:-1024}
ROUNDS=${BENCH_ROUNDS:-3}
JVM_OPTS=${JAVA_OPTS:--Xms32m -Xmx256m -XX:+UseSerialGC -Xshare:auto}

. "$ROOT/bench/lib.sh"
command -v qemu-img >/dev/null || die "qemu-img is required (apt-get install qemu-utils)"

WORK=${BENCH_WORK_DIR:-$(mktemp -d /var/tmp/hostbridge-bench-storage.XXXXXX)}
mkdir -p "$WORK"
cleanup() {
    [ -z "${PID:-}" ] || { kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; }
    rm -rf "$WORK"
}
trap cleanup EXIT

log "agent on port $HTTP_PORT, work dir $WORK ($(df -h --output=fstype,avail "$WORK" | tail -n 1))"
JAVA_OPTS="$JVM_OPTS" HOSTBRIDGE_HTTP_PORT=$HTTP_PORT HOSTBRIDGE_HTTP_INSECURE=true HOSTBRIDGE_AMQP_ENABLED=false \
    HOSTBRIDGE_HOST_STATE_DIR=$WORK/state HOSTBRIDGE_HOST_RUN_DIR=$WORK/run HOSTBRIDGE_LOGGING_LEVEL=WARN \
    "$AGENT" >"$WORK/agent.out" 2>"$WORK/agent.err" &
PID=$!
for _ in $(seq 300); do
    curl -sf "http://127.0.0.1:$HTTP_PORT/api/v1/health" >/dev/null && break
    sleep 0.1
done
curl -sf "http://127.0.0.1:$HTTP_PORT/api/v1/health" >/dev/null || die "the agent did not start: $(cat "$WORK/agent.err")"

echo "Storage benchmark, $(date -u +%FT%TZ), $(nproc) vCPUs, $VOLUMES volumes, copies of $COPY_MIB MiB, $ROUNDS rounds"
echo
java -cp "$BENCH_CP" io.hostbridge.bench.StorageBench "http://127.0.0.1:$HTTP_PORT" "$WORK" "$VOLUMES" "$COPY_MIB" "$ROUNDS"
