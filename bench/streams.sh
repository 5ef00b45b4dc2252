#!/usr/bin/env bash
# Data stream benchmark (docs/benchmarks.md, "Data streams"): one agent, one dense image (random data, no holes, so
# every byte crosses), moved into and out of a volume by
#   imageio  the image data server over its unix socket, with curl (PUT the file, GET it back): the baseline
#   ws       Volume.upload / Volume.download over a WebSocket on the agent's loopback HTTP port, with the JDK's
#            WebSocket client (bench's StreamWsClient)
#   ws-py    the same over the API's unix socket with Python's websockets, as docs/rest.md's client
#            (bench/stream_ws.py; Debian's websockets masks uploads in pure Python, so it measures the client)
#   amqp     the same verbs over AMQP through the embedded broker (bench/stream_amqp.py, python3-qpid-proton as
#            docs/amqp.md's client), when that client is there
# each ROUNDS times in turn, every copy checked with cmp; then the p99 of Host.ping2 called every 10 ms on the same
# AMQP connection while 4 streams upload at once. Not part of 'make test'. Run 'make bench-streams', or
# './bench/streams.sh' after 'make build'. Knobs: BENCH_STREAMS_SIZE_MIB (1024), BENCH_STREAMS_ROUNDS (3),
# BENCH_STREAMS_PORT (58080), JAVA_OPTS.
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/bench/lib.sh"
SIZE_MIB=${BENCH_STREAMS_SIZE_MIB:-1024}
ROUNDS=${BENCH_STREAMS_ROUNDS:-3}
HTTP_PORT=${BENCH_STREAMS_PORT:-58080}
JVM_OPTS=${JAVA_OPTS:-}
PY=/usr/bin/python3

command -v curl >/dev/null || die "curl is required"
$PY -c 'import websockets' 2>/dev/null || die "python3-websockets is required"
require_free_ports "$HTTP_PORT"
bench_workspace streams
PIDS=""
{
    echo "date: $(date -u +%FT%TZ)"; echo "host: $(uname -srm), $(nproc) cpus"; echo "java: $(java -version 2>&1 | head -n 1)"
    echo "image: $SIZE_MIB MiB dense; rounds: $ROUNDS"
} >"$RESULTS/machine.txt"

# the image lives on the same file system as the domain, as do the downloads
DATA=$ROOT/bench/target/streams-data
rm -rf "$DATA"
mkdir -p "$DATA/domains"
SRC=$DATA/source.raw
log "making a $SIZE_MIB MiB dense source image"
head -c "$((SIZE_MIB * 1024 * 1024))" /dev/urandom >"$SRC"

mkdir -p "$WORK/state" "$WORK/run"
HOSTBRIDGE_HTTP_PORT=$HTTP_PORT HOSTBRIDGE_HTTP_INSECURE=true HOSTBRIDGE_IMAGEIO_PORT=0 HOSTBRIDGE_IMAGEIO_TLS=false \
    HOSTBRIDGE_HOST_STATE_DIR=$WORK/state HOSTBRIDGE_HOST_RUN_DIR=$WORK/run JAVA_OPTS=$JVM_OPTS \
    "$AGENT" >"$WORK/stdout" 2>"$RESULTS/agent.log" &
AGENT_PID=$!
PIDS="$AGENT_PID"
API=$WORK/run/api.sock
IMAGEIO_SOCK=$WORK/run/imageio.sock
for _ in $(seq 1 1500); do
    curl -sf -o /dev/null --max-time 1 --unix-socket "$API" http://localhost/api/v1/health && break
    kill -0 "$AGENT_PID" 2>/dev/null || die "the agent exited during start (see $RESULTS/agent.log)"
    sleep 0.02
done
log "agent up (pid $AGENT_PID)"

rpc() { # VERB JSON
    curl -sS --fail-with-body --unix-socket "$API" -H 'Content-Type: application/json' -d "$2" \
        "http://localhost/api/v1/rpc/$1"
}
uuid() { cat /proc/sys/kernel/random/uuid; }
SD=$(uuid)
rpc StorageDomain.create "{\"storagedomainID\":\"$SD\",\"domainType\":\"localfs\",\"typeArgs\":\"$DATA/domains\",
    \"name\":\"bench\",\"domainClass\":\"data\"}" >/dev/null
new_volume() { # -> "IMG VOL"
    local img vol
    img=$(uuid); vol=$(uuid)
    rpc Volume.create "{\"volumeID\":\"$vol\",\"storagedomainID\":\"$SD\",\"imageID\":\"$img\",
        \"size\":$((SIZE_MIB * 1024 * 1024)),\"volFormat\":\"RAW\",\"preallocate\":\"SPARSE\"}" >/dev/null
    echo "$img $vol"
}
now() { date +%s.%N; }
mibps() { awk -v s="$SIZE_MIB" -v t="$1" 'BEGIN { printf "%.0f", s / t }'; }
check() { cmp -s "$SRC" "$1" || die "$2: the copy differs from the source"; rm -f "$1"; }

imageio_round() { # -> "up_seconds down_seconds"
    local ids img vol ticket t0 t1 t2
    ids=$(new_volume); img=${ids% *}; vol=${ids#* }
    ticket=$(uuid)
    rpc Host.add_image_ticket "{\"ticket\":{\"uuid\":\"$ticket\",\"size\":$((SIZE_MIB * 1024 * 1024)),
        \"ops\":[\"read\",\"write\"],\"timeout\":3600,\"storagedomainID\":\"$SD\",\"imageID\":\"$img\",
        \"volumeID\":\"$vol\"}}" >/dev/null
    t0=$(now)
    curl -sS --fail --unix-socket "$IMAGEIO_SOCK" -X PUT --upload-file "$SRC" "http://localhost/images/$ticket" \
        -o /dev/null
    t1=$(now)
    curl -sS --fail --unix-socket "$IMAGEIO_SOCK" -o "$DATA/imageio.raw" "http://localhost/images/$ticket"
    t2=$(now)
    rpc Host.remove_image_ticket "{\"uuid\":\"$ticket\"}" >/dev/null
    check "$DATA/imageio.raw" imageio
    echo "$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }') $(awk -v a="$t1" -v b="$t2" 'BEGIN { print b - a }')"
}

java_round() { # -> "up_seconds down_seconds"
    local ids img vol up down
    ids=$(new_volume); img=${ids% *}; vol=${ids#* }
    up=$(java -cp "$BENCH_CP" io.hostbridge.bench.StreamWsClient "$HTTP_PORT" upload "$SD" "$img" "$vol" "$SRC") \
        || die "StreamWsClient upload failed"
    down=$(java -cp "$BENCH_CP" io.hostbridge.bench.StreamWsClient "$HTTP_PORT" download "$SD" "$img" "$vol" \
        "$DATA/ws.raw") || die "StreamWsClient download failed"
    check "$DATA/ws.raw" ws
    echo "$up $down"
}

py_round() { # CLIENT -> "up_seconds down_seconds"
    local client=$1 ids img vol up down
    shift
    ids=$(new_volume); img=${ids% *}; vol=${ids#* }
    up=$($PY "$ROOT/bench/$client" "$@" upload "$SD" "$img" "$vol" "$SRC") || die "$client upload failed"
    down=$($PY "$ROOT/bench/$client" "$@" download "$SD" "$img" "$vol" "$DATA/$client.raw") \
        || die "$client download failed"
    check "$DATA/$client.raw" "$client"
    echo "$up $down"
}

WAYS="imageio ws ws-py"
AMQP_CLIENT=$ROOT/bench/stream_amqp.py
[ -f "$AMQP_CLIENT" ] && $PY -c 'import proton' 2>/dev/null && WAYS="$WAYS amqp"
: >"$RESULTS/rounds.txt"
log "warm-up round"
imageio_round >/dev/null
java_round >/dev/null
for r in $(seq 1 "$ROUNDS"); do
    for way in $WAYS; do
        case $way in
            imageio) t=$(imageio_round) ;;
            ws) t=$(java_round) ;;
            ws-py) t=$(py_round stream_ws.py "$API") ;;
            amqp) t=$(py_round stream_amqp.py "$WORK" "$(cat "$WORK/state/host-id" 2>/dev/null || true)") ;;
        esac
        echo "$way $r $t" >>"$RESULTS/rounds.txt"
        log "round $r $way: up $(mibps "${t% *}") MiB/s, down $(mibps "${t#* }") MiB/s"
    done
done
if [ -f "$ROOT/bench/stream_pings.py" ] && [[ " $WAYS " == *" amqp "* ]]; then
    log "4 parallel uploads over AMQP with Host.ping2 every 10 ms on the same connection"
    $PY "$ROOT/bench/stream_pings.py" "$WORK" "$SD" "$SRC" 4 >"$RESULTS/pings.txt" 2>&1 || die "pings run failed"
fi

{
    printf '%-8s %14s %16s %10s %10s\n' way "upload MiB/s" "download MiB/s" "up ratio" "down ratio"
    for way in $WAYS; do
        awk -v w="$way" -v s="$SIZE_MIB" '$1 == w { u += $3; d += $4; n++ }
            END { printf "%s %.0f %.0f\n", w, s * n / u, s * n / d }' "$RESULTS/rounds.txt"
    done | awk 'NR == 1 { bu = $2; bd = $3 } { printf "%-8s %14s %16s %10.2f %10.2f\n", $1, $2, $3, $2 / bu, $3 / bd }'
    [ -f "$RESULTS/pings.txt" ] && grep '^pings' "$RESULTS/pings.txt"
} | tee "$RESULTS/summary.txt"
rm -rf "$DATA"
log "results in $RESULTS"
