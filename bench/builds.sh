#!/usr/bin/env bash
# Two builds of the agent side by side, for a change that should make one faster: REST Host.ping2 over HTTPS with a
# client certificate, one kept-alive connection per caller (bench TransportBench, as bench/tls.sh), against two
# agents running at once, measured in alternating rounds after the same warm-up.
# Usage: ./bench/builds.sh BEFORE_LAUNCHER AFTER_LAUNCHER (each a distribution's bin/hostbridge; e.g. copy
# packaging/target/hostbridge-<version>/hostbridge-<version> aside, change, 'make build', and pass both).
# Knobs (environment): BENCH_WARMUP_SECONDS (20), BENCH_DURATION (15), BENCH_ROUNDS (3), BENCH_CALLERS (16).
# Raw outputs in bench/target/results/builds-<UTC time>/; a markdown table on stdout.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/bench/lib.sh"
[ $# -eq 2 ] || die "usage: $0 BEFORE_LAUNCHER AFTER_LAUNCHER"
LAUNCHERS=("$1" "$2")
NAMES=(before after)
WARMUP_SECONDS=${BENCH_WARMUP_SECONDS:-20}
DURATION=${BENCH_DURATION:-15}
ROUNDS=${BENCH_ROUNDS:-3}
CALLERS=${BENCH_CALLERS:-16}
JVM_OPTS=${JAVA_OPTS:--Xms32m -Xmx256m -XX:+UseSerialGC -Xshare:auto}
PORTS=(54388 54389)
bench_workspace builds
PIDS=()

for i in 0 1; do
    dir=$WORK/${NAMES[$i]}
    export HOSTBRIDGE_HOST_STATE_DIR=$dir/state HOSTBRIDGE_HOST_RUN_DIR=$dir/run
    "${LAUNCHERS[$i]}" cert issue --name bench --access read --out "$dir/certs" >"$RESULTS/cert-${NAMES[$i]}.txt" 2>&1 \
        || die "cert issue failed: $RESULTS/cert-${NAMES[$i]}.txt"
    env HOSTBRIDGE_HTTP_PORT=${PORTS[$i]} HOSTBRIDGE_AMQP_ENABLED=false HOSTBRIDGE_IMAGEIO_ENABLED=false \
        JAVA_OPTS="$JVM_OPTS" "${LAUNCHERS[$i]}" >"$dir.stdout" 2>"$dir.stderr" &
    PIDS+=($!)
done
for i in 0 1; do
    dir=$WORK/${NAMES[$i]}
    deadline=$(( $(date +%s) + 60 ))
    until [ "$(curl -s --max-time 1 --cacert "$dir/certs/ca.pem" --cert "$dir/certs/bench.pem" \
            --key "$dir/certs/bench-key.pem" -X POST "https://localhost:${PORTS[$i]}/api/v1/rpc/Host.ping2" || true)" = true ]; do
        kill -0 "${PIDS[$i]}" 2>/dev/null || { cat "$dir.stderr" >&2; die "agent ${NAMES[$i]} exited during start"; }
        [ "$(date +%s)" -lt "$deadline" ] || die "agent ${NAMES[$i]} did not answer within 60 s"
        sleep 0.2
    done
done

# run INDEX WARMUP_S RUN_S OUTPUT: sets RPS and P99
run() {
    local dir=$WORK/${NAMES[$1]}
    transport_bench "$4" keepalive "https://localhost:${PORTS[$1]}" "$dir/certs" bench "$CALLERS" "$2" "$3"
}

log "results in $RESULTS"
for i in 0 1; do
    log "warm-up ${NAMES[$i]}: ${WARMUP_SECONDS} s"
    run "$i" 0 "$WARMUP_SECONDS" "$RESULTS/warmup-${NAMES[$i]}.txt"
done
: >"$RESULTS/rounds.tsv"
for r in $(seq 1 "$ROUNDS"); do
    for i in 0 1; do
        log "round $r: ${NAMES[$i]} (${DURATION} s)"
        run "$i" 2 "$DURATION" "$RESULTS/${NAMES[$i]}-$r.txt"
        printf '%s\t%s\t%s\t%s\n' "$r" "${NAMES[$i]}" "$RPS" "$P99" >>"$RESULTS/rounds.tsv"
    done
done
mean() { awk -v n="$1" -F'\t' '$2 == n { s += $3; c++ } END { printf "%.0f", s / c }' "$RESULTS/rounds.tsv"; }
before=$(mean before)
after=$(mean after)
{
    echo "| build | calls/s (mean of $ROUNDS × ${DURATION} s, $CALLERS callers) | per round | ratio |"
    echo "|---|---|---|---|"
    for n in before after; do
        rounds=$(awk -v n="$n" -F'\t' '$2 == n { printf "%s%s", sep, $3; sep=" / " }' "$RESULTS/rounds.tsv")
        echo "| $n | $( [ $n = before ] && echo "$before" || echo "$after") | $rounds | $(awk -v a="$( [ $n = before ] && echo "$before" || echo "$after")" -v b="$before" 'BEGIN { printf "%.2f", a / b }') |"
    done
} | tee "$RESULTS/summary.md"
