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
