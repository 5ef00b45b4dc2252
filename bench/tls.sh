#!/usr/bin/env bash
# What trust costs a caller: REST Host.ping2 through the agent's two ways in, against one agent in one run,
# measured alternately after the same warm-up, with the same client (bench TransportBench) for both:
#   tls-keepalive   HTTPS with a client certificate, one connection per caller (keep-alive);
#   unix-keepalive  the local unix socket, one connection per caller;
#   tls-connect     a new TLS connection (full handshake, client certificate) per call: new connections per second;
#   unix-connect    a new unix-socket connection per call.
# Usage: ./bench/tls.sh (after 'make build'; 'make bench-tls' does both). Knobs (environment):
# BENCH_WARMUP_SECONDS (30), BENCH_DURATION (20), BENCH_ROUNDS (3), BENCH_CALLERS (16).
# Raw outputs in bench/target/results/tls-<UTC time>/; a markdown table on stdout (docs/benchmarks.md).
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/bench/lib.sh"
WARMUP_SECONDS=${BENCH_WARMUP_SECONDS:-30}
DURATION=${BENCH_DURATION:-20}
ROUNDS=${BENCH_ROUNDS:-3}
CALLERS=${BENCH_CALLERS:-16}
JVM_OPTS=${JAVA_OPTS:--Xms32m -Xmx256m -XX:+UseSerialGC -Xshare:auto}
PORT=54391
MODES=(tls-keepalive unix-keepalive tls-connect unix-connect)

RESULTS=$ROOT/bench/target/results/tls-$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$RESULTS"
WORK=$(mktemp -d)
PID=
cleanup() {
    [ -z "$PID" ] || kill -TERM "$PID" 2>/dev/null || true
    wait 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

export HOSTBRIDGE_HOST_STATE_DIR=$WORK/state HOSTBRIDGE_HOST_RUN_DIR=$WORK/run
SOCKET=$WORK/run/api.sock
"$AGENT" cert issue --name bench --access read --out "$WORK/certs" >"$RESULTS/cert.txt" 2>&1 \
    || die "cert issue failed: $RESULTS/cert.txt"
env HOSTBRIDGE_HTTP_PORT=$PORT HOSTBRIDGE_AMQP_ENABLED=false HOSTBRIDGE_IMAGEIO_ENABLED=false JAVA_OPTS="$JVM_OPTS" \
    "$AGENT" >"$WORK/stdout" 2>"$WORK/stderr" &
PID=$!
deadline=$(( $(date +%s) + 60 ))
until [ "$(curl -s --max-time 1 --unix-socket "$SOCKET" -X POST http://localhost/api/v1/rpc/Host.ping2 || true)" = true ]; do
    kill -0 "$PID" 2>/dev/null || { cat "$WORK/stderr" >&2; die "the agent exited during start"; }
    [ "$(date +%s)" -lt "$deadline" ] || die "the agent did not answer within 60 s"
    sleep 0.1
done
[ "$(curl -s --cacert "$WORK/certs/ca.pem" --cert "$WORK/certs/bench.pem" --key "$WORK/certs/bench-key.pem" \
    -X POST "https://localhost:$PORT/api/v1/rpc/Host.ping2")" = true ] || die "Host.ping2 over TLS did not answer true"

# run MODE WARMUP_S RUN_S OUTPUT: sets RPS and P99
run() {
    local kind=${1%%-*} how=${1#*-} target args
    if [ "$kind" = tls ]; then args=("https://localhost:$PORT" "$WORK/certs" bench)
    else args=("unix:$SOCKET" - -); fi
    transport_bench "$4" "$how" "${args[@]}" "$CALLERS" "$2" "$3"
}

log "results in $RESULTS"
for m in "${MODES[@]}"; do
    log "warm-up $m: ${WARMUP_SECONDS} s"
    run "$m" 0 "$WARMUP_SECONDS" "$RESULTS/warmup-$m.txt"
done
: >"$RESULTS/rounds.tsv"
for r in $(seq 1 "$ROUNDS"); do
    for m in "${MODES[@]}"; do
        log "round $r: $m (${DURATION} s)"
        run "$m" 2 "$DURATION" "$RESULTS/$m-$r.txt"
        printf '%s\t%s\t%s\t%s\n' "$r" "$m" "$RPS" "$P99" >>"$RESULTS/rounds.tsv"
    done
done

mean() { awk -v n="$1" -F'\t' '$2 == n { s += $3; c++ } END { printf "%.0f", s / c }' "$RESULTS/rounds.tsv"; }
p99() { awk -v n="$1" -F'\t' '$2 == n { if ($4 > m) m = $4 } END { print m }' "$RESULTS/rounds.tsv"; }
ratio() { awk -v a="$(mean "$1")" -v b="$(mean "$2")" 'BEGIN { printf "%.2f", a / b }'; }
{
    echo "| way in | calls/s (mean of $ROUNDS × ${DURATION} s) | worst p99 ms |"
    echo "|---|---|---|"
    for m in "${MODES[@]}"; do echo "| $m | $(mean "$m") | $(p99 "$m") |"; done
    echo
    echo "tls-keepalive / unix-keepalive: $(ratio tls-keepalive unix-keepalive);" \
        "tls-connect / unix-connect: $(ratio tls-connect unix-connect)."
    echo "$CALLERS callers, ${WARMUP_SECONDS} s warm-up per way in; rounds alternate ${MODES[*]}."
    echo "Per round (round, way in, calls/s, p99 ms):"
    sed 's/\t/ /g; s/^/    /' "$RESULTS/rounds.tsv"
} | tee "$RESULTS/summary.md"
