# Shared by the benchmark scripts (sourced after they set ROOT): logging, and the packaged agent and bench
# jar of this checkout, built by 'make build'.
log() { echo "bench: $*" >&2; }
die() { log "error: $*"; exit 1; }

VERSION=$(sed -n 's|^  <version>\(.*\)</version>$|\1|p' "$ROOT/pom.xml" | head -n 1)
DIST=$ROOT/packaging/target/hostbridge-$VERSION/hostbridge-$VERSION
AGENT=$DIST/bin/hostbridge
BENCH_JAR=$ROOT/bench/target/hostbridge-bench-$VERSION.jar
BENCH_CP="$BENCH_JAR:$ROOT/bench/target/lib/*"
[ -x "$AGENT" ] || die "no agent distribution at $DIST: run 'make build' first"
[ -f "$BENCH_JAR" ] || (cd "$ROOT" && mvn -q -B -pl bench -am -DskipTests install)

# transport_bench OUTPUT ARGS...: runs TransportBench with ARGS (under $JVM_OPTS), its output in OUTPUT; sets RPS
# (calls/s) and P99 (ms) from its summary, and stops the script when it failed or a call failed.
transport_bench() {
    local out=$1 line
    shift
    java $JVM_OPTS -cp "$BENCH_CP" io.hostbridge.bench.TransportBench "$@" >"$out" 2>&1 \
        || die "TransportBench failed: $out"
    line=$(grep '^calls/s ' "$out") || die "no summary in $out"
    echo "$line" | grep -q ' failures 0$' || die "failed calls in $out"
    RPS=$(echo "$line" | awk '{ print $2 }')
    P99=$(echo "$line" | awk '{ print $7 }')
}

# require_free_ports PORT...: stops the script when something already listens on one of the loopback ports.
require_free_ports() {
    local port
    for port in "$@"; do
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then die "port $port is in use"; fi
    done
}

# bench_workspace NAME: sets RESULTS (kept: bench/target/results/NAME-<UTC time>) and WORK (a temporary directory);
# when the script ends, the processes whose ids it put in PIDS (a list or an array) are stopped and WORK is removed.
bench_workspace() {
    RESULTS=$ROOT/bench/target/results/$1-$(date -u +%Y%m%dT%H%M%SZ)
    mkdir -p "$RESULTS"
    WORK=$(mktemp -d)
    trap bench_cleanup EXIT
    trap 'exit 130' INT TERM
}

bench_cleanup() {
    local p
    for p in ${PIDS[*]:-}; do kill -TERM "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$WORK"
}

# await_health PORT PID LOG: polls http://127.0.0.1:PORT/api/v1/health until it answers 200 (at most 60 s); dies if
# the agent PID exits meanwhile (its log: LOG)
await_health() {
    local deadline=$(( $(date +%s) + 60 ))
    until curl -sf -o /dev/null --max-time 1 "http://127.0.0.1:$1/api/v1/health"; do
        kill -0 "$2" 2>/dev/null || die "the agent exited during start (see $3)"
        [ "$(date +%s)" -lt "$deadline" ] || die "the agent did not answer within 60 s (see $3)"
        sleep 0.2
    done
}
