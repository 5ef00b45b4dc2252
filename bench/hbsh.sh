#!/usr/bin/env bash
# hbsh start-up (issue 15: under 0.5 s to the first request): one agent from the distribution, then N runs each,
# alternating, of
#   hbsh         bin/hbsh Host ping2 on the agent's unix socket (schema cached, class-data archive made by a first run)
#   hbsh-nocds   the same JVM options without the archive
#   curl         curl's POST /api/v1/rpc/Host.ping2 on the same socket: the floor of a request from a shell
# each timed from the shell's fork to the process's end (so the figure includes printing the answer and the JVM's
# exit, more than "to the first request"). The summary gives median and 90th percentile per way and the ratios to
# curl. Knobs (environment): BENCH_RUNS (20), BENCH_PORT (54397). Raw times in bench/target/results/hbsh-<UTC time>/.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/bench/lib.sh"
N=${BENCH_RUNS:-20}
PORT=${BENCH_PORT:-54397}
HBSH=$DIST/bin/hbsh
require_free_ports "$PORT"
bench_workspace hbsh
PIDS=""
log "results in $RESULTS"

mkdir -p "$WORK/state" "$WORK/run" "$WORK/cache"
HOSTBRIDGE_HOST_STATE_DIR=$WORK/state HOSTBRIDGE_HOST_RUN_DIR=$WORK/run HOSTBRIDGE_HTTP_PORT=$PORT \
    HOSTBRIDGE_HTTP_INSECURE=true HOSTBRIDGE_AMQP_ENABLED=false HOSTBRIDGE_BROKER_ENABLED=false \
    HOSTBRIDGE_IMAGEIO_ENABLED=false "$AGENT" >"$WORK/agent.stdout" 2>"$RESULTS/agent.log" &
AGENT_PID=$!
PIDS="$AGENT_PID"
await_health "$PORT" "$AGENT_PID" "$RESULTS/agent.log"
SOCKET=$WORK/run/api.sock
export XDG_CACHE_HOME=$WORK/cache

# the first run fetches the schema and records the class-data archive; the next ones find both
/usr/bin/time -f %e -o "$RESULTS/first.txt" "$HBSH" --socket "$SOCKET" Host ping2 >/dev/null
NOCDS="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx64m -XX:-UsePerfData -Xshare:auto"
run() { # WAY: one timed run, seconds appended to WAY.txt
    case $1 in
        hbsh) /usr/bin/time -f %e -a -o "$RESULTS/hbsh.txt" "$HBSH" --socket "$SOCKET" Host ping2 >/dev/null ;;
        hbsh-nocds) HBSH_JAVA_OPTS=$NOCDS /usr/bin/time -f %e -a -o "$RESULTS/hbsh-nocds.txt" \
            "$HBSH" --socket "$SOCKET" Host ping2 >/dev/null ;;
        curl) /usr/bin/time -f %e -a -o "$RESULTS/curl.txt" curl -sf --unix-socket "$SOCKET" -X POST \
            http://localhost/api/v1/rpc/Host.ping2 >/dev/null ;;
    esac
}
for _ in $(seq 1 "$N"); do
    for way in hbsh hbsh-nocds curl; do run "$way"; done
done

stat() { sort -n "$RESULTS/$1.txt" | awk '{ v[NR] = $1 } END { printf "%.2f %.2f", v[int((NR + 1) / 2)], v[int(NR * 0.9 + 0.5)] }'; }
read -r curl_med curl_p90 <<<"$(stat curl)"
{
    printf '| way | median (s) | p90 (s) | median vs curl |\n|---|---|---|---|\n'
    for way in hbsh hbsh-nocds curl; do
        read -r med p90 <<<"$(stat "$way")"
        printf '| %s | %s | %s | %sx |\n' "$way" "$med" "$p90" "$(awk -v a="$med" -v b="$curl_med" 'BEGIN { printf "%.1f", a / b }')"
    done
    printf '\nfirst run (fetches the schema, records the archive): %s s; %s runs each, alternating\n' \
        "$(cat "$RESULTS/first.txt")" "$N"
} | tee "$RESULTS/summary.md"
