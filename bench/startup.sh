#!/usr/bin/env bash
# Start-up and idle memory of the packaged agent (docs/benchmarks.md, "Start-up"): the launcher with its class-data
# archive (AppCDS, docs/operations.md) against the same launcher without one (HOSTBRIDGE_CDS_DIR=off), alternating,
# every module of the default configuration, restarts on the same state directory (as an agent restarts on its
# host). A first run makes the state and records the archive (not counted). Each start is timed from the launcher's
# exec to the first 200 of /api/v1/health on the unix socket, and by the banner's "ready in" (from the JVM's start);
# the agent's own "started in" line says where the time went. Then one start of each kind idles IDLE_SECONDS and
# its RSS is read. Not part of 'make test'. Run 'make bench-startup', or './bench/startup.sh' after 'make build'.
# Knobs: BENCH_STARTUP_ROUNDS (5), BENCH_STARTUP_IDLE_SECONDS (60), BENCH_STARTUP_PORT (58690, the broker's),
# BENCH_LAUNCHER (another build's bin/hostbridge), JAVA_OPTS (both kinds).
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/bench/lib.sh"
AGENT=${BENCH_LAUNCHER:-$AGENT}
ROUNDS=${BENCH_STARTUP_ROUNDS:-5}
IDLE=${BENCH_STARTUP_IDLE_SECONDS:-60}
BROKER_PORT=${BENCH_STARTUP_PORT:-58690}
require_free_ports "$BROKER_PORT"
bench_workspace startup
PIDS=""
{
    echo "date: $(date -u +%FT%TZ)"; echo "host: $(uname -srm), $(nproc) cpus"; echo "java: $(java -version 2>&1 | head -n 1)"
    echo "rounds: $ROUNDS; idle: $IDLE s; JAVA_OPTS: ${JAVA_OPTS:-none, the launcher default}"
} >"$RESULTS/machine.txt"
mkdir -p "$WORK/state" "$WORK/run" "$WORK/cds"
export HOSTBRIDGE_HOST_STATE_DIR=$WORK/state HOSTBRIDGE_HOST_RUN_DIR=$WORK/run HOSTBRIDGE_HTTP_PORT=0
export HOSTBRIDGE_IMAGEIO_PORT=0 HOSTBRIDGE_BROKER_PORT=$BROKER_PORT
SOCK=$WORK/run/api.sock

# start KIND NAME [IDLE]: one start; appends "KIND wall_ms ready_ms" to starts.txt (or "KIND rss_kib" after IDLE s)
start() {
    local kind=$1 name=$2 idle=${3:-} cds pid t0 t1 ready
    if [ "$kind" = jars ]; then cds=off; else cds=$WORK/cds; fi
    t0=$(date +%s%N)
    HOSTBRIDGE_CDS_DIR=$cds "$AGENT" >"$RESULTS/$name.stdout" 2>"$RESULTS/$name.log" &
    pid=$!
    PIDS="$pid"
    until curl -sf -o /dev/null --max-time 1 --unix-socket "$SOCK" http://localhost/api/v1/health; do
        kill -0 "$pid" 2>/dev/null || die "the agent exited during start (see $RESULTS/$name.log)"
        sleep 0.01
    done
    t1=$(date +%s%N)
    ready=$(sed -n 's/.* ready in \([0-9]*\) ms.*/\1/p' "$RESULTS/$name.stdout")
    if [ -n "$idle" ]; then
        sleep "$idle"
        echo "$kind $(awk '/^VmRSS/ { print $2 }' "/proc/$pid/status")" >>"$RESULTS/rss.txt"
    else
        echo "$kind $(( (t1 - t0) / 1000000 )) $ready" >>"$RESULTS/starts.txt"
    fi
    kill -TERM "$pid"
    wait "$pid" || die "the agent did not stop cleanly (see $RESULTS/$name.log)"
    PIDS=""
}

log "first run: the state directory and the archive (not counted)"
start archive record
mv "$RESULTS/starts.txt" "$RESULTS/record.txt"
ls "$WORK/cds"/agent-*.part >/dev/null 2>&1 || die "the first run recorded no archive in $WORK/cds"
for round in $(seq 1 "$ROUNDS"); do
    if [ $((round % 2)) -eq 1 ]; then order="jars archive"; else order="archive jars"; fi
    for kind in $order; do
        log "round $round: $kind"
        start "$kind" "$kind-$round"
    done
done
for kind in jars archive; do
    log "$kind: idle $IDLE s"
    start "$kind" "$kind-idle" "$IDLE"
done

python3 - "$RESULTS" <<'EOF' | tee "$RESULTS/summary.txt"
import statistics, sys
results = sys.argv[1]
starts = {}
for line in open(f"{results}/starts.txt"):
    kind, wall, ready = line.split()
    starts.setdefault(kind, []).append((int(wall), int(ready)))
rss = dict(line.split() for line in open(f"{results}/rss.txt"))
print("| launcher | to first healthy answer (median) | range | banner \"ready in\" (median) | idle RSS | ratio |")
print("|---|---|---|---|---|---|")
base = statistics.median(w for w, _ in starts["jars"])
for kind in ("jars", "archive"):
    walls = [w for w, _ in starts[kind]]
    ready = statistics.median(r for _, r in starts[kind])
    print(f"| {kind} | {statistics.median(walls):,.0f} ms | {min(walls):,}–{max(walls):,} ms | {ready:,.0f} ms "
          f"| {int(rss[kind]) / 1024:,.0f} MiB | {statistics.median(walls) / base:.2f} |")
EOF
log "results in $RESULTS"
