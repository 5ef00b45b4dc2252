#!/usr/bin/env bash
# The agent's image data server against imageio's own server (ovirt-imageio 2.5.1, from its source distribution,
# unmodified), side by side in one run: a whole image PUT and GET with curl over each server's unix socket, in
# alternating rounds. The agent is the distribution's launcher with its JVM options (every default module), its
# volume a sparse RAW volume of a localfs domain; imageio's server writes and reads a file of the same size in the
# same directory (its file backend). Each PUT is checked against the source with cmp (not timed).
# Usage: make bench-imageio-server, or ./bench/imageio-server.sh after 'make build'.
# Knobs (environment): BENCH_VS_SIZE_MIB (1024), BENCH_VS_ROUNDS (3), BENCH_VS_DIR (where the images live; a
# temporary directory by default, removed at the end: it must be on a disk, not in tmpfs), BENCH_LAUNCHER (another
# distribution's bin/hostbridge, e.g. an older build, measured the same way), JAVA_OPTS.
# Raw outputs in bench/target/results/imageio-server-<UTC time>/; a markdown table on stdout.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/bench/lib.sh"
SIZE_MIB=${BENCH_VS_SIZE_MIB:-1024}
ROUNDS=${BENCH_VS_ROUNDS:-3}
JVM_OPTS=${JAVA_OPTS:--Xms32m -Xmx256m -XX:+UseSerialGC -Xshare:auto}
IMAGEIO=$("$ROOT/scripts/imageio-client.sh") || die "imageio's source distribution is not available"
BROKER_PORT=54386
require_free_ports "$BROKER_PORT"
bench_workspace imageio-server
DIR=${BENCH_VS_DIR:-$WORK}
mkdir -p "$DIR/domains" "$DIR/imageio/conf.d" "$DIR/run"
PIDS=()
SIZE=$((SIZE_MIB * 1048576))
SRC=$DIR/source.raw
log "a $SIZE_MIB MiB source image of random data"
head -c "$SIZE" /dev/urandom >"$SRC"
sync

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
now() { date +%s.%N; }
uuid() { cat /proc/sys/kernel/random/uuid; }

# --- the agent ----------------------------------------------------------------------------------------------------
API=$DIR/run/api.sock
env HOSTBRIDGE_HOST_STATE_DIR="$DIR/state" HOSTBRIDGE_HOST_RUN_DIR="$DIR/run" HOSTBRIDGE_HTTP_PORT=0 \
    HOSTBRIDGE_BROKER_PORT=$BROKER_PORT HOSTBRIDGE_IMAGEIO_PORT=0 HOSTBRIDGE_CDS_DIR="$DIR/cds" \
    JAVA_OPTS="$JVM_OPTS" "${BENCH_LAUNCHER:-$AGENT}" >"$RESULTS/agent.stdout" 2>"$RESULTS/agent.stderr" &
AGENT_PID=$!
PIDS+=("$AGENT_PID")
deadline=$(($(date +%s) + 60))
until curl -sf -o /dev/null --max-time 1 --unix-socket "$API" http://localhost/api/v1/health; do
    kill -0 "$AGENT_PID" 2>/dev/null || die "the agent exited during start (see $RESULTS/agent.stderr)"
    [ "$(date +%s)" -lt "$deadline" ] || die "the agent did not answer within 60 s"
    sleep 0.2
done
rpc() { curl -sS --fail-with-body --unix-socket "$API" --json "$2" "http://localhost/api/v1/rpc/$1"; }
SD=$(uuid) IMG=$(uuid) VOL=$(uuid)
IDS="\"storagedomainID\":\"$SD\",\"imageID\":\"$IMG\",\"volumeID\":\"$VOL\""
rpc StorageDomain.create "{\"storagedomainID\":\"$SD\",\"domainType\":\"localfs\",\"typeArgs\":\"$DIR/domains\",
    \"name\":\"bench\",\"domainClass\":\"data\"}" >/dev/null
rpc Volume.create "{$IDS,\"size\":$SIZE,\"volFormat\":\"RAW\",\"preallocate\":\"SPARSE\"}" >/dev/null
AGENT_FILE=$DIR/domains/$SD/images/$IMG/$VOL
AGENT_TICKET=$(uuid)
rpc Host.add_image_ticket "{\"ticket\":{\"uuid\":\"$AGENT_TICKET\",\"size\":$SIZE,\"ops\":[\"read\",\"write\"],
    \"timeout\":3600,\"sparse\":true,$IDS}}" >/dev/null
AGENT_SOCKET=$DIR/run/imageio.sock

# --- imageio's server ---------------------------------------------------------------------------------------------
IMAGEIO_SOCKET=$DIR/imageio/data.sock
CONTROL=$DIR/imageio/control.sock
cat >"$DIR/imageio/conf.d/bench.conf" <<EOF
[daemon]
run_dir = $DIR/imageio
drop_privileges = false
systemd_enable = false
[tls]
enable = false
[remote]
host = 127.0.0.1
port = 0
[local]
socket = $IMAGEIO_SOCKET
[control]
transport = unix
socket = $CONTROL
[handlers]
keys = stderr
[logger_root]
level = WARNING
handlers = stderr
EOF
PYTHONPATH=$IMAGEIO /usr/bin/python3 "$IMAGEIO/ovirt-imageio" --conf-dir "$DIR/imageio" \
    >"$RESULTS/imageio.stdout" 2>"$RESULTS/imageio.stderr" &
IMAGEIO_PID=$!
PIDS+=("$IMAGEIO_PID")
deadline=$(($(date +%s) + 30))
until [ -S "$CONTROL" ] && [ -S "$IMAGEIO_SOCKET" ]; do
    kill -0 "$IMAGEIO_PID" 2>/dev/null || die "imageio's server exited during start (see $RESULTS/imageio.stderr)"
    [ "$(date +%s)" -lt "$deadline" ] || die "imageio's server did not start within 30 s"
    sleep 0.2
done
IMAGEIO_FILE=$DIR/imageio/image.raw
truncate -s "$SIZE" "$IMAGEIO_FILE"
IMAGEIO_TICKET=$(uuid)
printf '{"uuid":"%s","size":%d,"url":"file://%s","timeout":3600,"ops":["read","write"],"sparse":true}' \
    "$IMAGEIO_TICKET" "$SIZE" "$IMAGEIO_FILE" |
    curl -sS --fail-with-body --unix-socket "$CONTROL" -X PUT --data-binary @- \
        "http://localhost/tickets/$IMAGEIO_TICKET" >/dev/null || die "imageio's server refused the ticket"

# --- the rounds ---------------------------------------------------------------------------------------------------
declare -A RATES CPUS
# transfer SERVER PUT|GET: one whole-image transfer with curl; appends MiB/s and the server's CPU seconds
transfer() {
    local server=$1 op=$2 socket ticket file pid a b c0 c1 rate
    if [ "$server" = agent ]; then socket=$AGENT_SOCKET ticket=$AGENT_TICKET file=$AGENT_FILE pid=$AGENT_PID
    else socket=$IMAGEIO_SOCKET ticket=$IMAGEIO_TICKET file=$IMAGEIO_FILE pid=$IMAGEIO_PID; fi
    sync
    c0=$(cpu_ticks "$pid"); a=$(now)
    if [ "$op" = PUT ]; then
        curl -sS --fail --unix-socket "$socket" -X PUT --upload-file "$SRC" -o /dev/null \
            "http://localhost/images/$ticket" || die "$server: PUT failed"
    else
        curl -sS --fail --unix-socket "$socket" -o /dev/null "http://localhost/images/$ticket" \
            || die "$server: GET failed"
    fi
    b=$(now); c1=$(cpu_ticks "$pid")
    if [ "$op" = PUT ]; then cmp -s "$SRC" "$file" || die "$server: the image differs from the source after PUT"; fi
    rate=$(awk -v s="$SIZE_MIB" -v a="$a" -v b="$b" 'BEGIN { printf "%.0f", s / (b - a) }')
    RATES[$server-$op]="${RATES[$server-$op]:-} $rate"
    CPUS[$server-$op]="${CPUS[$server-$op]:-} $(awk -v t=$((c1 - c0)) 'BEGIN { printf "%.2f", t / 100 }')"
    echo "$server $op $rate MiB/s" >>"$RESULTS/rounds.txt"
}
log "warm-up: one PUT and one GET each"
for server in agent imageio; do transfer "$server" PUT; transfer "$server" GET; done
RATES=() CPUS=()
for ((r = 1; r <= ROUNDS; r++)); do
    log "round $r of $ROUNDS"
    for op in PUT GET; do
        if [ $((r % 2)) -eq 1 ]; then order="agent imageio"; else order="imageio agent"; fi
        for server in $order; do transfer "$server" "$op"; done
    done
done

median() { tr ' ' '\n' | grep . | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
{
    echo "$SIZE_MIB MiB of random data, curl over each server's unix socket, $ROUNDS alternating rounds after a warm-up;"
    echo "$(nproc) vCPUs, load average before the rounds: $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +'%Y-%m-%d %H:%M UTC')"
    echo
    echo "| transfer | agent MiB/s (median; rounds) | imageio MiB/s (median; rounds) | agent / imageio | server CPU s per transfer, agent / imageio (median) |"
    echo "|---|---|---|---|---|"
    for op in PUT GET; do
        am=$(echo "${RATES[agent-$op]}" | median); im=$(echo "${RATES[imageio-$op]}" | median)
        ac=$(echo "${CPUS[agent-$op]}" | median); ic=$(echo "${CPUS[imageio-$op]}" | median)
        echo "| $op | $am;${RATES[agent-$op]} | $im;${RATES[imageio-$op]} | $(awk -v a="$am" -v b="$im" 'BEGIN { printf "%.2f", a / b }') | $ac / $ic |"
    done
} | tee "$RESULTS/summary.md"
