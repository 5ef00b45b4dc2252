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
